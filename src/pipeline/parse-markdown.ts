import type { Root as MdastRoot } from 'mdast'
import type { Node } from 'unist'
import { resolve } from 'node:path'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { SheafError } from '../errors.js'
import type { ParseMarkdownOptions } from '../extensions/types.js'
import type { Sheaf } from '../sheaf.js'
import { reserveOffsets } from './included-places.js'
import { processorOf, syntaxOf } from './processor.js'

/**
 * `ctx.parseMarkdown`: markdown text to mdast with the site's markdown parser
 * (the one registered for `.md`) and every syntax extension its remark
 * plugins add, positions moved to where the text starts in its file.
 */
export async function parseMarkdown(sheaf: Sheaf, text: string, options: ParseMarkdownOptions, document: VFile | undefined): Promise<MdastRoot> {
  const entry = sheaf.registry.parsers.forPath('document.md')
  if (!entry) throw new SheafError('NO_PARSER', 'No parser handles .md files, so ctx.parseMarkdown has nothing to parse with (is @sheaf/markdown disabled?).')
  const path = options.path === undefined ? document?.path : resolve(options.path)
  const file = new VFile(path === undefined ? { value: text } : { value: text, path })
  const processor = await processorOf(sheaf)
  const ctx = { ...sheaf.contextFor(entry.extension, file), processor, syntax: syntaxOf(processor), body: { value: text, offset: 0, line: 1, column: 1 } }
  const tree = await entry.parser.parse(file, ctx)
  const lines = (options.line ?? 1) - 1
  // Text from another file than the document gets offsets of its own, far past the document's text, so
  // that a message about one of its nodes can name that file (see `placeIncluded`).
  const elsewhere = document !== undefined && path !== undefined && path !== document.path
  const offset = (options.offset ?? 0) + (elsewhere ? reserveOffsets(document, path, (options.offset ?? 0) + text.length + 1) : 0)
  if (lines !== 0 || offset !== 0) {
    visit(tree as Node, (node) => {
      const { position } = node
      if (!position) return
      for (const point of [position.start, position.end]) {
        point.line += lines
        if (point.offset !== undefined) point.offset += offset
      }
    })
  }
  return tree
}
