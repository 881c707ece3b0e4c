import * as v from 'valibot'
import { createRequire } from 'node:module'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import type { Code, Root, RootContent } from 'mdast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import { defineExtension } from 'sheaf'
import type { DirectiveNode, Extension, HookContext } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** A piece of a file: its text, and the line and offset where it starts in the file. */
interface Piece {
  text: string
  line: number
  offset: number
}

/** One include on the way to the one being read, for the message of a cycle: who included, where. */
interface Step {
  path: string
  place: Position | undefined
}

/** Lines that mark a region: `<!-- #region name -->`, `// #region name`, `# #region name` (and C-style comments), and their `#endregion`. */
const marker = /^\s*(?:<!--|\/\/|#|\/\*|--|;)?\s*#(region|endregion)\b\s*([\w.-]*)/

/** Where each line of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return starts
}

/** The lines `from` to `to` (1-based, inclusive) of a text. */
function slice(text: string, from: number, to: number): Piece {
  const starts = lineStarts(text)
  const last = Math.min(to, starts.length)
  const start = starts[from - 1] ?? text.length
  const end = last < starts.length ? starts[last]! : text.length
  return { text: text.slice(start, end), line: from, offset: start }
}

/**
 * Choose part of a file: `lines="5-20"` (or `"5-"`, `"-20"`, `"7"`), and/or
 * `region="name"` (the lines between its `#region` and `#endregion`
 * markers). Throws a message for the user when the choice cannot be made.
 */
function choose(text: string, attributes: Record<string, string | null | undefined>): Piece {
  let piece: Piece = { text, line: 1, offset: 0 }
  const region = attributes.region
  if (region) {
    const lines = text.split('\n')
    const open = lines.findIndex((line) => marker.exec(line)?.[1] === 'region' && marker.exec(line)?.[2] === region)
    if (open === -1) throw new Error(`has no region "${region}" (a line with #region ${region})`)
    const close = lines.findIndex((line, index) => index > open && marker.exec(line)?.[1] === 'endregion' && [region, ''].includes(marker.exec(line)?.[2] ?? ''))
    if (close === -1) throw new Error(`has no #endregion for region "${region}", which starts on line ${open + 1}`)
    piece = slice(text, open + 2, close)
  }
  const lines = attributes.lines
  if (lines) {
    const range = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(lines) ?? /^\s*(\d+)\s*$/.exec(lines)
    if (!range || (range[1] === '' && range[2] === '')) throw new Error(`cannot take lines="${lines}": write a line or a range, such as "5-20", "5-" or "-20"`)
    const from = range[1] ? Number(range[1]) : 1
    const to = range[2] === undefined ? from : range[2] ? Number(range[2]) : Number.MAX_SAFE_INTEGER
    if (from < 1 || to < from) throw new Error(`cannot take lines="${lines}": the range is empty`)
    const within = slice(piece.text, from, to)
    piece = { text: within.text, line: piece.line + from - 1, offset: piece.offset + within.offset }
  }
  return piece
}

/** Region marker lines are not shown in included code. */
const withoutMarkers = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !marker.test(line))
    .join('\n')

/** Where a path in an include points: relative to the including file, or to the site root with a leading `/`. */
function target(path: string, from: string, root: string): string {
  return path.startsWith('/') ? join(root, path) : resolve(dirname(from), path)
}

const where = (step: Step, root: string): string =>
  `${relative(root, step.path)}${step.place ? `:${step.place.start.line}:${step.place.start.column}` : ''}`

/** Code languages by file extension, where the extension is not the language's name. */
const languages: Record<string, string> = { '.mjs': 'js', '.cjs': 'js', '.mts': 'ts', '.cts': 'ts', '.yml': 'yaml', '.sh': 'bash', '.md': 'markdown', '.py': 'python', '.rb': 'ruby', '.rs': 'rust' }

/** `file="…" lines="…" region="…"` in a code block's meta, and the meta without them. */
function codeAttributes(meta: string): { attributes: Record<string, string>; rest: string } {
  const attributes: Record<string, string> = {}
  const rest = meta.replace(/\b(file|lines|region)=(?:"([^"]*)"|'([^']*)'|(\S+))/g, (_, key: string, a?: string, b?: string, c?: string) => {
    attributes[key] = a ?? b ?? c ?? ''
    return ''
  })
  return { attributes, rest: rest.replace(/\s+/g, ' ').trim() }
}

/**
 * Includes for documentation: `::include{file="snippets/intro.md"}` splices
 * another file's markdown in its place, and a code block with `file="…"` in
 * its meta shows a file's code; both take `lines` and `region`.
 */
/** It takes no options: any given are an error, checked by Sheaf before setup. */
export const optionsSchema = v.optional(v.strictObject({}, 'expected no options'))

const include: Extension<v.InferOutput<typeof optionsSchema>> = defineExtension({
  name: '@sheaf/include',
  version,
  optionsSchema,
  setup(app) {
    const root = app.config.root

    /** The markdown of one include, with the includes inside it read in turn (relative to it). */
    async function read(node: DirectiveNode, from: string, chain: Step[], file: VFile, ctx: HookContext, top: Position | undefined): Promise<RootContent[]> {
      const attributes = node.attributes ?? {}
      // Reported at the include in the document: an inner one's position is in another file (the message names it).
      const place = top
      const fail = (reason: string): RootContent[] => {
        const message = file.message(reason, { place, source: '@sheaf/include', ruleId: 'include' })
        message.fatal = true
        return []
      }
      const inner = chain.length > 0 ? ` (in ${where({ path: from, place: node.position }, root)})` : ''
      if (!attributes.file) return fail(`An include needs a file: write ::include{file="path/to/file.md"}${inner}`)
      const path = target(attributes.file, from, root)
      const step: Step = { path: from, place: node.position }
      if (path === file.path || chain.some((earlier) => earlier.path === path)) {
        const steps = [...chain, step].map((s) => where(s, root))
        return fail(`Include cycle: ${steps.map((at, index) => `${at} includes ${relative(root, index + 1 < steps.length ? [...chain, step][index + 1]!.path : path)}`).join(', ')}`)
      }
      let text: string
      try {
        text = ctx.readFile(path)
      } catch {
        return fail(`Cannot include ${attributes.file}${inner}: there is no file ${relative(root, path) || path}${isAbsolute(attributes.file) ? ' (a leading / means the site root)' : ''}`)
      }
      let piece: Piece
      try {
        piece = choose(text, attributes)
      } catch (error) {
        return fail(`Cannot include ${attributes.file}${inner}: it ${(error as Error).message}`)
      }
      const tree: Root = await ctx.parseMarkdown(piece.text, { path, line: piece.line, offset: piece.offset })
      const nodes = tree.children.filter((child) => child.type !== 'yaml')
      await expand(nodes, path, [...chain, step], file, ctx, top)
      return nodes
    }

    /** Replace the includes among `nodes` (at any depth) by what they include. */
    async function expand(nodes: RootContent[], from: string, chain: Step[], file: VFile, ctx: HookContext, top: Position | undefined): Promise<void> {
      for (let index = 0; index < nodes.length; index++) {
        const node = nodes[index]!
        if (node.type === 'leafDirective' && node.name === 'include') {
          const included = await read(node, from, chain, file, ctx, top)
          nodes.splice(index, 1, ...included)
          index += included.length - 1
        } else if ('children' in node) {
          await expand(node.children as RootContent[], from, chain, file, ctx, top)
        }
      }
    }

    app.addDirective({
      name: 'include',
      kinds: ['leaf'],
      // Included nodes keep their positions in the included file: a message about one names that file (ctx.parseMarkdown sees to it).
      render: (node, file, ctx) => read(node, file.path, [], file, ctx, node.position),
    })

    app.addTransform({
      name: 'include:code',
      stage: 'mdast',
      run(tree, file, ctx) {
        const visitCode = (nodes: RootContent[]): void => {
          for (const node of nodes) {
            if (node.type === 'code' && /^(?:file|lines|region)=/.test(node.lang ?? '')) {
              // Written without a language, the first attribute is where the language would be.
              node.meta = `${node.lang} ${node.meta ?? ''}`
              node.lang = null
            }
            if (node.type === 'code' && node.meta && /\bfile=/.test(node.meta)) fill(node, file, ctx)
            else if ('children' in node) visitCode(node.children as RootContent[])
          }
        }
        visitCode(tree.children)
      },
    })

    /** Fill a code block from the file its meta names. */
    function fill(node: Code, file: VFile, ctx: HookContext): void {
      const { attributes, rest } = codeAttributes(node.meta!)
      const fail = (reason: string): void => {
        const message = file.message(reason, { place: node.position, source: '@sheaf/include', ruleId: 'include' })
        message.fatal = true
      }
      const path = target(attributes.file!, file.path, root)
      let text: string
      try {
        text = ctx.readFile(path)
      } catch {
        fail(`Cannot show ${attributes.file}: there is no file ${relative(root, path) || path}`)
        return
      }
      try {
        node.value = withoutMarkers(choose(text, attributes).text).replace(/\n$/, '')
      } catch (error) {
        fail(`Cannot show ${attributes.file}: it ${(error as Error).message}`)
        return
      }
      node.meta = rest || null
      if (!node.lang) node.lang = languages[extname(path)] ?? (extname(path).slice(1) || null)
    }
  },
})

export default include
