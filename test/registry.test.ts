import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Root as MdastRoot } from 'mdast'
import type { Root as HastRoot } from 'hast'
import { describe, expect, it } from 'vitest'
import { build, BuildFailedError, createSheaf, defineExtension, renderMarkdown, type App, type Extension } from './support/guarded.js'
import { makeSite, readAsset, withoutDigests } from './support/sites.js'

/** A transform that appends its name to a paragraph, so the order shows in the output. */
function marker(name: string, hints: Partial<Parameters<App['addTransform']>[0]> = {}): Parameters<App['addTransform']>[0] {
  return {
    name,
    stage: 'mdast',
    ...hints,
    run(tree: MdastRoot) {
      tree.children.push({ type: 'paragraph', children: [{ type: 'text', value: name }] })
    },
  } as Parameters<App['addTransform']>[0]
}

const withTransforms = (...transforms: Array<Parameters<App['addTransform']>[0]>): Extension =>
  defineExtension({
    name: 'order-test',
    setup(app) {
      for (const transform of transforms) app.addTransform(transform)
    },
  })

describe('transform order', () => {
  it('runs pre, then unmarked, then post, each in registration order', async () => {
    const ext = withTransforms(marker('b'), marker('post-1', { order: 'post' }), marker('c'), marker('pre-1', { order: 'pre' }))
    expect(await renderMarkdown('', { extensions: [ext] })).toBe('<p>pre-1</p>\n<p>b</p>\n<p>c</p>\n<p>post-1</p>')
  })

  it('honours before and after over pre and post, and ignores unknown names', async () => {
    const ext = withTransforms(
      marker('first', { order: 'pre', after: ['last'] }),
      marker('middle', { before: ['nobody'] }),
      marker('last', { order: 'post', before: ['middle'] }),
    )
    expect(await renderMarkdown('', { extensions: [ext] })).toBe('<p>last</p>\n<p>first</p>\n<p>middle</p>')
  })

  it('moves only the hook that gives a hint: before a pre hook, it runs just before it, and unrelated hooks keep their place', async () => {
    const ext = withTransforms(marker('a-pre', { order: 'pre' }), marker('b-plain'), marker('c-hint', { before: ['a-pre'] }))
    expect(await renderMarkdown('', { extensions: [ext] })).toBe('<p>c-hint</p>\n<p>a-pre</p>\n<p>b-plain</p>')
    // As rehype-katex with before: ['heading-ids'] did: the hook registered between keeps its place after heading-ids.
    const katex = withTransforms(marker('heading-ids'), marker('highlight'), marker('other'), marker('katex', { before: ['heading-ids'] }))
    expect(await renderMarkdown('', { extensions: [katex] })).toBe('<p>katex</p>\n<p>heading-ids</p>\n<p>highlight</p>\n<p>other</p>')
    // And after: a hook runs just after the one it follows, not at the end.
    const after = withTransforms(marker('early', { after: ['middle'] }), marker('middle'), marker('late'), marker('last', { order: 'post' }))
    expect(await renderMarkdown('', { extensions: [after] })).toBe('<p>middle</p>\n<p>early</p>\n<p>late</p>\n<p>last</p>')
  })

  it('refuses a transform or generator name another extension registered, naming both', async () => {
    const owner = defineExtension({ name: 'glossary', setup: (app) => app.addTransform(marker('terms')) })
    // Set up after "glossary": extensions with no hints are set up in the order of their names.
    const second = defineExtension({ name: 'terms-plus', setup: (app) => app.addTransform(marker('terms')) })
    await expect(createSheaf({ config: { extensions: [owner, second] }, discover: false, theme: false })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message:
        'Extension "terms-plus" called `addTransform` with transform "terms", a name that extension "glossary" registered already; hook names are shared by every extension, so give yours a prefix of its own (such as "terms-plus:…").',
    })
    const generator = { name: 'feed', generate: () => [] }
    const twice = defineExtension({ name: 'feeds', setup: (app) => (app.addGenerator(generator), app.addGenerator(generator)) })
    await expect(createSheaf({ config: { extensions: [twice] }, discover: false, theme: false })).rejects.toMatchObject({
      message: 'Extension "feeds" called `addGenerator` with generator "feed", a name this extension registered already.',
    })
  })

  it('reports a cycle of before/after hints, listing it', async () => {
    const ext = withTransforms(marker('a', { before: ['b'] }), marker('b', { before: ['a'] }))
    await expect(renderMarkdown('', { extensions: [ext] })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'The mdast hooks have a cycle in their before/after hints: a (order-test) -> b (order-test) -> a (order-test).',
    })
  })

  it('runs every mdast transform before every hast transform', async () => {
    const seen: string[] = []
    const ext = defineExtension({
      name: 'stages',
      setup(app) {
        app.addTransform({ name: 'h', stage: 'hast', order: 'pre', run: (tree: HastRoot) => void seen.push(`hast:${tree.type}`) })
        app.addTransform({ name: 'm', stage: 'mdast', order: 'post', run: (tree: MdastRoot) => void seen.push(`mdast:${tree.children[0]?.type}`) })
      },
    })
    await renderMarkdown('# x', { extensions: [ext] })
    expect(seen).toEqual(['mdast:heading', 'hast:root'])
  })

  it('replaces the tree with the one a transform returns', async () => {
    const ext = withTransforms({
      name: 'replace',
      stage: 'hast',
      run: () => ({ type: 'root', children: [{ type: 'text', value: 'replaced' }] }),
    })
    expect(await renderMarkdown('# gone', { extensions: [ext] })).toBe('replaced')
  })
})

describe('registration checks', () => {
  const setupFails = (setup: Extension['setup']) => createSheaf({ config: { extensions: [{ name: 'bad', setup }] }, discover: false, theme: false })

  it('throws naming the method when a hook is registered after setup', async () => {
    let saved: App | undefined
    await createSheaf({ config: { extensions: [{ name: 'late', setup: (app) => void (saved = app) }] }, discover: false, theme: false })
    expect(() => saved!.addTransform(marker('x'))).toThrow(
      'Cannot call `addTransform` after setup has finished: register hooks inside setup() (extension "late").',
    )
  })

  it('refuses a transform without a run function, naming the extension', async () => {
    await expect(setupFails((app) => app.addTransform({ name: 'x', stage: 'mdast' } as never))).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extension "bad" called `addTransform` with transform "x" without a `run(tree, file, ctx)` function.',
    })
  })

  it('refuses an unknown stage', async () => {
    await expect(setupFails((app) => app.addTransform({ ...marker('x'), stage: 'html' } as never))).rejects.toMatchObject({
      message: 'Extension "bad" called `addTransform` with transform "x" with stage "html"; expected \'mdast\', \'hast\' or \'site\'.',
    })
  })

  it('refuses a parser whose extensions do not start with a dot', async () => {
    await expect(setupFails((app) => app.addParser({ name: 'txt', extensions: ['txt'], parse: () => ({ type: 'root', children: [] }) }))).rejects.toMatchObject({
      message: 'Extension "bad" called `addParser` with parser "txt" claiming "txt"; file extensions start with a dot, such as \'.md\'.',
    })
  })

  it('refuses two parsers for one file extension, naming both, unless one overrides', async () => {
    const parse = () => ({ type: 'root' as const, children: [] })
    await expect(setupFails((app) => app.addParser({ name: 'other-md', extensions: ['.md'], parse }))).rejects.toMatchObject({
      code: 'PARSER_CONFLICT',
      message: 'Parsers "markdown" (@sheaf/markdown) and "other-md" (bad) both claim .md files.',
    })
    await expect(setupFails((app) => app.addParser({ name: 'other-md', extensions: ['.md'], parse, override: true }))).resolves.toBeDefined()
  })

  it('reports an extension that throws in setup with its name and version', async () => {
    await expect(
      createSheaf({ config: { extensions: [{ name: 'boom', version: '2.0.0', setup: () => { throw new Error('kaput') } }] }, discover: false, theme: false }),
    ).rejects.toMatchObject({ code: 'SETUP_FAILED', message: 'Extension "boom@2.0.0" failed in setup: kaput' })
  })
})

describe('parsers', () => {
  it('dispatches by file extension to a parser an extension adds', async () => {
    const root = makeSite({ 'content/notes.txt': 'line one\nline two\n', 'content/index.md': '# Home\n' })
    const txt = defineExtension({
      name: 'txt',
      setup(app) {
        app.addParser({
          name: 'text',
          extensions: ['.txt'],
          parse: (file) => ({
            type: 'root',
            children: String(file.value).trim().split('\n').map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
          }),
        })
      },
    })
    const result = await build({ root, config: { extensions: [txt] } })
    expect(result.pages.map((page) => page.url)).toEqual(['/', '/notes/'])
    expect(readFileSync(join(root, '_site/notes/index.html'), 'utf8')).toMatch(/<article class="document"><p>line one<\/p>\n<p>line two<\/p><\/article>/)
  })
})

describe('layouts', () => {
  const layoutExt = defineExtension({
    name: 'layouts',
    setup(app) {
      app.addLayout('page', () => '<html><body>from the extension</body></html>')
      app.addLayout('bare', (page) => ({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: page.title }] }] }))
    },
  })

  it('lets the theme win over an extension, and the site layouts/ folder over both', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/bare.md': '---\nlayout: bare\n---\n# Bare\n' })
    await build({ root, config: { extensions: [layoutExt] } })
    expect(withoutDigests(readFileSync(join(root, '_site/index.html'), 'utf8'))).toContain('<link rel="stylesheet" href="_sheaf/theme.css">')
    expect(readFileSync(join(root, '_site/bare/index.html'), 'utf8')).toBe('<!doctype html><p>Bare</p>\n')

    const overridden = makeSite({
      'content/index.md': '# Home\n',
      'layouts/page.ts': "import type { Layout } from 'sheaf'\nconst page: Layout = (page) => `<html><body>site layout: ${page.title}</body></html>`\nexport default page\n",
    })
    await build({ root: overridden, config: { extensions: [layoutExt] } })
    expect(readFileSync(join(overridden, '_site/index.html'), 'utf8')).toBe('<!doctype html>\n<html><body>site layout: Home</body></html>')
  })

  it('lets a layout wrap the one it replaces with page.parent(): the site over the theme, the theme over an extension, down to Sheaf’s own', async () => {
    const wrapping = defineExtension({
      name: 'wrapping',
      setup(app) {
        app.addLayout('bare', (page) => `<html><body><p>${page.title}</p></body></html>`)
        app.addLayout('lonely', async (page) => page.parent())
      },
    })
    const root = makeSite({
      'content/index.md': '# Home\n',
      'content/bare.md': '---\nlayout: bare\n---\n# Bare\n',
      'content/lonely.md': '---\nlayout: lonely\n---\n# Lonely\n',
      // The site's page layout adds a banner to the theme's page, and its bare layout wraps the extension's.
      'layouts/page.ts': [
        "import type { Layout } from 'sheaf'",
        'const page: Layout = async (page) => {',
        '  const tree = (await page.parent()) as any',
        "  const html = tree.type === 'root' ? tree.children.find((node: any) => node.tagName === 'html') : tree",
        "  html.children.find((node: any) => node.tagName === 'body').properties.dataBanner = 'site'",
        '  return tree',
        '}',
        'export default page',
        '',
      ].join('\n'),
      'layouts/bare.mjs': "export default async (page) => `<div class=\"site\">${await page.parent()}</div>`\n",
    })
    const failure = await build({ root, config: { extensions: [wrapping] }, onLog: () => {} }).catch((error: unknown) => error)
    expect((failure as BuildFailedError).result.messages.map((message) => message.reason)).toEqual([
      'Layout "lonely" (wrapping) called page.parent(), but it replaces no other layout of that name.',
    ])
    rmSync(join(root, 'content/lonely.md'))
    await build({ root, config: { extensions: [wrapping] }, onLog: () => {} })
    const home = readFileSync(join(root, '_site/index.html'), 'utf8')
    expect(home).toContain('<body class="layout-docs no-sidebar no-toc" data-banner="site">')
    expect(withoutDigests(home)).toContain('<link rel="stylesheet" href="_sheaf/theme.css">')
    expect(readFileSync(join(root, '_site/bare/index.html'), 'utf8')).toBe('<!doctype html>\n<div class="site"><html><body><p>Bare</p></body></html></div>')
  })

  it('reports an unknown layout at its front matter key, suggesting the nearest', async () => {
    const root = makeSite({ 'content/index.md': '---\nlayout: pgae\n---\n# Home\n' })
    await expect(build({ root })).rejects.toMatchObject({ code: 'BUILD_FAILED' })
    try {
      await build({ root })
    } catch (error) {
      const [message] = (error as { result: { messages: Array<{ reason: string; line: number; ruleId: string }> } }).result.messages
      // At the `layout` key.
      expect(message).toMatchObject({ reason: 'Layout "pgae" does not exist. Did you mean `page`? Known layouts: blog-list, home, page, post', line: 2, column: 1, ruleId: 'layout' })
    }
  })

  it('uses a minimal built-in page under --safe, where no theme is loaded', async () => {
    const root = makeSite({ 'content/index.md': '# Safe\n' })
    await build({ root, safe: true })
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toBe(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Safe</title></head><body><main><h1>Safe</h1></main></body></html>\n',
    )
  })
})

describe('isolation', () => {
  it('keeps two instances in one process apart', async () => {
    const a = await createSheaf({ config: { extensions: [withTransforms(marker('only-a'))] }, discover: false, theme: false })
    const b = await createSheaf({ config: { extensions: [] }, discover: false, theme: false })
    expect(a.registry.hooks.some((hook) => hook.name === 'only-a')).toBe(true)
    expect(b.registry.hooks.some((hook) => hook.name === 'only-a')).toBe(false)
  })
})

describe('the frozen registry', () => {
  it('refuses every kind of registration after setup, naming the method', async () => {
    let saved: App | undefined
    await createSheaf({ config: { extensions: [{ name: 'late', setup: (app) => void (saved = app) }] }, discover: false, theme: false })
    const app = saved!
    const calls: Array<[string, () => unknown]> = [
      ['addParser', () => app.addParser({ name: 'p', extensions: ['.x'], parse: () => ({ type: 'root', children: [] }) })],
      ['addTransform', () => app.addTransform(marker('t'))],
      ['addRemarkPlugin', () => app.addRemarkPlugin(() => undefined)],
      ['addRehypePlugin', () => app.addRehypePlugin(() => undefined)],
      ['addLayout', () => app.addLayout('l', () => '')],
      ['addDirective', () => app.addDirective({ name: 'd', render: () => undefined })],
      ['addGenerator', () => app.addGenerator({ name: 'g', generate: () => [] })],
      ['addCommand', () => app.addCommand({ name: 'c', description: 'c', run: () => 0 })],
      ['addConfig', () => app.addConfig('k', { default: 1 })],
      ['on', () => app.on('build:done', () => {})],
      ['defineHook', () => app.defineHook('late:hook', { strategy: 'first' })],
      ['provide', () => app.provide('s', {})],
    ]
    for (const [method, call] of calls) {
      expect(call).toThrow(`Cannot call \`${method}\` after setup has finished: register hooks inside setup() (extension "late").`)
    }
  })
})

describe('addAsset', () => {
  it('copies a folder with one call, file by file under its path, and refuses to link a folder', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'vendor/katex/katex.css': 'b{}', 'vendor/katex/fonts/a.woff2': 'A', 'vendor/katex/fonts/more/b.woff2': 'B' })
    const folder = join(root, 'vendor/katex')
    const katex = defineExtension({
      name: 'katex-assets',
      setup(app) {
        app.addAsset({ path: '_sheaf/katex/', from: folder })
        app.addAsset({ path: '_sheaf/katex/katex.css', from: join(folder, 'katex.css'), link: 'stylesheet' })
      },
    })
    // The folder, and one file of it again to link it: copied once, and every page loads it.
    await build({ root, config: { extensions: [katex] }, onLog: () => {} })
    expect(readFileSync(join(root, '_site/_sheaf/katex/fonts/more/b.woff2'), 'utf8')).toBe('B')
    // The linked stylesheet goes under a name with its digest, beside the folder's own copy (whose fonts it finds).
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toMatch(/<link rel="stylesheet" href="_sheaf\/katex\/katex\.[0-9a-f]{8}\.css">/)
    expect(readAsset(join(root, '_site'), '_sheaf/katex/katex.css')).toBe('b{}')
    const fonts = defineExtension({ name: 'katex-fonts', setup: (app) => app.addAsset({ path: '/_sheaf/fonts', from: join(folder, 'fonts') }) })
    await build({ root, config: { extensions: [fonts] }, onLog: () => {} })
    expect(readFileSync(join(root, '_site/_sheaf/fonts/a.woff2'), 'utf8')).toBe('A')
    expect(readFileSync(join(root, '_site/_sheaf/fonts/more/b.woff2'), 'utf8')).toBe('B')
    const linked = defineExtension({ name: 'linked', setup: (app) => app.addAsset({ path: '_sheaf/fonts/', from: join(folder, 'fonts'), link: 'stylesheet' }) })
    await expect(createSheaf({ root, config: { extensions: [linked] }, discover: false, theme: false })).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: `Extension "linked" called \`addAsset\` with asset "_sheaf/fonts/" with \`link\`, but its \`from\` is a folder (${join(folder, 'fonts')}); link one file of it with an addAsset of its own.`,
    })
  })
})
