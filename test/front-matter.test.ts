import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { readFrontMatter } from '../src/pipeline/front-matter.js'
import * as v from 'valibot'
import { build, defineExtension } from './support/guarded.js'
import { buildFails } from './support/build.js'
import { copyFixture, linkPackages, makeSite, sheaf } from './support/sites.js'

function read(text: string): { data: Record<string, unknown>; file: VFile } {
  const file = new VFile({ path: 'doc.md', value: text })
  return { data: readFrontMatter(file).data, file }
}

function failure(text: string): { reason: string; line: number | undefined; column: number | undefined } {
  try {
    read(text)
  } catch (error) {
    const message = error as { reason: string; line?: number; column?: number }
    return { reason: message.reason, line: message.line, column: message.column }
  }
  throw new Error('expected the front matter to be refused')
}

describe('front matter', () => {
  it('reads a YAML mapping', () => {
    expect(read('---\ntitle: Intro\ntags: [a, b]\norder: 2\n---\n\n# Body\n').data).toEqual({ title: 'Intro', tags: ['a', 'b'], order: 2 })
  })

  it('reads CRLF line endings and a byte order mark', () => {
    expect(read('\uFEFF---\r\ntitle: Windows\r\n---\r\nBody\r\n').data).toEqual({ title: 'Windows' })
  })

  it('treats empty front matter as an empty mapping', () => {
    expect(read('---\n---\n# Body\n').data).toEqual({})
  })

  it('treats a document without front matter as having none', () => {
    expect(read('# Title\n\n---\n\ntext\n').data).toEqual({})
  })

  it('treats an unclosed opening fence as a thematic break, not front matter', () => {
    expect(read('---\n\nJust a rule above.\n').data).toEqual({})
  })

  it('reports invalid YAML with the line in the document', () => {
    expect(failure('---\ntitle: ok\ntags: [a, b\n---\n')).toEqual({
      reason: 'Invalid YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]',
      line: 4,
      column: 1,
    })
  })

  it('reports a duplicate key', () => {
    expect(failure('---\ntitle: a\ntitle: b\n---\n')).toEqual({ reason: 'Invalid YAML in front matter: Map keys must be unique', line: 3, column: 1 })
  })

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = String.fromCharCode('a'.charCodeAt(0) + i)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`)
    }
    const result = failure(`---\n${levels.join('\n')}\n---\n`)
    expect(result.reason).toBe(
      'Front matter could not be read: Excessive alias count indicates a resource exhaustion attack (at most 100 aliases are expanded)',
    )
    expect(result.line).toBe(2)
  })

  it('expands a few aliases as YAML intends', () => {
    expect(read('---\nbase: &b {x: 1}\nother: *b\n---\n').data).toEqual({ base: { x: 1 }, other: { x: 1 } })
  })

  it('refuses front matter marked as code, and never runs it', () => {
    expect(failure("---js\n{ title: (globalThis.ran = true, 'x') }\n---\n")).toEqual({
      reason: 'Front matter marked `---js` is not supported: Sheaf reads plain `---` YAML front matter only and never runs code from a document',
      line: 1,
      column: 4,
    })
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined()
  })

  it('refuses front matter that is not a mapping', () => {
    expect(failure('---\n- a\n- b\n---\n')).toEqual({
      reason: 'Front matter must be a mapping of keys to values (such as `title: Intro`)',
      line: 2,
      column: 1,
    })
  })
})

describe('front matter errors in a build', () => {
  it('fails the build with exit 1 and names file, line and column for invalid YAML', () => {
    const root = copyFixture('invalid-yaml')
    const result = sheaf(['build', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${join(root, 'content/index.md')}:4:1  error  Invalid YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]  [sheaf:front-matter]`,
    )
    expect(result.stderr).toContain('  > 4 | ---')
    expect(result.stderr).toContain('The build failed with 1 error; the previous output was left as it was.')
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('fails the build on an alias bomb, quickly and with the line', () => {
    const root = copyFixture('alias-bomb')
    const result = sheaf(['build', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${join(root, 'content/index.md')}:2:1  error  Front matter could not be read: Excessive alias count`)
  })

  it('never runs executable front matter', () => {
    const root = copyFixture('executable-front-matter')
    const result = sheaf(['build', root], { cwd: root })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('content/index.md:1:4  error  Front matter marked `---js` is not supported')
    expect(existsSync(join(root, 'PWNED'))).toBe(false)
    expect(readFileSync(join(root, 'content/index.md'), 'utf8')).toContain("require('fs')")
  })
})

describe('front matter fields are checked', () => {
  const where = (messages: ReadonlyArray<{ file?: string | undefined; line?: number | undefined; column?: number | undefined; reason: string; source?: string | undefined; fatal?: boolean | null | undefined }>) =>
    messages.map((m) => [m.file?.replace(/^.*\/content\//, ''), m.line, m.column, m.reason, m.source, m.fatal])

  it('refuses a wrong type in the fields Sheaf reads, at the key, every one of them, and publishes nothing', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n',
      'content/bad.md': "---\ntitle: [1, 2]\ndescription: 12\ndraft: 'yes'\norder: first\ndate: 2024-13-45\ntags: [a, [b]]\nnav: no\n---\n# Bad\n",
    })
    const failure = await buildFails({ root, theme: false })
    expect(where(failure.result.messages)).toEqual([
      ['bad.md', 2, 1, 'Front matter `title`: expected text (quote it if YAML reads it as a number, a date or a list), not [1,2]', 'sheaf', true],
      ['bad.md', 3, 1, 'Front matter `description`: expected text (quote it if YAML reads it as a number, a date or a list), not 12', 'sheaf', true],
      ['bad.md', 4, 1, 'Front matter `draft`: expected true or false (not quoted), not "yes"', 'sheaf', true],
      ['bad.md', 5, 1, 'Front matter `order`: expected a number such as 10, not "first"', 'sheaf', true],
      ['bad.md', 6, 1, 'Front matter `date`: expected a date such as 2024-03-05, or 2024-03-05T10:00:00+02:00, not "2024-13-45"', 'sheaf', true],
      ['bad.md', 7, 1, 'Front matter `tags`: expected a tag or a list of tags, such as [release, howto], not ["a",["b"]]', 'sheaf', true],
      ['bad.md', 8, 1, 'Front matter `nav`: expected true or false (not quoted), not "no"', 'sheaf', true],
    ])
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('accepts what the fields are for', async () => {
    const root = makeSite({
      'content/index.md': "---\ntitle: Home\ndescription: The start\ndraft: false\norder: 1.5\ndate: 2024-03-05T10:00:00+02:00\ntags: howto\nnav: true\nlayout: page\ncustom: [anything, 1]\n---\n# Home\n",
      'content/b.md': '---\ndate: 2024-02-29\ntags: [a, b]\n---\n# B\n',
    })
    const result = await build({ root, theme: false })
    expect(result.messages).toEqual([])
  })

  it('checks the fields an extension declares, naming it, at the nested key that is wrong', async () => {
    const ext = defineExtension({
      name: 'authors-ext',
      setup(app) {
        app.addFrontMatter('authors', { schema: v.array(v.strictObject({ name: v.string('expected a name') }), 'expected a list of authors') })
      },
    })
    const root = makeSite({ 'content/index.md': '---\ntitle: Home\nauthors:\n  - name: Ada\n  - name: 7\n---\n# Home\n' })
    const failure = await buildFails({ root, theme: false, config: { extensions: [ext] } })
    expect(where(failure.result.messages)).toEqual([['index.md', 5, 5, 'Front matter `authors[1].name` (read by authors-ext): expected a name, not 7', 'authors-ext', true]])
  })

  it('refuses a second declaration of one field, naming both', async () => {
    const twice = defineExtension({ name: 'twice', setup: (app) => app.addFrontMatter('title', { schema: v.string() }) })
    await expect(build({ root: makeSite({ 'content/index.md': '# Home\n' }), theme: false, config: { extensions: [twice] } })).rejects.toMatchObject({
      message: expect.stringContaining('Extension "twice" declares front matter field `title`, which Sheaf itself declares already'),
    })
  })

  it('reports a layout that does not exist at the layout key, and the first-party fields with their extension', () => {
    const root = linkPackages(
      makeSite({
        'sheaf.config.mjs': "export default { extensions: ['@sheaf/preset-docs'] }\n",
        'content/index.md': '---\ntitle: Fine\n\nlayout: nonexistent\n---\n# L\n',
        'content/toc.md': '---\ntoc: "no"\nsearch: 0\n---\n# T\n',
      }),
    )
    const result = sheaf(['build', root, '--keep-going'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${join(root, 'content/index.md')}:4:1  error  Layout "nonexistent" does not exist.`)
    expect(result.stderr).toContain(`${join(root, 'content/toc.md')}:2:1  error  Front matter \`toc\` (read by @sheaf/headings): expected true or false (not quoted), not "no"  [@sheaf/headings:front-matter]`)
    expect(result.stderr).toContain(`${join(root, 'content/toc.md')}:3:1  error  Front matter \`search\` (read by @sheaf/search): expected true or false (not quoted), not 0  [@sheaf/search:front-matter]`)
  })

  it('lists the fields each extension declares in sheaf extensions', () => {
    const root = linkPackages(makeSite({ 'sheaf.config.mjs': "export default { extensions: ['@sheaf/preset-docs'] }\n", 'content/index.md': '# Home\n' }))
    const listed = sheaf(['extensions', root])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/@sheaf\/headings 0\.1\.0 .*\n\s+front-matter {2}toc\n/)
    expect(listed.stdout).toMatch(/@sheaf\/sitemap 0\.1\.0 .*\n\s+front-matter {2}sitemap\n\s+front-matter {2}updated\n/)
  })
})

describe('large front matter', () => {
  const keys = (n: number): string => Array.from({ length: n }, (_, i) => `key${i}: value number ${i} with some text\n`).join('')

  it('reads a megabyte of YAML within the time budget of its thread', async () => {
    const root = makeSite({ 'content/big.md': `---\ntitle: Big\n${keys(23000)}---\n# Big\n`, 'content/small.md': '# Small\n' })
    const result = await build({ root, workers: 2, onLog: () => {} })
    expect(result.errors).toBe(0)
    expect(readFileSync(join(root, '_site/big/index.html'), 'utf8')).toContain('<title>Big</title>')
  }, 60_000)

  it('finds a duplicate key far down a long mapping, at its line', () => {
    expect(failure(`---\n${keys(20000)}key7: again\n---\n`)).toEqual({ reason: 'Invalid YAML in front matter: Map keys must be unique', line: 20002, column: 1 })
  })
})
