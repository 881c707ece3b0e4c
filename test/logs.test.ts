import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DevSession } from '../src/serve/session.js'
import { build } from './support/guarded.js'
import { linkPackages, makeSite } from './support/sites.js'

/** An extension that logs a warning for every page it reads and renders, and one from a generator. */
const talker = `export default {
  name: 'talker',
  version: '1.0.0',
  setup(app) {
    const later = app.logger
    app.addTransform({ name: 'read-talk', stage: 'hast', run(tree, file, ctx) { ctx.logger.warn('read ' + file.data.sourcePath) } })
    app.addTransform({ name: 'render-talk', stage: 'site', run(tree, file) { later.warn('rendered ' + file.data.sourcePath) } })
    app.addGenerator({ name: 'talk', generate(site, ctx) { ctx.logger.warn('generated for ' + site.pages.length + ' pages'); return [] } })
  },
}
`

function talkingSite(pages: number): string {
  const files: Record<string, string> = { 'sheaf.config.mjs': "export default { title: 'Talk', extensions: ['./ext/talker.mjs'] }\n", 'ext/talker.mjs': talker }
  for (let n = 0; n < pages; n++) files[`content/p${String(n).padStart(2, '0')}.md`] = `# Page ${n}\n`
  const root = makeSite(files)
  linkPackages(root)
  return root
}

const quiet = { onLog: () => {} }
const reasons = (messages: ReadonlyArray<{ reason: string }>): string[] => messages.map((message) => message.reason)

const sessions: DevSession[] = []
afterAll(async () => {
  for (const session of sessions) await session.dispose()
})

describe('what hooks log travels with the document it was logged for', () => {

  it('in document order, whether pages were read and rendered on threads or on the main thread', async () => {
    const root = talkingSite(60)
    const sources = Array.from({ length: 60 }, (_, n) => `p${String(n).padStart(2, '0')}.md`)
    // The generator runs once every document is read, before pages are rendered.
    const expected = [...sources.map((source) => `read ${source}`), 'generated for 60 pages', ...sources.map((source) => `rendered ${source}`)]
    const threaded = await build({ root, cache: false, workers: 2, ...quiet })
    expect(threaded.stats.threads).toBe(2)
    expect(reasons(threaded.messages)).toEqual(expected)
    const serial = await build({ root, cache: false, workers: 1, ...quiet })
    expect(reasons(serial.messages)).toEqual(expected)
    // From the cache: what reading and rendering logged is kept with each page.
    expect(reasons((await build({ root, ...quiet })).messages)).toEqual(expected)
    const warm = await build({ root, ...quiet })
    expect(warm.stats).toMatchObject({ read: 0, reused: 60 })
    expect(reasons(warm.messages)).toEqual(expected)
  })

  it('under serve, as a build lists them, for as long as the document stands: an edit to one page leaves the others\u2019 warnings listed', async () => {
    const root = talkingSite(2)
    const { session } = await DevSession.start({ root, ...quiet })
    sessions.push(session)
    const expected = ['read p00.md', 'read p01.md', 'generated for 2 pages', 'rendered p00.md', 'rendered p01.md']
    expect(reasons(session.problems())).toEqual(expected)
    writeFileSync(join(root, 'content/p01.md'), '# Page one again\n')
    const report = await session.update([{ kind: 'change', path: join(root, 'content/p01.md') }])
    expect(report.rebuilt).toEqual(['p01/index.html'])
    expect(reasons(session.problems())).toEqual(expected)
  })
})

describe('serve runs what a build runs, validate included', () => {
  it('lists what validate finds once the outputs that need every page are made, and again after an edit', async () => {
    const checker = `export default {
  name: 'checker',
  version: '1.0.0',
  setup() {},
  validate(site) {
    return site.pages.filter((page) => !page.data.description).map((page) => ({ reason: page.url + ' has no description', severity: 'warning' }))
  },
}
`
    const root = makeSite({
      'sheaf.config.mjs': "export default { title: 'Check', extensions: ['./ext/checker.mjs'] }\n",
      'ext/checker.mjs': checker,
      'content/a.md': '---\ndescription: About A\n---\n\n# A\n',
      'content/b.md': '# B\n',
    })
    linkPackages(root)
    const built = await build({ root, cache: false, ...quiet })
    expect(reasons(built.messages)).toEqual(['/b/ has no description'])
    const { session } = await DevSession.start({ root, ...quiet })
    sessions.push(session)
    expect(reasons(session.problems())).toEqual(['/b/ has no description'])
    writeFileSync(join(root, 'content/a.md'), '# A\n')
    await session.update([{ kind: 'change', path: join(root, 'content/a.md') }])
    // After an edit, validate runs with the feeds and indexes: when one is next asked for.
    expect(reasons(session.problems())).toEqual([])
    expect(reasons((await session.completeOutputs()) ?? [])).toEqual(['/a/ has no description', '/b/ has no description'])
    expect(reasons(session.problems())).toEqual(['/a/ has no description', '/b/ has no description'])
  })
})

