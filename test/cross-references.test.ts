import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, type App } from './support/guarded.js'
import { article } from './support/build.js'
import { makeSite } from './support/sites.js'

const withHeadings = { extensions: ['@sheaf/headings'] }
const links = (html: string): string[] => [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`)

describe('cross-references through the site index', () => {
  it('resolves #anchors, links to other pages’ anchors, and doc: references by id, path and title', async () => {
    const root = makeSite({
      'content/index.md': [
        '# Home',
        '',
        '[here](#home) [setup](guide/setup.md#install) [by id](doc:setup-page#install) [by title](<doc:Setting it up>) [](doc:guide/setup.md)',
      ].join('\n'),
      'content/guide/setup.md': '---\nid: setup-page\ntitle: Setting it up\n---\n\n## Install\n',
    })
    const result = await build({ root, config: withHeadings })
    expect(result.messages).toEqual([])
    expect(links(article(root))).toEqual([
      '#home here',
      'guide/setup/#install setup',
      'guide/setup/#install by id',
      'guide/setup/ by title',
      'guide/setup/ Setting it up',
    ])
  })

  it('links to a generated page by its URL with doc:/…', async () => {
    const root = makeSite({ 'content/guide/page.md': '[](doc:/list/)\n' })
    const lister = {
      name: 'lister',
      setup: (app: App) => app.addGenerator({ name: 'list', generate: () => [{ url: '/list/', title: 'The list' }] }),
    }
    const result = await build({ root, config: { extensions: [lister] } })
    expect(result.messages).toEqual([])
    expect(links(article(root, 'guide/page/index.html'))).toEqual(['../../list/ The list'])
  })

  it('warns about broken anchors and references, with their positions', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[a](#nope) [b](other.md#gone)\n[c](doc:nobody) [d](draft.md)\n',
      'content/other.md': '# Other\n',
      'content/draft.md': '---\ndraft: true\n---\n# Draft\n',
    })
    const result = await build({ root, config: withHeadings })
    expect(result.messages.map((m) => [m.file, m.line, m.column, m.reason])).toEqual([
      [join(root, 'content/index.md'), 3, 1, 'Link to a missing anchor: #nope'],
      [join(root, 'content/index.md'), 3, 12, 'Link to a missing anchor: other.md#gone'],
      [join(root, 'content/index.md'), 4, 1, 'Link to an unknown document: doc:nobody (no page has that id, path, title or URL)'],
      [join(root, 'content/index.md'), 4, 17, 'Link to a draft, which this build leaves out: draft.md (build with --drafts to include it)'],
    ])
  })

  it('resolves links in time linear in the size of the site', async () => {
    // 400 pages, each linking to every anchor of the next: the lookups are maps, so this stays fast; the
    // test asserts the result, and a quadratic resolver would show in the benchmark, not here.
    const files: Record<string, string> = {}
    for (let i = 0; i < 400; i++) files[`content/p${i}.md`] = `# Page ${i}\n\n## Part\n\n[next](p${(i + 1) % 400}.md#part) [self](#part)\n`
    const root = makeSite(files)
    const result = await build({ root, config: withHeadings })
    expect(result.messages).toEqual([])
    expect(links(article(root, 'p7/index.html'))).toEqual(['../p8/#part next', '#part self'])
  })
})
