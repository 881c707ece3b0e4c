#!/usr/bin/env node
import { existsSync } from 'node:fs'

const entry = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('sheaf: the compiled code is missing (dist/). Run `npm run build` in the sheaf package.\n')
  process.exit(2)
}
const { main } = await import(entry.href)
const code = await main(process.argv)
// The command is done. A timer or a server that a config or an extension left running must not keep it
// alive: once what was written has reached stdout and stderr, it exits.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve))
await Promise.all([flushed(process.stdout), flushed(process.stderr)])
process.exit(code)
