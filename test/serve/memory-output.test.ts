import { describe, expect, it } from 'vitest'
import { contentHash } from '../../src/output/staging.js'
import { MemoryOutput } from '../../src/serve/memory-output.js'

const names = (output: MemoryOutput): string[] => [...output.files.keys(), ...output.statics.keys()].sort()

describe('MemoryOutput: what serve answers from, round by round', () => {
  it('drops what a round of pages did not make, keeps late outputs until their own round, and keeps the last good version of a failed page', async () => {
    const output = new MemoryOutput()
    output.begin('pages')
    await output.write('a/index.html', '<p>A</p>', contentHash('<p>A</p>'))
    await output.write('b/index.html', '<p>B</p>')
    await output.copy('/site/public/logo.png', 'logo.png')
    output.settle()
    output.begin('late')
    await output.write('sitemap.xml', '<urlset/>')
    output.settle()
    expect(names(output)).toEqual(['a/index.html', 'b/index.html', 'logo.png', 'sitemap.xml'])
    expect(output.isLate('sitemap.xml')).toBe(true)

    // The next rebuild: a is unchanged, b fails, the logo is gone.
    output.begin('pages')
    expect(output.unchanged('a/index.html', contentHash('<p>A</p>'))).toBe(true)
    expect(output.unchanged('a/index.html', contentHash('<p>other</p>'))).toBe(false)
    output.settle(['b/index.html'])
    expect(names(output)).toEqual(['a/index.html', 'b/index.html', 'sitemap.xml'])
    expect(output.files.get('b/index.html')).toBe('<p>B</p>')

    // Its late round writes no sitemap any more: it goes.
    output.begin('late')
    output.settle()
    expect(names(output)).toEqual(['a/index.html', 'b/index.html'])
    expect(output.isLate('sitemap.xml')).toBe(false)
  })

  it('keeps a path a page now makes although the late outputs made it before', async () => {
    const output = new MemoryOutput()
    output.begin('late')
    await output.write('feed.xml', '<feed/>')
    output.settle()
    output.begin('pages')
    await output.write('feed.xml', '<p>a page</p>')
    output.settle()
    output.begin('late')
    output.settle()
    expect(output.files.get('feed.xml')).toBe('<p>a page</p>')
  })

  it('knows an unchanged file by the digest of what it holds when it was written without one', async () => {
    const output = new MemoryOutput()
    output.begin('pages')
    await output.write('x.html', '<p>X</p>')
    expect(output.unchanged('x.html', contentHash('<p>X</p>'))).toBe(true)
    await output.copy('/site/public/x.html', 'x.html')
    expect(output.unchanged('x.html', contentHash('<p>X</p>'))).toBe(false)
    expect(output.statics.get('x.html')).toBe('/site/public/x.html')
  })
})
