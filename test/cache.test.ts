import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeValue } from '../src/pipeline/codec.js'
import { cacheFormat } from '../src/cache/keys.js'
import { describe, expect, it } from 'vitest'
import { build, type BuildOptions, type BuildResult } from './support/guarded.js'
import { linkPackages, makeSite, repoRoot, sheaf, snapshotDir, tempDir } from './support/sites.js'

/** A copy of site-example (blog, navigation, search, sitemap, headings, highlighting) in a temp folder. */
function copySiteExample(): string {
  const root = tempDir('sheaf-cache-')
  cpSync(join(repoRoot, 'site-example'), root, { recursive: true, filter: (path) => !/[\\/](_site|\.sheaf|node_modules)$/.test(path) })
  linkPackages(root)
  return root
}

const quiet = (options: BuildOptions): BuildOptions => ({ ...options, onLog: () => {} })

async function buildSnapshot(root: string, options: BuildOptions = {}): Promise<{ result: BuildResult; output: Record<string, string> }> {
  const result = await build(quiet({ root, ...options }))
  return { result, output: snapshotDir(join(root, '_site')) }
}

interface Location {
  segment: string
  offset: number
  length: number
}

/** The cache's index: where each document's result and each rendering's HTML is. */
function readIndex(root: string): { documents: Record<string, string>; entries: Record<string, Location>; html: Record<string, Location> } {
  // The sealed index: an 8-byte magic, a 20-byte digest, then the encoded value (a tag byte, then JSON or V8).
  return decodeValue(readFileSync(join(root, '.sheaf/cache/index')).subarray(28)) as ReturnType<typeof readIndex>
}

/** Overwrite one record of a segment with garbage. */
function damage(root: string, location: Location): void {
  const path = join(root, '.sheaf/cache/segments', location.segment)
  const bytes = readFileSync(path)
  bytes.fill(7, location.offset + 10, location.offset + location.length)
  writeFileSync(path, bytes)
}

describe('the persistent cache', () => {
  it('gives byte-identical output cold, warm, without a cache, and after an edit', async () => {
    const root = copySiteExample()
    const cold = await buildSnapshot(root, { cache: 'clean' })
    const documents = cold.result.stats.read
    expect(documents).toBeGreaterThan(20)
    expect(cold.result.stats).toMatchObject({ cached: 0, reused: 0 })

    const warm = await buildSnapshot(root)
    expect(warm.result.stats).toMatchObject({ read: 0, cached: documents, reused: documents })
    expect(warm.output).toEqual(cold.output)
    expect(warm.result.messages.map(String)).toEqual(cold.result.messages.map(String))

    const uncached = await buildSnapshot(root, { cache: false })
    expect(uncached.result.stats).toMatchObject({ read: documents, cached: 0 })
    expect(uncached.output).toEqual(cold.output)

    // One post's text changes: it alone is read again; every page is rendered again (its text is in the
    // search index and the blog's excerpts, which other pages can see) and matches a build without the cache.
    appendFileSync(join(root, 'content/blog/2026-10-15-extensions.md'), '\nA sentence added after the first build.\n')
    const edited = await buildSnapshot(root)
    expect(edited.result.stats).toMatchObject({ read: 1, cached: documents - 1 })
    expect(edited.output).not.toEqual(cold.output)
    expect(edited.output).toEqual((await buildSnapshot(root, { cache: false })).output)
  })

  it('renders only the edited page when an edit changes nothing other pages see, and leaves the index alone when nothing changed', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[About](about.md)\n',
      'content/about.md': '# About\n\nFirst text.\n',
      'content/guide.md': '# Guide\n',
    })
    await buildSnapshot(root)
    const index = join(root, '.sheaf/cache/index')
    const before = statSync(index)
    const warm = await buildSnapshot(root)
    expect(warm.result.stats).toMatchObject({ read: 0, cached: 3, rendered: 0, reused: 3, written: 0 })
    expect(statSync(index)).toMatchObject({ ino: before.ino, mtimeMs: before.mtimeMs })

    // The text changes, not the title, front matter or headings: the other pages keep their renderings.
    writeFileSync(join(root, 'content/about.md'), '# About\n\nSecond text.\n')
    const edited = await buildSnapshot(root)
    expect(edited.result.stats).toMatchObject({ read: 1, cached: 2, rendered: 1, reused: 2, written: 1 })
    expect(statSync(index).mtimeMs).not.toBe(before.mtimeMs)
    expect(edited.output).toEqual((await buildSnapshot(root, { cache: false })).output)

    // A new title is seen by the pages that show it: here the page that links to it (without the
    // navigation extension, no page lists every title). The guide keeps its rendering.
    writeFileSync(join(root, 'content/about.md'), '# About us\n\nSecond text.\n')
    const retitled = await buildSnapshot(root)
    expect(retitled.result.stats).toMatchObject({ read: 1, cached: 2, rendered: 2, reused: 1 })
    expect(retitled.output).toEqual((await buildSnapshot(root, { cache: false })).output)
  })

  it('re-reads nothing when only a site-wide value changes, and renders every page again', async () => {
    const root = makeSite({
      'sheaf.config.mjs': "export default { title: 'First' }\n",
      'content/index.md': '# Home\n\n[About](about.md)\n',
      'content/about.md': '# About\n',
    })
    await buildSnapshot(root)
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { title: 'Second' }\n")
    const { result, output } = await buildSnapshot(root)
    expect(result.stats).toMatchObject({ read: 0, cached: 2, rendered: 2, reused: 0 })
    expect(Buffer.from(output['index.html']!, 'base64').toString()).toContain('<title>Second</title>')
  })

  it('reads every document again when an extension version or option changes, and only then', () => {
    const extension = (version: string) =>
      `export default { name: 'shout', version: '${version}', setup(app, options = {}) {\n` +
      `  app.addTransform({ name: 'shout', stage: 'hast', run(tree) { tree.children.push({ type: 'text', value: options.mark ?? '!' }) } })\n} }\n`
    const root = makeSite({
      'sheaf.config.mjs': "export default { extensions: [['./shout.mjs', { mark: '!' }]] }\n",
      'shout.mjs': extension('1.0.0'),
      'content/a.md': '# A\n',
      'content/b.md': '# B\n',
    })
    // Each build in a process of its own, as a changed module loads anew only there.
    const summary = (): string => sheaf(['build', root]).stdout.split('\n')[0]!.replace(/ in \d+\.\d\d s/, '')
    expect(summary()).toBe('Built 2 pages, copied 3 files')
    expect(summary()).toBe('Built 2 pages, copied 3 files; 0 documents read, 2 from the cache, 2 pages unchanged, 0 files written')

    writeFileSync(join(root, 'shout.mjs'), extension('1.0.1'))
    expect(summary()).toBe('Built 2 pages, copied 3 files')
    expect(summary()).toBe('Built 2 pages, copied 3 files; 0 documents read, 2 from the cache, 2 pages unchanged, 0 files written')

    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { extensions: [['./shout.mjs', { mark: '?' }]] }\n")
    expect(summary()).toBe('Built 2 pages, copied 3 files')
    expect(readFileSync(join(root, '_site/a/index.html'), 'utf8')).toContain('</h1>?')

    // The old entries were replaced, not kept beside the new ones: one segment holds what is in use.
    expect(Object.keys(readIndex(root).entries)).toHaveLength(2)
    expect(readdirSync(join(root, '.sheaf/cache/segments'))).toHaveLength(1)
  })

  it('reads a document again when its entry is damaged, and says so', async () => {
    const root = makeSite({ 'sheaf.config.mjs': "export default { title: 'First' }\n", 'content/a.md': '# A\n\nText.\n', 'content/b.md': '# B\n' })
    await buildSnapshot(root)
    const logs: string[] = []
    const logged = (): BuildOptions => ({ root, onLog: (_level, _source, message) => logs.push(message) })

    // A damaged result: the document is read again.
    const index = readIndex(root)
    damage(root, index.entries[index.documents['a.md']!]!)
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { title: 'Second' }\n")
    const second = await build(logged())
    expect(second.stats).toMatchObject({ read: 1, cached: 1, rendered: 2, reused: 0 })
    expect(logs).toContain('1 cache entry was damaged or of another version, and made again.')
    const good = snapshotDir(join(root, '_site'))
    await build(quiet({ root, cache: false, out: join(root, '_fresh') }))
    expect(good).toEqual(snapshotDir(join(root, '_fresh')))

    // A damaged index: every document is read again.
    writeFileSync(join(root, '.sheaf/cache/index'), Buffer.alloc(200, 7))
    logs.length = 0
    expect((await build(logged())).stats).toMatchObject({ read: 2, cached: 0, reused: 0, written: 0 })
    expect(logs).toContain('1 cache entry was damaged or of another version, and made again.')
    expect(snapshotDir(join(root, '_site'))).toEqual(good)
    // Made again: the next build takes everything from the cache.
    expect((await buildSnapshot(root)).result.stats).toMatchObject({ read: 0, cached: 2, reused: 2 })

    // A page gone from the output is written again from its cached HTML; damaged HTML is rendered again.
    rmSync(join(root, '_site/a/index.html'))
    rmSync(join(root, '_site/b/index.html'))
    const html = readIndex(root).html
    const [damagedA] = Object.values(html).filter((location) => readFileSync(join(root, '.sheaf/cache/segments', location.segment)).subarray(location.offset, location.offset + location.length).includes('>A</h1>'))
    damage(root, damagedA!)
    logs.length = 0
    const third = await build(logged())
    expect(third.stats).toMatchObject({ read: 0, cached: 2, rendered: 1, reused: 1, written: 2 })
    expect(logs).toContain('1 cache entry was damaged or of another version, and made again.')
    expect(snapshotDir(join(root, '_site'))).toEqual(good)
  })

  it('drops a cache written by another version of Sheaf at once', async () => {
    const root = makeSite({ 'content/a.md': '# A\n' })
    await buildSnapshot(root)
    const index = join(root, '.sheaf/cache/index')
    writeFileSync(index, Buffer.concat([Buffer.from('SHEAF999'), readFileSync(index).subarray(8)]))
    const logs: string[] = []
    const { stats } = await build({ root, onLog: (_level, _source, message) => logs.push(message) })
    expect(stats).toMatchObject({ read: 1, cached: 0 })
    expect(logs.filter((line) => line.includes('damaged'))).toEqual([])
    expect(readFileSync(index).subarray(0, 8).toString()).toBe(`SHEAF${String(cacheFormat).padStart(3, '0')}`)
  })

  it('leaves a draft out when its cached result came from a build with drafts', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/wip.md': '---\ndraft: true\n---\n# Work in progress\n' })
    expect(Object.keys((await buildSnapshot(root, { drafts: true })).output)).toContain('wip/index.html')
    const { result, output } = await buildSnapshot(root)
    expect(Object.keys(output)).not.toContain('wip/index.html')
    expect(result.drafts).toBe(1)
  })

  it('writes no cache with cache: false, and --no-cache and --clean on the command line', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build(quiet({ root, cache: false }))
    expect(existsSync(join(root, '.sheaf'))).toBe(false)
    expect(sheaf(['build', root, '--no-cache']).code).toBe(0)
    expect(existsSync(join(root, '.sheaf'))).toBe(false)
    const clean = sheaf(['build', root, '--clean'])
    expect(clean.code).toBe(0)
    expect(existsSync(join(root, '.sheaf/cache/index'))).toBe(true)
    expect(readFileSync(join(root, '.sheaf/cache/CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55\n/)
    const warm = sheaf(['build', root])
    expect(warm.stdout).toMatch(/^Built 1 page, copied 3 files in \d+\.\d\d s; 0 documents read, 1 from the cache, 1 page unchanged, 0 files written\n/)
  })
})

describe('worker threads', () => {
  /** A site big enough to be read on threads (links, tables, code, admonitions, a broken anchor each), with the docs preset. */
  function corpusSite(): string {
    const files: Record<string, string> = { 'content/index.md': '# Threads\n\nSee [the first page](part-0/page-0.md).\n' }
    for (let i = 0; i < 80; i++) {
      const next = `../part-${Math.floor(((i + 1) % 80) / 10)}/page-${(i + 1) % 80}.md`
      files[`content/part-${Math.floor(i / 10)}/page-${i}.md`] =
        `---\ntitle: Page ${i}\ntags: [t${i % 7}]\n---\n\n## Section ${i}\n\nText with *emphasis*, \`code\`, a [link](${next}#section-${(i + 1) % 80}) and a [broken one](#nowhere-${i}).\n\n` +
        `| a | b |\n| - | - |\n| ${i} | ${i * 2} |\n\n\`\`\`js\nconst page = ${i}\n\`\`\`\n\n:::note\nAn admonition on page ${i}.\n:::\n` +
        (i % 10 === 3 ? '\n:::notte\nA misspelt directive.\n:::\n' : '')
    }
    const root = makeSite(files)
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { title: 'Threads', extensions: ['@sheaf/preset-docs'] }\n")
    linkPackages(root)
    return root
  }

  it('reads on threads and gives the same bytes as reading on the main thread', async () => {
    const root = corpusSite()
    const serial = await buildSnapshot(root, { cache: false, workers: 1 })
    expect(serial.result.stats.threads).toBe(1)
    // Every page has a broken anchor: the messages, with their positions, must match too.
    expect(serial.result.messages.filter((message) => message.reason.startsWith('Link to a missing anchor'))).toHaveLength(80)
    // Messages of reading (a misspelt directive on every tenth page) and of rendering name their file and place.
    expect(serial.result.messages.filter((message) => message.reason.startsWith('Unknown directive')).map(String)).toHaveLength(8)
    expect(String(serial.result.messages.find((message) => message.reason.startsWith('Unknown directive')))).toBe(
      `${join(root, 'content/part-0/page-3.md')}:22:1-24:4: Unknown directive \`:::notte\`. Did you mean \`note\`?`,
    )
    const parallel = await buildSnapshot(root, { cache: false, workers: 2 })
    expect(parallel.result.stats.threads).toBe(2)
    expect(parallel.output).toEqual(serial.output)
    expect(parallel.result.messages.map(String)).toEqual(serial.result.messages.map(String))
    // Results read on threads go to the cache like any others.
    const cached = await buildSnapshot(root, { cache: 'clean', workers: 2 })
    const warm = await buildSnapshot(root, { workers: 2 })
    expect(warm.result.stats).toMatchObject({ read: 0, threads: 1 })
    expect(cached.output).toEqual(serial.output)
    expect(warm.output).toEqual(serial.output)
  })

  it('renders on threads against the site index as reading left it, with the same bytes as on one thread', async () => {
    const root = corpusSite()
    // A site transform that counts the pages another page's rendering has marked, then marks its own.
    writeFileSync(
      join(root, 'peek.mjs'),
      `export default { name: 'peek', version: '1.0.0', setup(app) {
  app.addTransform({ name: 'peek', stage: 'site', run(tree, file, ctx) {
    const seen = ctx.site.pages.filter((page) => page.file.data.peeked === true).length
    file.data.peeked = true
    tree.children.push({ type: 'element', tagName: 'p', properties: { className: ['peek'] }, children: [{ type: 'text', value: 'seen ' + seen }] })
  } })
  app.addGenerator({ name: 'peeked', stage: 'rendered', generate(site) {
    return [{ path: 'peeked.txt', contents: String(site.pages.filter((page) => page.file.data.peeked === true).length) }]
  } })
} }
`,
    )
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { title: 'Threads', extensions: ['@sheaf/preset-docs', './peek.mjs'] }\n")
    const text = (output: Record<string, string>, path: string): string => Buffer.from(output[path]!, 'base64').toString('utf8')
    const serial = await buildSnapshot(root, { cache: false, workers: 1 })
    expect(text(serial.output, 'part-3/page-35/index.html')).toContain('<p class="peek">seen 0</p>')
    expect(text(serial.output, 'index.html')).toContain('<p class="peek">seen 0</p>')
    // Generators of stage 'rendered' see every page's rendering: 81 documents and the theme's 404 page (no blog pages: there are no posts).
    expect(text(serial.output, 'peeked.txt')).toBe('82')
    const parallel = await buildSnapshot(root, { cache: false, workers: 2 })
    expect(parallel.result.stats).toMatchObject({ read: 81, rendered: 82, threads: 2 })
    expect(parallel.output).toEqual(serial.output)
    expect(parallel.result.messages.map(String)).toEqual(serial.result.messages.map(String))

    // Every document from the cache, every page rendered again (a new page changes the site index): rendered on threads.
    await buildSnapshot(root, { cache: 'clean', workers: 2 })
    writeFileSync(join(root, 'content/extra.md'), '# Extra\n')
    const again = await buildSnapshot(root, { workers: 2 })
    expect(again.result.stats).toMatchObject({ read: 1, cached: 81, rendered: 83, reused: 0, threads: 2 })
    const fresh = await buildSnapshot(root, { cache: false, workers: 1 })
    expect(again.output).toEqual(fresh.output)
    expect(text(again.output, 'peeked.txt')).toBe('83')
  })

  it('past 2,000 documents, renders from bodies read back from the cache, on fresh threads, with the same bytes', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 2000; i++) files[`content/p${Math.floor(i / 100)}/d${i}.md`] = `# Doc ${i}\n\nSee [the next](../p${Math.floor(((i + 1) % 2000) / 100)}/d${(i + 1) % 2000}.md#doc-${(i + 1) % 2000}).\n`
    const root = makeSite(files)
    const threaded = await buildSnapshot(root, { cache: 'clean', workers: 2 })
    expect(threaded.result.stats).toMatchObject({ read: 2000, rendered: 2000, threads: 2 })
    const serial = await buildSnapshot(root, { cache: false, workers: 1 })
    expect(threaded.output).toEqual(serial.output)
    expect(threaded.result.messages.map(String)).toEqual(serial.result.messages.map(String))
  }, 120_000)

  it('starts its threads when node was given V8 flags, which worker threads refuse', () => {
    const root = corpusSite()
    const run = sheaf(['build', root, '--no-cache', '--workers', '2'], { nodeArgs: ['--max-old-space-size=2048', '--stack-size=2000', '--enable-source-maps'] })
    expect(run.stderr).not.toMatch(/execArgv|worker/i)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Built 82 pages, copied \d+ files in \d+\.\d\d s on 2 threads; 88 warnings \(above\)\n/)
  })

  it('reads on the main thread when an extension is not parallel-safe, and says which', async () => {
    const root = corpusSite()
    writeFileSync(join(root, 'counter.mjs'), "let n = 0\nexport default { name: 'counter', parallelSafe: false, setup(app) { app.on('document:read', () => { n += 1 }) } }\n")
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { title: 'Threads', extensions: ['./counter.mjs'] }\n")
    const logs: string[] = []
    const result = await build({ root, cache: false, workers: 2, onLog: (_level, _source, message) => logs.push(message) })
    expect(result.stats.threads).toBe(1)
    expect(logs.filter((line) => line.startsWith('Reading on one thread'))).toEqual([
      'Reading on one thread: extension "counter" is not parallel-safe (parallelSafe: false), so documents are read and rendered on one thread.',
    ])
  })
})
