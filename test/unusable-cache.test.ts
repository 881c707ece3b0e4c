import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from './support/guarded.js'
import { makeSite, snapshotDir, withoutDigests } from './support/sites.js'

describe('a cache that cannot be used', () => {
  it('gives one warning and the build goes on without it, when .sheaf/cache is a file', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    mkdirSync(join(root, '.sheaf'))
    writeFileSync(join(root, '.sheaf/cache'), 'not a folder\n')
    for (const round of [1, 2]) {
      const result = await build({ root, onLog: () => {} })
      expect(result.errors, `round ${round}`).toBe(0)
      expect(result.messages.filter((message) => message.fatal === false).map((message) => message.reason), `round ${round}`).toEqual([
        `The cache in ${join(root, '.sheaf/cache')} could not be written (ENOTDIR: not a directory, mkdir '${join(root, '.sheaf/cache/segments')}'); the build went on without it.`,
      ])
      expect(Object.keys(snapshotDir(join(root, '_site'))).map(withoutDigests).sort()).toEqual(['.sheaf-build', '_sheaf/favicon.svg', '_sheaf/theme.css', '_sheaf/theme.js', 'a/index.html', 'index.html'])
    }
    expect(readFileSync(join(root, '.sheaf/cache'), 'utf8')).toBe('not a folder\n')
  })
})
