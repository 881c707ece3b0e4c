import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, renderMarkdown } from '../../../src/index.js'
import { makeSite, readAsset, withoutDigests } from '../../../test/support/sites.js'
import { parseLineRanges } from '../src/lines.js'

const render = (markdown: string) => renderMarkdown(markdown, { extensions: ['@sheaf/highlight'] })

describe('@sheaf/highlight', () => {
  it('highlights a known language with token classes, one span per line', async () => {
    expect(await render('```js\nconst a = 1\nreturn a\n```\n')).toBe(
      '<pre data-language="js"><code class="language-js hljs">' +
        '<span class="line"><span class="hljs-keyword">const</span> a = <span class="hljs-number">1</span></span>\n' +
        '<span class="line"><span class="hljs-keyword">return</span> a</span>\n</code></pre>',
    )
  })

  it('marks lines from {2,4-5} and splits tokens that cross lines', async () => {
    const html = await render('```js {2-3}\n/* one\ntwo */\nx\ny\n```\n')
    expect(html).toBe(
      '<pre data-language="js"><code class="language-js hljs">' +
        '<span class="line"><span class="hljs-comment">/* one</span></span>\n' +
        '<span class="line highlighted"><span class="hljs-comment">two */</span></span>\n' +
        '<span class="line highlighted">x</span>\n' +
        '<span class="line">y</span>\n</code></pre>',
    )
  })

  it('leaves unknown languages as plain lines, escaped', async () => {
    expect(await render('```klingon\n<qapla>\n```\n')).toBe(
      '<pre data-language="klingon"><code class="language-klingon hljs"><span class="line">&#x3C;qapla></span>\n</code></pre>',
    )
  })

  it('puts a title="…" caption above the block', async () => {
    expect(await render('```ts title="app.ts"\nlet x\n```\n')).toBe(
      '<figure class="code-block"><figcaption class="code-title">app.ts</figcaption><pre data-language="ts"><code class="language-ts hljs">' +
        '<span class="line"><span class="hljs-keyword">let</span> x</span>\n</code></pre></figure>',
    )
  })

  it('parses line ranges', () => {
    expect([...parseLineRanges('{1, 3-5,9}')]).toEqual([1, 3, 4, 5, 9])
    expect([...parseLineRanges('title="x"')]).toEqual([])
  })

  it('ships its stylesheet and links it from every page', async () => {
    const root = makeSite({ 'content/index.md': '```css\na { color: red }\n```\n' })
    await build({ root, config: { extensions: ['@sheaf/highlight'] } })
    expect(readAsset(join(root, '_site'), '_sheaf/highlight.css')).toContain('.hljs')
    expect(withoutDigests(readFileSync(join(root, '_site/index.html'), 'utf8'))).toContain('<link rel="stylesheet" href="_sheaf/highlight.css">')
  })
})
