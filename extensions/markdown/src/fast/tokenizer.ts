import MarkdownIt from 'markdown-it'
import { attentionRule, resolveAttention } from './attention.js'
import { footnoteCall, footnoteDefinition } from './footnotes.js'
import type { ActiveTwin } from './twins.js'

/**
 * markdown-it, set up to keep what remark's tree needs and markdown-it
 * throws away: where every token starts and ends in the source.
 *
 * Block rules are wrapped so that, when one succeeds, the tokens it pushed
 * are stamped with source offsets read from the block state while its
 * container prefixes (`>`, list indentation) are still in effect. The inline
 * tokenizer is replaced by a copy of markdown-it's loop that stamps each
 * token with its offsets in the inline content; `lines` maps those to source
 * offsets. Rules that merge text (`text_join`, `fragments_join`) are off: the
 * bridge merges text as mdast does, and needs each piece's offsets to do it.
 */

/** One contiguous stretch of inline content taken from the source. */
export interface Segment {
  /** Offset in the inline content. */
  content: number
  /** Offset in the source. */
  source: number
  length: number
}

/** A markdown-it token, with the offsets this tokenizer adds. */
export interface Token {
  type: string
  tag: string
  nesting: number
  content: string
  markup: string
  info: string
  map: [number, number] | null
  meta: Record<string, unknown> | null
  attrs: Array<[string, string]> | null
  children: Token[] | null
  hidden: boolean
  block: boolean
  level: number
  /** Inline tokens: start and end offsets in the inline content. */
  start?: number
  end?: number
  /** Inline tokens: `state.pos` when the token was pushed. */
  at?: number
  /** Block tokens: offset of the first character of the first line, and of the end of the last line's content. */
  lineStart?: number
  lineEnd?: number
  /** `inline` tokens: how their content maps to the source. */
  segments?: Segment[]
  /** Block tokens: offset after the block's indentation (indented code), and of the end of its last line, spaces kept. */
  indentStart?: number
  rawEnd?: number
  /** A fence or HTML block without its end: it runs to the end of the document. */
  unclosed?: boolean
  stamped?: boolean
}

/* eslint-disable @typescript-eslint/no-explicit-any -- markdown-it's rule states are untyped internals */
type BlockState = any
type InlineState = any

export interface TokenizeResult {
  tokens: Token[]
  /** Why the document cannot be bridged exactly, when it cannot. */
  bail?: string
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09
}

/** The stretches of source that `getLines` joined, mirroring its loop. */
function linesSegments(state: BlockState, begin: number, end: number, indent: number, keepLastLF: boolean): Segment[] | undefined {
  const segments: Segment[] = []
  let content = 0
  for (let line = begin; line < end; line++) {
    let lineIndent = 0
    const lineStart = state.bMarks[line]
    let first = lineStart
    const last = line + 1 < end || keepLastLF ? state.eMarks[line] + 1 : state.eMarks[line]
    while (first < last && lineIndent < indent) {
      const ch = state.src.charCodeAt(first)
      if (isSpace(ch)) {
        if (ch === 0x09) lineIndent += 4 - ((lineIndent + state.bsCount[line]) % 4)
        else lineIndent++
      } else if (first - lineStart < state.tShift[line]) {
        lineIndent++
      } else {
        break
      }
      first++
    }
    // A tab partly taken as indentation becomes spaces that are not in the source.
    if (lineIndent > indent) return undefined
    const length = Math.min(last, state.src.length) - first
    segments.push({ content, source: first, length: last - first })
    content += last - first
    if (length < last - first) {
      // The fake line ending past the end of the source.
      segments[segments.length - 1]!.length = length
      content -= last - first - length
    }
  }
  return segments
}

function lineContentEnd(state: BlockState, line: number): number {
  const start = state.bMarks[line] + state.tShift[line]
  let end = state.eMarks[line]
  while (end > start && isSpace(state.src.charCodeAt(end - 1))) end--
  return end
}

/** Indented code ends at its last line with content, or at a later blank line indented as deep as the code. */
function codeEnd(state: BlockState, after: number, end: number): number {
  for (let line = after; line < state.lineMax && state.isEmpty(line); line++) {
    if (state.sCount[line] - state.blkIndent >= 4) end = state.eMarks[line]
  }
  return end
}

/** Whether a fence's last line closes it. */
function fenceClosed(state: BlockState, token: Token): boolean {
  const [first, after] = token.map!
  if (after - 1 <= first) return false
  const line = after - 1
  const start = state.bMarks[line] + state.tShift[line]
  const text = state.src.slice(start, state.eMarks[line]).replace(/[ \t]+$/, '')
  const marker = token.markup[0]!
  return state.sCount[line] - state.blkIndent < 4 && text.length >= token.markup.length && [...text].every((ch) => ch === marker)
}

/** HTML blocks of kinds 1 to 5 end at a closing pattern; a block without it runs on. */
const htmlEnds: Array<[RegExp, RegExp]> = [
  [/^<(?:script|pre|style|textarea)(?=[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Z]/i, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
]

function htmlClosed(content: string): boolean {
  const text = content.trimStart()
  const kind = htmlEnds.find(([open]) => open.test(text))
  if (!kind) return true
  const lines = text.replace(/\n$/, '').split('\n')
  // The end pattern may sit on the opening line, after the opening.
  if (lines.length === 1) return kind[1].test(text.slice(kind[0] === htmlEnds[1]![0] ? 4 : kind[0] === htmlEnds[2]![0] ? 2 : 1))
  return kind[1].test(lines[lines.length - 1]!)
}

/** The offset after `indent` columns of a line's indentation. */
function afterIndent(state: BlockState, line: number, indent: number): number {
  let pos = state.bMarks[line]
  let columns = 0
  while (columns < indent && pos < state.eMarks[line]) {
    const ch = state.src.charCodeAt(pos)
    if (ch === 0x09) columns += 4 - ((columns + state.bsCount[line]) % 4)
    else if (ch === 0x20 || pos - state.bMarks[line] < state.tShift[line]) columns++
    else break
    pos++
  }
  return pos
}

function wrapBlockRule(fn: (...args: any[]) => boolean, name: string) {
  return function stamped(state: BlockState, startLine: number, endLine: number, silent: boolean): boolean {
    const before = state.tokens.length
    if (!silent) state.lastLines = undefined
    const ok = fn(state, startLine, endLine, silent)
    if (!ok || silent) return ok
    const tokens: Token[] = state.tokens
    if (name === 'table') stampTable(state, tokens, before)
    // A paragraph that opens like a definition is one markdown-it refused; micromark may take it (a title in
    // parentheses with another parenthesis in it, say).
    if (name === 'paragraph' && /^\[(?:[^\]\\]|\\.)+\]:/.test(state.src.slice(state.bMarks[startLine] + state.tShift[startLine], state.eMarks[startLine]))) {
      state.env.bail ??= 'definition markdown-it refuses'
    }
    // micromark reads a definition in a list or quote and the lines after it as one block, lazy lines included.
    if (name === 'reference' && state.level > 0 && state.line < state.lineMax && !state.isEmpty(state.line)) state.env.bail ??= 'definition in a container before more text'
    if (name === 'paragraph' && state.level > 0) {
      // micromark ends a quote or list before a lazy line that starts HTML; markdown-it continues the paragraph.
      for (let line = startLine + 1; line < state.line; line++) {
        if (state.src.charCodeAt(state.bMarks[line] + state.tShift[line]) === 0x3c) state.env.bail ??= 'lazy line starting HTML'
        // A lazy line's indentation is text to micromark; markdown-it drops it.
        if (state.sCount[line] < state.blkIndent && isSpace(state.src.charCodeAt(state.bMarks[line]))) state.env.bail ??= 'indented lazy line'
        // A quote's lazy line (no `>`) with indentation before it: the two parsers keep different parts of it.
        if (state.parentType === 'blockquote') {
          const lineStart = state.src.lastIndexOf('\n', state.bMarks[line] - 1) + 1
          const lead = /^[ \t>]*/.exec(state.src.slice(lineStart, state.eMarks[line]))![0]
          if (!lead.includes('>') && lead.length > 0) state.env.bail ??= 'indented lazy line'
        }
      }
    }
    for (let i = before; i < tokens.length; i++) {
      const token = tokens[i]!
      if (token.stamped || !token.map) continue
      token.stamped = true
      const [first, after] = token.map
      token.lineStart = state.bMarks[first] + state.tShift[first]
      token.lineEnd = lineContentEnd(state, Math.max(first, after - 1))
      token.rawEnd = state.eMarks[Math.max(first, after - 1)]
      // The info string as written: markdown-it's is trimmed, mdast's meta keeps trailing white space.
      if (token.type === 'fence') token.info = state.src.slice(token.lineStart! + token.markup.length, state.eMarks[first])
      if (token.type === 'blockquote_open') {
        // markdown-it continues a quote on a line indented four or more; micromark reads that line as code.
        for (let line = first + 1; line < after; line++) if (state.sCount[line] - state.blkIndent >= 4) state.env.bail ??= 'indented quote marker'
        if (/>[ ]*\t/.test(state.src.slice(token.lineStart, state.eMarks[after - 1]))) state.env.bail ??= 'tab after a quote marker'
        // A quote ends on its last line with a marker or text, not on a blank line after it.
        let last = after - 1
        while (last > first && /^[ \t]*$/.test(state.src.slice(state.bMarks[last], state.eMarks[last]))) last--
        // A quote in a quote, over blank lines of the outer one: micromark ends it where the next line fails to continue it.
        // A quote in a container that goes on after it: micromark ends it at the next line's prefix.
        if ((last !== after - 1 || after < endLine) && state.level > 0) state.env.bail ??= 'quote in a quote before a blank line'
        token.rawEnd = state.eMarks[last]
      }
      // A tab after a list marker in a quote: markdown-it counts its columns differently (it reads code where micromark reads a paragraph).
      if (token.type === 'list_item_open' && token.level > 0 && /^(?:[-+*]|\d{1,9}[.)])[ ]*\t/.test(state.src.slice(token.lineStart, state.eMarks[first]))) {
        state.env.bail ??= 'tab after a list marker in a container'
      }
      if (token.type === 'code_block' || token.type === 'html_block') token.indentStart = afterIndent(state, first, state.blkIndent)
      if (token.type === 'code_block') {
        const end = codeEnd(state, after, token.rawEnd!)
        // Indented blank lines after indented code: micromark keeps some of their spaces in the code, or not.
        if (end !== token.rawEnd) state.env.bail ??= 'indented code before indented blank lines'
        // micromark stretches indented code over later blank lines only in some places: where a blank line comes before it.
        // micromark splits or stretches indented code right under a quote or other block in ways of its own.
        if (first > 0 && !state.isEmpty(first - 1) && /[^ \t]/.test(state.src.slice(state.bMarks[first - 1], state.eMarks[first - 1]))) state.env.bail ??= 'indented code under a block'
        token.rawEnd = end
      }
      if ((token.type === 'fence' && !fenceClosed(state, token)) || (token.type === 'html_block' && !htmlClosed(token.content))) {
        // An unclosed fence or HTML block runs to the end of its container, line ending included.
        if (state.level > 0 || state.blkIndent > 0 || after < state.lineMax) state.env.bail ??= `unclosed ${token.type} in a container`
        token.rawEnd = state.src.length
        token.lineEnd = state.src.length
        token.unclosed = true
      }
      if (token.type === 'inline') {
        if (name === 'heading') {
          // `# title ##`: the content is a slice of the line after the opening sequence.
          let pos: number = token.lineStart!
          while (state.src.charCodeAt(pos) === 0x23) pos++
          while (pos < token.lineEnd! && isSpace(state.src.charCodeAt(pos))) pos++
          token.segments = [{ content: 0, source: pos, length: token.content.length }]
          if (state.src.slice(pos, pos + token.content.length) !== token.content) state.env.bail ??= 'heading content'
        } else if (state.lastLines) {
          token.segments = trimmed(state.lastLines, token.content, state)
        } else {
          state.env.bail ??= `inline content of ${name}`
        }
      }
    }
    return ok
  }
}

/**
 * A GFM table's rows and cells: each cell runs from the pipe before it (or
 * the line's start) to the pipe after it, the last one to the line's end, and
 * its content is the text between, trimmed, as micromark places them.
 */
function stampTable(state: BlockState, tokens: Token[], before: number): void {
  // markdown-it tries tables before quotes, lists and other blocks; micromark reads those first.
  const header = tokens[before]!.map![0]
  const line = state.src.slice(state.bMarks[header] + state.tShift[header], state.eMarks[header])
  // A definition (or footnote definition) too: micromark reads it before a table.
  if (/^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|^[>#<`~]|^\[(?:[^\]\\]|\\.)+\]:/.test(line)) {
    state.env.bail ??= 'table header that starts another block'
    return
  }
  const delimiter = state.src.slice(state.bMarks[header + 1] + state.tShift[header + 1], state.eMarks[header + 1])
  if (!delimiter.includes('|')) {
    // `| a` over `---` is a setext heading to micromark.
    state.env.bail ??= 'table header that starts another block'
    return
  }
  let cells: Array<{ start: number; end: number; contentStart: number; contentEnd: number }> = []
  let cell = 0
  for (let i = before; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.type === 'table_open') {
      const [first, after] = token.map!
      token.lineStart = state.bMarks[first] + state.tShift[first]
      token.rawEnd = state.eMarks[after - 1]
    } else if (token.type === 'tr_open') {
      const line = token.map![0]
      token.lineStart = state.bMarks[line] + state.tShift[line]
      token.rawEnd = state.eMarks[line]
      // A body row that starts HTML: micromark ends the table there (any HTML block may end a table), markdown-it reads a row.
      if (line > header + 1 && state.src.charCodeAt(token.lineStart) === 0x3c) {
        state.env.bail ??= 'table row that starts another block'
        return
      }
      // A row that is a pipe alone: one empty cell to micromark, none to markdown-it.
      if (/^\|[ \t]*$/.test(state.src.slice(token.lineStart, token.rawEnd))) {
        state.env.bail ??= 'table row of a lone pipe'
        return
      }
      const split = splitRow(state.src, token.lineStart!, token.rawEnd!)
      if (!split) {
        state.env.bail ??= 'table row with an escaped pipe'
        return
      }
      cells = split
      cell = 0
      let count = 0
      for (let j = i + 1; j < tokens.length && tokens[j]!.type !== 'tr_close'; j++) if (tokens[j]!.type === 'inline') count++
      if (count < cells.length) {
        state.env.bail ??= 'table row with more cells than its header'
        return
      }
    } else if (token.type === 'th_open' || token.type === 'td_open') {
      // Cells markdown-it adds to a short row are not in mdast.
      if (cell >= cells.length) token.meta = { added: true }
      else {
        token.lineStart = cells[cell]!.start
        token.rawEnd = cells[cell]!.end
      }
    } else if (token.type === 'inline') {
      if (cell >= cells.length) continue
      const { contentStart, contentEnd } = cells[cell++]!
      if (state.src.slice(contentStart, contentEnd) !== token.content) {
        state.env.bail ??= 'table cell content'
        return
      }
      token.segments = [{ content: 0, source: contentStart, length: contentEnd - contentStart }]
    }
    token.stamped = true
  }
}

function splitRow(source: string, start: number, end: number): Array<{ start: number; end: number; contentStart: number; contentEnd: number }> | undefined {
  const pipes: number[] = []
  for (let at = start; at < end; at++) {
    if (source.charCodeAt(at) !== 0x7c) continue
    if (source.charCodeAt(at - 1) === 0x5c) return undefined
    pipes.push(at)
  }
  let lineEnd = end
  while (lineEnd > start && isSpace(source.charCodeAt(lineEnd - 1))) lineEnd--
  const bounds = [pipes[0] === start ? start : start - 1, ...pipes.filter((at) => at !== start)]
  if (bounds[bounds.length - 1] === lineEnd - 1) bounds.pop()
  const cells: Array<{ start: number; end: number; contentStart: number; contentEnd: number }> = []
  for (let index = 0; index < bounds.length; index++) {
    const open = bounds[index]!
    const close = index + 1 < bounds.length ? bounds[index + 1]! : end
    let contentStart = open + 1
    let contentEnd = index + 1 < bounds.length ? close : lineEnd - (source.charCodeAt(lineEnd - 1) === 0x7c && lineEnd - 1 > open ? 1 : 0)
    while (contentStart < contentEnd && isSpace(source.charCodeAt(contentStart))) contentStart++
    while (contentEnd > contentStart && isSpace(source.charCodeAt(contentEnd - 1))) contentEnd--
    cells.push({ start: index === 0 ? start : open, end: close, contentStart, contentEnd })
  }
  return cells
}

/** The segments of `getLines` output after `asciiTrim`, checked against the content the rule kept. */
function trimmed(lines: { text: string; segments: Segment[] }, content: string, state: BlockState): Segment[] | undefined {
  let lead = 0
  while (lead < lines.text.length && /[ \t\n]/.test(lines.text[lead]!)) lead++
  if (lines.text.slice(lead, lead + content.length) !== content) {
    state.env.bail ??= 'trimmed content'
    return undefined
  }
  const out: Segment[] = []
  for (const segment of lines.segments) {
    const from = Math.max(segment.content, lead)
    const to = Math.min(segment.content + segment.length, lead + content.length)
    if (to <= from) continue
    out.push({ content: from - lead, source: segment.source + (from - segment.content), length: to - from })
  }
  return out
}

/** markdown-it's inline tokenize loop, stamping tokens with their offsets. */
function tokenizeInline(this: any, state: InlineState): void {
  const rules = this.ruler.getRules('')
  const len = rules.length
  const end = state.posMax
  const maxNesting = state.md.options.maxNesting
  const tokens: Token[] = state.tokens
  while (state.pos < end) {
    const prevPos = state.pos
    if (state.pending === '') state.pendingStart = prevPos
    let ok = false
    const before = tokens.length
    if (state.level < maxNesting) {
      for (let i = 0; i < len; i++) {
        ok = rules[i](state, false)
        if (ok) {
          if (prevPos >= state.pos) throw new Error("inline rule didn't increment state.pos")
          break
        }
      }
    } else {
      state.env.bail ??= 'inline nesting'
    }
    if (ok) {
      stampRule(tokens, before, prevPos, state.pos)
      if (state.pos >= end) break
      continue
    }
    state.pending += state.src[state.pos++]
  }
  if (state.pending) state.pushPending()
}

/** Give the tokens one successful inline rule pushed their offsets. */
function stampRule(tokens: Token[], before: number, from: number, to: number): void {
  let first = before
  while (first < tokens.length && tokens[first]!.start !== undefined) first++
  if (first >= tokens.length) return
  // Delimiter runs (`**`, `~~`): one text token per character, side by side.
  let run = true
  let length = 0
  for (let index = first; index < tokens.length && run; index++) {
    const token = tokens[index]!
    run = token.type === 'text' && token.start === undefined && token.at === from
    length += token.content.length
  }
  if (run && length === to - from) {
    let at = from
    for (let index = first; index < tokens.length; index++) {
      const token = tokens[index]!
      token.start = at
      at += token.content.length
      token.end = at
    }
    return
  }
  tokens[first]!.start ??= from
  tokens[tokens.length - 1]!.end ??= to
}

/** The syntax a fast parser reads: CommonMark, and these as remark-gfm, remark-frontmatter (`yaml`) and remark-directive read them. */
export interface Features {
  gfm: boolean
  frontmatter: boolean
  directive: boolean
  /** Syntax other remark plugins add, read by their fast twins. */
  twins: readonly ActiveTwin[]
}

/**
 * A constructor that makes the same tokens as markdown-it's `Token` (same
 * fields, same prototype, so `instanceof` and its methods hold) by assigning
 * its fields.
 */
function plainToken(Token: new (type: string, tag: string, nesting: number) => unknown): new (type: string, tag: string, nesting: number) => Token {
  function PlainToken(this: Record<string, unknown>, type: string, tag: string, nesting: number): void {
    this.map = null
    this.level = 0
    this.children = null
    this.content = ''
    this.markup = ''
    this.info = ''
    this.block = false
    this.hidden = false
    this.type = type
    this.tag = tag
    this.attrs = null
    this.nesting = nesting
    this.meta = null
  }
  PlainToken.prototype = Token.prototype
  return PlainToken as unknown as new (type: string, tag: string, nesting: number) => Token
}

/** A markdown-it instance that stamps offsets; one per feature set, reused across documents. */
export function createTokenizer(features: Features): (source: string) => TokenizeResult {
  const md = new MarkdownIt('commonmark', { html: true })
  // micromark links any URL (making links safe is the job of the HTML stage, `markdown.html`); markdown-it
  // refuses javascript:, vbscript:, file: and most data: ones, leaving text where micromark has a link.
  md.validateLink = () => true
  // Emphasis and strikethrough are matched as micromark matches them (see attention.ts).
  md.inline.ruler.at('emphasis', attentionRule(features.gfm))
  md.inline.ruler2.disable(['balance_pairs', 'strikethrough', 'emphasis'])
  md.inline.ruler2.push('attention', resolveAttention)
  if (features.gfm) {
    md.enable(['table'])
    // A definition starts a container: it ends a paragraph, a quote's or a list item's lazy line.
    md.block.ruler.before('reference', 'footnote_def', footnoteDefinition, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })
    md.inline.ruler.before('link', 'footnote_ref', footnoteCall)
  }
  for (const { twin, options } of features.twins) twin.extend(md, options)
  md.core.ruler.disable(['text_join', 'strip_references'])
  md.inline.ruler2.disable(['fragments_join'])

  // markdown-it 15's Token sets each field through a defineProperty helper (its build's class fields), a
  // sixth of the time it takes to tokenize: the states make tokens with a constructor that assigns them.
  // The block and inline states' `push` and `pushPending` name markdown-it's Token directly, so they are
  // written again here, as markdown-it writes them (the differential tests hold them to it).
  const FastToken = plainToken((new md.core.State('', md, {}) as any).Token)
  const CoreBase = md.core.State as any
  md.core.State = class extends CoreBase {
    constructor(...args: unknown[]) {
      super(...args)
      this.Token = FastToken
    }
  } as any
  const BlockBase = md.block.State as any
  md.block.State = class extends BlockBase {
    constructor(...args: unknown[]) {
      super(...args)
      this.Token = FastToken
    }
    push(type: string, tag: string, nesting: number): Token {
      const token = new FastToken(type, tag, nesting)
      token.block = true
      if (nesting < 0) this.level--
      token.level = this.level
      if (nesting > 0) this.level++
      this.tokens.push(token)
      return token
    }
    getLines(begin: number, end: number, indent: number, keepLastLF: boolean): string {
      const text = super.getLines(begin, end, indent, keepLastLF)
      const segments = linesSegments(this, begin, end, indent, keepLastLF)
      if (!segments) this.env.bail ??= 'partly expanded tab'
      this.lastLines = segments ? { text, segments } : undefined
      return text
    }
  } as any
  for (const rule of (md.block.ruler as any).__rules__) rule.fn = wrapBlockRule(rule.fn, rule.name)
  ;(md.block.ruler as any).__cache__ = null

  const InlineBase = md.inline.State as any
  md.inline.State = class extends InlineBase {
    constructor(...args: unknown[]) {
      super(...args)
      this.Token = FastToken
    }
    push(type: string, tag: string, nesting: number): Token {
      if (this.pending) this.pushPending()
      const token = new FastToken(type, tag, nesting)
      let meta: { delimiters: unknown[] } | undefined
      if (nesting < 0) {
        this.level--
        this.delimiters = this._prev_delimiters.pop()
      }
      token.level = this.level
      if (nesting > 0) {
        this.level++
        this._prev_delimiters.push(this.delimiters)
        this.delimiters = []
        meta = { delimiters: this.delimiters }
      }
      this.pendingLevel = this.level
      this.tokens.push(token)
      this.tokens_meta.push(meta)
      token.at = this.pos
      return token
    }
    pushPending(): Token {
      const start = this.pendingStart as number
      const token = new FastToken('text', '', 0)
      token.content = this.pending
      token.level = this.pendingLevel
      token.start = start
      token.end = start + this.pending.length
      this.tokens.push(token)
      this.pending = ''
      return token
    }
  } as any
  ;(md.inline as any).tokenize = tokenizeInline
  // markdown-it stops reading blocks nested deeper than `maxNesting`, leaving the rest out: such a document is micromark's.
  const tokenizeBlock = md.block.tokenize
  md.block.tokenize = function (state: BlockState, startLine: number, endLine: number) {
    if (state.level >= md.options.maxNesting) state.env.bail ??= 'block nesting'
    return tokenizeBlock.call(this, state, startLine, endLine)
  }

  return (source) => {
    const env: { bail?: string } = {}
    const tokens = md.parse(source, env) as unknown as Token[]
    return { tokens, bail: env.bail }
  }
}
