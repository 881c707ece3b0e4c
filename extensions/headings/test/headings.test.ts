import { describe, expect, it } from 'vitest'
import { build, renderMarkdown, type App } from '../../../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

const headings = '@sheaf/headings'

describe('@sheaf/headings', () => {
  it('gives headings GitHub-style slug ids, unique within the page, and anchor links', async () => {
    const html = await renderMarkdown('# Getting started\n\n## Install & run\n\n## Install & run\n\n### Ünïcode Çafé\n', { extensions: [headings] })
    expect(html).toBe(
      [
        '<h1 id="getting-started">Getting started<a class="heading-anchor" href="#getting-started" aria-label="Link to this section: Getting started"></a></h1>',
        '<h2 id="install--run">Install &#x26; run<a class="heading-anchor" href="#install--run" aria-label="Link to this section: Install &#x26; run"></a></h2>',
        '<h2 id="install--run-1">Install &#x26; run<a class="heading-anchor" href="#install--run-1" aria-label="Link to this section: Install &#x26; run"></a></h2>',
        '<h3 id="ünïcode-çafé">Ünïcode Çafé<a class="heading-anchor" href="#ünïcode-çafé" aria-label="Link to this section: Ünïcode Çafé"></a></h3>',
      ].join('\n'),
    )
  })

  it('keeps ids set before it and never reuses them', async () => {
    const presetId = {
      name: 'preset-id',
      setup: (app: App) =>
        app.addTransform({
          name: 'preset-id',
          stage: 'hast',
          order: 'pre',
          before: ['heading-ids'],
          run(tree) {
            const [first] = tree.children.filter((node) => node.type === 'element')
            if (first?.type === 'element') first.properties.id = 'intro'
          },
        }),
    }
    const html = await renderMarkdown('Text\n\n## Intro\n', { extensions: [[headings, { anchors: false }], presetId] })
    expect(html).toBe('<p id="intro">Text</p>\n<h2 id="intro-1">Intro</h2>')
  })

  it('records the table of contents (h2–h3 by default), and none with toc: false', async () => {
    const root = makeSite({
      'content/index.md': '# Title\n\n## One\n\n### One a\n\n#### Deep\n\n## Two\n',
      'content/none.md': '---\ntoc: false\n---\n## Hidden\n',
    })
    const tocs: Record<string, unknown> = {}
    const spy = { name: 'spy', setup: (app: App) => app.on('document:rendered', (_html, file) => void (tocs[file.data.sourcePath!] = file.data.toc)) }
    await build({ root, config: { extensions: [headings, spy] } })
    expect(tocs).toEqual({
      'index.md': [
        { depth: 2, text: 'One', id: 'one' },
        { depth: 3, text: 'One a', id: 'one-a' },
        { depth: 2, text: 'Two', id: 'two' },
      ],
      'none.md': [],
    })
  })
})
