import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { makeSite, readAsset } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('@sheaf/search', () => {
  it('writes an index of every page’s text that the browser script can load and search', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\nWelcome.\n',
      'content/guide/caching.md': '# Caching\n\nThe persistent cache keeps parsed documents between builds.\n\n## Invalidation\n',
      'content/secret.md': '---\nsearch: false\n---\n# Secret cache\n',
    })
    await build({ root, config: { extensions: ['@sheaf/search'] } })
    const sandbox: { self: { sheafSearchIndex?: { index: object; options: object } } } = { self: {} }
    runInNewContext(read(root, '_sheaf/search/index.js'), sandbox)
    const { index, options } = sandbox.self.sheafSearchIndex!
    const miniSearch = MiniSearch.loadJS(index as never, options as never)
    const results = miniSearch.search('cache')
    expect(results.map((result) => [result.title, result.url])).toEqual([['Caching', '/guide/caching/']])
    expect(miniSearch.search('invalidation').map((result) => result.url)).toEqual(['/guide/caching/'])
  })

  it('has every page load the search script after MiniSearch', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root, config: { extensions: ['@sheaf/search'] } })
    const html = read(root, 'index.html')
    expect(html).toMatch(/<script src="_sheaf\/search\/minisearch\.[0-9a-f]{8}\.js" defer><\/script><script src="_sheaf\/search\/search\.[0-9a-f]{8}\.js" defer><\/script>/)
    expect(readAsset(join(root, '_site'), '_sheaf/search/minisearch.js')).toContain('MiniSearch')
  })
})
