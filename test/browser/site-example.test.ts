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

  it('fits a 360 px screen, with the sidebar behind the menu button', async () => {
    const { page, problems, context } = await open('/guide/content/', { width: 360 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const sidebar = page.getByRole('navigation', { name: 'Documentation' })
    expect(await sidebar.isVisible()).toBe(false)
    const menu = page.getByRole('button', { name: 'Menu' })
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    expect(await sidebar.isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    expect(await sidebar.isVisible()).toBe(false)
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
      for (const path of ['/', '/guide/configuration/', '/extensions/hooks/', '/blog/', '/blog/2026-10-15-extensions/', '/blog/tags/', '/blog/archive/', '/404.html']) {
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
})
