import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import type { Processor } from 'unified'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../src/index.js'

describe('@sheaf/markdown', () => {
  it('renders CommonMark', async () => {
    expect(await renderMarkdown('# Hello *world*\n\n> quoted `code`\n')).toBe(
      '<h1>Hello <em>world</em></h1>\n<blockquote>\n<p>quoted <code>code</code></p>\n</blockquote>',
    )
  })

  it('renders GitHub Flavored Markdown tables, task lists and strikethrough', async () => {
    const html = await renderMarkdown('| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~\n')
    expect(html).toContain('<th align="left">a</th>')
    expect(html).toContain('<td align="right">2</td>')
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> done</li>')
    expect(html).toContain('<del>gone</del>')
  })

  it('leaves GFM out with gfm: false', async () => {
    const html = await renderMarkdown('~~kept~~ www.example.com\n', { extensions: [['@sheaf/markdown', { gfm: false }]] })
    expect(html).toBe('<p>~~kept~~ www.example.com</p>')
  })

  it('refuses an option it does not take, or of the wrong type, naming it', async () => {
    await expect(renderMarkdown('# T\n', { extensions: [['@sheaf/markdown', { parsr: 'fast' }]] })).rejects.toThrow(
      'Extension "@sheaf/markdown": no option `parsr`. Did you mean `parser`?',
    )
    await expect(renderMarkdown('# T\n', { extensions: [['@sheaf/markdown', { parser: 'remark' }]] })).rejects.toThrow(
      'Extension "@sheaf/markdown": option `parser`: expected \'fast\' or \'micromark\', not "remark".',
    )
    await expect(renderMarkdown('# T\n', { extensions: [['@sheaf/markdown', { gfm: 'yes' }]] })).rejects.toThrow(
      'Extension "@sheaf/markdown": option `gfm`: expected true, false or remark-gfm\'s options object, not "yes".',
    )
    await expect(renderMarkdown('# T\n', { extensions: [['@sheaf/markdown', { gfm: { singleTilde: false } }]] })).resolves.toBe('<h1>T</h1>')
  })

  it('renders nothing for front matter', async () => {
    expect(await renderMarkdown('---\ntitle: x\n---\n\nBody\n')).toBe('<p>Body</p>')
  })

  it('keeps raw HTML as written', async () => {
    expect(await renderMarkdown('<div class="x">\n\n*in*\n\n</div>\n')).toBe('<div class="x">\n<p><em>in</em></p>\n</div>')
  })

  it('gives syntax extensions of remark plugins to the parser', async () => {
    // With GFM off, a remark plugin that adds only the strikethrough syntax must reach the parser.
    const html = await renderMarkdown('~~x~~\n', {
      extensions: [
        ['@sheaf/markdown', { gfm: false }],
        {
          name: 'strike',
          setup(app) {
            app.addRemarkPlugin(function strikethroughOnly(this: Processor) {
              const data = this.data() as Record<string, unknown[] | undefined>
              ;(data.micromarkExtensions ??= []).push(gfmStrikethrough())
              ;(data.fromMarkdownExtensions ??= []).push(gfmStrikethroughFromMarkdown())
            })
          },
        },
      ],
    })
    expect(html).toBe('<p><del>x</del></p>')
  })
})
