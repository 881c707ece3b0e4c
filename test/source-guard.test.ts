import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSources, sourcesOf } from './support/sources.js'
import { makeSite } from './support/sites.js'

// Every build in the tests runs through this check (support/guarded.ts, and sheaf() for the command line).
describe('the check that builds leave sources alone', () => {
  it('sees a source changed, removed or added outside the output folder, and nothing inside it or the cache', () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n', 'sheaf.config.mjs': 'export default {}\n' })
    const before = sourcesOf(root)
    mkdirSync(join(root, '_site'))
    writeFileSync(join(root, '_site/index.html'), 'built')
    mkdirSync(join(root, '.sheaf'))
    writeFileSync(join(root, '.sheaf/cache'), 'cache')
    expect(() => checkSources(root, before, undefined)).not.toThrow()

    writeFileSync(join(root, 'content/index.md'), '# Changed\n')
    rmSync(join(root, 'content/a.md'))
    writeFileSync(join(root, 'PWNED'), '')
    expect(() => checkSources(root, before, undefined)).toThrow(
      `The build touched the site outside its output folder: removed ${join('content', 'a.md')}, changed ${join('content', 'index.md')}, added PWNED`,
    )
  })

  it('checks only sites the tests made', () => {
    expect(sourcesOf(process.cwd())).toBeUndefined()
  })
})
