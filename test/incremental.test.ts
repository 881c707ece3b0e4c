/**
 * The invariant of incremental builds: after any sequence of edits, what
 * `sheaf serve` holds and what a warm `sheaf build` writes equal a fresh
 * `sheaf build --no-cache`, byte for byte. `npm run fuzz:incremental` runs
 * many more cases (FUZZ_RUNS) and prints the seed of a failure, which
 * FUZZ_SEED replays.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { DevSession, type FileChange } from '../src/serve/session.js'
import { build } from './support/guarded.js'
import { linkPackages, makeSite, snapshotDir } from './support/sites.js'

const runs = Number(process.env.FUZZ_RUNS ?? 12)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
const longest = Number(process.env.FUZZ_STEPS ?? 8)
const envName = 'SHEAF_INCREMENTAL_EDITION'

/**
 * A local extension that reads every kind of input: a snippet through
 * `ctx.readFile`, a variable through `ctx.env`, a helper module it imports,
 * the config's title through `ctx.config`, and (in a site transform) the
 * definitions another page recorded in its `file.data`.
 */
const probe = `import { mark } from './lib/mark.js'
export default {
  name: 'probe',
  version: '1.0.0',
  setup(app: any) {
    app.addDirective({
      name: 'include',
      render(node: any, file: any, ctx: any) {
        return { type: 'paragraph', children: [{ type: 'text', value: mark(ctx.readFile('snippets/' + node.attributes.file).trim()) }] }
      },
    })
    app.addTransform({
      name: 'probe-read',
      stage: 'hast',
      run(tree: any, file: any, ctx: any) {
        const terms: Record<string, string> = {}
        for (const node of tree.children) {
          const text = node.type === 'element' && node.tagName === 'p' ? node.children[0] : undefined
          const match = text?.type === 'text' ? /^Term (\\w+): (.*)$/.exec(text.value) : null
          if (match) terms[match[1]] = match[2]
        }
        file.data.terms = terms
        if (file.data.matter.edition) tree.children.push({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Edition ' + (ctx.env('${envName}') ?? 'none') }] })
        if (file.data.matter.titled) tree.children.push({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'In ' + ctx.config.title }] })
      },
    })
    app.addTransform({
      name: 'probe-glossary',
      stage: 'site',
      run(tree: any, file: any, ctx: any) {
        if (!file.data.matter.glossary) return
        const terms = ctx.site.bySource('glossary.md')?.file.data.terms ?? {}
        tree.children.push({ type: 'element', tagName: 'aside', properties: {}, children: [{ type: 'text', value: JSON.stringify(terms) }] })
      },
    })
  },
}
`

const pageNames = ['index.md', 'glossary.md', 'guide/a.md', 'guide/b.md', 'c.md', 'guide/d.md']
const words = ['alpha', 'beta', 'gamma', 'delta']

type Operation =
  | { kind: 'body'; page: number; word: string }
  | { kind: 'title'; page: number; word: string }
  | { kind: 'matter'; page: number; key: 'glossary' | 'edition' | 'titled' | 'layout' | 'order'; on: boolean }
  | { kind: 'heading'; page: number; word: string }
  | { kind: 'add'; page: number }
  | { kind: 'remove'; page: number }
  | { kind: 'rename'; page: number; to: number }
  | { kind: 'term'; word: string }
  | { kind: 'snippet'; word: string }
  | { kind: 'helper'; word: string }
  | { kind: 'env'; word: string | undefined }
  | { kind: 'config'; word: string }
  | { kind: 'layout'; word: string }

const page = fc.nat({ max: pageNames.length - 1 })
const word = fc.constantFrom(...words)
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('body' as const), page, word }),
  fc.record({ kind: fc.constant('title' as const), page, word }),
  fc.record({ kind: fc.constant('matter' as const), page, key: fc.constantFrom('glossary' as const, 'edition' as const, 'titled' as const, 'layout' as const, 'order' as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant('heading' as const), page, word }),
  fc.record({ kind: fc.constant('add' as const), page }),
  fc.record({ kind: fc.constant('remove' as const), page }),
  fc.record({ kind: fc.constant('rename' as const), page, to: page }),
  fc.record({ kind: fc.constant('term' as const), word }),
  fc.record({ kind: fc.constant('snippet' as const), word }),
  fc.record({ kind: fc.constant('helper' as const), word }),
  fc.record({ kind: fc.constant('env' as const), word: fc.option(word, { nil: undefined }) }),
  fc.record({ kind: fc.constant('config' as const), word }),
  fc.record({ kind: fc.constant('layout' as const), word }),
)

/** A page's parts, written out as markdown with front matter. */
interface PageText {
  title: string
  matter: Partial<Record<'glossary' | 'edition' | 'titled' | 'layout' | 'order', boolean>>
  heading: string
  body: string
}

function pageText(name: string, text: PageText): string {
  const matter = [`title: ${text.title}`]
  if (text.matter.glossary) matter.push('glossary: true')
  if (text.matter.edition) matter.push('edition: true')
  if (text.matter.titled) matter.push('titled: true')
  if (text.matter.layout) matter.push('layout: plain')
  if (text.matter.order) matter.push('order: 1')
  const links = pageNames.filter((other) => other !== name).slice(0, 2).map((other) => `[to ${other}](/${other}) and [](doc:${other})`)
  const term = name === 'glossary.md' ? '' : ''
  return `---\n${matter.join('\n')}\n---\n\n${text.body}\n\n## ${text.heading}\n\n${links.join('\n')}\n\n::include{file=note.txt}\n${term}`
}

/** A site to edit: the probe, the navigation extension, a layout of the site's own, pages that link to each other. */
function makeProbeSite(): { root: string; pages: Map<string, PageText>; glossaryTerms: string[] } {
  const root = makeSite({
    'sheaf.config.mjs': "export default { title: 'Site', url: 'https://example.org/docs/', extensions: ['./ext/probe.ts', '@sheaf/nav', '@sheaf/headings'] }\n",
    'ext/probe.ts': probe,
    'ext/lib/mark.ts': 'export const mark = (text: string): string => `[${text}]`\n',
    'snippets/note.txt': 'A note.\n',
    'layouts/plain.mjs': "export default (page) => `<html><body><h1>${page.title}</h1><p>plain</p></body></html>`\n",
  })
  linkPackages(root)
  const pages = new Map<string, PageText>()
  for (const [index, name] of pageNames.slice(0, 4).entries()) {
    pages.set(name, { title: `Page ${index}`, matter: { glossary: index === 2 }, heading: 'Section', body: `Body of ${name}.` })
  }
  return { root, pages, glossaryTerms: ['Sheaf: a bundle'] }
}

/** Write every page as it now is. */
function writePage(root: string, name: string, text: PageText, terms: string[]): void {
  const path = join(root, 'content', name)
  mkdirSync(dirname(path), { recursive: true })
  const extra = name === 'glossary.md' ? `\n${terms.map((term) => `Term ${term}`).join('\n\n')}\n` : ''
  writeFileSync(path, pageText(name, text) + extra)
}

/** Apply one operation to the site on disk; returns the changed paths, for the server. */
function apply(site: ReturnType<typeof makeProbeSite>, op: Operation): FileChange[] {
  const { root, pages } = site
  const contentPath = (name: string): string => join(root, 'content', name)
  const existing = [...pages.keys()]
  const pick = (index: number): string | undefined => existing[index % Math.max(1, existing.length)]
  const rewrite = (name: string, change: (text: PageText) => void): FileChange[] => {
    const text = pages.get(name)!
    change(text)
    writePage(root, name, text, site.glossaryTerms)
    return [{ kind: 'change', path: contentPath(name) }]
  }
  switch (op.kind) {
    case 'body':
    case 'title':
    case 'heading': {
      const name = pick(op.page)
      if (name === undefined) return []
      return rewrite(name, (text) => {
        if (op.kind === 'body') text.body = `Body ${op.word}.`
        else if (op.kind === 'title') text.title = `Title ${op.word}`
        else text.heading = `Section ${op.word}`
      })
    }
    case 'matter': {
      const name = pick(op.page)
      if (name === undefined) return []
      return rewrite(name, (text) => void (text.matter[op.key] = op.on))
    }
    case 'add': {
      const name = pageNames[op.page]!
      if (pages.has(name)) return []
      pages.set(name, { title: `New ${op.page}`, matter: {}, heading: 'Added', body: 'A new page.' })
      writePage(root, name, pages.get(name)!, site.glossaryTerms)
      return [{ kind: 'add', path: contentPath(name) }]
    }
    case 'remove': {
      const name = pick(op.page)
      if (name === undefined || pages.size === 1) return []
      pages.delete(name)
      rmSync(contentPath(name))
      return [{ kind: 'unlink', path: contentPath(name) }]
    }
    case 'rename': {
      const from = pick(op.page)
      const to = pageNames[op.to]!
      if (from === undefined || pages.has(to)) return []
      pages.set(to, pages.get(from)!)
      pages.delete(from)
      mkdirSync(dirname(contentPath(to)), { recursive: true })
      renameSync(contentPath(from), contentPath(to))
      // A page's links are written for its name.
      writePage(root, to, pages.get(to)!, site.glossaryTerms)
      return [
        { kind: 'unlink', path: contentPath(from) },
        { kind: 'add', path: contentPath(to) },
      ]
    }
    case 'term': {
      site.glossaryTerms = [`Sheaf: ${op.word}`]
      if (!pages.has('glossary.md')) return []
      return rewrite('glossary.md', () => {})
    }
    case 'snippet':
      writeFileSync(join(root, 'snippets/note.txt'), `A note about ${op.word}.\n`)
      return [{ kind: 'change', path: join(root, 'snippets/note.txt') }]
    case 'helper':
      writeFileSync(join(root, 'ext/lib/mark.ts'), `export const mark = (text: string): string => \`[${op.word}: \${text}]\`\n`)
      return [{ kind: 'change', path: join(root, 'ext/lib/mark.ts') }]
    case 'env':
      if (op.word === undefined) delete process.env[envName]
      else process.env[envName] = op.word
      return []
    case 'config':
      writeFileSync(join(root, 'sheaf.config.mjs'), `export default { title: 'Site ${op.word}', url: 'https://example.org/docs/', extensions: ['./ext/probe.ts', '@sheaf/nav', '@sheaf/headings'] }\n`)
      return [{ kind: 'change', path: join(root, 'sheaf.config.mjs') }]
    case 'layout':
      writeFileSync(join(root, 'layouts/plain.mjs'), `export default (page) => \`<html><body><h1>\${page.title}</h1><p>plain ${op.word}</p></body></html>\`\n`)
      return [{ kind: 'change', path: join(root, 'layouts/plain.mjs') }]
  }
}

/** Every output file of the session, as a build would write it (the bytes of copied files read from their source). */
async function servedFiles(session: DevSession): Promise<Record<string, string>> {
  await session.completeOutputs()
  const out: Record<string, string> = {}
  for (const [path, contents] of session.files) out[path] = Buffer.from(contents).toString('base64')
  for (const [path, source] of session.statics) out[path] = readFileSync(source).toString('base64')
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}

const quiet = { onLog: () => {} }

/** Where two outputs differ, shortly: the paths one has and the other lacks, and the first difference in a file both have. */
function difference(actual: Record<string, string>, expected: Record<string, string>): string | undefined {
  const missing = Object.keys(expected).filter((path) => !(path in actual))
  const extra = Object.keys(actual).filter((path) => !(path in expected))
  if (missing.length > 0 || extra.length > 0) return `missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`
  for (const path of Object.keys(expected)) {
    if (actual[path] === expected[path]) continue
    const a = Buffer.from(actual[path]!, 'base64').toString()
    const e = Buffer.from(expected[path]!, 'base64').toString()
    let at = 0
    while (at < a.length && a[at] === e[at]) at += 1
    return `${path} differs at ${at}:\n  got      ${JSON.stringify(a.slice(Math.max(0, at - 80), at + 120))}\n  expected ${JSON.stringify(e.slice(Math.max(0, at - 80), at + 120))}`
  }
  return undefined
}

describe('incremental builds equal fresh ones', () => {
  const sessions: DevSession[] = []
  afterAll(async () => {
    delete process.env[envName]
    for (const session of sessions) await session.dispose()
  })

  it('serve keeps pages in source order after a rename, as a build does: two pages of one title keep their order in the navigation', async () => {
    const root = makeSite({
      'sheaf.config.mjs': "export default { title: 'Site', extensions: ['@sheaf/nav'] }\n",
      'content/index.md': '# Home\n',
      'content/guide/a.md': '---\ntitle: Same\n---\nA.\n',
      'content/guide/b.md': '---\ntitle: Same\n---\nB.\n',
    })
    linkPackages(root)
    const { session } = await DevSession.start({ root, ...quiet })
    sessions.push(session)
    // The new name sorts before the page that stays: a fresh build lists it first.
    renameSync(join(root, 'content/guide/b.md'), join(root, 'content/guide/0.md'))
    await session.update([
      { kind: 'unlink', path: join(root, 'content/guide/b.md') },
      { kind: 'add', path: join(root, 'content/guide/0.md') },
    ])
    await build({ root, cache: false, ...quiet })
    const { ['.sheaf-build']: _marker, ...expected } = snapshotDir(join(root, '_site'))
    expect(Buffer.from(expected['guide/a/index.html']!, 'base64').toString()).toContain('href="../0/" rel="prev"')
    expect(difference(await servedFiles(session), expected)).toBeUndefined()
  })

  it('after any sequence of edits, what serve holds and what a warm build writes equal a fresh build, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: longest }), async (operations) => {
        delete process.env[envName]
        const site = makeProbeSite()
        const { root } = site
        for (const [name, text] of site.pages) writePage(root, name, text, site.glossaryTerms)
        await build({ root, ...quiet })
        let { session } = await DevSession.start({ root, ...quiet })
        sessions.push(session)
        try {
          for (const op of operations) {
            const changes = apply(site, op)
            // A variable is read when the server starts: a new value means a new server.
            if (op.kind === 'env') {
              await session.dispose()
              session = (await DevSession.start({ root, ...quiet })).session
              sessions.push(session)
            } else if (changes.length > 0) {
              await session.update(changes)
            }
            const warm = await build({ root, ...quiet })
            const fresh = join(root, '_fresh')
            await build({ root, cache: false, out: fresh, ...quiet })
            const expected = snapshotDir(fresh)
            const context = `after ${JSON.stringify(op)} (of ${JSON.stringify(operations)})`
            expect(difference(snapshotDir(join(root, '_site')), expected), `warm build ${context}`).toBeUndefined()
            // The record of what a build wrote is the build's own.
            const { ['.sheaf-build']: _marker, ...pages } = expected
            expect(difference(await servedFiles(session), pages), `serve ${context}`).toBeUndefined()
            expect(warm.errors).toBe(0)
            rmSync(fresh, { recursive: true })
          }
        } finally {
          await session.dispose()
          sessions.splice(sessions.indexOf(session), 1)
          if (existsSync(root)) rmSync(root, { recursive: true, force: true })
        }
      }),
      { numRuns: runs, seed, endOnFailure: true },
    )
  }, Math.max(600_000, runs * 30_000))
})
