import { createRequire } from 'node:module'
import { fromMarkdown } from 'mdast-util-from-markdown'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm, { type Options as GfmOptions } from 'remark-gfm'
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
    app.addRemarkPlugin(remarkFrontmatter, ['yaml'], { name: 'remark-frontmatter', order: 'pre' })
    if (options.gfm !== false) {
      app.addRemarkPlugin(remarkGfm, options.gfm === true || options.gfm === undefined ? {} : options.gfm, { name: 'remark-gfm', order: 'pre' })
    }
    app.addParser({
      name: 'markdown',
      extensions: ['.md', '.markdown'],
      parse(file, { processor }): Root {
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
