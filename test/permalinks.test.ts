import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { permalinkLocation, slugLocation } from '../src/pipeline/permalinks.js'
import { build } from './support/guarded.js'
import { buildFails } from './support/build.js'
import { listFiles, makeSite, sheaf, snapshotDir } from './support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('permalinks and slugs', () => {
  it('puts a page where its front matter says, and links to its file lead there', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[intro](guide/intro.md) [other](guide/other.md#part)\n',
      'sheaf.config.mjs': "export default { extensions: ['@sheaf/headings'] }\n",
      'content/guide/intro.md': '---\npermalink: /start/here/\n---\n# Intro\n',
      'content/guide/other.md': '---\nslug: renamed\n---\n# Other\n\n## Part\n\n[back](intro.md)\n',
      'content/legacy.md': '---\npermalink: /old/page.html\n---\n# Legacy\n',
    })
    const result = await build({ root })
    expect(result.messages).toEqual([])
    expect(listFiles(join(root, '_site')).filter((path) => path.endsWith('.html'))).toEqual(['guide/renamed/index.html', 'index.html', 'old/page.html', 'start/here/index.html'])
    expect(result.pages.map((page) => [page.source, page.url, page.outPath])).toEqual([
      ['guide/intro.md', '/start/here/', 'start/here/index.html'],
      ['guide/other.md', '/guide/renamed/', 'guide/renamed/index.html'],
      ['index.md', '/', 'index.html'],
      ['legacy.md', '/old/page.html', 'old/page.html'],
    ])
    const home = read(root, 'index.html')
    expect(home).toContain('<a href="start/here/">intro</a>')
    expect(home).toContain('<a href="guide/renamed/#part">other</a>')
    expect(read(root, 'guide/renamed/index.html')).toContain('<a href="../../start/here/">back</a>')
  })

  it('moves the page and what links to it when the permalink changes: a warm build writes what a fresh one does', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n\n[intro](intro.md)\n', 'content/intro.md': '---\npermalink: /a/\n---\n# Intro\n', 'content/other.md': '# Other\n' })
    await build({ root })
    writeFileSync(join(root, 'content/intro.md'), '---\npermalink: /b/\n---\n# Intro\n')
    const warm = await build({ root })
    // Only the moved document is read again.
    expect([warm.stats.read, warm.stats.cached]).toEqual([1, 2])
    expect(existsSync(join(root, '_site/a/index.html'))).toBe(false)
    expect(read(root, 'index.html')).toContain('<a href="b/">intro</a>')
    const output = snapshotDir(join(root, '_site'))
    await build({ root, cache: false })
    expect(snapshotDir(join(root, '_site'))).toEqual(output)
  })

  it('refuses two pages at one place, naming both, and writes nothing', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n',
      'content/a.md': '# A\n',
      'content/b.md': '---\npermalink: /a/\n---\n# B\n',
      'public/c/index.html': '<p>c</p>\n',
      'content/d.md': '---\npermalink: /c/\n---\n# D\n',
    })
    const failure = await buildFails({ root })
    expect(failure.result.messages.map((m) => m.reason)).toEqual([
      `${join(root, 'content/b.md')} and ${join(root, 'content/a.md')} both write a/index.html (its front matter puts it there)`,
      `${join(root, 'content/d.md')} and ${join(root, 'public/c/index.html')} both write c/index.html (its front matter puts it there)`,
    ])
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('refuses, with exit 1 and the file, a permalink that could lead out of the output folder, and writes nothing outside it', () => {
    const parent = makeSite({})
    for (const [permalink, why] of [
      ['/../escape/', 'it holds a . or .. segment, which could lead out of the output folder'],
      ['/a/%2e%2e/%2e%2e/escape/', 'it holds a . or .. segment, which could lead out of the output folder'],
      ['/C:/Windows/x.html', 'it starts with a drive letter'],
      ['//evil.example/x/', 'it starts with //, which names another host'],
      ['/a\\..\\..\\x/', 'it holds a backslash; write / between folders'],
      ['/nul/%00/', 'it holds a control character (NUL, a line break …)'],
      ['relative/', 'a permalink starts with / (a path of the site, such as /guide/start/)'],
    ]) {
      const root = makeSite({ 'content/index.md': '# Home\n', 'content/bad.md': `---\ntitle: Bad\npermalink: ${JSON.stringify(permalink)}\n---\n# Bad\n` })
      const result = sheaf(['build', root, '--keep-going'])
      expect(result.code, permalink).toBe(1)
      expect(result.stderr, permalink).toContain(`${join(root, 'content/bad.md')}:3:1  error  The permalink ${JSON.stringify(permalink)} cannot be used: ${why}  [sheaf:permalink]`)
      expect(existsSync(join(root, '_site')), permalink).toBe(false)
      expect(listFiles(root).filter((path) => !path.startsWith('content/') && !path.startsWith('.sheaf/')), permalink).toEqual([])
    }
    expect(listFiles(parent)).toEqual([])
  })

  it('reads a permalink or a slug as the output expects', () => {
    expect(['/a/', '/a', '/a/b.html', '/', '/caf%C3%A9/', '/a//b/'].map((path) => permalinkLocation(path))).toEqual([
      { url: '/a/', outPath: 'a/index.html' },
      { url: '/a/', outPath: 'a/index.html' },
      { url: '/a/b.html', outPath: 'a/b.html' },
      { url: '/', outPath: 'index.html' },
      { url: '/caf%C3%A9/', outPath: 'café/index.html' },
      { url: '/a/b/', outPath: 'a/b/index.html' },
    ])
    expect(slugLocation({ url: '/guide/intro/', outPath: 'guide/intro/index.html' }, 'start')).toEqual({ url: '/guide/start/', outPath: 'guide/start/index.html' })
    expect(slugLocation({ url: '/', outPath: 'index.html' }, 'x')).toEqual({ problem: 'the page at / has no segment a slug could replace' })
    expect(slugLocation({ url: '/a/', outPath: 'a/index.html' }, 'b/c')).toEqual({ problem: 'a slug is one segment of the URL, without /; use permalink for a whole path' })
  })
})
