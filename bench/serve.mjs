#!/usr/bin/env node
// npm run bench:serve -- [--pages 4000] [--edits 11] [--only sheaf] [--verbose]
// The median time from writing one edited file to the rebuild being announced:
// Sheaf's reload message (server-sent events) next to `eleventy --watch --incremental`
// (its "Wrote" line) and `hugo server` (its rebuild line) where hugo is installed.
// One generated corpus, measured in one run. A benchmark, never a test.
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = dirname(dirname(fileURLToPath(import.meta.url)))
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const pages = Number(args.pages ?? 4000)
const edits = Number(args.edits ?? 11)
const only = args.only
// Each Sheaf server runs in a process of its own, as `sheaf serve` does: this script again, with --child.
const child = args.child
const work = child ? args.work : mkdtempSync(join(tmpdir(), 'sheaf-bench-serve-'))
const corpus = join(work, 'content')
const edited = join(corpus, 'part-00/group-00/page-00003.md')

if (!child) spawnSync(process.execPath, [join(repo, '../shared/bench/gen-corpus.mjs'), '--pages', String(pages), '--out', corpus], { stdio: 'ignore' })
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
// Every server gets the same quiet time after it says it is ready, and between edits.
const settleMs = 2000
const betweenMs = 500

const configs = {
  markdown: { title: 'Bench' },
  preset: { title: 'Bench', extensions: ['@sheaf/preset-docs'] },
}
if (child) {
  console.log(JSON.stringify(await measureSheaf(configs[child])))
  process.exit(0)
}
// The docs preset is found through the workspace's node_modules (which the watcher ignores).
symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'), 'dir')

function measureSheafApart(name) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, '--work', work, '--edits', String(edits)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (run.status !== 0) throw new Error(`the Sheaf measurement (${name}) failed with exit code ${run.status}`)
  return JSON.parse(run.stdout.trim().split('\n').pop())
}

async function measureSheaf(config) {
  const { serve } = await import(join(repo, 'dist/index.js'))
  const server = await serve({ root: work, port: 0, config })
  const events = []
  await new Promise((resolve) => {
    request({ host: '127.0.0.1', port: server.port, path: '/_sheaf/live', headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        for (const line of chunk.split('\n')) if (line === 'event: reload') events.push(performance.now())
      })
      resolve()
    }).end()
  })
  await wait(settleMs)
  const times = []
  for (let i = 0; i < edits; i++) {
    await wait(betweenMs)
    const count = events.length
    const start = performance.now()
    appendFileSync(edited, `\nSheaf edit ${i}.\n`)
    while (events.length === count) await wait(1)
    times.push(events[count] - start)
  }
  await server.close()
  return times
}

async function measureLines(name, command, commandArgs, cwd, readyPattern, donePattern) {
  const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = []
  const onData = (chunk) => {
    for (const line of String(chunk).split('\n')) if (donePattern.test(line) || readyPattern.test(line)) lines.push(performance.now())
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const deadline = Date.now() + 600_000
  while (lines.length === 0 && Date.now() < deadline && child.exitCode === null) await wait(50)
  if (lines.length === 0) throw new Error(`${name} did not start (exit code ${child.exitCode})`)
  await wait(settleMs)
  const times = []
  for (let i = 0; i < edits; i++) {
    const count = lines.length
    const start = performance.now()
    appendFileSync(edited, `\n${name} edit ${i}.\n`)
    while (lines.length === count && performance.now() - start < 60_000) await wait(1)
    times.push(lines[count] - start)
    await wait(betweenMs)
  }
  child.kill('SIGINT')
  await new Promise((resolve) => child.once('exit', resolve))
  return times
}

const results = []
results.push(['Sheaf serve, markdown only', measureSheafApart('markdown')])
results.push(['Sheaf serve, docs preset', measureSheafApart('preset')])
if (only === 'sheaf') {
  report()
  process.exit(0)
}

mkdirSync(join(work, '11ty/_includes'), { recursive: true })
writeFileSync(join(work, '11ty/_includes/page.njk'), '<!doctype html><html><head><title>{{ title }}</title></head><body>{{ content | safe }}</body></html>\n')
writeFileSync(join(work, '11ty/eleventy.config.mjs'), `export default function (config) { config.addGlobalData('layout', 'page.njk') }\nexport const config = { dir: { input: ${JSON.stringify(corpus)}, includes: '../11ty/_includes', output: ${JSON.stringify(join(work, '11ty/_site'))} } }\n`)
const eleventy = join(repo, 'node_modules/.bin/eleventy')
results.push(['eleventy --watch --incremental', await measureLines('eleventy', eleventy, ['--config=eleventy.config.mjs', '--watch', '--incremental', '--quiet'], join(work, '11ty'), /Wrote \d+ files?/, /Wrote \d+ files?|Copied/)])

if (spawnSync('hugo', ['version']).status === 0) {
  // The same corpus with a trivial layout, like Eleventy's.
  const site = join(work, 'hugo')
  mkdirSync(join(site, 'layouts/_default'), { recursive: true })
  writeFileSync(join(site, 'hugo.toml'), `baseURL = "http://127.0.0.1/"\ntitle = "Bench"\ncontentDir = ${JSON.stringify(corpus)}\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n`)
  const layout = '<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n'
  for (const name of ['single', 'list']) writeFileSync(join(site, `layouts/_default/${name}.html`), layout)
  const port = String(await freePort())
  results.push(['hugo server', await measureLines('hugo', 'hugo', ['server', '--source', site, '--bind', '127.0.0.1', '--port', port], site, /Web Server is available/, /Total in \d+ ms/)])
} else {
  console.log('hugo is not installed: its line is left out.')
}

report()

function report() {
  if (args.verbose !== undefined) for (const [name, times] of results) console.log(name, times.map((time) => time.toFixed(1)).join(" "))
  console.log(`\nOne edit on a ${pages.toLocaleString('en-US')}-page site, ${edits} edits each (ms from write to rebuild announced):`)
  for (const [name, times] of results) {
    console.log(`  ${name.padEnd(34)} median ${median(times).toFixed(1).padStart(8)}   min ${Math.min(...times).toFixed(1).padStart(8)}   max ${Math.max(...times).toFixed(1).padStart(8)}`)
  }
  rmSync(work, { recursive: true, force: true })
}
