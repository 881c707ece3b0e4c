import { normalizeIdentifier } from 'micromark-util-normalize-identifier'

/* eslint-disable @typescript-eslint/no-explicit-any -- markdown-it's rule states are untyped internals */

/**
 * GFM footnotes for markdown-it, read as micromark-extension-gfm-footnote
 * reads them: a definition `[^label]:` is a container whose lines after the
 * first are blank or indented four spaces, and a call `[^label]` is one only
 * when a definition of that label exists anywhere in the document.
 */

/** The end of a footnote label starting at `start` (just past `[^`), at its `]`; -1 if there is none. */
function labelEnd(source: string, start: number, max: number): number {
  let size = 0
  for (let at = start; at < max; at++) {
    const code = source.charCodeAt(at)
    if (size > 999 || code === 0x5b || code === 0x20 || code === 0x09 || code === 0x0a) return -1
    if (code === 0x5d) return at === start ? -1 : at
    size++
    if (code === 0x5c) {
      const next = source.charCodeAt(at + 1)
      if (next === 0x5b || next === 0x5c || next === 0x5d) {
        at++
        size++
      }
    }
  }
  return -1
}

export function footnoteDefinition(state: any, startLine: number, endLine: number, silent: boolean): boolean {
  const source: string = state.src
  const start = state.bMarks[startLine] + state.tShift[startLine]
  const max = state.eMarks[startLine]
  if (state.sCount[startLine] - state.blkIndent >= 4) return false
  if (source.charCodeAt(start) !== 0x5b || source.charCodeAt(start + 1) !== 0x5e) return false
  const end = labelEnd(source, start + 2, max)
  if (end === -1 || source.charCodeAt(end + 1) !== 0x3a) return false
  if (silent) return true
  // Tabs in a definition's first line are counted differently by the two parsers.
  if (source.slice(end, max).includes('\t')) state.env.bail ??= 'tab in a footnote definition'
  // White space after the colon is all dropped by micromark; markdown-it counts it as indentation.
  if (/^:[ \t]{2,}\S/.test(source.slice(end + 1, max))) state.env.bail ??= 'tab in a footnote definition'
  // A definition opening another on its line: micromark nests them, markdown-it does not.
  if (/^:[ ]*\[\^/.test(source.slice(end + 1, max))) state.env.bail ??= 'footnote definition in a footnote definition'
  const label = source.slice(start + 2, end)
  const defined: Set<string> = (state.env.footnotes ??= new Set())
  defined.add(normalizeIdentifier(label))

  let pos = end + 2
  const afterColon = pos
  const initial = state.sCount[startLine] + pos - start
  let offset = initial
  while (pos < max) {
    const code = source.charCodeAt(pos)
    if (code === 0x09) offset += 4 - (offset % 4)
    else if (code === 0x20) offset++
    else break
    pos++
  }
  const open = state.push('footnote_open', '', 1)
  open.meta = { label }
  open.map = [startLine, 0]
  const old = { bMark: state.bMarks[startLine], tShift: state.tShift[startLine], sCount: state.sCount[startLine], parentType: state.parentType }
  state.tShift[startLine] = pos - afterColon
  state.sCount[startLine] = offset - initial
  state.bMarks[startLine] = afterColon
  state.blkIndent += 4
  state.parentType = 'footnote'
  if (state.sCount[startLine] < state.blkIndent) state.sCount[startLine] += state.blkIndent
  state.md.block.tokenize(state, startLine, endLine, true)
  state.parentType = old.parentType
  state.blkIndent -= 4
  state.tShift[startLine] = old.tShift
  state.sCount[startLine] = old.sCount
  state.bMarks[startLine] = old.bMark
  open.map[1] = state.line
  state.push('footnote_close', '', -1)
  return true
}

export function footnoteCall(state: any, silent: boolean): boolean {
  const source: string = state.src
  const start: number = state.pos
  if (source.charCodeAt(start) !== 0x5b || source.charCodeAt(start + 1) !== 0x5e) return false
  const defined: Set<string> | undefined = state.env.footnotes
  if (!defined) return false
  const end = labelEnd(source, start + 2, state.posMax)
  if (end === -1) return false
  const label = source.slice(start + 2, end)
  if (!defined.has(normalizeIdentifier(label))) return false
  if (!silent) {
    // In brackets, the call may sit in a link's text, which markdown-it then refuses (it takes the call for a nested link).
    if (insideBrackets(source, start)) state.env.bail ??= 'footnote call in brackets'
    const token = state.push('footnote_ref', '', 0)
    token.meta = { label }
  }
  state.pos = end + 1
  return true
}

/** Whether a `[` before `at` is still open there. */
function insideBrackets(source: string, at: number): boolean {
  let depth = 0
  for (let index = 0; index < at; index++) {
    const code = source.charCodeAt(index)
    if (code === 0x5c) index++
    else if (code === 0x5b) depth++
    else if (code === 0x5d && depth > 0) depth--
  }
  return depth > 0
}
