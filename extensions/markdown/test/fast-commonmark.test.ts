import spec from 'commonmark-spec'
import { describe, it } from 'vitest'
import { checkExample, differ } from './fast-support.js'

interface Example {
  markdown: string
  section: string
  number: number
}

// The spec shows tabs as `→`.
const examples = (spec.tests as Example[]).map((example) => ({ ...example, markdown: example.markdown.replaceAll('→', '\t') }))

/**
 * Examples the fast driver hands to micromark, each for a reason it reports.
 * Handing over is safe (the tree is micromark's); each entry is work left to
 * make the fast driver cover more.
 */
const handedOver = new Map<number, string>([
  [5, 'partly expanded tab'],
  [6, 'partly expanded tab'],
  [7, 'partly expanded tab'],
  [115, 'indented code under a block'],
  [117, 'indented code before indented blank lines'],
  [128, 'unclosed fence in a container'],
  [193, 'definition over several lines'],
  [195, 'definition over several lines'],
  [196, 'definition over several lines'],
  [197, 'definition markdown-it refuses'],
  [198, 'definition over several lines'],
  [199, 'definition markdown-it refuses'],
  [201, 'definition markdown-it refuses'],
  [208, 'definition over several lines'],
  [209, 'definition markdown-it refuses'],
  [210, 'definition over several lines'],
  [217, 'definition over several lines'],
  [236, 'indented code under a block'],
  [237, 'unclosed fence in a container'],
  [238, 'indented lazy line'],
  [260, 'list before a blank line in a quote'],
  [284, 'empty list item at the end'],
  [291, 'indented lazy line'],
  [302, 'list not starting at 1 under text'],
  [312, 'indented lazy line'],
  [317, 'definition in a container before more text'],
  [320, 'quote in a quote before a blank line'],
  [321, 'quote in a quote before a blank line'],
  [497, 'bracket before a parenthesis'],
  [541, 'definition over several lines'],
  [546, 'definition markdown-it refuses'],
])

describe('the fast markdown driver on the CommonMark 0.31.2 examples', () => {
  const check = checkExample(differ({ gfm: false, frontmatter: false, directive: false }), handedOver)
  for (const example of examples) {
    it(`builds micromark's tree for example ${example.number} (${example.section})`, () => check(example))
  }
})
