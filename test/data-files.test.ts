import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, defineExtension } from './support/guarded.js'
import { buildFails } from './support/build.js'
import { makeSite, snapshotDir } from './support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

/** A site whose `team` layout lists site.data.team, and whose other pages read no data. */
function teamSite(): string {
  return makeSite({
    'content/index.md': '# Home\n',
    'content/about.md': '---\nlayout: team\n---\n# About\n',
    'content/extra.md': '---\nlayout: extra\n---\n# Extra\n',
    'layouts/team.mjs': "export default (page) => `<ul>${page.index.data.team.map((member) => `<li>${member.name}</li>`).join('')}</ul>`\n",
    'content/names.md': '---\nlayout: names\n---\n# Names\n',
    'layouts/names.mjs': "export default (page) => `<p>${Object.keys(page.index.data).join(' ')}</p>`\n",
    'layouts/extra.mjs': "export default (page) => `<p>${page.index.data.extra === undefined ? 'no extra' : page.index.data.extra.note}</p>`\n",
    'data/team.yaml': '- name: Ada\n- name: Grace\n',
    'data/links.json': '{ "home": "https://example.org/" }\n',
  })
}

describe('data files', () => {
  it('gives layouts, site transforms and generators the data folder as site.data, parsed and read-only', async () => {
    const root = teamSite()
    const seen: unknown[] = []
    const reader = defineExtension({
      name: 'reader',
      setup(app) {
        app.addTransform({ name: 'reader:links', stage: 'site', run: (_tree, _file, ctx) => void seen.push(ctx.site.data.links) })
        app.addGenerator({
          name: 'reader:json',
          generate(site) {
            expect(() => ((site.data as Record<string, unknown>).team = [])).toThrow('site.data is read-only')
            expect(Object.isFrozen(site.data.team)).toBe(true)
            return [{ path: 'data.json', contents: JSON.stringify({ names: Object.keys(site.data), team: site.data.team }) }]
          },
        })
      },
    })
    await build({ root, config: { extensions: [reader] } })
    expect(read(root, 'about/index.html')).toBe('<!doctype html>\n<ul><li>Ada</li><li>Grace</li></ul>')
    expect(read(root, 'data.json')).toBe('{"names":["links","team"],"team":[{"name":"Ada"},{"name":"Grace"}]}')
    expect(seen[0]).toEqual({ home: 'https://example.org/' })
  })

  it('renders again exactly the pages that read a data file when it changes or appears, and a warm build equals a fresh one', async () => {
    const root = teamSite()
    await build({ root })
    writeFileSync(join(root, 'data/team.yaml'), '- name: Ada\n- name: Katherine\n')
    const changed = await build({ root })
    // The team page, and the page that lists every data file (it reads them all).
    expect(changed.stats.rendered).toBe(2)
    expect(read(root, 'about/index.html')).toBe('<!doctype html>\n<ul><li>Ada</li><li>Katherine</li></ul>')
    // A file the extra page asked for and did not find appears.
    writeFileSync(join(root, 'data/extra.yml'), 'note: here now\n')
    const appeared = await build({ root })
    expect(appeared.stats.rendered).toBe(2)
    expect(read(root, 'extra/index.html')).toBe('<!doctype html>\n<p>here now</p>')
    expect(read(root, 'names/index.html')).toBe('<!doctype html>\n<p>extra links team</p>')
    const warm = snapshotDir(join(root, '_site'))
    await build({ root, cache: false })
    expect(snapshotDir(join(root, '_site'))).toEqual(warm)
    rmSync(join(root, 'data/extra.yml'))
    await build({ root })
    expect(read(root, 'extra/index.html')).toBe('<!doctype html>\n<p>no extra</p>')
  })

  it('fails the build at the line and column of a data file that does not parse, and on two files of one name', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n',
      'data/bad.yaml': 'a: 1\nb: [1, 2\nc: 3\n',
      'data/worse.json': '{\n  "a": 1,\n  "b": }\n',
      'data/twice.json': '{}\n',
      'data/twice.yaml': 'x: 1\n',
      'data/dup.yml': 'a: 1\na: 2\n',
    })
    const failure = await buildFails({ root })
    expect(failure.result.messages.map((m) => [m.file?.replace(root, ''), m.line ?? null, m.column ?? null, m.reason])).toEqual([
      ['/data/bad.yaml', 3, 1, 'Invalid YAML in a data file: Flow sequence in block collection must be sufficiently indented and end with a ]'],
      ['/data/dup.yml', 2, 1, 'Invalid YAML in a data file: Map keys must be unique'],
      ['/data/twice.yaml', null, null, 'Two data files are named "twice" (twice.json, twice.yaml): keep one'],
      ['/data/worse.json', 3, 8, 'Invalid JSON in a data file: value expected'],
    ])
  })
})
