import { describe, expect, it } from 'vitest'
import { createSheaf } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

describe('@sheaf/preset-docs', () => {
  it('brings every documentation extension, each set up once', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const sheaf = await createSheaf({ root, config: { extensions: ['@sheaf/preset-docs'] } })
    expect(sheaf.extensions.map((ext) => ext.name)).toEqual([
      '@sheaf/admonitions',
      '@sheaf/blog',
      '@sheaf/diagrams',
      '@sheaf/headings',
      '@sheaf/highlight',
      '@sheaf/include',
      '@sheaf/markdown',
      '@sheaf/math',
      '@sheaf/nav',
      '@sheaf/not-found',
      '@sheaf/redirects',
      '@sheaf/search',
      '@sheaf/sitemap',
      '@sheaf/tabs',
    ])
  })

  it('lets the config drop a member', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const sheaf = await createSheaf({ root, config: { extensions: ['@sheaf/preset-docs', ['@sheaf/search', false]] } })
    expect(sheaf.extensions.map((ext) => ext.name)).not.toContain('@sheaf/search')
  })
})
