/**
 * Containers as VitePress and older Docusaurus write them: `::: tip Title`,
 * a space after the colons and a title after the kind. Each opening line of a
 * kind this extension knows is rewritten in place to the directive form,
 * `:::tip[Title]`, of the same length (padded with spaces), so every line,
 * column and offset of the document stays where it was.
 */

/** A fenced code block's opening or closing line: its marker and length. */
const fence = /^[ \t]{0,3}(`{3,}|~{3,})/
const opening = /^([ \t]{0,3})(:{3,})([ \t]+)([A-Za-z][\w-]*)(?:([ \t]+)(.*?))?([ \t]*)$/

export interface Rewritten {
  /** The text with every such opening line in the directive form. */
  text: string
  /** Where each rewritten line was (1-based), and what it became. */
  lines: Array<{ line: number; written: string; canonical: string }>
}

/** Rewrite `::: kind Title` openings of the given kinds, outside fenced code; undefined when there are none. */
export function rewriteContainers(text: string, kinds: ReadonlySet<string>): Rewritten | undefined {
  if (!text.includes('::: ') && !text.includes(':::\t')) return undefined
  const lines = text.split('\n')
  const found: Rewritten['lines'] = []
  let inFence: { marker: string; length: number } | undefined
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const marker = fence.exec(line)
    if (inFence) {
      if (marker && marker[1]![0] === inFence.marker && marker[1]!.length >= inFence.length && line.slice(marker[0].length).trim() === '') inFence = undefined
      continue
    }
    if (marker) {
      inFence = { marker: marker[1]![0]!, length: marker[1]!.length }
      continue
    }
    const match = opening.exec(line)
    if (!match) continue
    const [, indent, colons, , kind, , title = ''] = match
    if (!kinds.has(kind!.toLowerCase())) continue
    const label = title.trim()
    // A title is a directive label: brackets in it would need escapes, which the line has no room for.
    if (/[[\]]/.test(label)) continue
    const canonical = `${indent}${colons}${kind!.toLowerCase()}${label ? `[${label}]` : ''}`
    const width = line.length
    if (canonical.length > width) continue
    const rewritten = canonical.padEnd(width, ' ')
    lines[index] = raw.endsWith('\r') ? `${rewritten}\r` : rewritten
    found.push({ line: index + 1, written: line.trim(), canonical: canonical.trim() })
  }
  return found.length === 0 ? undefined : { text: lines.join('\n'), lines: found }
}
