import type { Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'
import type { Extension as MicromarkExtension } from 'micromark-util-types'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import { unified } from 'unified'
import { expect } from 'vitest'
import { createFastParser } from '../src/fast/index.js'
import { mathTwin } from '../src/fast/math.js'
import type { Features, FastResult } from '../src/fast/index.js'

/** A tree as text, keys sorted and `undefined` fields left out, so two trees compare as strings and a difference shows where it is. */
export function canonical(tree: unknown): string {
  return JSON.stringify(
    tree,
    (_key, value: unknown) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
      const record = value as Record<string, unknown>
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .filter((key) => record[key] !== undefined)
          .map((key) => [key, record[key]]),
      )
    },
    1,
  )
}

export interface Comparison {
  /** The fast driver's outcome. */
  fast: FastResult
  /** micromark's tree. */
  micromark: Root
}

/** Parses one document with both drivers, for one feature set: micromark with the syntax remark-gfm, remark-frontmatter, remark-directive and the plugins the twins stand for add, as in a build. */
export function differ(given: Omit<Features, 'twins'> & { twins?: Features['twins'] }): (source: string) => Comparison {
  const features: Features = { ...given, twins: given.twins ?? [] }
  const processor = unified()
  if (features.gfm) processor.use(remarkGfm)
  if (features.frontmatter) processor.use(remarkFrontmatter, ['yaml'])
  if (features.directive) processor.use(remarkDirective)
  // What the twins stand for: micromark reads it with the plugin itself.
  for (const { twin, options } of features.twins) {
    if (twin !== mathTwin) throw new Error(`no plugin to compare the twin of ${String(twin.plugin)} with`)
    processor.use(remarkMath, ...(options as [undefined]))
  }
  const data = processor.freeze().data() as { micromarkExtensions?: MicromarkExtension[]; fromMarkdownExtensions?: FromMarkdownExtension[] }
  const options = { extensions: data.micromarkExtensions ?? [], mdastExtensions: data.fromMarkdownExtensions ?? [] }
  const fast = createFastParser(features)
  return (source) => ({ fast: fast(source), micromark: fromMarkdown(source, options) })
}

/** A check of one spec example: the fast tree is micromark's, or the example is handed over for the reason listed for it. */
export function checkExample(compare: (source: string) => Comparison, handedOver: ReadonlyMap<number, string>) {
  return (example: { number: number; markdown: string }): void => {
    const { fast, micromark } = compare(example.markdown)
    if (fast.bail !== undefined || handedOver.has(example.number)) {
      expect(fast.bail).toBe(handedOver.get(example.number))
      return
    }
    expect(canonical(fast.tree)).toBe(canonical(micromark))
  }
}

/** The reasons the fast driver may give for handing a document to micromark: syntax it does not read yet, or cannot place exactly. */
export const handOverReasons = new Set([
  'carriage return or NUL',
  'unclosed math',
  'partly expanded tab',
  'definition over several lines',
  'list before a blank line in a quote',
  'unclosed fence in a container',
  'unclosed html_block in a container',
  'block nesting',
  'inline nesting',
  'autolink literal',
  'directive',
  'tilde',
  'footnote',
  'table',
  'table row with an escaped pipe',
  'table row with more cells than its header',
  'empty setext heading',
  'block right after a definition',
  'indented unclosed fence',
  'unclosed front matter',
  'empty list item at the end',
  'task check before a line ending',
  'table header that starts another block',
  'table row that starts another block',
  'table row of a lone pipe',
  'HTML over indented lines',
  'empty list item under text',
  'lazy line starting HTML',
  'indented code under a block',
  'tab in a footnote definition',
  'line break in a container',
  'line ending before inline content in a container',
  'bracket before a parenthesis',
  'quote in a quote before a blank line',
  'indented code before indented blank lines',
  'indented lazy line',
  'definition in a container before more text',
  'list followed by more in a quote',
  'indented quote marker',
  'tab after a quote marker',
  'tab after a list marker in a container',
  'indented code after an empty list item',
  'backslash before white space in a destination',
  'list in a footnote',
  'footnote definition in a footnote definition',
  'definition markdown-it refuses',
  'footnote call in brackets',
  'table cell content',
  'HTML with Unicode white space',
  'list not starting at 1 under text',
  'blank last line without a line ending',
  'list right after indented code',
])
