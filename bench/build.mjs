#!/usr/bin/env node
// npm run bench -- [--quick] [--sizes 1000,4000,10000] [--runs 3] [--out bench/results.json]
// Build times on corpora from the shared generator, every tool run as its own process, in one run,
// alternating (one round of every tool, then the next round): Sheaf cold (no cache), Sheaf cold with the
// micromark parser driver, Sheaf warm (cache, no change), Sheaf after one page changed, Eleventy 3 and
// Hugo (where installed) with trivial layouts, the bare unified pipeline single-threaded, and plain file
// copy. Then the markdown parse throughput of each parser driver, in one process, on the 1,000-page
// corpus of each shape. Prints medians, min-max, peak memory and ratios; writes results.json and an SVG
// chart. A benchmark, never a test.
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chart } from './chart.mjs'
import { flag, option } from './arguments.mjs'

const repo = dirname(dirname(fileURLToPath(import.meta.url)))
const sizes = flag('quick') ? [1000] : option('sizes', '1000,4000,10000').split(',').map(Number)
const runs = Number(option('runs', 3))
const resultsPath = option('out', join(repo, 'bench/results.json'))
const chartPath = join(repo, 'site-example/content/reference/build-times.svg')
const work = mkdtempSync(join(tmpdir(), 'sheaf-bench-build-'))
const hasTime = existsSync('/usr/bin/time')
const hasHugo = spawnSync('hugo', ['version']).status === 0
if (!hasHugo) console.log('hugo is not installed: its line is left out.')
if (!hasTime) console.log('/usr/bin/time is not installed: peak memory is left out.')

/** Run a command to its end: wall time in ms and peak memory in MB (threads included). */
function timed(command, argv, cwd) {
  const started = performance.now()
  const run = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...argv], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  const ms = performance.now() - started
  if (run.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`)
  const peakMb = hasTime ? Number(run.stderr.trim().split('\n').pop()) / 1024 : undefined
  return { ms, peakMb }
}

const node = process.execPath
const sheafBin = join(repo, 'bin/sheaf.js')
const tools = [
  {
    name: 'Sheaf, cold',
    prepare: (site) => rmSync(join(site.sheaf, '.sheaf'), { recursive: true, force: true }),
    run: (site) => timed(node, [sheafBin, 'build', site.sheaf, '--quiet'], site.sheaf),
  },
  {
    name: 'Sheaf cold, micromark driver',
    prepare: (site) => rmSync(join(site.micromark, '.sheaf'), { recursive: true, force: true }),
    run: (site) => timed(node, [sheafBin, 'build', site.micromark, '--quiet'], site.micromark),
  },
  {
    name: 'Sheaf, warm',
    // Runs after the cold build of the same round: the cache is there and nothing changed.
    prepare: () => {},
    run: (site) => timed(node, [sheafBin, 'build', site.sheaf, '--quiet'], site.sheaf),
  },
  {
    name: 'Sheaf, one page changed',
    prepare: (site, round) => appendFileSync(join(site.sheaf, 'content', site.edited), `\nA change in round ${round}.\n`),
    run: (site) => timed(node, [sheafBin, 'build', site.sheaf, '--quiet'], site.sheaf),
  },
  {
    name: 'Eleventy 3',
    prepare: (site) => rmSync(join(site.eleventy, '_site'), { recursive: true, force: true }),
    run: (site) => timed(node, [join(repo, 'node_modules/@11ty/eleventy/cmd.cjs'), '--config=eleventy.config.mjs', '--quiet'], site.eleventy),
  },
  ...(hasHugo
    ? [
        {
          name: 'Hugo',
          prepare: (site) => rmSync(join(site.hugo, 'public'), { recursive: true, force: true }),
          run: (site) => timed('hugo', ['--source', site.hugo, '--quiet'], site.hugo),
        },
      ]
    : []),
  {
    name: 'unified, one thread',
    prepare: (site) => rmSync(join(site.root, 'unified-out'), { recursive: true, force: true }),
    run: (site) => timed(node, [join(repo, 'bench/tools/unified.mjs'), join(site.sheaf, 'content'), join(site.root, 'unified-out')], repo),
  },
  {
    // Two of the same unified runs at once: what a second core is worth on this machine (two cores of a
    // virtual machine are often two hyperthreads of one), the ceiling for any tool that uses threads.
    name: 'unified, two at once',
    prepare: (site) => rmSync(join(site.root, 'unified-pair'), { recursive: true, force: true }),
    run: (site) => {
      const one = (n) => `${JSON.stringify(node)} ${JSON.stringify(join(repo, 'bench/tools/unified.mjs'))} ${JSON.stringify(join(site.sheaf, 'content'))} ${JSON.stringify(join(site.root, 'unified-pair', String(n)))}`
      return timed('sh', ['-c', `${one(1)} & ${one(2)} & wait`], repo)
    },
  },
  {
    name: 'file copy',
    prepare: (site) => rmSync(join(site.root, 'copy-out'), { recursive: true, force: true }),
    run: (site) => timed(node, [join(repo, 'bench/tools/copy.mjs'), join(site.sheaf, 'content'), join(site.root, 'copy-out')], repo),
  },
]

/** One corpus, and a site around it for every tool. */
function makeSite(pages) {
  const root = join(work, String(pages))
  const sheaf = join(root, 'sheaf')
  const content = join(sheaf, 'content')
  spawnSync(node, [join(repo, '../shared/bench/gen-corpus.mjs'), '--pages', String(pages), '--out', content], { stdio: 'ignore' })
  writeFileSync(join(sheaf, 'sheaf.config.mjs'), "export default { title: 'Bench' }\n")
  // The same site, its documents read by micromark alone.
  const micromark = join(root, 'sheaf-micromark')
  cpSync(content, join(micromark, 'content'), { recursive: true })
  writeFileSync(join(micromark, 'sheaf.config.mjs'), "export default { title: 'Bench', extensions: [['@sheaf/markdown', { parser: 'micromark' }]] }\n")
  const eleventy = join(root, 'eleventy')
  mkdirSync(join(eleventy, '_includes'), { recursive: true })
  writeFileSync(join(eleventy, '_includes/page.njk'), '<!doctype html><html><head><title>{{ title }}</title></head><body>{{ content | safe }}</body></html>\n')
  writeFileSync(
    join(eleventy, 'eleventy.config.mjs'),
    `export default function (config) { config.addGlobalData('layout', 'page.njk') }\nexport const config = { dir: { input: ${JSON.stringify(content)}, includes: ${JSON.stringify(relative(content, join(eleventy, '_includes')))}, output: ${JSON.stringify(join(eleventy, '_site'))} } }\n`,
  )
  const hugo = join(root, 'hugo')
  mkdirSync(join(hugo, 'layouts/_default'), { recursive: true })
  writeFileSync(join(hugo, 'hugo.toml'), `baseURL = "http://127.0.0.1/"\ntitle = "Bench"\ncontentDir = ${JSON.stringify(content)}\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n`)
  for (const name of ['single', 'list']) writeFileSync(join(hugo, `layouts/_default/${name}.html`), '<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n')
  return { root, sheaf, micromark, eleventy, hugo, edited: 'part-00/group-00/page-00003.md' }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const results = { date: new Date().toISOString(), machine: { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version }, runs, sizes: {} }
for (const pages of sizes) {
  const site = makeSite(pages)
  const samples = Object.fromEntries(tools.map((tool) => [tool.name, []]))
  for (let round = 1; round <= runs; round++) {
    for (const tool of tools) {
      tool.prepare(site, round)
      const sample = tool.run(site)
      samples[tool.name].push(sample)
      process.stderr.write(`${pages} pages, round ${round}: ${tool.name} ${(sample.ms / 1000).toFixed(2)} s\n`)
    }
  }
  const summary = {}
  for (const [name, list] of Object.entries(samples)) {
    const ms = list.map((sample) => sample.ms)
    const peaks = list.map((sample) => sample.peakMb).filter((mb) => mb !== undefined)
    summary[name] = { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), peakMb: peaks.length ? Math.max(...peaks) : undefined, samplesMs: ms }
  }
  results.sizes[pages] = summary
  rmSync(site.root, { recursive: true, force: true })
}

// Parse throughput of each driver, in one process, on 1,000 pages of each corpus shape.
results.parse = []
for (const shape of ['docs', 'reference']) {
  const content = join(work, `parse-${shape}`)
  spawnSync(node, [join(repo, '../shared/bench/gen-corpus.mjs'), '--pages', '1000', '--shape', shape, '--out', content], { stdio: 'ignore' })
  const run = spawnSync(node, [join(repo, 'bench/parse-throughput.mjs'), content, '--rounds', '5'], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`parse throughput failed:\n${run.stderr}`)
  results.parse.push({ shape, ...JSON.parse(run.stdout.trim()), folder: undefined })
}
rmSync(work, { recursive: true, force: true })

// Ratios against the single-threaded unified pipeline and against Eleventy, and the targets.
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`
const ratio = (a, b) => (b ? a / b : undefined)
for (const [pages, summary] of Object.entries(results.sizes)) {
  const unifiedMs = summary['unified, one thread'].medianMs
  const eleventyMs = summary['Eleventy 3'].medianMs
  console.log(`\n${Number(pages).toLocaleString('en-US')} pages (${runs} runs each; median, min-max, peak memory, x unified, x Eleventy)`)
  for (const [name, s] of Object.entries(summary)) {
    s.xUnified = ratio(s.medianMs, unifiedMs)
    s.xEleventy = ratio(s.medianMs, eleventyMs)
    const memory = s.peakMb === undefined ? '' : `${s.peakMb.toFixed(0)} MB`
    console.log(`  ${name.padEnd(26)} ${seconds(s.medianMs).padStart(9)}  ${`${seconds(s.minMs)}-${seconds(s.maxMs)}`.padEnd(18)} ${memory.padStart(8)}  ${s.xUnified.toFixed(2).padStart(6)}x  ${s.xEleventy.toFixed(2).padStart(6)}x`)
  }
}
console.log('\nMarkdown parse throughput, one process, 1,000 pages (MB/s, median of 5 rounds after a warm-up)')
console.log(`  ${'corpus'.padEnd(12)} ${'MB'.padStart(6)} ${'micromark'.padStart(10)} ${'fast'.padStart(8)} ${'x'.padStart(7)}  handed to micromark`)
for (const p of results.parse) {
  console.log(`  ${p.shape.padEnd(12)} ${p.megabytes.toFixed(2).padStart(6)} ${p.micromark.toFixed(2).padStart(10)} ${p.fast.toFixed(2).padStart(8)} ${`${p.ratio.toFixed(1)}x`.padStart(7)}  ${p.handedOver} of ${p.documents}`)
}
// What a second core gave: twice the unified work, at once, against once alone.
results.parallelSpeedup = Object.fromEntries(
  Object.entries(results.sizes).map(([pages, summary]) => [pages, (2 * summary['unified, one thread'].medianMs) / summary['unified, two at once'].medianMs]),
)
console.log(`\nTwo runs at once on ${availableParallelism()} cores did the work of one ${Object.entries(results.parallelSpeedup).map(([pages, x]) => `${x.toFixed(2)} x as fast at ${Number(pages).toLocaleString('en-US')} pages`).join(', ')}.`)
const targets = []
const first = results.sizes[sizes[0]]
if (first) {
  const cold = first['Sheaf, cold'].medianMs
  targets.push(['cold build <= 0.9 x unified', cold / first['unified, one thread'].medianMs, 0.9])
  targets.push(['warm build <= 2 x file copy', first['Sheaf, warm'].medianMs / first['file copy'].medianMs, 2])
  if (first.Hugo) targets.push(['warm build < Hugo cold', first['Sheaf, warm'].medianMs / first.Hugo.medianMs, 1])
  targets.push(['one page changed <= 0.05 x cold', first['Sheaf, one page changed'].medianMs / cold, 0.05])
}
for (const p of results.parse) targets.push([`fast parser >= 10 x micromark (${p.shape} corpus)`, p.ratio, 10, 'at least'])
if (results.sizes[1000]) targets.push(['cold 1,000 pages <= 1.5 x Eleventy', results.sizes[1000]['Sheaf, cold'].xEleventy, 1.5])
if (results.sizes[10000]) targets.push(['cold 10,000 pages <= 1.0 x Eleventy', results.sizes[10000]['Sheaf, cold'].xEleventy, 1])
for (const [pages, summary] of Object.entries(results.sizes)) targets.push([`cold ${Number(pages).toLocaleString('en-US')} pages <= 0.5 x unified`, summary['Sheaf, cold'].xUnified, 0.5])
if (results.sizes[10000] && results.sizes[1000]) {
  targets.push(['10,000 pages <= 11 x 1,000 pages (cold)', results.sizes[10000]['Sheaf, cold'].medianMs / results.sizes[1000]['Sheaf, cold'].medianMs, 11])
  const peak = results.sizes[10000]['Sheaf, cold'].peakMb
  if (peak !== undefined) targets.push(['10,000 pages peak memory <= 551 MB', peak, 551])
}
results.targets = targets.map(([name, value, limit, bound = 'at most']) => ({ name, value, limit, met: bound === 'at least' ? value >= limit : value <= limit }))
console.log('\nTargets')
for (const t of results.targets) console.log(`  ${t.met ? 'met ' : 'MISS'}  ${t.name}: ${t.value.toFixed(3)}`)

writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n')
writeFileSync(chartPath, chart(results))
console.log(`\nWrote ${resultsPath} and ${chartPath}`)
