import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { buildFails } from '../../../test/support/build.js'
import { makeSite } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')
const post = (title: string, date: string, extra = '', body = 'First paragraph of the post.\n\nSecond paragraph.') =>
  `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\n${body}\n`

function blogSite(extraFiles: Record<string, string> = {}) {
  return makeSite({
    'content/index.md': '# Home\n',
    'content/blog/first.md': post('First post', '2024-01-05', 'tags: [news, release]\nauthors: [Ada, Grace]\n'),
    'content/blog/second.md': post('Second post', '2024-03-10', 'tags: [news]\nauthor: Ada\n', 'Intro text.\n\n<!-- more -->\n\nThe rest.'),
    'content/blog/third.md': post('Third post', '2025-02-01T09:30:00+02:00', 'description: "Written by hand."\n'),
    'content/blog/draft.md': post('Draft post', '2025-06-01', 'draft: true\n'),
    ...extraFiles,
  })
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })

describe('@sheaf/blog', () => {
  it('renders posts with the post layout, dates in UTC and newer / older links', async () => {
    const root = blogSite()
    await build({ root, config: { title: 'Site', url: 'https://example.org/docs/', extensions: ['@sheaf/blog'] } })
    const second = read(root, 'blog/second/index.html')
    expect(second).toContain('<body class="layout-post no-sidebar no-toc">')
    expect(second).toContain('<h1>Second post</h1><p class="post-meta"><time datetime="2024-03-10T00:00:00.000Z">March 10, 2024</time> · <span class="post-authors">Ada</span>')
    expect(second).toContain('<a class="pager-prev" href="../third/" rel="prev"><span class="pager-label">Newer</span><span class="pager-title">Third post</span></a>')
    expect(second).toContain('<a class="pager-next" href="../first/" rel="next"><span class="pager-label">Older</span><span class="pager-title">First post</span></a>')
    expect(read(root, 'blog/third/index.html')).toContain('<time datetime="2025-02-01T07:30:00.000Z">February 1, 2025</time>')
  })

  it('lists posts newest first with excerpts, and writes tag pages, a tag index and an archive', async () => {
    const root = blogSite()
    const result = await build({ root, config: { url: 'https://example.org/', extensions: ['@sheaf/blog'] } })
    const index = read(root, 'blog/index.html')
    const titles = [...index.matchAll(/<h2><a href="([^"]+)">([^<]+)<\/a><\/h2>/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(titles).toEqual(['third/ Third post', 'second/ Second post', 'first/ First post'])
    expect(index).toContain('<p class="post-excerpt">Written by hand.</p>')
    expect(index).toContain('<p class="post-excerpt">Intro text.</p>')
    expect(index).toContain('<p class="post-excerpt">First paragraph of the post.</p>')
    const urls = result.pages.map((page) => page.url).filter((url) => url.startsWith('/blog/')).sort()
    expect(urls).toEqual(['/blog/', '/blog/archive/', '/blog/first/', '/blog/second/', '/blog/tags/', '/blog/tags/news/', '/blog/tags/release/', '/blog/third/'])
    expect(read(root, 'blog/tags/news/index.html')).toContain('<h1>Posts tagged “news”</h1>')
    expect(read(root, 'blog/tags/index.html')).toContain('<ul class="tag-index"><li><a href="news/">news</a> (2)</li><li><a href="release/">release</a> (1)</li></ul>')
    expect(read(root, 'blog/archive/index.html')).toContain('<h2>2025</h2>')
  })

  it('paginates lists', async () => {
    const files: Record<string, string> = { 'content/index.md': '# Home\n' }
    for (let i = 1; i <= 5; i++) files[`content/blog/p${i}.md`] = post(`Post ${i}`, `2024-01-0${i}`)
    const root = makeSite(files)
    await build({ root, config: { extensions: [['@sheaf/blog', { perPage: 2 }]] } })
    expect(existsSync(join(root, '_site/blog/page/3/index.html'))).toBe(true)
    expect(existsSync(join(root, '_site/blog/page/4/index.html'))).toBe(false)
    const second = read(root, 'blog/page/2/index.html')
    expect(second).toContain('<title>Blog (page 2)</title>')
    expect(second).toContain('<a href="../../" rel="prev">Newer posts</a><span class="pagination-status">Page 2 of 3</span><a href="../3/" rel="next">Older posts</a>')
  })

  it('keeps drafts out unless the build asks for them', async () => {
    const root = blogSite()
    await build({ root, config: { extensions: ['@sheaf/blog'] } })
    expect(read(root, 'blog/index.html')).not.toContain('Draft post')
    await build({ root, drafts: true, config: { extensions: ['@sheaf/blog'] } })
    expect(read(root, 'blog/index.html')).toContain('Draft post')
  })

  it('writes Atom and RSS feeds that parse as XML, with absolute URLs and the posts’ own dates', async () => {
    const root = blogSite()
    await build({ root, config: { title: 'Site & Co', url: 'https://example.org/docs/', extensions: ['@sheaf/blog'] } })
    const atomText = read(root, 'blog/atom.xml')
    const rssText = read(root, 'blog/rss.xml')
    expect(XMLValidator.validate(atomText)).toBe(true)
    expect(XMLValidator.validate(rssText)).toBe(true)
    const atom = parser.parse(atomText).feed
    expect(atom.title).toBe('Site & Co: Blog')
    expect(atom.updated).toBe('2025-02-01T07:30:00.000Z')
    expect(atom.link.map((link: { '@href': string }) => link['@href'])).toEqual(['https://example.org/docs/blog/atom.xml', 'https://example.org/docs/blog/'])
    expect(atom.entry.map((entry: { id: string }) => entry.id)).toEqual([
      'https://example.org/docs/blog/third/',
      'https://example.org/docs/blog/second/',
      'https://example.org/docs/blog/first/',
    ])
    expect(atom.entry[2].author.map((author: { name: string }) => author.name)).toEqual(['Ada', 'Grace'])
    const rss = parser.parse(rssText).rss.channel
    expect(rss.item.map((item: { link: string; pubDate: string }) => [item.link, item.pubDate])).toEqual([
      ['https://example.org/docs/blog/third/', 'Sat, 01 Feb 2025 07:30:00 GMT'],
      ['https://example.org/docs/blog/second/', 'Sun, 10 Mar 2024 00:00:00 GMT'],
      ['https://example.org/docs/blog/first/', 'Fri, 05 Jan 2024 00:00:00 GMT'],
    ])
    expect(read(root, 'index.html')).toContain('<link rel="alternate" type="application/atom+xml" title="Atom feed" href="blog/atom.xml">')
  })

  it('builds the same feeds in every time zone', async () => {
    const root = blogSite()
    const config = { url: 'https://example.org/', extensions: ['@sheaf/blog'] }
    const zone = process.env.TZ
    try {
      process.env.TZ = 'Pacific/Kiritimati'
      await build({ root, config })
      const east = read(root, 'blog/atom.xml') + read(root, 'blog/index.html')
      process.env.TZ = 'America/Adak'
      await build({ root, config })
      expect(read(root, 'blog/atom.xml') + read(root, 'blog/index.html')).toBe(east)
    } finally {
      process.env.TZ = zone
    }
  })

  it('warns instead of writing feeds without a site url', async () => {
    const root = blogSite()
    const result = await build({ root, config: { extensions: ['@sheaf/blog'] } })
    expect(result.messages.map((m) => [m.reason, m.source])).toEqual([
      ['The blog has no feeds: they need an absolute `url` in the config, such as url: "https://example.org/".', '@sheaf/blog'],
    ])
    expect(existsSync(join(root, '_site/blog/atom.xml'))).toBe(false)
    // No page links to a feed that is not there.
    expect(read(root, 'blog/index.html')).not.toContain('atom.xml')
    expect(read(root, 'blog/first/index.html')).not.toContain('rss.xml')
  })

  it('writes no blog pages, feeds or feed links, and says nothing, for a site without posts', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/guide.md': '# Guide\n' })
    for (const config of [{ extensions: ['@sheaf/blog'] }, { url: 'https://example.org/', extensions: ['@sheaf/blog'] }]) {
      const result = await build({ root, config })
      expect(result.messages).toEqual([])
      expect(result.pages.map((page) => page.url).sort()).toEqual(['/', '/guide/'])
      expect(existsSync(join(root, '_site/blog'))).toBe(false)
      expect(read(root, 'index.html')).not.toContain('atom.xml')
    }
  })

  it('refuses a post without a date, or with one that is not a date', async () => {
    const root = makeSite({ 'content/blog/a.md': '---\ntitle: A\n---\nx\n', 'content/blog/b.md': '---\ndate: tomorrow\n---\nx\n' })
    const failure = await buildFails({ root, keepGoing: true, config: { extensions: ['@sheaf/blog'] } })
    expect(failure.result.messages.map((m) => [m.file, m.line, m.reason, m.source])).toEqual([
      [join(root, 'content/blog/a.md'), 1, 'A blog post needs a `date` in its front matter, such as `date: 2024-03-05`', '@sheaf/blog@0.1.0'],
      // Sheaf checks `date` itself, at the key.
      [join(root, 'content/blog/b.md'), 2, 'Front matter `date`: expected a date such as 2024-03-05, or 2024-03-05T10:00:00+02:00, not "tomorrow"', 'sheaf'],
    ])
  })
})
