import { basename, extname } from 'node:path'
import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot, Heading } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import { SheafError } from '../errors.js'
import type { FrontMatterFieldRegistry } from '../hooks/front-matter-fields.js'
import { guard } from '../hooks/guard.js'
import type { Sheaf } from '../sheaf.js'
import { bodyStart, readFrontMatter } from './front-matter.js'
import { permalinkLocation, slugLocation } from './permalinks.js'
import { tooDeep } from './nesting.js'
import { processorOf, syntaxOf } from './processor.js'

const markdownPath = /\.(md|markdown)$/i


function firstHeadingText(tree: MdastRoot): string | undefined {
  for (const node of tree.children) {
    if (node.type === 'heading' && (node as Heading).depth === 1) {
      const text = toString(node).trim()
      if (text) return text
    }
  }
  return undefined
}

/**
 * Move a page where its front matter says: `permalink` (a whole path) or
 * `slug` (the last segment). A place that could lead out of the output
 * folder fails the document at the key.
 */
function placePage(file: VFile, data: Record<string, unknown>, placeOf: (path: ReadonlyArray<PropertyKey>) => { line: number; column: number }): void {
  const { url, outPath } = file.data
  if (url === undefined || outPath === undefined) return
  const key = typeof data.permalink === 'string' ? 'permalink' : typeof data.slug === 'string' ? 'slug' : undefined
  if (!key) return
  const value = data[key] as string
  const moved = key === 'permalink' ? permalinkLocation(value) : slugLocation({ url, outPath }, value)
  if ('problem' in moved) {
    file.fail(`The ${key} ${JSON.stringify(value)} cannot be used: ${moved.problem}`, { place: placeOf([key]), source: 'sheaf', ruleId: 'permalink' })
  }
  file.data.url = moved.url
  file.data.outPath = moved.outPath
}

/** Read front matter into `file.data` (`matter`, `draft`, and a provisional `title`), checking the fields core and extensions declare. */
export function readDocumentData(file: VFile, fields: FrontMatterFieldRegistry): void {
  const matter = readFrontMatter(file)
  fields.check(matter, file)
  const { data } = matter
  file.data.matter = data
  placePage(file, data, matter.placeOf)
  file.data.draft = data.draft === true
  if (typeof data.title === 'string' && data.title.trim()) file.data.title = data.title.trim()
}

/**
 * The per-document stages: front matter, parse (the parser dispatcher picks one
 * by file extension), then every mdast and hast transform. The result is the
 * document's body as hast; `file.data` holds its front matter and title.
 */
export async function transformDocument(sheaf: Sheaf, file: VFile): Promise<HastRoot> {
  if (file.data.matter === undefined) readDocumentData(file, sheaf.registry.frontMatter)
  const path = file.path ?? 'document.md'
  const entry = sheaf.registry.parsers.forPath(path)
  if (!entry) {
    const known = sheaf.registry.parsers.extensions()
    throw new SheafError('NO_PARSER', `No parser handles ${extname(path) || 'files without an extension'} (known: ${known.join(', ') || 'none'}).`, {
      file: path,
    })
  }
  if (markdownPath.test(path)) {
    const limit = sheaf.config.limits.nestingDepth
    const deep = tooDeep(String(file.value), limit)
    if (deep) {
      file.fail(
        `Block quotes and lists nest more than ${limit} levels deep here, so the document is not parsed (a parser recurses once per level). If it is meant to be this deep, raise limits.nestingDepth in the config.`,
        { place: deep, source: 'sheaf', ruleId: 'limits' },
      )
    }
  }
  const processor = await processorOf(sheaf)
  const text = String(file.value)
  const start = bodyStart(text)
  const ctx = { ...sheaf.contextFor(entry.extension, file), processor, syntax: syntaxOf(processor), body: { value: text.slice(start.offset), ...start } }
  const mdast = await guard({ extension: entry.extension, version: entry.version, hook: `parser:${entry.parser.name}`, seconds: sheaf.registry.hookSeconds }, () =>
    entry.parser.parse(file, ctx),
  )
  if (typeof mdast !== 'object' || mdast === null || (mdast as MdastRoot).type !== 'root') {
    throw new SheafError('REGISTRATION_INVALID', `Parser "${entry.parser.name}" (${entry.extension}) returned ${typeof mdast}, not an mdast root.`)
  }
  if (file.data.title === undefined) {
    file.data.title = firstHeadingText(mdast) ?? basename(path, extname(path))
  }
  return (await processor.run(mdast, file)) as HastRoot
}

/** A document made from text, for rendering one string (tests, `renderMarkdown`). */
export function documentFromText(text: string, path?: string): VFile {
  return new VFile(path === undefined ? { value: text } : { value: text, path })
}
