import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mathTwin } from '../src/fast/math.js'
import { canonical, differ, handOverReasons } from './fast-support.js'

const features = { gfm: true, frontmatter: true, directive: true }
const compare = differ({ ...features, twins: [{ twin: mathTwin, options: [] }] })
const compareDoubleOnly = differ({ ...features, twins: [{ twin: mathTwin, options: [{ singleDollarTextMath: false }] }] })

/** Math as remark-math reads it, and where it meets everything else; each must give micromark's tree, positions included. */
const examples = [
  // In text.
  '$a$\n',
  '$$a$$\n',
  '$$$a$$$ and $$ b $$\n',
  '$ a $\n',
  '$  a  $\n',
  '$ $\n',
  '$  $\n',
  'x $a\nb$ y\n',
  'x $a\n  b$ y\n',
  'a $b\n',
  '$$a$\n',
  '$a$$ b $\n',
  '\\$a$ and $b\\$\n',
  '$a\\$ b$\n',
  '`$a$` and $`a`$\n',
  '*$a*$* and **$b$**\n',
  '[$a](b)$ and [a]($b$)\n',
  '<$a$> and $<b>$\n',
  '$a$b$c$\n',
  'x$y$z\n',
  '$&amp;$ and &amp;$x$\n',
  '$a$\\\n$b$\n',
  '$a$  \n$b$\n',
  '# $a$ heading\n',
  'Setext $a\nb$\n===\n',
  '> $a\n> b$\n',
  '> $a\nb$\n',
  '- $a$\n- $$b$$\n',
  '1. x $a$\n\n   y $b$\n',
  '| $a$ | b |\n| --- | --- |\n| $c$ | d |\n',
  '[^1]\n\n[^1]: $a$\n',
  '![alt $a$](/u) and [$b$][ref]\n\n[ref]: /v\n',
  '~~$a$~~ and ~$b$~\n',
  'www $ not math\n',
  // A run of dollars inside a link label that was looked at before the label failed (fuzzing found it).
  '[$\n$ b $\n',
  '[a $b](c) $d$ [$e $ f\n',
  // Runs of many lengths, most unmatched.
  Array.from({ length: 200 }, (_, n) => '$'.repeat((n % 7) + 1)).join(' a ') + '\n',
  Array.from({ length: 200 }, (_, n) => '$'.repeat(7 - (n % 7))).join('x') + '\n',
  // In flow.
  '$$\na\n$$\n',
  '$$\n$$\n',
  '$$\n\n$$\n',
  '$$ meta\na\n$$\n',
  '$$   meta with spaces   \na\n$$\n',
  '$$ me\\&ta &amp; more\na\n$$\n',
  '$$$\na\n$$\n$$$\n',
  '$$\na\n$$$\n',
  '$$\na\n   $$\n',
  '$$\na\n    $$\n$$\n',
  ' $$\n  a\n b\n $$\n',
  '   $$\n     a\n   $$\n',
  '    $$\n    a\n',
  'para\n$$\na\n$$\n',
  'para\n\n$$\na\n$$\npara\n',
  '$$\na\n\nb\n\n$$\n',
  '$$a$$ b\n',
  '$$ a $$\n',
  '$$\na\n$$ x\n$$\n',
  '> $$\n> a\n> $$\n',
  '> $$\n> a\n> $$\n> b\n',
  '- $$\n  a\n  $$\n- b\n',
  '1. $$\n   a\n   $$\n',
  '~~~\n$$\n~~~\n',
  '$$\n~~~\n$$\n',
  '# h\n$$\nx\n$$\n# h\n',
  '---\ntitle: x\n---\n$$\na\n$$\n',
]

/** Documents the driver hands to micromark, with why. */
const handedOver = new Map([
  ['$$\na\n', 'unclosed math'],
  ['$$\n', 'unclosed math'],
  ['> $$\n> a\n', 'unclosed math'],
  // Math before a table's delimiter row: math, as in micromark (fuzzing found it).
  ['$$x|y\n|-|-|', 'unclosed math'],
  // Math over lines that micromark reads as a table first (fuzzing found it).
  ['word$$\n| - \n$$\\$', 'table'],
  // An unmatched run of dollars, then a line ending in a quote: micromark places the text as after an unmatched backtick.
  ['> word\n$$$`$ b $`\n> $ b $', 'line ending before inline content in a container'],
  // A `](` that opens no resource before a line ending in a quote: as after an unmatched backtick.
  ['>[](\n>$a$', 'line ending before inline content in a container'],
  // Directives are not read by the fast driver yet.
  [':::note\n$$\na\n$$\n:::\n', 'directive'],
])

describe('the fast twin of remark-math', () => {
  for (const source of examples) {
    it(`reads ${JSON.stringify(source)} as remark-math does`, () => {
      const { fast, micromark } = compare(source)
      expect(fast.bail).toBeUndefined()
      expect(canonical(fast.tree)).toBe(canonical(micromark))
    })
  }

  it('gives the nodes remark-math gives, data included', () => {
    const { fast } = compare('$a$\n\n$$ m\nb\n$$\n')
    expect(fast.tree?.children.map((node) => canonical({ ...node, position: undefined }))).toEqual([
      canonical({
        type: 'paragraph',
        children: [
          {
            type: 'inlineMath',
            value: 'a',
            data: { hName: 'code', hProperties: { className: ['language-math', 'math-inline'] }, hChildren: [{ type: 'text', value: 'a' }] },
            position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 4, offset: 3 } },
          },
        ],
      }),
      canonical({
        type: 'math',
        meta: 'm',
        value: 'b',
        data: { hName: 'pre', hChildren: [{ type: 'element', tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text', value: 'b' }] }] },
      }),
    ])
  })

  for (const [source, reason] of handedOver) {
    it(`hands ${JSON.stringify(source)} to micromark: ${reason}`, () => {
      expect(compare(source).fast.bail).toBe(reason)
    })
  }

  it('reads single dollars as text when remark-math is given singleDollarTextMath: false', () => {
    for (const source of ['$a$ and $$b$$\n', '$$a$ b$$\n', '$ $$ $\n']) {
      const { fast, micromark } = compareDoubleOnly(source)
      expect(canonical(fast.tree)).toBe(canonical(micromark))
    }
  })

  it('takes remark-math with no options or singleDollarTextMath, and no other', () => {
    expect([[], [undefined], [{}], [{ singleDollarTextMath: false }], [{ singleDollarTextMath: true }]].map((options) => mathTwin.accepts!(options))).toEqual([true, true, true, true, true])
    expect([[{ other: 1 }], [{ singleDollarTextMath: 'yes' }], ['x'], [{}, {}]].map((options) => mathTwin.accepts!(options))).toEqual([false, false, false, false])
  })

  it('reads generated markdown with math as remark-math does, or hands it over for a known reason', () => {
    const inline = fc.constantFrom('word', ' ', '  ', '$', '$$', '$$$', '$a$', '$ b $', '\\$', '`', '*', '**', '[', ']', '(', ')', '](', '<', '>', '&amp;', '\\', 'x|y', '~~', ':name')
    const lineStart = fc.constantFrom('', '', '', '$$', '$$ m', '$$$', ' $$', '    ', '# ', '> ', '- ', '1. ', '```', ':::note', ':::', '| ', '|-|-|', '[a]: /u', '[^1]: ')
    const line = fc.tuple(fc.array(lineStart, { maxLength: 2 }), fc.array(inline, { maxLength: 6 })).map(([starts, pieces]) => starts.join('') + pieces.join(''))
    const document = fc.tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('', '\n')).map(([lines, end]) => lines.join('\n') + end)
    fc.assert(
      fc.property(document, (source) => {
        const { fast, micromark } = compare(source)
        if (fast.bail !== undefined) {
          expect(handOverReasons.has(fast.bail), `${JSON.stringify(source)}: ${fast.bail}`).toBe(true)
          return
        }
        expect(canonical(fast.tree), JSON.stringify(source)).toBe(canonical(micromark))
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED) },
    )
  })
})
