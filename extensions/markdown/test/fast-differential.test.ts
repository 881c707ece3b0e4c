import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { cases } from '../../../bench/pathological-cases.mjs'
import { canonical, differ, handOverReasons } from './fast-support.js'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const compare = differ({ gfm: true, frontmatter: true, directive: true })

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(folder, name))
}

/** The fast tree is micromark's, or the document is handed to micromark for a known reason. */
function expectSameTree(source: string, label: string): 'same' | string {
  const { fast, micromark } = compare(source)
  if (fast.bail !== undefined) {
    expect(handOverReasons, `${label}: unexpected reason`).toContain(fast.bail)
    return fast.bail
  }
  expect(canonical(fast.tree), label).toBe(canonical(micromark))
  return 'same'
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1
  return counts
}

describe("the fast markdown driver builds micromark's tree (with GFM, front matter and directives)", () => {
  const made: string[] = []
  afterAll(() => {
    for (const folder of made) rmSync(folder, { recursive: true, force: true })
  })

  it('on every page of site-example', () => {
    const files = markdownFiles(join(repo, 'site-example/content'))
    expect(files.length).toBeGreaterThan(20)
    const outcomes = files.map((file) => expectSameTree(readFileSync(file, 'utf8'), file))
    // Most pages are read fast; the rest use syntax the fast driver hands over.
    expect(outcomes.filter((outcome) => outcome === 'same').length).toBeGreaterThan(files.length / 2)
  })

  for (const shape of ['docs', 'reference']) {
    it(`on the 1,000-page generated corpus (${shape} shape)`, () => {
      const out = mkdtempSync(join(tmpdir(), `sheaf-corpus-${shape}-`))
      made.push(out)
      const generated = spawnSync(process.execPath, [join(repo, 'test/support/gen-corpus.mjs'), '--pages', '1000', '--shape', shape, '--out', out], { encoding: 'utf8' })
      expect(generated.status, generated.stderr).toBe(0)
      const files = markdownFiles(out)
      expect(files.length).toBeGreaterThanOrEqual(1000)
      const outcomes = files.map((file) => expectSameTree(readFileSync(file, 'utf8'), file))
      // Every page of the generated corpus is read fast, none handed over.
      expect(tally(outcomes)).toEqual({ same: files.length })
    })
  }

  it('on documents fuzzing found, each read as micromark does or handed over for its reason', () => {
    const found: Array<[string, string]> = [
      ['> > - \tword', 'tab after a list marker in a container'],
      ['![](<file:///x>\n(/u (title))', 'bracket before a parenthesis'],
      ['x|y\n|-|-|\n</span>', 'table row that starts another block'],
      ['a `x\n| - \ny`', 'table'],
      ['1. \n\n    word\n    word', 'indented code after an empty list item'],
      ['>[](\n>`a`', 'line ending before inline content in a container'],
      ['<word\n    >', 'HTML over indented lines'],
      ['x|y\n|-|-|\n| ', 'table row of a lone pipe'],
      ['[a]: /u\n(()', 'definition over several lines'],
      ['- [^1]: \n\n    # ', 'same'],
      ['[^1]: \n[^1]: x|y\n|-|-|', 'table header that starts another block'],
      ['- [\n    `word`', 'line ending before inline content in a container'],
      ['[link](/u) | b\n|-|-|', 'same'],
      ['- [^1]: a\n\n    b\n', 'same'],
      ['- a\n\n    code\n    more', 'same'],
      ['x|y\n|-|-|\nz|w', 'same'],
    ]
    expect(found.map(([source]) => [source, expectSameTree(source, JSON.stringify(source))])).toEqual(found)
  })

  for (const { name, full, make } of cases) {
    it(`on cmark's pathological case "${name}", at bounded sizes`, () => {
      for (const size of [...new Set([1, 2, 10, Math.min(full, 200)])]) expectSameTree(make(size), `${name} × ${size}`)
    })
  }

  it('on generated markdown', () => {
    fc.assert(
      fc.property(markdownDocument, (source) => {
        expectSameTree(source, JSON.stringify(source))
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED) },
    )
  })
})

/** Pieces markdown is made of, block openers and inline markers among words, so that random documents hit edge cases. */
const inline = fc.constantFrom(
  'word', 'two words', ' ', '  ', '\t', '*', '**', '_', '__', '~~', '~', '`', '``', '[', ']', '(', ')', '![', '](', '<', '>', '&amp;', '&#35;', '&nope;',
  '\\', '\\*', '\\[', '[^1]', '[a]', '[a][]', '[b][a]', '(/url "title")', '<https://x.y>', '<a@b.co>', 'https://x.y/z', 'www.x.y', 'a@b.co', ':name',
  '(file:///x)', '<file:///x>', '(data:text/html,x)', '](vbscript:x)', '&copy;', '&#x1F600;', '&#0;', '\u00a0', '\u3000', "(/u 'title')", '(/u (title))',
  '<script>', '</script>', '<pre>', '<?x?>', '<![CDATA[x]]>', '<!DOCTYPE html>', '<HTTP://X.Y>',
  ':name[label]{#id .c k=v}', '<span>', '</span>', '<!-- c -->', '|', 'x|y', '$', '"', "'", '{', '}', '#', '=', '-', '+', '1.', ')', 'é', '😀',
)
const lineStart = fc.constantFrom('', '', '', '# ', '## ', '> ', '> > ', '- ', '* ', '1. ', '2) ', '    ', '  ', '- [ ] ', '- [x] ', '```', '~~~', ':::note', ':::', '::leaf', '---', '***', '===', '| ', '|-|-|', '[a]: /u', '[^1]: ', '<div>', '</div>')
// Up to two block openers (`> - `, `[^1]: 1. `), then inline pieces.
const line = fc.tuple(fc.array(lineStart, { maxLength: 2 }), fc.array(inline, { maxLength: 8 })).map(([starts, pieces]) => starts.join('') + pieces.join(''))
const markdownDocument = fc
  .tuple(fc.boolean(), fc.array(line, { maxLength: 12 }), fc.constantFrom('', '\n', '\n\n'))
  .map(([matter, lines, end]) => (matter ? '---\ntitle: x\n---\n' : '') + lines.join('\n') + end)
