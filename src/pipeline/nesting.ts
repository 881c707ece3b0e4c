/**
 * How deep block quotes and list items nest, judged from each line's prefix
 * before the document is parsed: a parser recurses once per level, and tens of
 * thousands of `>` overflow its stack after many seconds. Each `>` and each
 * list marker in a line's prefix is a level, and so is every two columns of
 * indentation (a nested list item is indented at least two columns more than
 * its parent). Lines inside fenced code are skipped.
 */

const fence = /^ {0,3}(`{3,}|~{3,})/

/** Where block quotes and lists first nest deeper than `limit`: line and column, 1-based; undefined when they never do. */
export function tooDeep(text: string, limit: number): { line: number; column: number } | undefined {
  let open: string | undefined
  let line = 0
  let start = 0
  while (start <= text.length) {
    line += 1
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const found = fence.exec(text.slice(start, Math.min(end, start + 16)))
    if (found) {
      const marker = found[1]!
      if (open === undefined) open = marker
      else if (marker[0] === open[0] && marker.length >= open.length) open = undefined
    } else if (open === undefined) {
      const column = deepAt(text, start, end, limit)
      if (column !== undefined) return { line, column }
    }
    start = end + 1
  }
  return undefined
}

/** The column at which a line's prefix passes `limit` levels, or undefined. */
function deepAt(text: string, start: number, end: number, limit: number): number | undefined {
  let markers = 0
  let columns = 0
  // Spaces and tabs that are not a marker's own space: each two columns of them a level.
  let indent = 0
  let at = start
  while (at < end) {
    const code = text.charCodeAt(at)
    if (code === 0x20) {
      columns += 1
      indent += 1
      at += 1
    } else if (code === 0x09) {
      const width = 4 - (columns % 4)
      columns += width
      indent += width
      at += 1
    } else {
      const length = code === 0x3e /* > */ ? 1 : listMarker(text, at, end)
      if (length === 0) break
      markers += 1
      columns += length
      at += length
      // One space after a marker belongs to it.
      if (at < end && text.charCodeAt(at) === 0x20) {
        columns += 1
        at += 1
      }
    }
    if (markers + Math.floor(indent / 2) > limit) return at - start
  }
  return undefined
}

/** The length of a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space, a tab or the line's end at `at`; 0 if there is none. */
function listMarker(text: string, at: number, end: number): number {
  const code = text.charCodeAt(at)
  let length = 0
  if (code === 0x2d || code === 0x2a || code === 0x2b) length = 1
  else {
    while (length < 9 && at + length < end && text.charCodeAt(at + length) >= 0x30 && text.charCodeAt(at + length) <= 0x39) length += 1
    if (length === 0) return 0
    const after = text.charCodeAt(at + length)
    if (after !== 0x2e && after !== 0x29) return 0
    length += 1
  }
  const next = at + length
  if (next < end && text.charCodeAt(next) !== 0x20 && text.charCodeAt(next) !== 0x09 && text.charCodeAt(next) !== 0x0d) return 0
  return length
}
