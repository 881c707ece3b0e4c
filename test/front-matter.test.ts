import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { readFrontMatter } from '../src/pipeline/front-matter.js'
import { build } from './support/guarded.js'
import { copyFixture, makeSite, sheaf } from './support/sites.js'

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
