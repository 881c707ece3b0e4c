import { readFileSync } from 'node:fs'
import { describe, it } from 'vitest'
import { checkExample, differ } from './fast-support.js'

interface Example {
  number: number
  section: string
  markdown: string
}

/** The examples of the GFM spec's extensions (tables, task lists, strikethrough, autolinks, raw HTML), and footnotes as GitHub documents them. */
const examples = JSON.parse(readFileSync(new URL('./fixtures/gfm-examples.json', import.meta.url), 'utf8')) as Example[]

/** Examples the fast driver hands to micromark, with the reason it gives: syntax it does not read yet. */
const handedOver = new Map<number, string>([
  [200, 'table row with an escaped pipe'],
  [203, 'table'],
  [204, 'table row with more cells than its header'],
  ...[621, 622, 623, 624, 625, 626, 627, 628, 629, 630, 631].map((number): [number, string] => [number, 'autolink literal']),
  [1003, 'footnote'],
  [1004, 'list in a footnote'],
])

describe('the fast markdown driver on the GFM examples', () => {
  const check = checkExample(differ({ gfm: true, frontmatter: false, directive: false }), handedOver)
  for (const example of examples) {
    it(`builds micromark's tree for example ${example.number} (${example.section})`, () => check(example))
  }
})
