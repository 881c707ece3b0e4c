#!/usr/bin/env node
import { existsSync } from 'node:fs'

const entry = new URL('../dist/cli/main.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('sheaf: the compiled code is missing (dist/). Run `npm run build` in the sheaf package.\n')
  process.exit(2)
}
const { main } = await import(entry.href)
process.exitCode = await main(process.argv)
