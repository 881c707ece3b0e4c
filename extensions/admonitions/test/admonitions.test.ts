import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../src/index.js'

const render = (markdown: string) => renderMarkdown(markdown, { extensions: ['@sheaf/admonitions'] })

describe('@sheaf/admonitions', () => {
  it('renders a directive with its default title', async () => {
    expect(await render(':::note\nRemember *this*.\n:::\n')).toBe(
      '<aside class="admonition admonition-note" role="note"><p class="admonition-title">Note</p><p>Remember <em>this</em>.</p></aside>',
    )
  })

  it('takes a title from the label', async () => {
    expect(await render(':::danger[Data loss]\nBack up first.\n:::\n')).toBe(
      '<aside class="admonition admonition-danger" role="note"><p class="admonition-title">Data loss</p><p>Back up first.</p></aside>',
    )
  })

  it.each(['tip', 'warning', 'info', 'important', 'caution'])('knows :::%s', async (kind) => {
    expect(await render(`:::${kind}\nx\n:::\n`)).toContain(`<aside class="admonition admonition-${kind}" role="note">`)
  })

  it('reads GitHub alerts', async () => {
    expect(await render('> [!WARNING]\n> Mind the gap.\n')).toBe(
      '<aside class="admonition admonition-warning" role="note">\n<p class="admonition-title">Warning</p>\n<p>Mind the gap.</p>\n</aside>',
    )
    expect(await render('> [!TIP]\n>\n> Second paragraph.\n')).toBe(
      '<aside class="admonition admonition-tip" role="note">\n<p class="admonition-title">Tip</p>\n<p>Second paragraph.</p>\n</aside>',
    )
  })

  it('leaves ordinary block quotes alone', async () => {
    expect(await render('> [!nope] quoted\n')).toBe('<blockquote>\n<p>[!nope] quoted</p>\n</blockquote>')
  })
})
