import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

describe('@sheaf/theme-default', () => {
  it('renders a complete HTML5 page with a relative stylesheet and a skip link', async () => {
    const root = makeSite({ 'content/docs/page.md': '---\ndescription: About it\n---\n# A page\n' })
    await build({ root, config: { title: 'Site' } })
    const html = readFileSync(join(root, '_site/docs/page/index.html'), 'utf8')
    expect(html).toBe(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>A page · Site</title><meta name="description" content="About it"><meta name="generator" content="Sheaf">' +
        '<link rel="stylesheet" href="../../_sheaf/theme.css"></head><body><header class="site-header"><a class="skip-link" href="#content">Skip to content</a>' +
        '<a class="site-title" href="../../">Site</a></header><main id="content" class="content" tabindex="-1"><article class="document"><h1>A page</h1></article></main>' +
        '<footer class="site-footer"><p>Built with Sheaf</p></footer></body></html>\n',
    )
  })

  it('ships its stylesheet, with dark colours and no network assets', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root })
    const css = readFileSync(join(root, '_site/_sheaf/theme.css'), 'utf8')
    expect(css).toContain('@media (prefers-color-scheme: dark)')
    expect(css).not.toMatch(/url\(|@import|https?:/)
  })

  it('uses the site title alone as the home page title', async () => {
    const root = makeSite({ 'content/index.md': '# Welcome\n' })
    await build({ root, config: { title: 'Site' } })
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toContain('<title>Site</title>')
  })
})
