import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/load.js'
import { createSiteIndex } from '../src/site/site-index.js'
import { siteFromSnapshot, snapshotSite } from '../src/site/site-snapshot.js'
import { SiteReader } from '../src/site/site-reads.js'
import type { SitePage } from '../src/extensions/types.js'
import { makeSite } from './support/sites.js'

async function twoPages() {
  const config = await loadConfig({ root: makeSite({ 'content/index.md': '# Home\n' }), config: {} })
  const site = createSiteIndex(config, { files: new Set(['a.md', 'b.md', 'logo.png']), isDocumentPath: (path) => path.endsWith('.md'), drafts: new Set(['c.md']) })
  const page = (source: string, data: Record<string, unknown>, fileData: Record<string, unknown>): SitePage => {
    const file = new VFile({ path: `${config.paths.content}/${source}`, cwd: config.root })
    Object.assign(file.data, fileData)
    return { source, url: `/${source.replace(/\.md$/, '')}/`, outPath: `${source.replace(/\.md$/, '')}/index.html`, title: source, data, headings: [{ depth: 2, text: 'Part', id: 'part' }], anchors: new Set(['part']), file }
  }
  site.add(page('a.md', { id: 'first', order: 1 }, { terms: { sheaf: 'a bundle' }, search: { text: 'long text', headings: '' }, when: new Date(0) }))
  site.add(page('b.md', {}, { terms: {} }))
  return { config, site, snapshot: snapshotSite(site)! }
}

describe('the site snapshot threads render against', () => {
  it('gives every page back as it was: lookups, front matter, outline and file data, values V8 can copy included', async () => {
    const { config, snapshot } = await twoPages()
    const { site, dataOf, pathOf } = siteFromSnapshot(snapshot, config, (path) => path === 'theirs')
    expect(site.pages.map((page) => page.source)).toEqual(['a.md', 'b.md'])
    const a = site.resolve('first')!
    expect(a).toBe(site.bySource('a.md'))
    expect(site.byUrl('/b/')!.source).toBe('b.md')
    expect([a.url, a.outPath, a.title, a.data, a.headings, [...a.anchors!]]).toEqual(['/a/', 'a/index.html', 'a.md', { id: 'first', order: 1 }, [{ depth: 2, text: 'Part', id: 'part' }], ['part']])
    expect(a.file.path).toBe(`${config.paths.content}/a.md`)
    // The rest of a page is read by name: its own keys are its lookup keys.
    expect(Object.keys(site.bySource('b.md')!)).toEqual(['source', 'url', 'title'])
    expect({ ...a.file.data }).toEqual({ terms: { sheaf: 'a bundle' }, search: { text: 'long text', headings: '' }, when: new Date(0) })
    expect(a.file.data.when).toBeInstanceOf(Date)
    expect(dataOf('b.md')).toEqual({ terms: {} })
    expect(dataOf('c.md')).toBeUndefined()
    expect(pathOf('b.md')).toBe(`${config.paths.content}/b.md`)
    expect(pathOf('c.md')).toBeUndefined()
    // The link targets, with the thread's own test of which paths are documents.
    expect([...site.targets!.files]).toEqual(['a.md', 'b.md', 'logo.png'])
    expect([...site.targets!.drafts!]).toEqual(['c.md'])
    expect(site.targets!.isDocumentPath('theirs')).toBe(true)
  })

  it("decodes a page's file data field by field, as read, and lets a field be written and deleted like any object's", async () => {
    const { config, snapshot } = await twoPages()
    const { site, dataOf } = siteFromSnapshot(snapshot, config, () => true)
    const data = site.bySource('a.md')!.file.data as Record<string, unknown>
    expect('terms' in data).toBe(true)
    expect('navExclude' in data).toBe(false)
    expect(data.navExclude).toBeUndefined()
    expect(Object.keys(data)).toEqual(['terms', 'search', 'when'])
    expect(data.terms).toBe(data.terms)
    data.terms = { other: 'x' }
    delete data.search
    data.added = 1
    expect(Object.keys(data).sort()).toEqual(['added', 'terms', 'when'])
    expect(JSON.parse(JSON.stringify(data))).toEqual({ terms: { other: 'x' }, when: new Date(0).toJSON(), added: 1 })
    // A page's own data is decoded afresh, whatever was done to its entry's.
    expect(dataOf('a.md')!.terms).toEqual({ sheaf: 'a bundle' })
  })

  it('records what an extension reads of a page from the snapshot as it does of the page itself', async () => {
    const { config, site: original, snapshot } = await twoPages()
    const read = (site: typeof original): Record<string, string[]> => {
      const reader = new SiteReader(site)
      const view = reader.siteFor('ext')
      for (const page of view.pages) void [page.title, page.data.order, page.file.data.terms, (page.file.data as Record<string, unknown>).navExclude]
      return reader.end().fields
    }
    expect(read(siteFromSnapshot(snapshot, config, () => true).site)).toEqual(read(original))
  })

  it('grows past its first megabyte and gives back every page of a large site, text of any script included', async () => {
    const config = await loadConfig({ root: makeSite({ 'content/index.md': '# Home\n' }), config: {} })
    const site = createSiteIndex(config)
    const count = 3000
    for (let index = 0; index < count; index++) {
      const source = `p${index}.md`
      const file = new VFile({ path: `${config.paths.content}/${source}`, cwd: config.root })
      // About 600 bytes a page: the whole is several times the first megabyte.
      Object.assign(file.data, { search: { text: `Überschrift ${index} — 検索 ${'x'.repeat(500)}` }, order: index, tags: new Set([`t${index % 7}`]) })
      site.add({ source, url: `/p${index}/`, outPath: `p${index}/index.html`, title: `Seite ${index}`, data: { order: index }, headings: [], anchors: new Set(), file })
    }
    const snapshot = snapshotSite(site)!
    expect(snapshot.byteLength).toBeGreaterThan(2 * 2 ** 20)
    const { site: again, dataOf } = siteFromSnapshot(snapshot, config, () => true)
    expect(again.pages.length).toBe(count)
    for (const index of [0, 1, 1234, count - 1]) {
      const page = again.bySource(`p${index}.md`)!
      expect([page.url, page.title, page.data]).toEqual([`/p${index}/`, `Seite ${index}`, { order: index }])
      expect(dataOf(`p${index}.md`)).toEqual({ search: { text: `Überschrift ${index} — 検索 ${'x'.repeat(500)}` }, order: index, tags: new Set([`t${index % 7}`]) })
    }
  })
})
