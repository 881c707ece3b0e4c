import { createRequire } from 'node:module'
import { VFile } from 'vfile'

const require = createRequire(import.meta.url)
/** The YAML parser, required (it is CommonJS under Node) when the first front matter is read: a build served from the cache never is. */
let yamlModule: typeof import('yaml') | undefined
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'))

/** Where the first key that repeats a key of the same mapping starts, or undefined: linear in the number of keys. */
function firstDuplicateKey(doc: import('yaml').Document): number | undefined {
  const { visit, isScalar } = yaml()
  let found: number | undefined
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>()
      for (const pair of map.items) {
        const key = pair.key
        if (!isScalar(key)) continue
        // As the parser's own check: scalars of the same value (and type) are the same key.
        const identity = `${typeof key.value}:${String(key.value)}`
        if (seen.has(identity)) {
          found = key.range?.[0]
          return visit.BREAK
        }
        seen.add(identity)
      }
      return undefined
    },
  })
  return found
}

/** Aliases a front matter block may expand before it counts as an alias bomb. */
export const maxAliasCount = 100

/** YAML read strictly: the document, its line counter and its value, or the first problem with its line and column in the text. */
export type ReadYaml =
  | { ok: true; doc: import('yaml').Document; lines: import('yaml').LineCounter; value: unknown }
  | { ok: false; kind: 'syntax' | 'value'; reason: string; line: number; column: number }

/**
 * Read YAML as front matter and data files are read: strict, a key repeated
 * in one mapping is an error (found in one pass: the parser's own check
 * compares every key with every other), and at most `maxAliasCount` aliases
 * are expanded, so an alias bomb is refused instead of expanded.
 */
export function readYaml(text: string): ReadYaml {
  const { parseDocument, LineCounter } = yaml()
  const lines = new LineCounter()
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, strict: true, lineCounter: lines })
  const problem = doc.errors[0]
  if (problem) {
    const at = problem.linePos?.[0]
    return { ok: false, kind: 'syntax', reason: problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line: at?.line ?? 1, column: at?.col ?? 1 }
  }
  const duplicate = firstDuplicateKey(doc)
  if (duplicate !== undefined) {
    const at = lines.linePos(duplicate)
    return { ok: false, kind: 'syntax', reason: 'Map keys must be unique', line: at.line, column: at.col }
  }
  try {
    return { ok: true, doc, lines, value: doc.toJS({ maxAliasCount }) }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, kind: 'value', reason: `${reason} (at most ${maxAliasCount} aliases are expanded)`, line: 1, column: 1 }
  }
}

// `---` on the first line, YAML, then `---` alone on a line. A language after the
// opening fence (`---js`, `---toml`) marks front matter in another language.
const fence = /^---([^\S\r\n]*[A-Za-z][\w-]*)?[^\S\r\n]*\r?\n/
const closing = /^---[^\S\r\n]*$/m

export interface FrontMatter {
  /** The parsed mapping (empty without front matter). */
  data: Record<string, unknown>
  /** The offset just past the closing fence, where the body starts. */
  bodyOffset: number
  /**
   * Where a key (or a key path: `['authors', 1]`) is written in the document:
   * the deepest part of the path that is found, else the front matter's first line.
   */
  placeOf(path: ReadonlyArray<PropertyKey>): { line: number; column: number }
}

const firstLine = (): { line: number; column: number } => ({ line: 1, column: 1 })

/** Where `path` is written in a parsed YAML document, as a line and column of the document it sits in. */
function placeIn(doc: import('yaml').Document, lines: import('yaml').LineCounter, lineOffset: number, path: ReadonlyArray<PropertyKey>): { line: number; column: number } {
  const { isMap, isSeq, isScalar } = yaml()
  let node: unknown = doc.contents
  let at: number | undefined
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part))
      if (!pair) break
      at = (pair.key as { range?: [number, number, number] }).range?.[0] ?? at
      node = pair.value
    } else if (isSeq(node)) {
      const item = node.items[Number(part)] as { range?: [number, number, number] } | undefined
      if (!item) break
      at = item.range?.[0] ?? at
      node = item
    } else break
  }
  if (at === undefined) return { line: 1 + lineOffset, column: 1 }
  const pos = lines.linePos(at)
  return { line: pos.line + lineOffset, column: pos.col }
}

const source = 'sheaf'
const ruleId = 'front-matter'

/** Where a document's front matter lies: the YAML between the fences, and the offset where the body starts. */
interface Bounds {
  /** The opening fence's language (`---js`), if it has one. */
  language: string | undefined
  yamlStart: number
  yamlText: string
  bodyOffset: number
}

/** The front matter's place in a document's text, without reading the YAML; undefined without front matter. */
function boundsOf(text: string): Bounds | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const open = fence.exec(text.slice(start))
  if (!open) return undefined
  const yamlStart = start + open[0].length
  closing.lastIndex = 0
  const rest = text.slice(yamlStart)
  const close = closing.exec(rest)
  // Without a closing fence the `---` is a thematic break, as remark-frontmatter reads it.
  if (!close) return { language: open[1]?.trim(), yamlStart, yamlText: '', bodyOffset: -1 }
  const afterClose = yamlStart + close.index + close[0].length
  const bodyOffset = text.startsWith('\r\n', afterClose) ? afterClose + 2 : text.startsWith('\n', afterClose) ? afterClose + 1 : afterClose
  return { language: open[1]?.trim(), yamlStart, yamlText: rest.slice(0, close.index), bodyOffset }
}

/** Where a document's body starts, past its front matter: an offset into its text, and the line and column there (1-based). */
export function bodyStart(text: string): { offset: number; line: number; column: number } {
  const bounds = boundsOf(text)
  const offset = bounds === undefined || bounds.bodyOffset < 0 ? 0 : bounds.bodyOffset
  let line = 1
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++
  return { offset, line, column: 1 }
}

/**
 * Read a document's YAML front matter into `file.data.matter`. Problems are
 * fatal vfile messages with the line in the document. Front matter in another
 * language is refused, and nothing in a document is ever run as code.
 */
export function readFrontMatter(file: VFile): FrontMatter {
  const text = String(file.value)
  const bounds = boundsOf(text)
  if (!bounds) return { data: {}, bodyOffset: 0, placeOf: firstLine }
  const { language, yamlStart } = bounds
  closing.lastIndex = 0
  if (language && closing.test(text.slice(yamlStart))) {
    file.fail(`Front matter marked \`---${language}\` is not supported: Sheaf reads plain \`---\` YAML front matter only and never runs code from a document`, {
      place: { line: 1, column: 4 },
      source,
      ruleId,
    })
  }
  // Without a closing fence the `---` is a thematic break, as remark-frontmatter reads it.
  if (bounds.bodyOffset < 0) return { data: {}, bodyOffset: 0, placeOf: firstLine }
  const { yamlText, bodyOffset } = bounds

  // The YAML starts on the document's second line.
  const lineOffset = 1
  const read = readYaml(yamlText)
  if (!read.ok) {
    const reason = read.kind === 'syntax' ? `Invalid YAML in front matter: ${read.reason}` : `Front matter could not be read: ${read.reason}`
    file.fail(reason, { place: { line: read.line + lineOffset, column: read.column }, source, ruleId })
  }
  const { doc, lines } = read
  let data = read.value
  if (data === null || data === undefined) data = {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    file.fail('Front matter must be a mapping of keys to values (such as `title: Intro`)', { place: { line: 1 + lineOffset, column: 1 }, source, ruleId })
  }
  return { data: data as Record<string, unknown>, bodyOffset, placeOf: (path) => placeIn(doc, lines, lineOffset, path) }
}

/** Where a front matter key is written in a document's text (read again: for messages about a key after the document was read). */
export function frontMatterPlace(text: string, path: ReadonlyArray<PropertyKey>): { line: number; column: number } {
  try {
    return readFrontMatter(new VFile({ value: text })).placeOf(path)
  } catch {
    return { line: 1, column: 1 }
  }
}
