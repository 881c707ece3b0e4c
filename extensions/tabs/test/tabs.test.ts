import { describe, expect, it } from 'vitest'
import { build, renderMarkdown } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

describe('@sheaf/tabs', () => {
  it('writes every panel with its label, readable without a script', async () => {
    expect(await renderMarkdown('::::tabs{sync="pkg"}\n:::tab[npm]\nnpm i\n:::\n:::tab[*pnpm*]\npnpm add\n:::\n::::\n', { extensions: ['@sheaf/tabs'] })).toBe(
      '<div class="tabs" data-sync="pkg"><div class="tab-panel"><p class="tab-label">npm</p><p>npm i</p></div><div class="tab-panel"><p class="tab-label"><em>pnpm</em></p><p>pnpm add</p></div></div>',
    )
  })

  it('warns at a tab without a label and at a group without tabs, and has every page load its script', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n\n::::tabs\n:::tab\nx\n:::\n::::\n\n:::tabs\ny\n:::\n' })
    const result = await build({ root, config: { extensions: ['@sheaf/tabs'] } })
    expect(result.messages.map((m) => [m.line, m.column, m.reason, m.source]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [4, 1, 'A tab needs a label: :::tab[npm]', '@sheaf/tabs'],
      [9, 1, 'A tabs group without a :::tab[Label] panel shows nothing as tabs', '@sheaf/tabs'],
    ])
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(`${root}/_site/index.html`, 'utf8')).toMatch(/<script src="_sheaf\/tabs\.[0-9a-f]{8}\.js" defer><\/script>/)
  })
})
