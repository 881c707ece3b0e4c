import * as v from 'valibot'
import { createRequire } from 'node:module'
import GithubSlugger from 'github-slugger'
import type { Element, ElementContent, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface HeadingsOptions {
  /** Add a link to each heading's own anchor (default true). */
  anchors?: boolean
  /** The shallowest heading in the table of contents (default 2). */
  tocMinDepth?: number
  /** The deepest heading in the table of contents (default 3). */
  tocMaxDepth?: number
}

const depth = v.pipe(v.number('expected a heading depth from 1 to 6'), v.integer('expected a heading depth from 1 to 6'), v.minValue(1, 'expected a heading depth from 1 to 6'), v.maxValue(6, 'expected a heading depth from 1 to 6'))
/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      anchors: v.optional(v.boolean('expected true or false')),
      tocMinDepth: v.optional(depth),
      tocMaxDepth: v.optional(depth),
    },
    'expected an object of options',
  ),
)

/** One entry of a page's table of contents. */
export interface TocEntry {
  depth: number
  text: string
  id: string
}

declare module 'vfile' {
  interface DataMap {
    /** The page's table of contents (h2–h3 by default); empty when front matter says `toc: false`. */
    toc: TocEntry[]
  }
}

const headingDepth: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 }

/** Every element with an id, so that generated ids never take one that is written by hand. */
function existingIds(tree: Root): string[] {
  const ids: string[] = []
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (typeof child.properties.id === 'string') ids.push(child.properties.id)
      visit(child)
    }
  }
  visit(tree)
  return ids
}

function headingsOf(tree: Root): Element[] {
  const found: Element[] = []
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (headingDepth[child.tagName] !== undefined) found.push(child)
      else visit(child)
    }
  }
  visit(tree)
  return found
}

/**
 * Heading ids (GitHub's slugs, stable for a given document), an anchor link in
 * each heading, and `file.data.toc` for the theme's table of contents.
 */
const headings: Extension<HeadingsOptions | undefined> = defineExtension<HeadingsOptions | undefined>({
  name: '@sheaf/headings',
  version,
  optionsSchema,
  setup(app, options = {}) {
    app.addFrontMatter('toc', { schema: v.boolean('expected true or false (not quoted)'), description: '`false` leaves the page without a table of contents.' })
    const anchors = options.anchors ?? true
    const minDepth = options.tocMinDepth ?? 2
    const maxDepth = options.tocMaxDepth ?? 3
    app.addTransform({
      name: 'heading-ids',
      stage: 'hast',
      order: 'pre',
      run(tree, file) {
        const slugger = new GithubSlugger()
        const taken = new Set(existingIds(tree))
        const toc: TocEntry[] = []
        for (const heading of headingsOf(tree)) {
          const text = toString(heading).trim()
          let id = typeof heading.properties.id === 'string' ? heading.properties.id : undefined
          if (id === undefined) {
            do id = slugger.slug(text || 'section')
            while (taken.has(id))
            taken.add(id)
            heading.properties.id = id
          }
          if (anchors) {
            const link: ElementContent = {
              type: 'element',
              tagName: 'a',
              properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: `Link to this section: ${text}` },
              children: [],
            }
            heading.children.push(link)
          }
          const depth = headingDepth[heading.tagName]!
          if (depth >= minDepth && depth <= maxDepth) toc.push({ depth, text, id })
        }
        file.data.toc = file.data.matter?.toc === false ? [] : toc
      },
    })
  },
})

export default headings
