#!/usr/bin/env node
// npm run bench:memory -- [--sizes 4000,40000] [--keep DIR]
// Peak memory (threads included) and wall time of large builds: the shared generator's reference
// corpus (many tiny pages in a few huge folders), built with @sheaf/preset-docs and a `url`, and with
// markdown only (the default theme, no other extension), cold (no cache) then warm (cache, no change).
// Prints each size's figures and the ratio of the largest size to the smallest. A benchmark, never a test.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { option } from './arguments.mjs'

const repo = dirname(dirname(fileURLToPath(import.meta.url)))
const sizes = option('sizes', '4000,40000').split(',').map(Number)
const work = option('keep', undefined) ?? mkdtempSync(join(tmpdir(), 'sheaf-bench-memory-'))
if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed to measure peak memory (apt-get install time).')

const setups = {
  'preset-docs': "export default { title: 'Commands', url: 'https://commands.example.org/', extensions: ['@sheaf/preset-docs'] }\n",
  'markdown only': "export default { title: 'Commands', url: 'https://commands.example.org/' }\n",
}

/** A site of `pages` pages for one setup: the corpus, its config, and the workspace's packages. */
function site(pages, name, config) {
  const root = join(work, `${pages}-${name.replace(/\W+/g, '-')}`)
  if (!existsSync(join(root, 'content'))) {
    mkdirSync(root, { recursive: true })
    const made = spawnSync(process.execPath, [join(repo, '../shared/bench/gen-corpus.mjs'), '--shape', 'reference', '--pages', String(pages), '--out', join(root, 'content')])
    if (made.status !== 0) throw new Error(`the corpus generator failed:\n${made.stderr}`)
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir')
    writeFileSync(join(root, 'package.json'), '{ "name": "commands", "private": true, "type": "module" }\n')
  }
  writeFileSync(join(root, 'sheaf.config.mjs'), config)
  return root
}

/** One build as its own process: seconds and peak memory in MB. */
function measure(root, extra) {
  const started = performance.now()
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(repo, 'bin/sheaf.js'), 'build', root, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) throw new Error(`the build of ${root} failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  return { seconds, peakMb: Number(run.stderr.trim().split('\n').pop()) / 1024 }
}

const results = {}
for (const pages of sizes) {
  for (const [name, config] of Object.entries(setups)) {
    const root = site(pages, name, config)
    rmSync(join(root, '.sheaf'), { recursive: true, force: true })
    const cold = measure(root, [])
    const warm = measure(root, [])
    results[`${name} ${pages}`] = { cold, warm }
    const show = ({ seconds, peakMb }) => `${seconds.toFixed(2)} s, ${peakMb.toFixed(0)} MB`
    console.log(`${name}, ${pages.toLocaleString('en')} pages: cold ${show(cold)}; warm ${show(warm)}`)
  }
}
const [smallest, largest] = [Math.min(...sizes), Math.max(...sizes)]
if (smallest !== largest) {
  for (const name of Object.keys(setups)) {
    const a = results[`${name} ${smallest}`]
    const b = results[`${name} ${largest}`]
    const ratio = (kind, field) => (b[kind][field] / a[kind][field]).toFixed(2)
    console.log(`${name}, ${largest} / ${smallest} pages: cold ${ratio('cold', 'seconds')} x the time, ${ratio('cold', 'peakMb')} x the memory; warm ${ratio('warm', 'seconds')} x, ${ratio('warm', 'peakMb')} x`)
  }
}
if (option('keep', undefined) === undefined) rmSync(work, { recursive: true, force: true })
