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
    if (/[\r\0]/.test(source)) return { bail: 'carriage return or NUL' }
    const { tokens, bail } = tokenize(source)
    if (bail) return { bail }
    try {
      return { tree: new Bridge(source, helpers).root(tokens) }
    } catch (error) {
      if (error instanceof Bail) return { bail: error.message }
      throw error
    }
  }
}
