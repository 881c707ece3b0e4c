import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import remarkBreaks from 'remark-breaks'
import rehypeSlug from 'rehype-slug'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { build, createSheaf, defineExtension, renderMarkdown, type Extension } from '../support/guarded.js'
import { article, buildFails } from '../support/build.js'
import { makeSite, sheaf } from '../support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('addRemarkPlugin and addRehypePlugin use published plugins unchanged', () => {
  it('runs remark-breaks and rehype-slug', async () => {
    const ext = defineExtension({
      name: 'plugins',
      setup(app) {
        app.addRemarkPlugin(remarkBreaks)
        app.addRehypePlugin(rehypeSlug)
      },
    })
    expect(await renderMarkdown('# Hello World\n\none\ntwo\n', { extensions: [ext] })).toBe('<h1 id="hello-world">Hello World</h1>\n<p>one<br>\ntwo</p>')
  })

  it('takes plugins from config markdown.remarkPlugins and rehypePlugins', async () => {
    expect(await renderMarkdown('# A B\n\nx\ny\n', { config: { markdown: { remarkPlugins: [remarkBreaks], rehypePlugins: [[rehypeSlug, { prefix: 'h-' }]] } } })).toBe(
      '<h1 id="h-a-b">A B</h1>\n<p>x<br>\ny</p>',
    )
  })

  it('reports messages a plugin leaves on the file, with the extension as source', async () => {
    const root = makeSite({ 'content/index.md': '# Title\n\nTODO: finish\n' })
    const ext = defineExtension({
      name: 'todo-lint',
      setup(app) {
        app.addRemarkPlugin(function remarkTodo() {
          return (tree, file) => {
            const paragraph = (tree as { children: Array<{ type: string; position?: unknown }> }).children[1]
            file.message('TODO left in the text', { place: paragraph?.position as never })
          }
        })
      },
    })
    const result = await build({ root, config: { extensions: [ext] } })
    expect(result.messages.map((m) => [m.line, m.column, m.reason, m.source, m.ruleId, m.fatal])).toEqual([
      [3, 1, 'TODO left in the text', 'todo-lint', 'remark-plugin:remarkTodo', false],
    ])
  })
})

describe('lazy plugins ({ load })', () => {
  it('imports a lazy plugin when the first document is read, and not at all when every page comes from the cache', async () => {
    const root = makeSite({ 'content/index.md': '# Hello World\n\none\ntwo\n', 'content/about.md': '# About\n' })
    let loads = 0
    const ext = defineExtension({
      name: 'lazy',
      version: '1.0.0',
      setup(app) {
        app.addRemarkPlugin({ load: async () => (loads++, import('remark-breaks')) }, undefined, { name: 'remark-breaks' })
        app.addRehypePlugin({ load: async () => (loads++, (await import('rehype-slug')).default) }, { prefix: 'h-' }, { name: 'rehype-slug' })
      },
    })
    const instance = await createSheaf({ root, config: { extensions: [ext] } })
    expect(loads).toBe(0)
    await instance.dispose()
    const first = await build({ root, config: { extensions: [ext] }, workers: 1 })
    expect(first.stats).toMatchObject({ read: 2, cached: 0 })
    expect(loads).toBe(2)
    expect(article(root)).toContain('<h1 id="h-hello-world">Hello World</h1>\n<p>one<br>\ntwo</p>')
    const warm = await build({ root, config: { extensions: [ext] }, workers: 1 })
    expect(warm.stats).toMatchObject({ read: 0, cached: 2, reused: 2 })
    expect(loads).toBe(2)
    expect(await renderMarkdown('# A\n\nx\ny\n', { extensions: [ext] })).toBe('<h1 id="h-a">A</h1>\n<p>x<br>\ny</p>')
  })

  it('fails the build once, naming the extension and the plugin, when a lazy plugin does not load', async () => {
    const root = makeSite({ 'content/index.md': '# One\n', 'content/two.md': '# Two\n' })
    const ext = defineExtension({
      name: 'broken',
      version: '2.0.0',
      setup(app) {
        app.addRemarkPlugin({ load: () => import('remark-not-installed' as string) }, undefined, { name: 'remark-missing' })
      },
    })
    await expect(build({ root, config: { extensions: [ext] }, cache: false })).rejects.toMatchObject({
      code: 'SETUP_FAILED',
      message: expect.stringMatching(/^Extension "broken@2\.0\.0" failed in remark-plugin:remark-missing \(load\): Cannot find package 'remark-not-installed'/),
    })
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('says what a lazy plugin gave instead of a plugin, and that it needs a name', async () => {
    const root = makeSite({ 'content/index.md': '# One\n' })
    const gaveObject = defineExtension({
      name: 'odd',
      setup(app) {
        app.addRehypePlugin({ load: async () => ({ default: 42 }) as never }, undefined, { name: 'rehype-odd' })
      },
    })
    await expect(build({ root, config: { extensions: [gaveObject] }, cache: false })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extension "odd" registered rehype-plugin "rehype-odd" whose load() gave number instead of a plugin function.',
    })
    const unnamed = defineExtension({
      name: 'unnamed',
      setup(app) {
        app.addRemarkPlugin({ load: () => import('remark-breaks') })
      },
    })
    await expect(createSheaf({ root, config: { extensions: [unnamed] } })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extension "unnamed" called `addRemarkPlugin` with a lazy plugin ({ load }) without a `name`.',
    })
  })
})

describe('addDirective', () => {
  const note = defineExtension({
    name: 'notes',
    setup(app) {
      app.addDirective({
        name: 'note',
        kinds: ['container'],
        render(node) {
          const label = (node as { attributes?: Record<string, string> }).attributes?.kind ?? 'note'
          node.data = { hName: 'aside', hProperties: { className: ['note', label] } }
        },
      })
      app.addDirective({ name: 'hr', kinds: ['leaf'], render: () => ({ type: 'thematicBreak' }) })
      app.addDirective({ name: 'kbd', kinds: ['text'], render: (node) => ({ type: 'inlineCode', value: (node.children[0] as { value: string }).value }) })
    },
  })

  it('renders container, leaf and text directives', async () => {
    const html = await renderMarkdown(':::note{kind=tip}\nInside :kbd[Ctrl]\n:::\n\n::hr\n', { extensions: [note] })
    expect(html).toBe('<aside class="note tip"><p>Inside <code>Ctrl</code></p></aside>\n<hr>')
  })

  it('puts an unknown text directive back as text, and warns about an unknown container, suggesting a name', async () => {
    const root = makeSite({ 'content/index.md': 'Ratio 16:9 and see:this.\n\n:::nots\nx\n:::\n' })
    const result = await build({ root, config: { extensions: [note] } })
    expect(article(root)).toContain('<p>Ratio 16:9 and see:this.</p>')
    expect(result.messages.map((m) => [m.line, m.column, m.reason, m.source, m.ruleId])).toEqual([
      [3, 1, 'Unknown directive `:::nots`. Did you mean `note`?', 'sheaf', 'directive'],
    ])
  })

  it('parses directive syntax on any site: without a directive extension, a transform sees the directive and an unknown one is a warning', async () => {
    const seen: string[] = []
    const looking = defineExtension({ name: 'looking', setup: (app) => app.addTransform({ name: 'looking', stage: 'mdast', run: (tree: { children: Array<{ type: string }> }) => void seen.push(...tree.children.map((node) => node.type)) }) })
    const root = makeSite({ 'content/index.md': 'Ratio 16:9.\n\n:::note\nx\n:::\n' })
    const result = await build({ root, config: { extensions: [looking] } })
    expect(result.messages.map((m) => [m.line, m.column, m.reason, m.fatal])).toEqual([[3, 1, 'Unknown directive `:::note`.', false]])
    expect(seen).toEqual(['paragraph', 'containerDirective'])
    expect(article(root)).toContain('<p>Ratio 16:9.</p>')
  })

  it('renders the directives inside the nodes a directive returns, and stops one that returns itself', async () => {
    const nested = defineExtension({
      name: 'nested',
      setup(app) {
        app.addDirective({ name: 'outer', render: () => [{ type: 'paragraph', children: [{ type: 'text', value: 'outer ' }, { type: 'textDirective', name: 'inner', children: [], attributes: {} }] }] as never })
        app.addDirective({ name: 'inner', render: () => ({ type: 'strong', children: [{ type: 'text', value: 'inner' }] }) })
        app.addDirective({ name: 'again', render: () => ({ type: 'leafDirective', name: 'again', children: [], attributes: {} }) as never })
      },
    })
    expect(await renderMarkdown('::outer\n', { extensions: [nested] })).toBe('<p>outer <strong>inner</strong></p>')
    const root = makeSite({ 'content/index.md': '# T\n\n::again\n' })
    const result = await build({ root, config: { extensions: [nested] } })
    expect(result.messages.map((m) => [m.line, m.column, m.reason, m.source])).toEqual([
      [3, 1, 'Directive `again` returned directives nested 32 deep (does one return itself?); the innermost were left as they are.', 'nested'],
    ])
  })

  it('parses markdown for a hook with the site syntax, positions in the file it names', async () => {
    let positions: unknown
    const snippet = defineExtension({
      name: 'snippet',
      setup(app) {
        app.addDirective({
          name: 'snippet',
          async render(_node, _file, ctx) {
            const tree = await ctx.parseMarkdown('Text with ~~gfm~~.\n\n:::note\nIn a directive.\n:::\n', { path: '/elsewhere/part.md', line: 10, offset: 200 })
            positions = tree.children.map((child) => [child.type, child.position?.start.line, child.position?.start.column, child.position?.start.offset])
            return tree.children
          },
        })
        app.addDirective({ name: 'note', render: (node) => void (node.data = { hName: 'aside' }) })
      },
    })
    expect(await renderMarkdown('::snippet\n', { extensions: [snippet] })).toBe('<p>Text with <del>gfm</del>.</p>\n<aside><p>In a directive.</p></aside>')
    // Lines and columns are the file's; offsets of text from another file lie in a range of their own, far past the document's.
    const [[, , , first], [, , , second]] = positions as Array<[string, number, number, number]>
    expect((positions as unknown[][]).map((entry) => entry.slice(0, 3))).toEqual([
      ['paragraph', 10, 1],
      ['containerDirective', 12, 1],
    ])
    expect(first).toBeGreaterThanOrEqual(2 ** 40 + 200)
    expect(second! - first!).toBe(20)
  })

  it('warns when a directive is used in a form it does not accept', async () => {
    const root = makeSite({ 'content/index.md': '::note\n' })
    const result = await build({ root, config: { extensions: [note] } })
    expect(result.messages.map((m) => [m.line, m.reason, m.source])).toEqual([[1, 'Directive `note` is not used as leaf (`::note`); write :::note.', 'notes']])
  })
})

describe('addGenerator', () => {
  const feed = (files: unknown): Extension =>
    defineExtension({
      name: 'feed',
      version: '0.3.0',
      setup(app) {
        app.addGenerator({ name: 'feed', generate: (site) => (typeof files === 'function' ? files(site) : files) })
      },
    })

  it('writes the files it returns, seeing every page of the site', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/b.md': '---\ntitle: Bee\n---\n' })
    const result = await build({
      root,
      config: {
        extensions: [feed((site: { pages: Array<{ url: string; title: string }> }) => [{ path: '/feed.txt', contents: site.pages.map((p) => `${p.url} ${p.title}`).join('\n') }])],
      },
    })
    expect(read(root, 'feed.txt')).toBe('/b/ Bee\n/ Home')
    expect(result.generated).toEqual(['feed.txt'])
  })

  it('refuses a path outside the output folder, naming the generator', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const error = await buildFails(build({ root, config: { extensions: [feed([{ path: '../escape.txt', contents: 'x' }])] } }))
    expect(error.result.messages.map((m) => [m.reason, m.source, m.ruleId])).toEqual([
      ['generated file "../escape.txt" would leave the output folder', 'feed@0.3.0', 'generator:feed'],
    ])
    expect(existsSync(join(root, '../escape.txt'))).toBe(false)
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('refuses a file that a page already writes, naming both', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const error = await buildFails(build({ root, config: { extensions: [feed([{ path: 'index.html', contents: 'x' }])] } }))
    expect(error.result.messages.map((m) => m.reason)).toEqual([`generator "feed" (feed) and ${join(root, 'content/index.md')} both write index.html`])
  })
})

describe('addCommand', () => {
  const site = () =>
    makeSite({
      'content/index.md': '# Hi\n',
      'sheaf.config.mjs': "export default { extensions: ['./ext/stats.mjs'] }\n",
      'ext/stats.mjs': `export default {
  name: 'stats',
  setup(app) {
    app.addCommand({
      name: 'stats',
      description: 'count the documents',
      run(args, ctx) {
        ctx.stdout.write('args: ' + JSON.stringify(args) + ' title: ' + ctx.config.lang + '\\n')
        return args.includes('--fail') ? 3 : 0
      },
    })
  },
}
`,
    })

  it('is listed in sheaf --help and runs with its arguments and exit code', () => {
    const root = site()
    expect(sheaf(['--help'], { cwd: root }).stdout).toMatch(/stats \[args\.\.\.\]\s+count the documents \(stats\)/)
    expect(sheaf(['stats', 'a', '--b'], { cwd: root })).toEqual({ code: 0, signal: null, stdout: 'args: ["a","--b"] title: en\n', stderr: '' })
    expect(sheaf(['stats', '--fail'], { cwd: root }).code).toBe(3)
  })

  it('may not take the name of a built-in command', async () => {
    const ext = defineExtension({ name: 'greedy', setup: (app) => app.addCommand({ name: 'build', description: 'x', run: () => 0 }) })
    await expect(createSheaf({ config: { extensions: [ext] }, discover: false, theme: false })).rejects.toMatchObject({
      message: 'Extension "greedy" registers command "build", a name that belongs to Sheaf itself.',
    })
  })
})

describe('addConfig', () => {
  const blog = defineExtension({
    name: 'blog',
    setup(app) {
      const options = app.addConfig('blog', { default: { dir: 'posts', perPage: 10 }, schema: z.strictObject({ dir: z.string(), perPage: z.number().int().positive() }) })
      app.addGenerator({ name: 'blog-info', generate: () => [{ path: 'blog.json', contents: JSON.stringify(options) }] })
    },
  })

  it('gives the default, or the validated value the config sets', async () => {
    const root = makeSite({ 'content/index.md': '' })
    await build({ root, config: { extensions: [blog] } })
    expect(read(root, 'blog.json')).toBe('{"dir":"posts","perPage":10}')
    await build({ root, config: { extensions: [blog], blog: { dir: 'news', perPage: 5 } } as never })
    expect(read(root, 'blog.json')).toBe('{"dir":"news","perPage":5}')
  })

  it('names the key and the extension when the value is invalid', async () => {
    await expect(createSheaf({ config: { extensions: [blog], blog: { dir: 'x', perPage: -1 } } as never, discover: false, theme: false })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'Config key `blog.perPage` (of extension "blog"): Too small: expected number to be >0',
    })
  })

  it('suggests extension keys too for an unknown key', async () => {
    await expect(createSheaf({ config: { extensions: [blog], blgo: {} } as never, discover: false, theme: false })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'Unknown config key `blgo`. Did you mean `blog`?',
    })
  })

  it('only warns about a key no enabled extension uses when an extension is disabled', async () => {
    const instance = await createSheaf({ config: { extensions: [blog], disable: ['blog'], blog: {} } as never, discover: false, theme: false })
    expect(instance.takeSiteMessages().map((m) => [m.reason, m.fatal])).toEqual([['Unknown config key `blog`. No enabled extension uses it.', false]])
  })
})

describe('on: lifecycle events', () => {
  it('fires every event in order, with listeners ordered, and dispose in reverse setup order', async () => {
    const log: string[] = []
    const listener = (name: string, extra: Partial<Extension> = {}): Extension =>
      defineExtension({
        name,
        ...extra,
        setup(app) {
          app.on('config:loaded', () => void log.push(`${name}:config`))
          app.on('build:start', (info) => void log.push(`${name}:start:${info.documents}`))
          app.on('document:read', (file) => void log.push(`${name}:read:${file.data.sourcePath}`))
          app.on('document:rendered', (html, file) => {
            log.push(`${name}:rendered:${file.data.sourcePath}`)
            return html.replace('</body>', `<!-- ${name} --></body>`)
          })
          app.on('build:done', (result) => void log.push(`${name}:done:${result.pages}`))
          app.on('dispose', () => void log.push(`${name}:dispose`))
        },
      })
    const root = makeSite({ 'content/index.md': '# Hi\n' })
    await build({ root, config: { extensions: [listener('b'), listener('a')] } })
    expect(log).toEqual([
      'a:config', 'b:config',
      'a:start:1', 'b:start:1',
      'a:read:index.md', 'b:read:index.md',
      'a:rendered:index.md', 'b:rendered:index.md',
      'a:done:1', 'b:done:1',
      'b:dispose', 'a:dispose',
    ])
    expect(read(root, 'index.html')).toContain('<!-- a --><!-- b --></body>')
  })

  it('refuses an unknown event, suggesting the nearest', async () => {
    const ext = defineExtension({ name: 'typo', setup: (app) => app.on('build:dnoe', () => {}) })
    await expect(createSheaf({ config: { extensions: [ext] }, discover: false, theme: false })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extension "typo" listens to "build:dnoe", which is neither a built-in event nor a hook an extension defined. Did you mean `build:done`?',
    })
  })
})

describe('defineHook: hooks an extension offers to others', () => {
  const offering = (strategy: 'first' | 'sequential' | 'parallel') =>
    defineExtension({
      name: 'offer',
      setup(app) {
        const hook = app.defineHook<[number], unknown>('offer:values', { strategy })
        app.addGenerator({ name: 'offer', generate: async () => [{ path: 'out.json', contents: JSON.stringify(await hook.call(1)) }] })
      },
    })
  const listener = (name: string, fn: (n: number) => unknown) =>
    defineExtension({ name, requires: { offer: '*' }, setup: (app) => app.on('offer:values', fn as never) })
  const withVersion = (ext: Extension): Extension => ({ ...ext, version: '1.0.0' })

  it.each([
    ['sequential', '4'],
    ['parallel', '[2,"x"]'],
    ['first', '2'],
  ] as const)('combines results with the %s strategy', async (strategy, expected) => {
    const root = makeSite({ 'content/index.md': '' })
    await build({
      root,
      config: { extensions: [withVersion(offering(strategy)), listener('l1', (n) => n + 1), listener('l2', (n) => (strategy === 'sequential' ? n * 2 : 'x'))] },
    })
    expect(read(root, 'out.json')).toBe(expected)
  })
})

declare module '../../src/extensions/types.js' {
  interface SheafEvents {
    /** A hook with a typed handler, as an extension that defines it would declare it. */
    'glossary:terms': (terms: string[]) => string[] | undefined
  }
}

describe('addParser', () => {
  it('gives a parser the body past the front matter, and where it starts, so its positions point into the file', async () => {
    const csv = defineExtension({
      name: 'csv',
      setup(app) {
        app.addParser({
          name: 'csv',
          extensions: ['.csv'],
          parse(file, ctx) {
            const rows = ctx.body.value.split('\n').filter(Boolean).map((row) => row.split(','))
            rows.forEach((row, index) => {
              if (row.length !== rows[0]!.length) file.message(`Row ${index + 1} has ${row.length} fields, not ${rows[0]!.length}`, { line: ctx.body.line + index, column: 1 })
            })
            const cells = rows.map((row) => ({ type: 'tableRow', children: row.map((cell) => ({ type: 'tableCell', children: [{ type: 'text', value: cell }] })) }))
            return { type: 'root', children: [{ type: 'table', children: cells }] } as never
          },
        })
      },
    })
    const root = makeSite({ 'content/data.csv': '---\ntitle: Sizes\n---\nname,size\nsmall\n' })
    const result = await build({ root, config: { extensions: [csv] } })
    expect(result.messages.map((m) => [m.file, m.line, m.column, m.reason])).toEqual([[join(root, 'content/data.csv'), 5, 1, 'Row 2 has 1 fields, not 2']])
    expect(article(root, 'data/index.html').replace(/\n/g, '')).toBe('<table><thead><tr><th>name</th><th>size</th></tr></thead><tbody><tr><td>small</td></tr></tbody></table>')
    expect(readFileSync(join(root, '_site/data/index.html'), 'utf8')).toContain('<title>Sizes</title>')
  })
})

describe('optional integrations', () => {
  const glossary = defineExtension({
    name: 'glossary',
    version: '1.0.0',
    setup(app) {
      // Typed from SheafEvents: call takes string[] and gives string[] | undefined.
      const terms = app.defineHook('glossary:terms', { strategy: 'sequential' })
      app.addGenerator({ name: 'glossary', generate: async () => [{ path: 'terms.json', contents: JSON.stringify(await terms.call(['api'])) }] })
    },
  })
  const seen: boolean[] = []
  const integration = defineExtension({
    name: 'acme',
    setup(app) {
      seen.push(app.has('glossary'), app.has('nope'))
      app.on('glossary:terms', (terms) => [...terms, 'acme'], { optional: true })
      // @ts-expect-error: the handler of a hook typed in SheafEvents is checked.
      app.on('glossary:terms', (count: number) => count + 1, { optional: true })
    },
  })

  it('answers app.has, and runs an optional listener when the hook is defined', async () => {
    seen.length = 0
    const root = makeSite({ 'content/index.md': '' })
    const run = (terms: string[]) => [...terms, 'acme']
    const listening = defineExtension({ name: 'acme', setup: (app) => (seen.push(app.has('glossary'), app.has('nope')), app.on('glossary:terms', run, { optional: true })) })
    await build({ root, config: { extensions: [glossary, listening] } })
    expect(seen).toEqual([true, false])
    expect(JSON.parse(readFileSync(join(root, '_site/terms.json'), 'utf8'))).toEqual(['api', 'acme'])
  })

  it('drops an optional listener when no extension defines the hook, and app.has says the extension is absent or disabled', async () => {
    seen.length = 0
    await createSheaf({ config: { extensions: [integration] }, discover: false, theme: false })
    await createSheaf({ config: { extensions: [integration, glossary], disable: ['glossary'] }, discover: false, theme: false })
    expect(seen).toEqual([false, false, false, false])
    // Not optional: listening to a hook nobody defines is still an error.
    const strict = defineExtension({ name: 'strict', setup: (app) => app.on('glossary:terms', (terms) => terms) })
    await expect(createSheaf({ config: { extensions: [strict] }, discover: false, theme: false })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extension "strict" listens to "glossary:terms", which is neither a built-in event nor a hook an extension defined.',
    })
  })
})

describe('provide and service', () => {
  const provider = defineExtension({ name: 'store', version: '1.0.0', setup: (app) => app.provide('store', { get: () => 'stored' }) })

  it('gives a service to an extension that requires its provider', async () => {
    let got = ''
    const user = defineExtension({ name: 'user', requires: { store: '^1.0.0' }, setup: (app) => void (got = app.service<{ get(): string }>('store').get()) })
    await createSheaf({ config: { extensions: [user, provider] }, discover: false, theme: false })
    expect(got).toBe('stored')
  })

  it('refuses a service to an extension that does not require its provider', async () => {
    const sneaky = defineExtension({ name: 'sneaky', after: ['store'], setup: (app) => void app.service('store') })
    await expect(createSheaf({ config: { extensions: [sneaky, provider] }, discover: false, theme: false })).rejects.toMatchObject({
      message: 'Extension "sneaky" asks for service "store" of extension "store" without requiring it: add "store" to its `requires`.',
    })
  })
})

describe('validate(site)', () => {
  it('runs before anything is published, and its errors fail the build with the file and line', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/b.md': '# No description\n' })
    const checker = defineExtension({
      name: 'checker',
      validate: (site) =>
        site.pages.filter((page) => !page.data.description).map((page) => ({ reason: `${page.url} has no description`, file: `content/${page.source}`, line: 1, severity: page.url === '/' ? 'warning' : 'error' }) as const),
      setup() {},
    })
    const error = await buildFails(build({ root, config: { extensions: [checker] } }))
    expect(error.result.messages.map((m) => [m.file, m.line, m.reason, m.source, m.ruleId, m.fatal])).toEqual([
      [join(root, 'content/b.md'), 1, '/b/ has no description', 'checker', 'validate', true],
      [join(root, 'content/index.md'), 1, '/ has no description', 'checker', 'validate', false],
    ])
    expect(existsSync(join(root, '_site'))).toBe(false)
  })
})
