import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/sites.js'

describe('the browser scripts the packages ship', () => {
  it('are their sources minified, as npm run assets writes them', async () => {
    // @ts-expect-error: a plain script of site-example, without types
    const { minifiedAssets } = (await import('../site-example/scripts/minify-assets.mjs')) as { minifiedAssets: () => Promise<Record<string, string>> }
    const expected = await minifiedAssets()
    expect(Object.keys(expected).sort()).toEqual(['extensions/diagrams/assets/diagrams.js', 'extensions/search/assets/minisearch.js', 'extensions/search/assets/search.js', 'extensions/tabs/assets/tabs.js', 'themes/default/assets/theme.js'])
    for (const [path, text] of Object.entries(expected)) {
      // A difference means a source changed without `npm run assets`.
      expect(readFileSync(join(repoRoot, path), 'utf8'), path).toBe(text)
      expect(text.split('\n').length, path).toBeLessThanOrEqual(3)
    }
    expect(expected['extensions/search/assets/minisearch.js']!.length).toBeLessThan(30_000)
  })

  it('ships MiniSearch of the version that builds the index', () => {
    const pinned = JSON.parse(readFileSync(join(repoRoot, 'extensions/search/package.json'), 'utf8')).dependencies.minisearch
    const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules/minisearch/package.json'), 'utf8')).version
    expect(pinned).toBe(installed)
    expect(readFileSync(join(repoRoot, 'extensions/search/assets/minisearch.js'), 'utf8')).toMatch(new RegExp(`^/\\* minisearch ${installed.replaceAll('.', '\\.')}, MIT licence`))
  })
})
