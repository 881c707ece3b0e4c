import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')
const files = {
  'content/index.md': '# Home\n',
  'content/guide/intro.md': '---\nupdated: 2024-05-01\n---\n# Intro\n',
  'content/hidden.md': '---\nsitemap: false\n---\n# Hidden\n',
  'content/404.md': '# Not found\n',
}

describe('@sheaf/sitemap', () => {
  it('lists every page but the 404 page and opted-out ones, with absolute URLs, as valid XML', async () => {
    const root = makeSite(files)
    await build({ root, config: { url: 'https://example.org/docs', extensions: ['@sheaf/sitemap'] } })
    const xml = read(root, 'sitemap.xml')
    expect(XMLValidator.validate(xml)).toBe(true)
    const urls = new XMLParser().parse(xml).urlset.url
    expect(urls).toEqual([
      { loc: 'https://example.org/docs/' },
      { loc: 'https://example.org/docs/guide/intro/', lastmod: '2024-05-01' },
    ])
    expect(read(root, 'robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.org/docs/sitemap.xml\n')
  })

  it('includes generated pages', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/blog/p.md': '---\ndate: 2024-01-01\n---\nx\n' })
    await build({ root, config: { url: 'https://example.org/', extensions: ['@sheaf/sitemap', '@sheaf/blog'] } })
    expect(read(root, 'sitemap.xml')).toContain('<loc>https://example.org/blog/tags/</loc>')
  })

  it('leaves a robots.txt of the site’s own alone', async () => {
    const root = makeSite({ ...files, 'public/robots.txt': 'User-agent: *\nDisallow: /private/\n' })
    await build({ root, config: { url: 'https://example.org/', extensions: ['@sheaf/sitemap'] } })
    expect(read(root, 'robots.txt')).toBe('User-agent: *\nDisallow: /private/\n')
  })

  it('says so in an info line, not a warning, and writes no sitemap without a site url', async () => {
    const root = makeSite(files)
    const lines: string[] = []
    const result = await build({ root, config: { extensions: ['@sheaf/sitemap'] }, onLog: (level, source, text) => void (source === '@sheaf/sitemap' && lines.push(`${level}: ${text}`)) })
    expect(result.messages).toEqual([])
    expect(result.warnings).toBe(0)
    expect(lines).toEqual(['info: No sitemap.xml was written: it needs an absolute `url` in the config, such as url: "https://example.org/".'])
    expect(existsSync(join(root, '_site/sitemap.xml'))).toBe(false)
    expect(read(root, 'robots.txt')).toBe('User-agent: *\nAllow: /\n')
  })
})
