import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from './support/guarded.js'
import { buildFails } from './support/build.js'
import { copyFixture, listFiles, makeSite, snapshotDir, listPlainFiles, withoutDigests } from './support/sites.js'

const page = (html: string): string => /<article class="document">([\s\S]*)<\/article>/.exec(html)?.[1] ?? ''
const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('clean URLs, links and copied files', () => {
  it('writes each document to a clean URL and copies public/ and content assets as they are', async () => {
    const root = copyFixture('clean-urls')
    const result = await build({ root })
    expect(result.pages.map((page) => [page.source, page.url, page.outPath])).toEqual([
      ['guide/deep/page.md', '/guide/deep/page/', 'guide/deep/page/index.html'],
      ['guide/index.md', '/guide/', 'guide/index.html'],
      ['guide/intro.md', '/guide/intro/', 'guide/intro/index.html'],
      ['index.md', '/', 'index.html'],
    ])
    expect(listPlainFiles(join(root, '_site'))).toEqual([
      '.sheaf-build',
      '_sheaf/favicon.svg',
      '_sheaf/theme.css',
      '_sheaf/theme.js',
      'guide/deep/page/index.html',
      'guide/img/diagram.svg',
      'guide/index.html',
      'guide/intro/index.html',
      'images/logo.svg',
      'index.html',
      'robots.txt',
    ])
    expect(read(root, 'images/logo.svg')).toBe(readFileSync(join(root, 'public/images/logo.svg'), 'utf8'))
    expect(result.copied).toBe(6)
  })

  it('rewrites relative links between documents and to files, relative to each page', async () => {
    const root = copyFixture('clean-urls')
    await build({ root })
    expect(page(read(root, 'index.html'))).toContain('<a href="guide/intro/">Intro</a>')
    expect(page(read(root, 'index.html'))).toContain('<a href="guide/deep/page/#part-two">Deep</a>')
    expect(page(read(root, 'index.html'))).toContain('<a href="guide/">Guide</a>')
    expect(page(read(root, 'index.html'))).toContain('<img src="images/logo.svg" alt="Logo">')
    expect(page(read(root, 'index.html'))).toContain('<a href="http://example.com/x.md">Not found</a>')
    const intro = page(read(root, 'guide/intro/index.html'))
    expect(intro).toContain('<img src="../img/diagram.svg" alt="Diagram">')
    expect(intro).toContain('<a href="../../">Home</a>')
    expect(intro).toContain('<a href="../deep/page/?x=1#top">deep</a>')
    expect(intro).toContain('<a href="#intro">self</a>')
    expect(page(read(root, 'guide/index.html'))).toContain('<a href="intro/">Intro</a>')
    expect(page(read(root, 'guide/deep/page/index.html'))).toContain('<a href="../../intro/">Intro</a>')
  })

  it('warns about a link to a missing document, at the link', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n\nSee [the guide](guide.md) and [more](more.md#x).\n', 'content/more.md': '# More\n' })
    const result = await build({ root })
    expect(result.messages.map((m) => [m.file, m.line, m.column, m.reason, m.source, m.ruleId, m.fatal])).toEqual([
      [join(root, 'content/index.md'), 3, 5, 'Link to a missing document: guide.md', 'sheaf', 'link', false],
      [join(root, 'content/index.md'), 3, 31, 'Link to a missing anchor: more.md#x', 'sheaf', 'link', false],
    ])
    expect(result.warnings).toBe(2)
    expect(page(read(root, 'index.html'))).toContain('<a href="guide.md">the guide</a>')
  })

  it('builds a plain folder of markdown with no config and no package.json', async () => {
    const root = copyFixture('plain-folder')
    const result = await build({ root })
    expect(result.pages.map((page) => page.url)).toEqual(['/guide/setup/', '/'])
    expect(page(read(root, 'index.html'))).toContain('<a href="guide/setup/">the setup guide</a>')
    expect(read(root, 'guide/setup/index.html')).toContain('<title>Setting up</title>')
  })

  it('takes the title from front matter, else the first h1, else the file name', async () => {
    const root = makeSite({
      'content/a.md': '---\ntitle: From front matter\n---\n# Heading\n',
      'content/b.md': 'Intro\n\n# From the *heading*\n',
      'content/c-file.md': 'No heading here.\n',
    })
    await build({ root, config: { title: 'Site' } })
    expect(read(root, 'a/index.html')).toContain('<title>From front matter · Site</title>')
    expect(read(root, 'b/index.html')).toContain('<title>From the heading · Site</title>')
    expect(read(root, 'c-file/index.html')).toContain('<title>c-file · Site</title>')
  })

  it('leaves drafts out unless asked to build them', async () => {
    const files = { 'content/index.md': '# Home\n', 'content/wip.md': '---\ndraft: true\n---\n# Work in progress\n' }
    const root = makeSite(files)
    const result = await build({ root })
    expect(result.drafts).toBe(1)
    expect(existsSync(join(root, '_site/wip/index.html'))).toBe(false)
    const withDrafts = await build({ root, drafts: true })
    expect(withDrafts.drafts).toBe(0)
    expect(existsSync(join(root, '_site/wip/index.html'))).toBe(true)
  })

  it('refuses two sources that write the same output file, naming both', async () => {
    const root = makeSite({ 'content/guide.md': '# A\n', 'content/guide/index.md': '# B\n' })
    const failure = await buildFails({ root })
    expect(failure.result.messages.map((m) => m.reason)).toEqual([
      `${join(root, 'content/guide/index.md')} and ${join(root, 'content/guide.md')} both write guide/index.html`,
    ])
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('writes complete HTML5 pages from the default theme', async () => {
    const root = makeSite({ 'content/guide/page.md': '# Page\n\nText.\n' })
    await build({ root, config: { title: 'Docs', lang: 'fr' } })
    const html = read(root, 'guide/page/index.html')
    expect(html.startsWith('<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page · Docs</title>')).toBe(true)
    // The stylesheet's name carries its content's digest, so a browser may keep it for ever.
    const stylesheet = /<link rel="stylesheet" href="\.\.\/\.\.\/(_sheaf\/theme\.[0-9a-f]{8}\.css)">/.exec(html)?.[1]
    expect(stylesheet).toBeDefined()
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(existsSync(join(root, '_site', stylesheet!))).toBe(true)
    expect(existsSync(join(root, '_site/_sheaf/theme.css'))).toBe(false)
  })
})

describe('output folder safety', () => {
  it.each([
    ['the site root', '.', 'is the site root'],
    ['the content folder', 'content', 'is the content folder'],
    ['a parent of the site', '..', 'contains the site root'],
    ['the public folder', 'public', 'is the public folder'],
    ['a folder inside public/', 'public/out', 'is inside the public folder'],
  ])('refuses %s as output', async (_name, out, why) => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'public/robots.txt': 'x\n' })
    const before = snapshotDir(root)
    await expect(build({ root, config: { out } })).rejects.toMatchObject({ code: 'OUT_DIR_UNSAFE', message: expect.stringContaining(why) })
    expect(snapshotDir(root)).toEqual(before)
  })

  it('refuses to replace a folder of files that Sheaf did not write', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', '_site/precious.txt': 'mine\n' })
    await expect(build({ root })).rejects.toMatchObject({ code: 'OUT_DIR_FOREIGN' })
    expect(readFileSync(join(root, '_site/precious.txt'), 'utf8')).toBe('mine\n')
  })

  it('replaces its own previous output, removing pages whose source is gone', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/old.md': '# Old\n' })
    await build({ root })
    expect(existsSync(join(root, '_site/old/index.html'))).toBe(true)
    rmSync(join(root, 'content/old.md'))
    await build({ root })
    expect(existsSync(join(root, '_site/old/index.html'))).toBe(false)
    expect(existsSync(join(root, '_site/index.html'))).toBe(true)
  })

  it.each([
    ['with the cache', {}],
    ['without it (the whole folder is swapped)', { cache: false }],
  ])('removes only files Sheaf wrote, %s', async (_name, options) => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/old.md': '# Old\n' })
    await build({ root, ...options })
    // Someone puts files of their own into the output folder, and a page comes and goes between builds.
    writeFileSync(join(root, '_site/mine.txt'), 'mine\n')
    mkdirSync(join(root, '_site/extra'))
    writeFileSync(join(root, '_site/extra/notes.txt'), 'notes\n')
    writeFileSync(join(root, 'content/added.md'), '# Added\n')
    await build({ root })
    rmSync(join(root, 'content/old.md'))
    rmSync(join(root, 'content/added.md'))
    await build({ root, ...options })
    const files = Object.keys(snapshotDir(join(root, '_site'))).filter((path) => !path.startsWith('_sheaf/'))
    expect(files).toEqual(['.sheaf-build', 'extra/notes.txt', 'index.html', 'mine.txt'])
    expect(readFileSync(join(root, '_site/mine.txt'), 'utf8')).toBe('mine\n')
    expect(JSON.parse(readFileSync(join(root, '_site/.sheaf-build'), 'utf8')).files.map(withoutDigests).sort()).toEqual(['_sheaf/favicon.svg', '_sheaf/theme.css', '_sheaf/theme.js', 'index.html'])
  })

  it('leaves the previous output byte-for-byte intact when a build fails', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/guide.md': '# Guide\n', 'public/a.txt': 'a\n' })
    await build({ root })
    const before = snapshotDir(join(root, '_site'))
    writeFileSync(join(root, 'content/guide.md'), '---\ntitle: [broken\n---\n')
    writeFileSync(join(root, 'content/new.md'), '# New\n')
    const failure = await buildFails({ root })
    expect(failure.result.errors).toBe(1)
    expect(snapshotDir(join(root, '_site'))).toEqual(before)
    expect(listFiles(root).filter((path) => path.includes('sheaf-tmp') || path.includes('sheaf-old'))).toEqual([])
  })

  it('writes nothing outside the output folder and never changes a source', async () => {
    const root = copyFixture('clean-urls')
    const sources = snapshotDir(root)
    await build({ root })
    const after = snapshotDir(root)
    // Besides the output, only the cache is written, in .sheaf/cache.
    const outside = Object.keys(after).filter((path) => !path.startsWith('_site/') && !path.startsWith('.sheaf/cache/'))
    expect(Object.fromEntries(outside.map((path) => [path, after[path]]))).toEqual(sources)
    expect(Object.keys(after).some((path) => path.startsWith('.sheaf/cache/segments/'))).toBe(true)
  })

  it('builds into --out outside the site root', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const out = join(makeSite({}), 'deep/out')
    mkdirSync(join(out, '..'), { recursive: true })
    const result = await build({ root, out })
    expect(result.out).toBe(out)
    expect(listPlainFiles(out)).toEqual(['.sheaf-build', '_sheaf/favicon.svg', '_sheaf/theme.css', '_sheaf/theme.js', 'index.html'])
  })
})
