#!/usr/bin/env node
// npm run bench:pathological -- [--scale 8] [--limit 10] [--only NAME]
// Each case of cmark's pathological tests through the whole pipeline (front matter, parse, every
// transform, the site stage, HTML), at n, 2n and 4n, where 4n is cmark's size divided by --scale.
// Each run is a process of its own, stopped after --limit seconds; the nesting-depth limit is lifted
// so that the parser itself is timed. Regressions show as times that grow faster than n; upstream
// fixes as times that fall. A benchmark, never a test.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cases } from './pathological-cases.mjs'

const repo = dirname(dirname(fileURLToPath(import.meta.url)))
const scale = Number(option('scale', 8))
const limit = Number(option('limit', 10))
const only = option('only', undefined)

// One run: build the input, render it, print the milliseconds the rendering took.
const runner = `
import { cases } from ${JSON.stringify(join(repo, 'bench/pathological-cases.mjs'))}
import { renderMarkdown } from ${JSON.stringify(join(repo, 'dist/testing.js'))}
import { option } from './arguments.mjs'
const [name, n] = process.argv.slice(1)
const input = cases.find((c) => c.name === name).make(Number(n))
await renderMarkdown('# Warm up\\n')
const started = performance.now()
await renderMarkdown(input, { config: { limits: { nestingDepth: 1e9 } } })
console.log(String(performance.now() - started))
`

const cell = (time) =>
  (time === 'stopped' ? `> ${limit} s` : time === 'crashed' ? 'crashed' : time === undefined ? '' : `${(time / 1000).toFixed(2)} s`).padStart(10)
console.log(`${'case'.padEnd(36)} ${'n'.padStart(7)} ${'at n'.padStart(10)} ${'at 2n'.padStart(10)} ${'at 4n'.padStart(10)}  (4n = cmark's size / ${scale}; stopped after ${limit} s)`)
for (const { name, full } of cases) {
  if (only && !name.includes(only)) continue
  const n = Math.max(1, Math.floor(full / scale / 4))
  const times = []
  for (const size of full === 1 ? [1, 1, 1] : [n, 2 * n, 4 * n]) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', runner, name, String(size)], { encoding: 'utf8', timeout: limit * 1000, maxBuffer: 64 << 20 })
    if (run.status === 0) {
      times.push(Number(run.stdout.trim().split('\n').pop()))
      continue
    }
    times.push(run.signal === 'SIGTERM' ? 'stopped' : 'crashed')
    if (run.signal !== 'SIGTERM') console.error(`${name} at ${size}: ${run.stderr.trim().split('\n').slice(-2).join(' | ')}`)
    // Larger sizes would only take longer.
    break
  }
  console.log(`${name.padEnd(36)} ${String(full === 1 ? 1 : n).padStart(7)} ${[0, 1, 2].map((i) => cell(times[i])).join(' ')}`)
}
