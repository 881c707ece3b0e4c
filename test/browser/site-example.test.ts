import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../support/guarded.js'
import { launchBrowser, serveDir, watchProblems } from '../support/browser.js'
import { repoRoot, tempDir } from '../support/sites.js'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

let browser: Browser
let server: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  const out = join(tempDir(), 'site')
  await build({ root: join(repoRoot, 'site-example'), out })
  server = await serveDir(out)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function open(path: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' })
  const page = await context.newPage()
  const problems = watchProblems(page)
  await page.goto(server.url + path)
  return { page, problems, context }
}

describe('site-example in a real browser', () => {
  it('searches, shows results as you type, and follows one with the keyboard', async () => {
    const { page, problems, context } = await open('/')
    const box = page.getByRole('combobox', { name: 'Search the documentation' })
    await box.click()
    await box.fill('preset')
    const results = page.getByRole('listbox', { name: 'Search results' })
    await expect.poll(() => results.getByRole('option').count()).toBeGreaterThan(0)
    const first = await results.getByRole('option').first().locator('.search-title').textContent()
    // Each result shows the words around the match, the matched words marked.
    const marked = await results.getByRole('option').first().locator('.search-excerpt mark').allTextContents()
    expect(marked.length).toBeGreaterThan(0)
    expect(marked.every((word) => /^preset/i.test(word))).toBe(true)
    await box.fill('incremental builds')
    await expect.poll(() => results.getByRole('option').count()).toBeGreaterThan(0)
    await expect.poll(() => results.locator('.search-excerpt mark').first().textContent()).toMatch(/^(incremental|builds?)$/i)
    const snippet = (await results.getByRole('option').first().locator('.search-excerpt').textContent())!
    expect(snippet.length).toBeLessThanOrEqual(170)
    await box.fill('preset')
    await expect.poll(() => results.getByRole('option').first().locator('.search-title').textContent()).toBe(first)
    await box.press('Enter')
    await page.waitForURL((url) => url.pathname !== '/')
    expect(await page.locator('h1').first().textContent()).toContain(first!)
    expect(problems).toEqual([])
    await context.close()
  })

  it('toggles the dark colour scheme and keeps the choice on the next page', async () => {
    const { page, problems, context } = await open('/guide/configuration/')
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(await background()).toBe('rgb(255, 255, 255)')
    const toggle = page.getByRole('button', { name: 'Dark colour scheme' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await toggle.click()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await background()).toBe('rgb(13, 17, 23)')
    await page.goto(server.url + '/guide/cli/')
    expect(await background()).toBe('rgb(13, 17, 23)')
    expect(problems).toEqual([])
    await context.close()
  })

  it('follows the system colour scheme when no choice is stored', async () => {
    const { page, context } = await open('/', { colorScheme: 'dark' })
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)')
    expect(await page.getByRole('button', { name: 'Dark colour scheme' }).getAttribute('aria-pressed')).toBe('true')
    await context.close()
  })

  it('fits a 360 px screen: one header row, the menu a drawer with a backdrop that keeps focus inside and closes on Esc', async () => {
    const { page, problems, context } = await open('/guide/content/', { width: 360 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    // One row: every control of the header sits on the same line.
    const header = await page.locator('.site-header').boundingBox()
    expect(header!.height).toBeLessThanOrEqual(64)
    const tops = await page.locator('.site-header > :is(button, a.site-title, .search)').evaluateAll((nodes) => nodes.filter((node) => node.getClientRects().length > 0).map((node) => Math.round(node.getBoundingClientRect().top + node.getBoundingClientRect().height / 2)))
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(4)
    const sidebar = page.getByRole('navigation', { name: 'Documentation' })
    expect(await sidebar.isVisible()).toBe(false)
    const menu = page.getByRole('button', { name: 'Menu', exact: true })
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    await expect.poll(() => sidebar.isVisible()).toBe(true)
    expect(await page.locator('.drawer-backdrop').isVisible()).toBe(true)
    // Focus starts on the current page's entry and stays in the drawer, however far Tab goes.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('page')
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press(step % 7 === 6 ? 'Shift+Tab' : 'Tab')
      expect(await page.evaluate(() => document.getElementById('sidebar')!.contains(document.activeElement))).toBe(true)
    }
    await page.keyboard.press('Escape')
    await expect.poll(() => sidebar.isVisible()).toBe(false)
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true)
    // The backdrop closes it too; the header's links are in the drawer.
    await menu.click()
    await expect.poll(() => sidebar.isVisible()).toBe(true)
    expect(await sidebar.getByRole('link', { name: 'Extensions', exact: true }).first().isVisible()).toBe(true)
    await page.mouse.click(350, 400)
    await expect.poll(() => sidebar.isVisible()).toBe(false)
    // "On this page" is a collapsible at the top of the content.
    const onThisPage = page.locator('details.toc-inline')
    expect(await onThisPage.isVisible()).toBe(true)
    expect(await onThisPage.locator('a').first().isVisible()).toBe(false)
    await onThisPage.locator('summary').click()
    expect(await onThisPage.locator('a').first().isVisible()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('is keyboard accessible: the first Tab reaches the skip link, which moves focus to the content', async () => {
    const { page, context } = await open('/guide/content/')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content')
    await context.close()
  })

  it('makes tabs WAI-ARIA tabs that the keyboard moves through', async () => {
    const { page, problems, context } = await open('/features/tabs/')
    const first = page.getByRole('tablist').first()
    const tabs = first.getByRole('tab')
    expect(await tabs.allTextContents()).toEqual(['npm', 'pnpm', 'yarn'])
    expect(await tabs.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('aria-selected'), (node as HTMLElement).tabIndex]))).toEqual([
      ['true', 0],
      ['false', -1],
      ['false', -1],
    ])
    const panel = page.locator(`#${await tabs.nth(0).getAttribute('aria-controls')}`)
    expect(await panel.getAttribute('role')).toBe('tabpanel')
    expect(await panel.textContent()).toContain('npm install --save-dev sheaf')
    await tabs.nth(0).focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('pnpm')
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true')
    expect(await page.getByRole('tabpanel', { name: 'pnpm' }).first().isVisible()).toBe(true)
    expect(await panel.isVisible()).toBe(false)
    await page.keyboard.press('End')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('yarn')
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('npm')
    await page.keyboard.press('ArrowLeft')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('yarn')
    // Tab leaves the tab list for the panel.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel')
    expect(problems).toEqual([])
    await context.close()
  })

  it('switches groups of one sync key together and remembers the choice on the next visit', async () => {
    const { page, problems, context } = await open('/features/tabs/')
    const lists = page.getByRole('tablist')
    expect(await lists.count()).toBe(2)
    await lists.nth(0).getByRole('tab', { name: 'yarn' }).click()
    expect(await lists.nth(1).getByRole('tab', { name: 'yarn' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.getByRole('tabpanel', { name: 'yarn' }).nth(1).textContent()).toContain('yarn sheaf build')
    await page.reload()
    expect(await page.getByRole('tablist').nth(0).getByRole('tab', { name: 'yarn' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.getByRole('tablist').nth(1).getByRole('tab', { name: 'yarn' }).getAttribute('aria-selected')).toBe('true')
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows every tab panel with its label without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(server.url + '/features/tabs/')
    expect(await page.getByRole('tab').count()).toBe(0)
    const labels = page.locator('.tabs').first().locator('.tab-label')
    expect(await labels.allTextContents()).toEqual(['npm', 'pnpm', 'yarn'])
    for (const command of ['npm install --save-dev sheaf', 'pnpm add --save-dev sheaf', 'yarn add --dev sheaf']) {
      expect(await page.locator('.tabs').first().getByText(command).isVisible()).toBe(true)
    }
    await context.close()
  })

  it('draws Mermaid diagrams as SVG in the light and in the dark scheme, and again when the reader switches', async () => {
    const { page, problems, context } = await open('/features/diagrams/')
    const diagram = page.locator('pre.mermaid').first()
    await expect.poll(() => diagram.locator('svg').count()).toBe(1)
    expect(await diagram.getAttribute('data-scheme')).toBe('default')
    expect(await diagram.locator('svg').textContent()).toContain('Render pages')
    const fillOf = () => diagram.locator('svg .node rect, svg .node polygon').first().evaluate((node) => getComputedStyle(node).fill)
    const light = await fillOf()
    await page.getByRole('button', { name: 'Dark colour scheme' }).click()
    await expect.poll(() => diagram.getAttribute('data-scheme')).toBe('dark')
    await expect.poll(() => diagram.locator('svg').count()).toBe(1)
    await expect.poll(fillOf).not.toBe(light)
    // A page with no diagram loads no Mermaid.
    await page.goto(server.url + '/guide/configuration/')
    expect(await page.locator('script[src*="mermaid"]').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('shows a diagram as its source without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(server.url + '/features/diagrams/')
    expect(await page.locator('pre.mermaid').first().textContent()).toBe('flowchart LR\n  read[Read documents] --> render[Render pages] --> write[Write the output]')
    await context.close()
  })

  it('adds a copy button to code blocks', async () => {
    const { page, context } = await open('/guide/configuration/')
    expect(await page.getByRole('button', { name: 'Copy code' }).count()).toBeGreaterThan(0)
    await context.close()
  })

  it('shows the 404 page, styled, at a URL that does not exist', async () => {
    const { page, context } = await open('/no/such/page/')
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).position)).toBe('sticky')
    await context.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe-core violations (${scheme})`, async () => {
      const found: string[] = []
      for (const path of ['/', '/guide/configuration/', '/extensions/hooks/', '/features/tabs/', '/features/math/', '/features/diagrams/', '/blog/', '/blog/2026-10-15-extensions/', '/blog/tags/', '/blog/archive/', '/404.html']) {
        const { page, context } = await open(path, { colorScheme: scheme })
        await page.addScriptTag({ path: axePath })
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run()
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
        })
        found.push(...violations.map((v) => `${path}: ${v}`))
        await context.close()
      }
      expect(found).toEqual([])
    })
  }

  // Each state is also photographed, for a person to look at: test/browser/screenshots/ (ignored by git and by the tests).
  const shots = join(repoRoot, 'test/browser/screenshots')
  const axeRun = (page: import('playwright-core').Page) =>
    page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run()
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    })
  for (const width of [360, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`has no serious or critical axe-core violations at ${width} px (${scheme}), with search open, and with the menu open`, async () => {
        mkdirSync(shots, { recursive: true })
        const found: string[] = []
        const pages = { home: '/', docs: '/guide/configuration/', blog: '/blog/', post: '/blog/2026-10-15-extensions/' }
        for (const [name, path] of Object.entries(pages)) {
          const { page, context, problems } = await open(path, { width, colorScheme: scheme })
          await page.addScriptTag({ path: axePath })
          found.push(...(await axeRun(page)).map((v) => `${path}: ${v}`))
          await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`) })
          const box = page.getByRole('combobox', { name: 'Search the documentation' })
          await box.click()
          await box.fill('extension')
          await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0)
          found.push(...(await axeRun(page)).map((v) => `${path} (search open): ${v}`))
          await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}-search.png`) })
          await page.keyboard.press('Escape')
          if (width === 360) {
            await page.getByRole('button', { name: 'Menu', exact: true }).click()
            await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(true)
            found.push(...(await axeRun(page)).map((v) => `${path} (menu open): ${v}`))
            await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}-menu.png`) })
          }
          expect(problems).toEqual([])
          await context.close()
        }
        expect(found).toEqual([])
      })
    }
  }
})
