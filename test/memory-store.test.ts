import { describe, expect, it } from 'vitest'
import type { DocumentResult } from '../src/pipeline/document-result.js'
import { MemoryStore } from '../src/pipeline/document-store.js'

const result = (title: string, files: Record<string, string> = {}): DocumentResult => ({
  data: { title, matter: { tags: ['a'] } },
  messages: [],
  logs: [],
  draft: false,
  headings: [],
  anchors: [],
  siteDigest: title,
  inputs: { files, env: {}, config: {} },
  body: new Uint8Array([1, 2, 3]),
})
const record = (documentKey: string) => ({ documentKey, fingerprint: 'f', htmlHash: `h-${documentKey}`, reads: { lookups: {}, uses: [], fields: {} }, inputs: { files: {}, env: {}, config: {} } })
const rendered = { changes: { set: { title: 'T' }, removed: ['draft'] }, messages: [], logs: [] }

describe('MemoryStore: what serve keeps between rebuilds', () => {
  it('gives each build its own copy of a kept result, with the body as it was kept', async () => {
    const store = new MemoryStore()
    expect(store.setDocument('k1', result('One'))).toBe(true)
    const first = store.getDocument('k1')!
    ;(first.data.matter as { tags: string[] }).tags.push('changed by a hook')
    expect(store.getDocument('k1')!.data).toEqual({ title: 'One', matter: { tags: ['a'] } })
    expect([...store.getDocument('k1')!.body!]).toEqual([1, 2, 3])
    // A value that cannot be copied is not kept.
    expect(store.setDocument('k2', { ...result('Two'), data: { f: () => 1 } as never })).toBe(false)
    expect(store.getDocument('k2')).toBeUndefined()
  })

  it('keeps what a build used and drops the rest; a rendering only with the document it was made of', async () => {
    const store = new MemoryStore()
    store.setDocument('a1', result('A', { '/site/data.json': 'd1' }))
    store.setDocument('b1', result('B'))
    store.use('a.md', 'a1')
    store.use('b.md', 'b1')
    store.setRendered('a.md', record('a1'), rendered, '<p>A</p>')
    store.setRendered('b.md', record('b1'), rendered, '<p>B</p>')
    await store.finish({ complete: true })
    expect(store.getRendered('a.md')?.documentKey).toBe('a1')
    expect(store.getHtml('h-a1')).toBe('<p>A</p>')
    expect(store.getRenderedData('a.md')).toEqual(rendered)
    expect([...store.inputFiles()]).toEqual(['/site/data.json'])

    // The next build: a.md changed (a new key), b.md is gone.
    store.setDocument('a2', result('A2'))
    store.use('a.md', 'a2')
    store.keepRendered('a.md')
    await store.finish({ complete: true })
    expect(store.getDocument('a1')).toBeUndefined()
    expect(store.getDocument('b1')).toBeUndefined()
    expect(store.getDocument('a2')?.data.title).toBe('A2')
    expect(store.getRendered('a.md')).toBeUndefined()
    expect(store.getRendered('b.md')).toBeUndefined()
    expect(store.getHtml('h-a1')).toBeUndefined()
    expect([...store.inputFiles()]).toEqual([])
  })

  it('holds a document read ahead until a build uses it by its key', async () => {
    const store = new MemoryStore()
    store.readAhead('next', result('Ahead'))
    await store.finish({ complete: true })
    expect(store.getDocument('next')?.data.title).toBe('Ahead')
    store.use('a.md', 'next')
    await store.finish({ complete: true })
    expect(store.getDocument('next')?.data.title).toBe('Ahead')
  })
})
