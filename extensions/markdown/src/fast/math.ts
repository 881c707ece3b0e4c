import type { MarkdownIt } from 'markdown-it'
import type { PhrasingContent, RootContent } from 'mdast'
import { decodeString } from 'micromark-util-decode-string'
import { codeText } from './code-text.js'
import type { FastTwin } from './twins.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- markdown-it's rule states are untyped here, as in tokenizer.ts */
type BlockState = any
type InlineState = any

const dollar = 0x24

/**
 * Math in flow, as micromark-extension-math reads it: markdown-it's fence
 * rule with `$` for the marker, two or more of them, and nothing but
 * white space after the closing run. The opening line's rest is the meta, which
 * may not hold a `$`. A block without its closing line is left to micromark.
 */
function mathBlock(state: BlockState, startLine: number, endLine: number, silent: boolean): boolean {
  let pos: number = state.bMarks[startLine] + state.tShift[startLine]
  let max: number = state.eMarks[startLine]
  if (state.sCount[startLine] - state.blkIndent >= 4) return false
  if (state.src.charCodeAt(pos) !== dollar) return false
  let mem = pos
  pos = state.skipChars(pos, dollar)
  let length = pos - mem
  if (length < 2) return false
  const markup: string = state.src.slice(mem, pos)
  const params: string = state.src.slice(pos, max)
  if (params.includes('$')) return false
  if (silent) return true
  let nextLine = startLine
  let closed = false
  for (;;) {
    nextLine++
    if (nextLine >= endLine) break
    pos = mem = state.bMarks[nextLine] + state.tShift[nextLine]
    max = state.eMarks[nextLine]
    if (pos < max && state.sCount[nextLine] < state.blkIndent) break
    if (state.src.charCodeAt(pos) !== dollar) continue
    if (state.sCount[nextLine] - state.blkIndent >= 4) continue
    pos = state.skipChars(pos, dollar)
    if (pos - mem < length) continue
    pos = state.skipSpaces(pos)
    if (pos < max) continue
    closed = true
    break
  }
  // micromark runs an unclosed block to the end of its container, line ending included.
  if (!closed) state.env.bail ??= 'unclosed math'
  length = state.sCount[startLine]
  state.line = nextLine + (closed ? 1 : 0)
  const token = state.push('math_block', 'math', 0)
  token.info = params
  token.content = state.getLines(startLine + 1, nextLine, length, true)
  token.markup = markup
  token.map = [startLine, state.line]
  return true
}

/** Where the last run of dollars of each length starts in `source`. */
function lastRuns(source: string): Record<number, number> {
  const runs: Record<number, number> = {}
  let pos = 0
  while ((pos = source.indexOf('$', pos)) !== -1) {
    const start = pos
    while (source.charCodeAt(++pos) === dollar);
    runs[pos - start] = start
  }
  return runs
}

/**
 * Math in text, as micromark-extension-math reads it: markdown-it's code span
 * rule with `$` (a run of dollars closed by a run of the same length, no
 * escapes inside), one dollar too unless `singleDollarTextMath` is false.
 * Like markdown-it's, it looks for a closing run only where the last run of
 * that length comes later, so a document full of unmatched runs is read in
 * linear time.
 */
function mathInline(single: boolean) {
  return function math_inline(state: InlineState, silent: boolean): boolean {
    const start: number = state.pos
    if (state.src.charCodeAt(start) !== dollar) return false
    const max: number = state.posMax
    let pos = start + 1
    while (pos < max && state.src.charCodeAt(pos) === dollar) pos++
    const marker: string = state.src.slice(start, pos)
    const opener = marker.length
    state.mathRuns ??= lastRuns(state.src)
    if ((single || opener > 1) && (state.mathRuns[opener] ?? -1) >= pos) {
      let matchEnd = pos
      let matchStart: number
      while ((matchStart = state.src.indexOf('$', matchEnd)) !== -1 && matchStart < max) {
        matchEnd = matchStart + 1
        while (state.src.charCodeAt(matchEnd) === dollar) matchEnd++
        if (matchEnd > max) break
        if (matchEnd - matchStart === opener) {
          if (!silent) {
            const token = state.push('math_inline', 'math', 0)
            token.markup = marker
            token.content = state.src.slice(pos, matchStart)
          }
          state.pos = matchEnd
          return true
        }
      }
    }
    if (!silent) state.pending += marker
    state.pos = pos
    return true
  }
}

/** remark-math's options the twin reads the same: none, or `singleDollarTextMath`. */
function singleDollar(options: readonly unknown[]): boolean | undefined {
  const [given, ...rest] = options
  if (rest.some((value) => value !== undefined)) return undefined
  if (given === undefined || given === null) return true
  if (typeof given !== 'object') return undefined
  const keys = Object.keys(given)
  if (keys.some((key) => key !== 'singleDollarTextMath')) return undefined
  const single = (given as { singleDollarTextMath?: unknown }).singleDollarTextMath
  return single === undefined || single === null ? true : typeof single === 'boolean' ? single : undefined
}

/**
 * The fast twin of remark-math: `$$` blocks and `$…$` text become the `math`
 * and `inlineMath` nodes mdast-util-math builds, with the same `data` (the
 * `pre` and `code` elements remark-rehype makes of them).
 */
export const mathTwin: FastTwin = {
  // The name extensions give it, and its function's name (a plugin in the config's markdown.remarkPlugins).
  plugin: ['remark-math', 'remarkMath'],
  accepts: (options) => singleDollar(options) !== undefined,
  extend(md: MarkdownIt, options) {
    // Before tables: micromark tries the constructs of a line's first character (`$`) before those of any.
    md.block.ruler.before('table', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })
    md.inline.ruler.after('backticks', 'math_inline', mathInline(singleDollar(options) ?? true))
  },
  textMarkers: '$',
  flow: {
    math_block(token): RootContent {
      const meta = token.info.replace(/^[ \t]+/, '')
      const value = token.content.replace(/\n$/, '')
      return {
        type: 'math',
        meta: meta === '' ? null : decodeString(meta),
        value,
        data: { hName: 'pre', hChildren: [{ type: 'element', tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text', value }] }] },
      } as unknown as RootContent
    },
  },
  text: {
    math_inline(token): PhrasingContent {
      // micromark takes padding off math in text as off code.
      const value = codeText(token.content)
      return { type: 'inlineMath', value, data: { hName: 'code', hProperties: { className: ['language-math', 'math-inline'] }, hChildren: [{ type: 'text', value }] } } as unknown as PhrasingContent
    },
  },
}
