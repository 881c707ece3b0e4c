#!/usr/bin/env node
// npm run lighthouse -- [--chrome /usr/bin/chromium] [--min 95] [--form-factor mobile|desktop]
// Builds site-example, serves it on 127.0.0.1, and runs Lighthouse (with Debian's Chromium) on the
// home page, a documentation page and a blog post: the four category scores of each. Exits 1 when a
// score is under --min. Not part of npm test: a performance score depends on how busy the machine is.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import desktopConfig from 'lighthouse/core/config/desktop-config.js'
import sirv from 'sirv'
import { build } from '../dist/index.js'

const repo = dirname(dirname(fileURLToPath(import.meta.url)))
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const chromePath = args.chrome ?? '/usr/bin/chromium'
const min = Number(args.min ?? 95)
const formFactor = args['form-factor'] ?? 'mobile'
const pages = { home: '/', docs: '/guide/configuration/', post: '/blog/2026-10-15-extensions/' }
const categories = ['performance', 'accessibility', 'best-practices', 'seo']

const work = mkdtempSync(join(tmpdir(), 'sheaf-lighthouse-'))
const out = join(work, 'site')
await build({ root: join(repo, 'site-example'), out, cache: false, onLog: () => {} })
const serve = sirv(out, { dev: false, etag: true, gzip: false })
const server = createServer((req, res) => serve(req, res, () => ((res.statusCode = 404), res.end('Not found'))))
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`

const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] })
const rows = []
let failed = false
try {
  for (const [name, path] of Object.entries(pages)) {
    // Lighthouse's own desktop preset (its screen, its throttling and its scoring), else its default, a mid-range phone on slow 4G.
    const config = formFactor === 'desktop' ? { ...desktopConfig, settings: { ...desktopConfig.settings, onlyCategories: categories } } : { extends: 'lighthouse:default', settings: { onlyCategories: categories } }
    const result = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories }, config)
    const scores = categories.map((id) => Math.round((result.lhr.categories[id]?.score ?? 0) * 100))
    if (scores.some((score) => score < min)) failed = true
    const below = categories.flatMap((id) =>
      Object.values(result.lhr.audits)
        .filter((audit) => result.lhr.categories[id].auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0) && audit.score !== null && audit.score < 1)
        .map((audit) => `${id}: ${audit.id} (${audit.displayValue ?? audit.score})`),
    )
    rows.push({ name, path, scores, below })
  }
} finally {
  await chrome.kill()
  server.close()
  rmSync(work, { recursive: true, force: true })
}

const pad = (text, width) => String(text).padEnd(width)
console.log(`Lighthouse ${formFactor}, site-example (${chromePath})`)
console.log(`${pad('page', 40)}${categories.map((id) => pad(id, 16)).join('')}`)
for (const row of rows) console.log(`${pad(`${row.name} ${row.path}`, 40)}${row.scores.map((score) => pad(score, 16)).join('')}`)
for (const row of rows) for (const line of row.below) console.log(`  ${row.name}: ${line}`)
if (failed) {
  console.log(`A score is under ${min}.`)
  process.exitCode = 1
}
