// Every case of cmark's test/pathological_tests.py, as a function of its size n (cmark's own size is
// `full`). Shared by `npm run bench:pathological` and the tests that send each case through a build.

const repeat = (text, n) => text.repeat(n)
const join = (n, item) => Array.from({ length: n }, (_, i) => item(i)).join('')

export const cases = [
  { name: 'nested strong emph', full: 65000, make: (n) => repeat('*a **a ', n) + 'b' + repeat(' a** a*', n) },
  { name: 'many emph closers with no openers', full: 65000, make: (n) => repeat('a_ ', n) },
  { name: 'many emph openers with no closers', full: 65000, make: (n) => repeat('_a ', n) },
  { name: 'many link closers with no openers', full: 65000, make: (n) => repeat('a]', n) },
  { name: 'many link openers with no closers', full: 65000, make: (n) => repeat('[a', n) },
  { name: 'mismatched openers and closers', full: 50000, make: (n) => repeat('*a_ ', n) },
  { name: 'openers and closers multiple of 3', full: 50000, make: (n) => 'a**b' + repeat('c* ', n) },
  { name: 'link openers and emph closers', full: 50000, make: (n) => repeat('[ a_', n) },
  { name: 'hard link/emph case', full: 1, make: () => '**x [a*b**c*](d)' },
  { name: 'nested brackets', full: 50000, make: (n) => repeat('[', n) + 'a' + repeat(']', n) },
  { name: 'nested block quotes', full: 50000, make: (n) => repeat('> ', n) + 'a' },
  { name: 'deeply nested lists', full: 1000, make: (n) => join(n, (i) => '  '.repeat(i) + '* a\n') },
  { name: 'U+0000 in input', full: 1, make: () => 'abc\u0000de\u0000' },
  { name: 'backticks', full: 10000, make: (n) => join(n - 1, (i) => 'e' + '`'.repeat(i + 1)) },
  { name: 'unclosed links A', full: 50000, make: (n) => repeat('[a](<b', n) },
  { name: 'unclosed links B', full: 50000, make: (n) => repeat('[a](b', n) },
  { name: 'many references', full: 50000, make: (n) => join(n * 16 - 1, (i) => `[${i + 1}]: u\n`) + repeat('[0] ', n) },
]
