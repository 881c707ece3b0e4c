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

  it('takes {#custom-id} at the end of a heading as its id, off its text, its table of contents and its anchor link', async () => {
    const html = await renderMarkdown('## Reactive state {#reactive}\n\n### `useState` hook { #use-state }\n\n## Reactive state\n\n## Code `{#not-an-id}`\n', { extensions: [headings] })
    expect(html).toBe(
      [
        '<h2 id="reactive">Reactive state<a class="heading-anchor" href="#reactive" aria-label="Link to this section: Reactive state"></a></h2>',
        '<h3 id="use-state"><code>useState</code> hook<a class="heading-anchor" href="#use-state" aria-label="Link to this section: useState hook"></a></h3>',
        // The generated slug of the same text is another: the custom id is taken.
        '<h2 id="reactive-state">Reactive state<a class="heading-anchor" href="#reactive-state" aria-label="Link to this section: Reactive state"></a></h2>',
        // In code it is code.
        '<h2 id="code-not-an-id">Code <code>{#not-an-id}</code><a class="heading-anchor" href="#code-not-an-id" aria-label="Link to this section: Code {#not-an-id}"></a></h2>',
      ].join('\n'),
    )
  })

  it('lets links reach custom ids in anchor checks, and warns at the second heading of one id', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[to state](guide.md#reactive) and [to nowhere](guide.md#missing)\n',
      'content/guide.md': '# Guide\n\n## Reactive {#reactive}\n\n## Computed {#reactive}\n',
    })
    const result = await build({ root, config: { extensions: [headings] } })
    expect(result.messages.map((m) => [m.file?.replace(root, ''), m.line, m.column, m.reason, m.source])).toEqual([
      ['/content/guide.md', 5, 1, 'Two headings have the id `reactive` (the first at line 3): links to #reactive lead to the first', '@sheaf/headings'],
      ['/content/index.md', 3, 35, 'Link to a missing anchor: guide.md#missing', 'sheaf'],
    ])
    const page = await import('node:fs').then((fs) => fs.readFileSync(`${root}/_site/guide/index.html`, 'utf8'))
    expect(page).toContain('<h2 id="reactive">Reactive<a class="heading-anchor" href="#reactive"')
  })
})
