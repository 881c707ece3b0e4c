import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { makeSite, readAsset, withoutDigests } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

const docs = {
  'content/index.md': '# Home\n',
  'content/guide/index.md': '---\ntitle: Guide\n---\n',
  'content/guide/one.md': '---\ndescription: The first page\norder: 1\n---\n# One\n\n## Part A\n\n## Part B\n',
  'content/guide/two.md': '---\norder: 2\n---\n# Two\n',
}

describe('@sheaf/theme-default', () => {
  it('renders a complete HTML5 page: language, charset, viewport, title, description, local stylesheet', async () => {
    const root = makeSite(docs)
    await build({ root, config: { title: 'Site', lang: 'fr' } })
    const html = withoutDigests(read(root, 'guide/one/index.html'))
    expect(html.startsWith(
      '<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>One · Site</title><meta name="description" content="The first page"><meta name="generator" content="Sheaf">' +
        '<meta name="color-scheme" content="light dark"><link rel="icon" href="../../_sheaf/favicon.svg" type="image/svg+xml">' +
        '<link rel="stylesheet" href="../../_sheaf/theme.css">',
    )).toBe(true)
    expect(html).toContain('<a class="skip-link" href="#content">Skip to content</a>')
    expect(html).toContain('<main id="content" class="content" tabindex="-1">')
    expect(html).toContain('<script src="../../_sheaf/theme.js" defer></script></body></html>')
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('describes every page (front matter, else its first paragraph) and gives shares and search engines a canonical URL, Open Graph and Twitter tags', async () => {
    const long = 'Sheaf builds documentation sites from markdown, with extensions for everything, and this sentence goes on for long enough that the description has to be cut at a word.'
    const root = makeSite({
      'content/index.md': `# Home\n\n${long}\n\nA second paragraph.\n`,
      'content/guide.md': '---\ndescription: The guide\nimage: /cover.png\n---\n# Guide\n\nText.\n',
      'content/bare.md': '# Bare\n\n- a list, no paragraph\n',
    })
    await build({ root, config: { title: 'Site', url: 'https://docs.example.org/base/' } })
    const cut = 'Sheaf builds documentation sites from markdown, with extensions for everything, and this sentence goes on for long enough that the description has to be cut at…'
    const home = read(root, 'index.html')
    expect(home).toContain(`<meta name="description" content="${cut}">`)
    expect(home).toContain(
      '<link rel="canonical" href="https://docs.example.org/base/"><meta property="og:type" content="website"><meta property="og:title" content="Site">' +
        `<meta property="og:description" content="${cut}"><meta property="og:url" content="https://docs.example.org/base/"><meta property="og:site_name" content="Site">` +
        `<meta name="twitter:card" content="summary"><meta name="twitter:title" content="Site"><meta name="twitter:description" content="${cut}">`,
    )
    const guide = read(root, 'guide/index.html')
    expect(guide).toContain('<meta name="description" content="The guide">')
    expect(guide).toContain('<link rel="canonical" href="https://docs.example.org/base/guide/">')
    expect(guide).toContain('<meta property="og:image" content="https://docs.example.org/base/cover.png"><meta name="twitter:card" content="summary_large_image">')
    expect(read(root, 'bare/index.html')).not.toContain('name="description"')
    // Without the site's url: no canonical URL and no og:url, the rest as before.
    await build({ root, config: { title: 'Site' } })
    const local = read(root, 'guide/index.html')
    expect(local).not.toContain('canonical')
    expect(local).not.toContain('og:url')
    expect(local).toContain('<meta property="og:title" content="Guide · Site"><meta property="og:description" content="The guide">')
  })

  it('shows the sidebar, breadcrumbs, table of contents and previous / next from the docs extensions', async () => {
    const root = makeSite(docs)
    await build({ root, config: { title: 'Site', extensions: ['@sheaf/nav', '@sheaf/headings'] } })
    const html = read(root, 'guide/one/index.html')
    expect(html).toContain('<body class="layout-docs has-sidebar has-toc">')
    expect(html).toContain('<button class="menu-toggle" type="button" aria-controls="sidebar" aria-expanded="false">')
    expect(html).toContain(
      '<nav id="sidebar" class="sidebar" aria-label="Documentation"><ul><li><a href="../">Guide</a><ul><li><a href="./" aria-current="page">One</a></li><li><a href="../two/">Two</a></li></ul></li></ul></nav>',
    )
    expect(html).toContain('<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="../../">Home</a></li><li><a href="../">Guide</a></li></ol></nav>')
    expect(html).toContain(
      '<aside class="toc" aria-labelledby="toc-title"><p id="toc-title" class="toc-title">On this page</p><ul><li class="toc-depth-1"><a href="#part-a">Part A</a></li><li class="toc-depth-1"><a href="#part-b">Part B</a></li></ul></aside>',
    )
    expect(html).toContain('<a class="pager-prev" href="../" rel="prev"><span class="pager-label">Previous</span><span class="pager-title">Guide</span></a>')
    expect(html).toContain('<a class="pager-next" href="../two/" rel="next"><span class="pager-label">Next</span><span class="pager-title">Two</span></a>')
  })

  it("shows a long folder's entries around the page and says how many it left out", async () => {
    const files: Record<string, string> = { 'content/index.md': '# Home\n' }
    for (let n = 1; n <= 7; n++) files[`content/ref/c${n}.md`] = `# C${n}\n`
    const root = makeSite(files)
    await build({ root, config: { title: 'Site', extensions: [['@sheaf/nav', { maxEntries: 3 }]] } })
    expect(read(root, 'ref/c4/index.html')).toContain(
      '<ul><li><details class="nav-group" open><summary class="nav-section">Ref</summary><ul><li><span class="nav-omitted">… 2 more</span></li><li><a href="../c3/">C3</a></li><li><a href="./" aria-current="page">C4</a></li><li><a href="../c5/">C5</a></li><li><span class="nav-omitted">… 2 more</span></li></ul></details></li></ul>',
    )
    // From a page outside it, the folder (it has no index page) is a closed group that holds its first entries.
    expect(read(root, 'index.html')).toContain(
      '<ul><li><details class="nav-group"><summary class="nav-section">Ref</summary><ul><li><a href="ref/c1/">C1</a></li><li><a href="ref/c2/">C2</a></li><li><a href="ref/c3/">C3</a></li><li><span class="nav-omitted">… 4 more</span></li></ul></details></li></ul>',
    )
  })

  it('leaves the sidebar out without navigation data', async () => {
    const root = makeSite(docs)
    await build({ root })
    expect(read(root, 'index.html')).toContain('<body class="layout-docs no-sidebar no-toc">')
    expect(read(root, 'index.html')).not.toContain('menu-toggle')
  })

  it('ships its stylesheet and script, with a dark scheme that follows the system and a stored choice', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root })
    const css = readAsset(join(root, '_site'), '_sheaf/theme.css')
    expect(css).toContain('color-scheme: light dark;')
    expect(css).toContain('--bg: light-dark(#ffffff, #0d1117);')
    expect(css).toContain(':root[data-theme="dark"] { color-scheme: dark; }')
    expect(css).not.toMatch(/url\(|@import|https?:/)
    expect(readAsset(join(root, '_site'), '_sheaf/theme.js')).toMatch(/localStorage\.setItem\("sheaf-theme",\w+\)/)
    expect(read(root, 'index.html')).toContain("localStorage.getItem('sheaf-theme')")
  })

  it('uses the site title alone as the home page title', async () => {
    const root = makeSite({ 'content/index.md': '# Welcome\n' })
    await build({ root, config: { title: 'Site' } })
    expect(read(root, 'index.html')).toContain('<title>Site</title>')
  })
})
