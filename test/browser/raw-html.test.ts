import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../support/guarded.js'
import { launchBrowser, serveDir } from '../support/browser.js'
import { linkPackages, makeSite } from '../support/sites.js'

/**
 * `markdown.html`: raw HTML and script URLs written in markdown, kept (the
 * default), sanitized or escaped, checked in the HTML written and in
 * Chromium (does a dialog open?).
 */

const page = [
  '# Title',
  '',
  'Hello <b>bold</b> and <img src=x onerror="alert(1)"> [click](javascript:alert(2)) [case](JaVaScRiPt:alert(3)) <script>alert(4)</script>',
  '',
  '<div onclick="alert(5)" style="color:red"><kbd>Ctrl</kbd> <a href="javascript:alert(6)" id="raw">raw</a></div>',
  '',
  ':::note[Careful]',
  'Inside.',
  ':::',
  '',
  '## Section',
  '',
  '```js title="x.js" {2}',
  'function f() { return 1 }',
  'const a = 2',
  '```',
  '',
].join('\n')

/** The article of the page built with `markdown.html` set to `html`. */
async function built(html: string | undefined): Promise<{ root: string; article: string }> {
  const root = linkPackages(makeSite({ 'content/index.md': page }))
  writeFileSync(join(root, 'sheaf.config.mjs'), `export default { extensions: ['@sheaf/preset-docs'], markdown: { ${html === undefined ? '' : `html: '${html}'`} } }\n`)
  const result = await build({ root, onLog: () => {} })
  expect(result.errors).toBe(0)
  const text = readFileSync(join(root, '_site/index.html'), 'utf8')
  return { root, article: text.slice(text.indexOf('<article'), text.indexOf('</article>')) }
}

/** What Sheaf's own extensions made of the page: the admonition, the heading and its anchor, the highlighted code. */
const ownMarkup = (article: string): string => article.slice(article.indexOf('<aside'))

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** The dialogs a page opens when loaded and its links (and the raw `div`) clicked; `expected` of them are waited for. */
async function dialogsOf(root: string, expected = 0): Promise<string[]> {
  const server = await serveDir(join(root, '_site'))
  const tab = await browser.newPage()
  const dialogs: string[] = []
  tab.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  try {
    await tab.goto(`${server.url}/`, { waitUntil: 'load' })
    for (const name of ['click', 'case', 'raw']) {
      const link = tab.locator('article a', { hasText: new RegExp(`^${name}$`) })
      if ((await link.count()) === 1) await link.click()
    }
    const div = tab.locator('article > div')
    if ((await div.count()) === 1) await div.click({ position: { x: 1, y: 1 } })
    await expect.poll(() => dialogs.length).toBeGreaterThanOrEqual(expected)
    // A dialog holds the page until it is dismissed: once this evaluates, none is open.
    await tab.evaluate(() => 0)
    return dialogs.sort()
  } finally {
    await tab.close()
    await server.close()
  }
}

describe('raw HTML in markdown (markdown.html)', () => {
  it('keeps it as written by default, as CommonMark says: scripts run', async () => {
    const { root, article } = await built(undefined)
    expect(article).toContain('<p>Hello <b>bold</b> and <img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a> <a href="JaVaScRiPt:alert(3)">case</a> <script>alert(4)</script></p>')
    expect(await dialogsOf(root, 7)).toEqual(['1', '2', '3', '4', '5', '5', '6'])
  })

  it("sanitize drops scripts, handlers, styles and script URLs, and keeps what Sheaf's extensions emit", async () => {
    const kept = await built('keep')
    const { root, article } = await built('sanitize')
    expect(article).toContain('<p>Hello <b>bold</b> and <img src="x"> <a>click</a> <a>case</a> </p>\n<div><kbd>Ctrl</kbd> <a id="raw">raw</a></div>')
    expect(ownMarkup(article)).toBe(ownMarkup(kept.article))
    expect(ownMarkup(article)).toContain('<aside class="admonition admonition-note" role="note"><p class="admonition-title">Careful</p>')
    expect(ownMarkup(article)).toContain('<h2 id="section">Section<a class="heading-anchor" href="#section" aria-label="Link to this section: Section"></a></h2>')
    expect(ownMarkup(article)).toContain('<span class="line highlighted">')
    expect(await dialogsOf(root)).toEqual([])
  })

  it('escape shows raw HTML as text and drops script URLs from links', async () => {
    const { root, article } = await built('escape')
    expect(article).toContain(
      '<p>Hello &#x3C;b>bold&#x3C;/b> and &#x3C;img src=x onerror="alert(1)"> <a href="">click</a> <a href="">case</a> &#x3C;script>alert(4)&#x3C;/script></p>\n' +
        '<p>&#x3C;div onclick="alert(5)" style="color:red">&#x3C;kbd>Ctrl&#x3C;/kbd> &#x3C;a href="javascript:alert(6)" id="raw">raw&#x3C;/a>&#x3C;/div></p>',
    )
    expect(ownMarkup(article)).toBe(ownMarkup((await built('keep')).article))
    expect(await dialogsOf(root)).toEqual([])
  })

  it('refuses any other value, naming the key and the choices', async () => {
    const root = makeSite({ 'sheaf.config.mjs': "export default { markdown: { html: 'strip' } }\n", 'content/index.md': '# T\n' })
    await expect(build({ root })).rejects.toThrow("Config key `markdown.html`: expected 'keep', 'sanitize' or 'escape', got \"strip\"")
  })
})
