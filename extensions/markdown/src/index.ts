import * as v from 'valibot'
import { createRequire } from 'node:module'
import type { Options as GfmOptions } from 'remark-gfm'
import { defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'
import type { Root } from 'mdast'
import type { Extension as MicromarkExtension } from 'micromark-util-types'
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'
import { FastDriver } from './fast-driver.js'
import { registeredTwins } from './fast/twins.js'

export { fastTwin, type FastTwin, type TwinSpan, type TwinToken } from './fast/twins.js'
export { mathTwin } from './fast/math.js'

export interface MarkdownOptions {
  /** GitHub Flavored Markdown (tables, task lists, strikethrough, autolinks, footnotes); `false` for CommonMark alone. */
  gfm?: boolean | GfmOptions
  /**
   * Which parser reads documents: `fast` (markdown-it, bridged to the exact
   * tree micromark builds; a document or build it cannot read exactly is read
   * by micromark) or `micromark` (always micromark). Both give the same tree.
   */
  parser?: 'fast' | 'micromark'
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

interface ProcessorData {
  micromarkExtensions?: MicromarkExtension[]
  fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]>
}

/**
 * Markdown for Sheaf: CommonMark, GitHub Flavored Markdown and YAML front
 * matter, parsed by micromark. Syntax extensions that remark plugins register
 * (through `app.addRemarkPlugin`) reach the parser, as they do with remark-parse.
 */
/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      gfm: v.optional(v.union([v.boolean(), v.looseObject({})], "expected true, false or remark-gfm's options object")),
      parser: v.optional(v.picklist(['fast', 'micromark'], "expected 'fast' or 'micromark'")),
    },
    'expected an object of options such as { gfm: false }',
  ),
)

/** micromark's parts, imported when the first document is read: a build served from the cache never loads them. */
async function loadMicromark(): Promise<{ fromMarkdown: typeof import('mdast-util-from-markdown').fromMarkdown; combineExtensions: typeof import('micromark-util-combine-extensions').combineExtensions }> {
  const [{ fromMarkdown }, { combineExtensions }] = await Promise.all([import('mdast-util-from-markdown'), import('micromark-util-combine-extensions')])
  return { fromMarkdown, combineExtensions }
}

const markdown: Extension<MarkdownOptions | undefined> = defineExtension<MarkdownOptions | undefined>({
  name: '@sheaf/markdown',
  version,
  optionsSchema,
  setup(app, options = {}) {
    // Imported when the first document is read: a build served from the cache never loads micromark.
    app.addRemarkPlugin({ load: () => import('remark-frontmatter') }, ['yaml'], { name: 'remark-frontmatter', order: 'pre' })
    if (options.gfm !== false) {
      const gfmOptions = options.gfm === true || options.gfm === undefined ? {} : options.gfm
      app.addRemarkPlugin({ load: () => import('remark-gfm') }, gfmOptions, { name: 'remark-gfm', order: 'pre' })
    }
    let micromark: ReturnType<typeof loadMicromark> | undefined
    let combined: { from: MicromarkExtension[]; extension: MicromarkExtension } | undefined
    const fast = options.parser === 'micromark' ? undefined : new FastDriver()
    app.addParser({
      name: 'markdown',
      extensions: ['.md', '.markdown'],
      async parse(file, { processor, syntax, logger }): Promise<Root> {
        const source = String(file.value)
        const tree = await fast?.parse(source, syntax, logger, registeredTwins(processor.data() as Record<string, unknown>))
        if (tree) return tree
        const { fromMarkdown, combineExtensions } = await (micromark ??= loadMicromark())
        const data = processor.data() as ProcessorData
        const extensions = data.micromarkExtensions ?? []
        // The syntax extensions combined once per processor (a build's), not once per document.
        if (combined?.from !== extensions) combined = { from: extensions, extension: combineExtensions(extensions) }
        return fromMarkdown(source, {
          extensions: [combined.extension],
          mdastExtensions: data.fromMarkdownExtensions ?? [],
        })
      },
    })
  },
})

export default markdown
