import type { ElementContent, Text } from 'hast'

/** A piece of text with the classes of the token spans around it. */
interface Piece {
  value: string
  classes: string[][]
}

function flatten(nodes: ElementContent[], classes: string[][], into: Piece[]): void {
  for (const node of nodes) {
    if (node.type === 'text') into.push({ value: node.value, classes })
    else if (node.type === 'element') {
      const className = node.properties.className
      const own = Array.isArray(className) ? className.map(String) : []
      flatten(node.children, [...classes, own], into)
    }
  }
}

function rebuild(pieces: Piece[]): ElementContent[] {
  return pieces.map((piece) =>
    piece.classes.reduceRight<ElementContent>(
      (child, className) => ({ type: 'element', tagName: 'span', properties: { className }, children: [child] }),
      { type: 'text', value: piece.value } as Text,
    ),
  )
}

/**
 * Split highlighted code into one `<span class="line">` per line (each followed
 * by its line break), cutting token
 * spans that cross a line break, so single lines can be marked.
 */
export function splitLines(nodes: ElementContent[], highlighted: ReadonlySet<number>): ElementContent[] {
  const pieces: Piece[] = []
  flatten(nodes, [], pieces)
  const lines: Piece[][] = [[]]
  for (const piece of pieces) {
    const parts = piece.value.split('\n')
    parts.forEach((part, index) => {
      if (index > 0) lines.push([])
      if (part) lines[lines.length - 1]!.push({ value: part, classes: piece.classes })
    })
  }
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop()
  // The line break goes between the line spans, so a marked line can be a full-width block.
  return lines.flatMap((line, index): ElementContent[] => [
    {
      type: 'element',
      tagName: 'span',
      properties: { className: highlighted.has(index + 1) ? ['line', 'highlighted'] : ['line'] },
      children: rebuild(line),
    },
    { type: 'text', value: '\n' },
  ])
}

/** `{2,4-5}` in a code block's meta: the line numbers to mark. */
export function parseLineRanges(meta: string): Set<number> {
  const lines = new Set<number>()
  const match = /\{([\d,\s-]+)\}/.exec(meta)
  if (!match) return lines
  for (const part of match[1]!.split(',')) {
    const [from, to] = part.trim().split('-').map((n) => Number.parseInt(n, 10))
    if (from === undefined || Number.isNaN(from)) continue
    const end = to === undefined || Number.isNaN(to) ? from : to
    for (let line = from; line <= end && line - from < 10_000; line++) lines.add(line)
  }
  return lines
}

/** `title="app.ts"` in a code block's meta. */
export function parseTitle(meta: string): string | undefined {
  return /\btitle=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta)?.slice(1).find((value) => value !== undefined)
}
