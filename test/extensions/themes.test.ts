import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, createSheaf } from '../support/guarded.js'
import { installSite, listPlainFiles, makeSite, readAsset, withoutDigests } from '../support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('themes: one driver, chosen by config', () => {
  it('extends another theme: its own layouts and assets over the parent’s, the parent’s where it has none', async () => {
    const root = installSite(
      { 'content/index.md': '# Home\n', 'content/bare.md': '---\nlayout: bare\n---\n# Bare page\n' },
      { 'sheaf-theme-child': 'sheaf-theme-child' },
    )
    await build({ root, config: { theme: 'sheaf-theme-child' } })
    expect(withoutDigests(read(root, 'index.html'))).toContain('<link rel="stylesheet" href="_sheaf/theme.css">')
    expect(read(root, 'bare/index.html')).toBe('<!doctype html>\n<html lang="en"><body><main>Bare page</main></body></html>')
    expect(readAsset(join(root, '_site'), '_sheaf/theme.css')).toBe('/* child theme */\nbody { color: rebeccapurple; }\n')
    expect(listPlainFiles(join(root, '_site')).filter((path) => path.startsWith('_sheaf/'))).toEqual(['_sheaf/extra.css', '_sheaf/favicon.svg', '_sheaf/theme.css', '_sheaf/theme.js'])
    const instance = await createSheaf({ root, config: { theme: 'sheaf-theme-child' } })
    expect(instance.themes.map(({ theme }) => theme.name)).toEqual(['@sheaf/theme-default', 'sheaf-theme-child'])
  })

  it('reports a theme that is not installed, saying where it looked', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await expect(createSheaf({ root, config: { theme: 'sheaf-theme-nowhere' } })).rejects.toMatchObject({
      code: 'THEME_NOT_FOUND',
      message: expect.stringMatching(new RegExp(`^Theme "sheaf-theme-nowhere" was not found\\. Looked in:\\n  ${join(root, 'node_modules')}\\n`)),
    })
  })

  it('accepts a theme module by path', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n',
      'theme/index.mjs': "export default { name: 'local', layouts: { page: (page) => `<p>${page.title}</p>` } }\n",
    })
    await build({ root, config: { theme: './theme/index.mjs' } })
    expect(read(root, 'index.html')).toBe('<!doctype html>\n<p>Home</p>')
  })
})
