import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type DevServer } from '../support/guarded.js'
import { launchBrowser, watchProblems } from '../support/browser.js'
import { copyFixture } from '../support/sites.js'

let browser: Browser
let server: DevServer
let root: string

beforeAll(async () => {
  root = copyFixture('serve-site')
  server = await serve({ root, port: 0 })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('sheaf serve in a real browser', () => {
  it('shows an edit without a manual reload', async () => {
    const page = await browser.newPage()
    const problems = watchProblems(page)
    await page.goto(server.url + 'guide/intro/')
    await page.waitForFunction(() => document.documentElement.dataset.sheafLive === 'open')
    const intro = join(root, 'content/guide/intro.md')
    writeFileSync(intro, readFileSync(intro, 'utf8').replace('First version.', 'Edited while open.'))
    await page.getByText('Edited while open.').waitFor({ timeout: 10_000 })
    // The reload ends the old page's event stream: that one request is expected to end early.
    expect(problems.filter((problem) => !problem.endsWith('/_sheaf/live'))).toEqual([])
    await page.close()
  })

  it('shows an overlay with the file, line, column and source of an error, and clears it when fixed', async () => {
    const page = await browser.newPage()
    await page.goto(server.url + 'guide/intro/')
    await page.waitForFunction(() => document.documentElement.dataset.sheafLive === 'open')
    const intro = join(root, 'content/guide/intro.md')
    const good = readFileSync(intro, 'utf8')
    writeFileSync(intro, '---\ntitle: [broken\n---\n# Intro\n')
    const overlay = page.getByRole('alertdialog', { name: 'Build errors' })
    await overlay.waitFor({ timeout: 10_000 })
    expect(await overlay.locator('.sheaf-error').textContent()).toBe(
      `${intro}:3:1\nInvalid YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]  [sheaf:front-matter]`,
    )
    writeFileSync(intro, good)
    await overlay.waitFor({ state: 'detached', timeout: 10_000 })
    await page.close()
  })

  it('swaps stylesheets without reloading the page when only CSS changed', async () => {
    const page = await browser.newPage()
    await page.goto(server.url + 'guide/intro/')
    await page.waitForFunction(() => document.documentElement.dataset.sheafLive === 'open')
    await page.evaluate(() => {
      ;(window as unknown as { marker: string }).marker = 'still here'
      const link = document.createElement('link')
      link.rel = 'stylesheet'
      link.href = '/extra.css'
      document.head.append(link)
    })
    writeFileSync(join(root, 'public/extra.css'), 'main { outline: 3px solid rgb(255, 0, 0); }\n')
    await page.waitForFunction(() => getComputedStyle(document.querySelector('main')!).outlineColor === 'rgb(255, 0, 0)', undefined, { timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still here')
    await page.close()
  })
})
