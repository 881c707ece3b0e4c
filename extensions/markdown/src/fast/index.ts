import type { Root } from 'mdast'
import { Bail, Bridge } from './bridge.js'
import type { LinkHelpers } from './bridge.js'
import { createTokenizer } from './tokenizer.js'
import type { Features } from './tokenizer.js'
import MarkdownIt from 'markdown-it'

export type { Features } from './tokenizer.js'

/** The outcome of the fast driver: the tree, or why the document needs micromark. */
export type FastResult = { tree: Root; bail?: undefined } | { tree?: undefined; bail: string }

const helpers = new MarkdownIt().helpers as unknown as LinkHelpers

/**
 * A parser for one feature set: markdown-it reads the document, and the
 * bridge builds the mdast that micromark would build, positions included.
 * Where it cannot be sure of that, it says why instead, and the caller parses
 * with micromark.
 */
export function createFastParser(features: Features): (source: string) => FastResult {
  const tokenize = createTokenizer(features)
  return (source) => {
    const unread = unreadSyntax(source, features)
    if (unread) return { bail: unread }
    const matter = features.frontmatter ? frontMatter(source) : undefined
    if (features.frontmatter && !matter && /^---[ \t]*\n/.test(source)) return { bail: 'unclosed front matter' }
    // Front matter becomes spaces, so that markdown-it reads the rest at the same offsets.
    const { tokens, bail } = tokenize(matter ? source.slice(0, matter.end).replace(/[^\n]/g, ' ') + source.slice(matter.end) : source)
    if (bail) return { bail }
    try {
      const bridge = new Bridge(source, helpers, features)
      const tree = bridge.root(tokens)
      if (matter) tree.children.unshift(bridge.place({ type: 'yaml', value: matter.value }, 0, matter.end))
      return { tree }
    } catch (error) {
      if (error instanceof Bail) return { bail: error.message }
      throw error
    }
  }
}

/** Why a document cannot be read by the fast driver at all, if it cannot. */
function unreadSyntax(source: string, features: Features): string | undefined {
  // micromark-extension-directive takes a tab for a name character.
  if (features.directive && source.includes(':\t')) return 'directive'
  // A leaf or container directive starts a block wherever its line is, even inside what markdown-it reads as a code span.
  if (features.directive && /^[ \t>]*::/m.test(source)) return 'directive'
  if (/[\r\0]/.test(source)) return 'carriage return or NUL'
  // markdown-it drops a last line of white space without a line ending, which micromark may put in indented code.
  if (/\n[ \t]+$/.test(source)) return 'blank last line without a line ending'
  return undefined
}

/** YAML front matter as micromark-extension-frontmatter reads it: `---` lines around it, at the very start. */
function frontMatter(source: string): { value: string; end: number } | undefined {
  const open = /^---[ \t]*\n/.exec(source)
  if (!open) return undefined
  const close = /^---[ \t]*$/m
  let at = open[0].length
  while (at <= source.length) {
    const lineEnd = source.indexOf('\n', at)
    const line = source.slice(at, lineEnd === -1 ? source.length : lineEnd)
    if (close.test(line)) return { value: at === open[0].length ? '' : source.slice(open[0].length, at - 1), end: at + line.length }
    if (lineEnd === -1) return undefined
    at = lineEnd + 1
  }
  return undefined
}
