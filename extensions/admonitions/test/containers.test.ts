import { describe, expect, it } from 'vitest'
import { build, renderMarkdown } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'
import { rewriteContainers } from '../src/other-containers.js'

const render = (markdown: string, options: object = {}) => renderMarkdown(markdown, { extensions: [['@sheaf/admonitions', options]] })

describe('containers written for other tools', () => {
  it('reads ::: tip Title (a space after the colons, a title after the kind) as :::tip[Title]', async () => {
    expect(await render('::: tip Faster builds\nUse the *cache*.\n:::\n')).toBe(
      '<aside class="admonition admonition-tip" role="note"><p class="admonition-title">Faster builds</p><p>Use the <em>cache</em>.</p></aside>',
    )
    expect(await render('::: warning\nCareful.\n:::\n')).toBe('<aside class="admonition admonition-warning" role="note"><p class="admonition-title">Warning</p><p>Careful.</p></aside>')
    // Nested, with more colons outside, as VitePress nests them.
    expect(await render(':::: danger Outer\n::: info Inner\nText.\n:::\n::::\n')).toBe(
      '<aside class="admonition admonition-danger" role="note"><p class="admonition-title">Outer</p><aside class="admonition admonition-info" role="note"><p class="admonition-title">Inner</p><p>Text.</p></aside></aside>',
    )
  })

  it('renders details as a collapsible <details> with its title as the summary, in either form', async () => {
    expect(await render('::: details Show the code\n\n```js\nrun()\n```\n\n:::\n')).toBe(
      '<details class="admonition admonition-details"><summary>Show the code</summary><pre><code class="language-js">run()\n</code></pre></details>',
    )
    expect(await render(':::details\nHidden.\n:::\n')).toBe('<details class="admonition admonition-details"><summary>Details</summary><p>Hidden.</p></details>')
  })

  it('leaves code, kinds it does not know, and titles with brackets as they are written', async () => {
    expect(await render('```md\n::: tip In code\n:::\n```\n')).toBe('<pre><code class="language-md">::: tip In code\n:::\n</code></pre>')
    expect(await render('::: code-group\nx\n:::\n')).toBe('<p>::: code-group\nx\n:::</p>')
    expect(rewriteContainers('::: tip A [link]\n:::\n', new Set(['tip']))).toBeUndefined()
    expect(await render('::: tip Off\nx\n:::\n', { spacedContainers: false })).toBe('<p>::: tip Off\nx\n:::</p>')
  })

  it('rewrites each opening line in place, at the same length: every position in the document stays where it was', () => {
    const text = 'Intro\n\n::: tip   Spaced  title  \nBody\n:::\r\n:::  details\nx\n:::\n'
    const rewritten = rewriteContainers(text, new Set(['tip', 'details']))!
    expect(rewritten.text.length).toBe(text.length)
    expect(rewritten.text.split('\n').map((line) => line.length)).toEqual(text.split('\n').map((line) => line.length))
    expect(rewritten.text).toBe('Intro\n\n:::tip[Spaced  title]    \nBody\n:::\r\n:::details  \nx\n:::\n')
    expect(rewritten.lines).toEqual([
      { line: 3, written: '::: tip   Spaced  title', canonical: ':::tip[Spaced  title]' },
      { line: 6, written: ':::  details', canonical: ':::details' },
    ])
  })

  it('says once per build how many there are and where the first is, and positions messages inside them as written', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n',
      'content/a.md': '# A\n\n::: tip Title\nSee [there](missing.md).\n:::\n\n::: details More\nx\n:::\n',
      'content/b.md': '# B\n\n::: warning\ny\n:::\n',
    })
    const logs: string[] = []
    const options = { root, config: { extensions: ['@sheaf/admonitions'] }, onLog: (level: string, source: string, message: string) => void logs.push(`${level} ${source} ${message}`) }
    const result = await build(options)
    const said = 'info @sheaf/admonitions 3 containers in 2 documents are written as `::: tip Title` (first at a.md:3), read as `:::tip[Title]`: write them so to be read the same by every tool built on remark-directive.'
    expect(logs.filter((line) => line.includes('containers'))).toEqual([said])
    expect(result.messages.map((m) => [m.line, m.column, m.reason])).toEqual([[4, 5, 'Link to a missing document: missing.md']])
    // A warm build, every document from the cache, says the same.
    logs.length = 0
    const warm = await build(options)
    expect(warm.stats.cached).toBe(3)
    expect(logs.filter((line) => line.includes('containers'))).toEqual([said])
  })
})
