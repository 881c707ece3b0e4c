import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parallelThreshold } from '../src/pipeline/threads/threads.js'
import { build } from './support/guarded.js'
import { listFiles, makeSite, snapshotDir } from './support/sites.js'

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8)

/** A site with a theme of its own (a module and an assets folder), so that the test can change its stylesheet. */
function themedSite(pages = 0): string {
  return makeSite({
    ...Object.fromEntries(Array.from({ length: pages }, (_, n) => [`content/many/p${n}.md`, `# Page ${n}\n`])),
    'content/index.md': '# Home\n',
    'content/guide.md': '# Guide\n',
    'theme/index.mjs': [
      "import { fileURLToPath } from 'node:url'",
      'export default {',
      "  name: 'local',",
      "  assets: fileURLToPath(new URL('./assets', import.meta.url)),",
      "  layouts: { page: (page) => `<link rel=\"stylesheet\" href=\"${page.relative('/_sheaf/site.css')}\"><script src=\"${page.relative('/_sheaf/site.js')}\"></script><img src=\"${page.relative('/_sheaf/logo.svg')}\"><h1>${page.title}</h1>` },",
      '}',
      '',
    ].join('\n'),
    'theme/assets/site.css': 'body { color: teal; }\n',
    'theme/assets/site.js': 'console.log(1)\n',
    'theme/assets/logo.svg': '<svg/>\n',
  })
}

describe('stylesheets and scripts are written under names with their digests', () => {
  it('names them by the digest of their content, links them from every page, and leaves other files their names', async () => {
    const root = themedSite()
    await build({ root, config: { theme: './theme/index.mjs' } })
    const css = `_sheaf/site.${digest('body { color: teal; }\n')}.css`
    const js = `_sheaf/site.${digest('console.log(1)\n')}.js`
    expect(listFiles(join(root, '_site')).filter((path) => path.startsWith('_sheaf/'))).toEqual(['_sheaf/logo.svg', css, js].sort())
    expect(readFileSync(join(root, '_site/guide/index.html'), 'utf8')).toBe(`<!doctype html>\n<link rel="stylesheet" href="../${css}"><script src="../${js}"></script><img src="../_sheaf/logo.svg"><h1>Guide</h1>`)
  })

  it('renames a changed stylesheet in every page: a warm build writes what a fresh one does, and the old file goes', async () => {
    const root = themedSite()
    const options = { root, config: { theme: './theme/index.mjs' } }
    await build(options)
    const before = `_sheaf/site.${digest('body { color: teal; }\n')}.css`
    expect(existsSync(join(root, '_site', before))).toBe(true)
    writeFileSync(join(root, 'theme/assets/site.css'), 'body { color: navy; }\n')
    const warm = await build(options)
    const after = `_sheaf/site.${digest('body { color: navy; }\n')}.css`
    expect(warm.stats.reused).toBe(0)
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toContain(`href="${after}"`)
    expect(existsSync(join(root, '_site', before))).toBe(false)
    const warmOutput = snapshotDir(join(root, '_site'))
    await build({ ...options, cache: false })
    expect(snapshotDir(join(root, '_site'))).toEqual(warmOutput)
  })

  it('gives pages rendered on threads the same names', async () => {
    // Enough pages for threads (parallelThreshold).
    const root = themedSite(parallelThreshold)
    await build({ root, config: { theme: './theme/index.mjs' }, workers: 1 })
    const one = snapshotDir(join(root, '_site'))
    const threaded = await build({ root, config: { theme: './theme/index.mjs' }, workers: 2, cache: false })
    expect(threaded.stats.threads).toBe(2)
    expect(snapshotDir(join(root, '_site'))).toEqual(one)
  })
})
