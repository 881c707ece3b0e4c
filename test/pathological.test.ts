import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cases } from '../bench/pathological-cases.mjs'
import { build, BuildFailedError, type BuildResult } from './support/guarded.js'
import { makeSite } from './support/sites.js'
import { spinning } from './support/spinning.js'

const slug = (name: string): string => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()
/** The size each case is built at: a 32nd of cmark's (a 128th for the reference flood), enough to be pathological, quick when handled well. */
const sizeOf = (name: string, full: number): number => (full === 1 ? 1 : Math.floor(full / (name === 'many references' || name === 'nested strong emph' ? 128 : 32)))
const where = (root: string, result: BuildResult): string[] =>
  result.messages.filter((message) => message.fatal).map((message) => `${(message.file ?? '').slice(root.length + 1)}:${message.line ?? '-'}:${message.column ?? '-'} ${message.reason}`)

async function buildFailing(root: string): Promise<BuildResult> {
  try {
    return await build({ root, keepGoing: true, onLog: () => {} })
  } catch (error) {
    if (error instanceof BuildFailedError) return error.result
    throw error
  }
}

describe("cmark's pathological inputs, through the whole pipeline", () => {
  it('builds each one, or refuses it with a message that names the file, the limit and how to raise it', async () => {
    const files: Record<string, string> = {}
    for (const { name, full, make } of cases) files[`content/${slug(name)}.md`] = `# ${name}\n\n${make(sizeOf(name, full))}\n`
    const root = makeSite(files)
    const result = await buildFailing(root)
    const page = (name: string): string => readFileSync(join(root, '_site', slug(name), 'index.html'), 'utf8')
    const n = (name: string): number => sizeOf(name, cases.find((c) => c.name === name)!.full)

    // The block quotes are refused before they are parsed, with the place where they pass the limit; every other page is built.
    expect(where(root, result)).toEqual([
      `content/nested-block-quotes.md:3:202 Block quotes and lists nest more than 100 levels deep here, so the document is not parsed (a parser recurses once per level). If it is meant to be this deep, raise limits.nestingDepth in the config.`,
    ])
    // A failed build publishes nothing: build again without them, and look at the pages.
    writeFileSync(join(root, 'content/nested-block-quotes.md'), '# nested block quotes\n')
    const again = await build({ root, cache: false, workers: 2, onLog: () => {} })
    expect(again.errors).toBe(0)
    expect(again.stats.threads).toBe(2)

    expect(page('nested strong emph')).toMatch(new RegExp(`(?:<em>a <strong>a ){${n('nested strong emph')}}b(?: a</strong> a</em>){${n('nested strong emph')}}`))
    const times = (text: string, count: number): RegExp => new RegExp(`(?:${text}){${count}}`)
    expect(page('many emph closers with no openers')).toMatch(times('a_ ', n('many emph closers with no openers') - 1))
    expect(page('many emph openers with no closers')).toMatch(times('_a ', n('many emph openers with no closers') - 1))
    expect(page('many link closers with no openers')).toMatch(times('a\\]', n('many link closers with no openers')))
    expect(page('many link openers with no closers')).toMatch(times('\\[a', n('many link openers with no closers')))
    expect(page('mismatched openers and closers')).toMatch(times('\\*a_ ', n('mismatched openers and closers') - 1))
    expect(page('openers and closers multiple of 3')).toMatch(new RegExp(`a\\*\\*b(?:c\\* ){${n('openers and closers multiple of 3') - 1}}c\\*`))
    expect(page('link openers and emph closers')).toMatch(times('\\[ a_', n('link openers and emph closers')))
    expect(page('hard link/emph case')).toContain('**x <a href="d">a<em>b**c</em></a>')
    expect(page('nested brackets')).toMatch(new RegExp(`\\[{${n('nested brackets')}}a\\]{${n('nested brackets')}}`))
    expect(page('deeply nested lists').match(/<ul>/g)).toHaveLength(n('deeply nested lists'))
    expect(page('U+0000 in input')).toContain('abc\ufffdde\ufffd')
    expect(page('backticks')).not.toMatch(/<code>/)
    expect(page('unclosed links A')).toMatch(times('\\[a\\]\\(&#x3C;b', n('unclosed links A')))
    expect(page('unclosed links B')).toMatch(times('\\[a\\]\\(b', n('unclosed links B')))
    expect(page('many references')).toMatch(times('\\[0\\] ', n('many references') - 1))
  }, 120_000)
})

describe('limits on one document', () => {
  it('stops a document that takes longer than its budget on its thread, and goes on with the others under --keep-going', async () => {
    // Work that never ends (a transform that spins on this document), and padding past 32 KB, so it is read on a thread even in a small site.
    const slow = '---\nspin: true\n---\n' + 'Padding. '.repeat(4000) + '\n'
    const root = makeSite({
      'content/slow.md': slow,
      'content/fine.md': '# Fine\n',
      'sheaf.config.mjs': `export default { limits: { documentSeconds: 1 }, extensions: [${spinning}] }\n`,
    })
    const result = await buildFailing(root)
    expect(where(root, result)).toEqual([
      'content/slow.md:-:- Reading this document took longer than 1 s (limits.documentSeconds), so its thread was stopped: it may hold pathological markdown, such as thousands of nested brackets, emphasis markers or backticks, or megabytes of front matter. If it is meant to take this long, raise limits.documentSeconds in the config.',
    ])
    // The other document was read (on a fresh thread) and rendered.
    expect(result.stats).toMatchObject({ read: 2, rendered: 1 })
    expect(result.pages.map((page) => page.source)).toEqual(['fine.md'])
  }, 60_000)

  it('says so when a document nests too deeply for the call stack in a way the nesting limit does not see', async () => {
    const root = makeSite({ 'content/deep.md': `# Deep\n\n${'> '.repeat(3000)}a\n`, 'sheaf.config.mjs': 'export default { limits: { nestingDepth: 100000 } }\n' })
    const result = await buildFailing(root)
    expect(where(root, result)).toEqual([
      'content/deep.md:-:- The document nests too deeply to be processed (the call stack ran out): look for thousands of nested emphasis markers, brackets, block quotes or lists. Block nesting past limits.nestingDepth is refused before parsing; this is nesting of another kind.',
    ])
  })

  it('refuses block nesting past the limit before parsing, and builds what stays within it', async () => {
    const lists = Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- item ${i}\n`).join('')
    const root = makeSite({
      'content/lists.md': `# Lists\n\n${lists}`,
      'content/code.md': `# Code\n\n\`\`\`\n${' '.repeat(400)}indented code\n\`\`\`\n\n> > > three quotes\n`,
    })
    const result = await buildFailing(root)
    expect(where(root, result)).toEqual([
      'content/lists.md:103:202 Block quotes and lists nest more than 100 levels deep here, so the document is not parsed (a parser recurses once per level). If it is meant to be this deep, raise limits.nestingDepth in the config.',
    ])
    writeFileSync(join(root, 'sheaf.config.mjs'), 'export default { limits: { nestingDepth: 150 } }\n')
    const raised = await build({ root, onLog: () => {} })
    expect(raised.errors).toBe(0)
    expect(readFileSync(join(root, '_site/lists/index.html'), 'utf8').match(/<ul>/g)).toHaveLength(150)
    expect(readFileSync(join(root, '_site/code/index.html'), 'utf8')).toContain('<blockquote>\n<blockquote>\n<blockquote>\n<p>three quotes</p>')
  })
})
