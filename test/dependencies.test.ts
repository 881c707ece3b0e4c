import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build, serve, type BuildOptions, type DevServer } from './support/guarded.js'
import { makeSite, sheaf, snapshotDir } from './support/sites.js'

const quiet = (root: string, options: BuildOptions = {}): BuildOptions => ({ root, onLog: () => {}, ...options })

/** A warm build's output and stats, and whether it equals a fresh build without the cache. */
async function warmEqualsFresh(root: string): Promise<{ stats: Awaited<ReturnType<typeof build>>['stats']; output: Record<string, string> }> {
  const { stats } = await build(quiet(root))
  const output = snapshotDir(join(root, '_site'))
  await build(quiet(root, { cache: false, out: join(root, '_fresh') }))
  expect(output).toEqual(snapshotDir(join(root, '_fresh')))
  rmSync(join(root, '_fresh'), { recursive: true })
  return { stats, output }
}

const page = (output: Record<string, string>, path: string): string => Buffer.from(output[path]!, 'base64').toString()

/** An include directive that reads its file through the context, and a transform that reads a variable. */
const includeExtension = `
export default {
  name: 'include',
  version: '1.0.0',
  setup(app) {
    app.addDirective({
      name: 'include',
      render(node, file, ctx) {
        return { type: 'paragraph', children: [{ type: 'text', value: ctx.readFile('snippets/' + node.attributes.file).trim() }] }
      },
    })
    app.addTransform({
      name: 'edition',
      stage: 'hast',
      run(tree, file, ctx) {
        if (file.data.matter.edition) tree.children.push({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Edition: ' + (ctx.env('SHEAF_TEST_EDITION') ?? 'none') }] })
      },
    })
  },
}
`

/** A site that uses the include extension, with these files besides. */
const includeSite = (files: Record<string, string>): string =>
  makeSite({ 'sheaf.config.mjs': "export default { extensions: ['./include.mjs'] }\n", 'include.mjs': includeExtension, ...files })

describe('inputs that are not documents', () => {
  afterEach(() => {
    delete process.env.SHEAF_TEST_EDITION
  })

  it('reads again the documents that read a file through ctx.readFile when it changes, appears or goes, and only them', async () => {
    const root = includeSite({
      'snippets/intro.txt': 'First snippet.\n',
      'content/a.md': '# A\n\n::include{file=intro.txt}\n',
      'content/b.md': '# B\n\nPlain.\n',
    })
    await build(quiet(root))
    writeFileSync(join(root, 'snippets/intro.txt'), 'Second snippet.\n')
    const edited = await warmEqualsFresh(root)
    expect(edited.stats).toMatchObject({ read: 1, cached: 1, rendered: 1, reused: 1 })
    expect(page(edited.output, 'a/index.html')).toContain('<p>Second snippet.</p>')

    // A file that is missing fails the document; creating it is a change like any other.
    writeFileSync(join(root, 'content/b.md'), '# B\n\n::include{file=later.txt}\n')
    const failed = await build(quiet(root)).catch((error: { result: { messages: Array<{ reason: string }> } }) => error.result)
    expect(failed.messages.map((message) => message.reason).join('\n')).toMatch(/ENOENT.*later\.txt/)
    writeFileSync(join(root, 'snippets/later.txt'), 'Later.\n')
    const created = await warmEqualsFresh(root)
    expect(page(created.output, 'b/index.html')).toContain('<p>Later.</p>')
  })

  it('reads a document again when a variable it read through ctx.env changes', async () => {
    const root = includeSite({
      'content/a.md': '---\nedition: true\n---\n# A\n',
      'content/b.md': '# B\n',
    })
    process.env.SHEAF_TEST_EDITION = 'community'
    await build(quiet(root))
    expect((await warmEqualsFresh(root)).stats).toMatchObject({ read: 0, cached: 2, reused: 2 })
    process.env.SHEAF_TEST_EDITION = 'enterprise'
    const changed = await warmEqualsFresh(root)
    expect(changed.stats).toMatchObject({ read: 1, cached: 1 })
    expect(page(changed.output, 'a/index.html')).toContain('Edition: enterprise')
    delete process.env.SHEAF_TEST_EDITION
    expect(page((await warmEqualsFresh(root)).output, 'a/index.html')).toContain('Edition: none')
  })

  it('builds everything again when a module that a local extension imports changes', () => {
    const root = makeSite({
      'sheaf.config.mjs': "export default { extensions: ['./ext/helperdep.ts'] }\n",
      'ext/helperdep.ts':
        "import { upper } from './lib/upper.js'\nexport default { name: 'helperdep', version: '1.0.0', setup(app: any) {\n" +
        "  app.addTransform({ name: 'shout', stage: 'hast', run(tree: any) { tree.children.push({ type: 'text', value: upper('done') }) } })\n} }\n",
      'ext/lib/upper.ts': "export const upper = (text: string): string => text.toUpperCase()\n",
      'content/a.md': '# A\n',
    })
    const summary = (): string => sheaf(['build', root]).stdout.split('\n')[0]!.replace(/ in \d+\.\d\d s/, '')
    expect(summary()).toBe('Built 1 page, copied 3 files')
    expect(summary()).toBe('Built 1 page, copied 3 files; 0 documents read, 1 from the cache, 1 page unchanged, 0 files written')
    expect(readFileSync(join(root, '_site/a/index.html'), 'utf8')).toContain('</h1>DONE')
    writeFileSync(join(root, 'ext/lib/upper.ts'), "export const upper = (text: string): string => `${text.toUpperCase()}!`\n")
    expect(summary()).toBe('Built 1 page, copied 3 files')
    expect(readFileSync(join(root, '_site/a/index.html'), 'utf8')).toContain('</h1>DONE!')
  })

  it('builds everything again when a file declared with app.addWatchFile changes', async () => {
    const root = makeSite({
      'sheaf.config.mjs':
        "import { readFileSync } from 'node:fs'\nexport default { extensions: [{ name: 'authors', setup(app) {\n" +
        "  app.addWatchFile('data/authors.txt')\n" +
        "  const authors = readFileSync(new URL('./data/authors.txt', import.meta.url), 'utf8').trim()\n" +
        "  app.addTransform({ name: 'authors', stage: 'hast', run(tree) { tree.children.push({ type: 'text', value: authors }) } })\n" +
        '} }] }\n',
      'data/authors.txt': 'Ada\n',
      'content/a.md': '# A\n',
    })
    await build(quiet(root))
    writeFileSync(join(root, 'data/authors.txt'), 'Grace\n')
    const changed = await warmEqualsFresh(root)
    expect(changed.stats).toMatchObject({ read: 1, cached: 0 })
    expect(page(changed.output, 'a/index.html')).toContain('</h1>Grace')
  })

  it('re-reads nothing and renders only the pages that show a title when only a page title changes', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[About](about.md) and [](doc:about.md)\n',
      'content/about.md': '# About\n',
      'content/other.md': '# Other\n',
    })
    await build(quiet(root))
    writeFileSync(join(root, 'content/about.md'), '# About us\n')
    const changed = await warmEqualsFresh(root)
    expect(changed.stats).toMatchObject({ read: 1, cached: 2, rendered: 2, reused: 1 })
    expect(page(changed.output, 'index.html')).toContain('>About us</a>')
  })
})

describe('what pages read of each other', () => {
  let server: DevServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  /** A glossary: a hast transform records each page's definitions, a site transform links terms to them. */
  const glossaryFiles = {
    'sheaf.config.mjs': "export default { extensions: ['./glossary.mjs'] }\n",
    'glossary.mjs': `
export default {
  name: 'glossary',
  version: '1.0.0',
  setup(app) {
    app.addTransform({
      name: 'definitions',
      stage: 'hast',
      run(tree, file) {
        const terms = {}
        for (const node of tree.children) {
          if (node.type === 'element' && node.tagName === 'p' && node.children[0]?.type === 'text') {
            const match = /^(\\w+): (.*)$/.exec(node.children[0].value)
            if (match) terms[match[1]] = match[2]
          }
        }
        file.data.terms = terms
      },
    })
    app.addTransform({
      name: 'terms',
      stage: 'site',
      run(tree, file, ctx) {
        const glossary = ctx.site.bySource('glossary.md')
        const terms = glossary?.file.data.terms ?? {}
        tree.children.push({ type: 'element', tagName: 'aside', properties: {}, children: [{ type: 'text', value: 'Sheaf: ' + (terms.Sheaf ?? '?') }] })
      },
    })
  },
}
`,
    'content/index.md': '# Home\n',
    'content/glossary.md': '# Glossary\n\nSheaf: a bundle of pages.\n',
    'content/guide.md': '# Guide\n',
  }

  it('renders again, in a warm build, the pages that read a field another page recorded', async () => {
    const root = makeSite(glossaryFiles)
    await build(quiet(root))
    writeFileSync(join(root, 'content/glossary.md'), '# Glossary\n\nSheaf: a static-site processor.\n')
    const changed = await warmEqualsFresh(root)
    expect(changed.stats).toMatchObject({ read: 1, cached: 2, rendered: 3, reused: 0 })
    expect(page(changed.output, 'guide/index.html')).toContain('<aside>Sheaf: a static-site processor.</aside>')
  })

  it('serves, after an edit, what a fresh build writes for the pages that read a field another page recorded', async () => {
    const root = makeSite(glossaryFiles)
    server = await serve({ root, port: 0, onLog: () => {} })
    const next = server.nextRebuild()
    writeFileSync(join(root, 'content/glossary.md'), '# Glossary\n\nSheaf: a static-site processor.\n')
    expect((await next).rebuilt.sort()).toEqual(['glossary/index.html', 'guide/index.html', 'index.html'])
    const served = await (await fetch(`${server.url}guide/`)).text()
    expect(served).toContain('<aside>Sheaf: a static-site processor.</aside>')
    await build(quiet(root, { cache: false }))
    expect(served.replace('<script src="/_sheaf/live.js" defer></script>', '')).toBe(readFileSync(join(root, '_site/guide/index.html'), 'utf8'))
  })
})
