import { createRequire } from 'node:module'
import type { Options as GfmOptions } from 'remark-gfm'
import { defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'
import type { Root } from 'mdast'
import type { Extension as MicromarkExtension } from 'micromark-util-types'
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'

export interface MarkdownOptions {
  /** GitHub Flavored Markdown (tables, task lists, strikethrough, autolinks, footnotes); `false` for CommonMark alone. */
  gfm?: boolean | GfmOptions
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
const markdown: Extension<MarkdownOptions | undefined> = defineExtension<MarkdownOptions | undefined>({
  name: '@sheaf/markdown',
  version,
  setup(app, options = {}) {
    // Imported when the first document is read: a build served from the cache never loads micromark.
    app.addRemarkPlugin({ load: () => import('remark-frontmatter') }, ['yaml'], { name: 'remark-frontmatter', order: 'pre' })
    if (options.gfm !== false) {
      const gfmOptions = options.gfm === true || options.gfm === undefined ? {} : options.gfm
      app.addRemarkPlugin({ load: () => import('remark-gfm') }, gfmOptions, { name: 'remark-gfm', order: 'pre' })
    }
    let parser: Promise<typeof import('mdast-util-from-markdown')> | undefined
    app.addParser({
      name: 'markdown',
      extensions: ['.md', '.markdown'],
      async parse(file, { processor }): Promise<Root> {
        const { fromMarkdown } = await (parser ??= import('mdast-util-from-markdown'))
        const data = processor.data() as ProcessorData
        return fromMarkdown(String(file.value), {
          extensions: data.micromarkExtensions ?? [],
          mdastExtensions: data.fromMarkdownExtensions ?? [],
        })
      },
    })
  },
})

export default markdown
