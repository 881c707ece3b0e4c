import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, BuildFailedError, type Extension } from './support/guarded.js'
import { makeSite, snapshotDir } from './support/sites.js'

describe('file names', () => {
  it('builds odd names to percent-encoded URLs, and links between them resolve', async () => {
    const root = makeSite({
      'content/100%.md': '# Percent\n\nSee [c++](c++.md), [brackets](%5Bb%5D.md), [braces](%7Bx%7D.md), [space](<dir with space/a b.md>), [greek](αβγ.md) and [Japanese](日本語.md).\n',
      'content/c++.md': '# C++\n',
      'content/[b].md': '# Brackets\n',
      'content/{x}.md': '# Braces\n',
      'content/dir with space/a b.md': '# Space\n\nBack to [percent](../100%25.md).\n',
      'content/αβγ.md': '# Greek\n',
      'content/日本語.md': '# Japanese\n',
      // Hidden, as every file whose name starts with a dot: left out, like `.DS_Store`.
      'content/..md': '# Dots\n',
    })
    const result = await build({ root, onLog: () => {} })
    expect(result.messages.map(String)).toEqual([])
    expect(result.pages.map((page) => [page.source, page.url, page.outPath])).toEqual([
      ['100%.md', '/100%25/', '100%/index.html'],
      ['[b].md', '/%5Bb%5D/', '[b]/index.html'],
      ['c++.md', '/c%2B%2B/', 'c++/index.html'],
      ['dir with space/a b.md', '/dir%20with%20space/a%20b/', 'dir with space/a b/index.html'],
      ['{x}.md', '/%7Bx%7D/', '{x}/index.html'],
      ['αβγ.md', '/%CE%B1%CE%B2%CE%B3/', 'αβγ/index.html'],
      ['日本語.md', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/', '日本語/index.html'],
    ])
    const percent = readFileSync(join(root, '_site/100%/index.html'), 'utf8')
    for (const href of ['../c%2B%2B/', '../%5Bb%5D/', '../%7Bx%7D/', '../dir%20with%20space/a%20b/', '../%CE%B1%CE%B2%CE%B3/', '../%E6%97%A5%E6%9C%AC%E8%AA%9E/']) {
      expect(percent).toContain(`href="${href}"`)
    }
    expect(readFileSync(join(root, '_site/dir with space/a b/index.html'), 'utf8')).toContain('href="../../100%25/"')
    expect(Object.keys(snapshotDir(join(root, '_site'))).filter((path) => path.endsWith('.html')).sort()).toEqual([...result.pages.map((page) => page.outPath)].sort())
  })
})

describe('paths an extension gives', () => {
  const generator = (outputs: Array<{ path: string; contents: string } | { url: string; title: string }>): Extension =>
    ({ name: 'gen', version: '1.0.0', setup: (app) => app.addGenerator({ name: 'gen', generate: () => outputs }) }) as Extension

  it.each([
    [{ path: '..\\..\\escape.txt', contents: 'x' }, 'generated file "..\\\\..\\\\escape.txt" would leave the output folder'],
    [{ path: 'C:/Windows/escape.txt', contents: 'x' }, 'generated file "C:/Windows/escape.txt" would leave the output folder'],
    [{ path: 'a/../../escape.txt', contents: 'x' }, 'generated file "a/../../escape.txt" would leave the output folder'],
    [{ path: 'nul\u0000.txt', contents: 'x' }, 'generated file "nul\\u0000.txt" would leave the output folder'],
    [{ url: '/../escape/', title: 'Out' }, 'generated page "/../escape/" would leave the output folder'],
    [{ url: 'relative/', title: 'Out' }, 'generated page URL "relative/" must start with /'],
  ])('refuses %j, naming the generator, and writes nothing', async (output, reason) => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const error = await build({ root, config: { extensions: [generator([output])] }, onLog: () => {} }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(BuildFailedError)
    expect((error as BuildFailedError).result.messages.map((message) => [message.reason, message.source, message.ruleId])).toEqual([[reason, 'gen@1.0.0', 'generator:gen']])
    expect(existsSync(join(root, '_site'))).toBe(false)
    expect(existsSync(join(root, '../escape.txt'))).toBe(false)
  })
})
