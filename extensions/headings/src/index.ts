import * as v from 'valibot'
import { createRequire } from 'node:module'
import GithubSlugger from 'github-slugger'
import type { Element, ElementContent, Root } from 'hast'
import type { Heading, Root as MdastRoot } from 'mdast'
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

/** `{#custom-id}` at the end of a heading, as VitePress, Docusaurus, Hugo and Pandoc write it. */
const customId = /[ \t]*\{[ \t]*#([^\s{}#]+)[ \t]*\}[ \t]*$/

function mdastHeadings(tree: MdastRoot): Heading[] {
  const found: Heading[] = []
  const visit = (node: { children?: unknown[] }): void => {
    for (const child of (node.children ?? []) as Array<{ type: string; children?: unknown[] }>) {
      if (child.type === 'heading') found.push(child as unknown as Heading)
      else if (child.children) visit(child)
    }
  }
  visit(tree)
  return found
}

/**
 * Take `{#id}` off the end of each heading that has one and make it the
 * heading's id: the text, the table of contents and anchor checks see the
 * heading without it. Two headings of one id are a warning at the second.
 */
function customIds(tree: MdastRoot, file: import('vfile').VFile): void {
  const seen = new Map<string, Heading>()
  for (const heading of mdastHeadings(tree)) {
    const last = heading.children.at(-1)
    if (last?.type !== 'text') continue
    const match = customId.exec(last.value)
    if (!match) continue
    const id = match[1]!
    last.value = last.value.slice(0, match.index)
    if (last.value === '') heading.children.pop()
    if (last.position && last.value !== '') {
      // The text ends where the id starts: its end moves back by what was taken.
      const taken = match[0].length
      last.position = { start: last.position.start, end: { ...last.position.end, column: last.position.end.column - taken, offset: last.position.end.offset === undefined ? undefined : last.position.end.offset - taken } }
    }
    const data = (heading.data ??= {}) as { hProperties?: Record<string, unknown> }
    data.hProperties = { ...data.hProperties, id }
    const first = seen.get(id)
    if (first) {
      const at = first.position?.start
      file.message(`Two headings have the id \`${id}\`${at ? ` (the first at line ${at.line})` : ''}: links to #${id} lead to the first`, {
        place: heading.position,
        source: '@sheaf/headings',
        ruleId: 'duplicate-id',
      }).fatal = false
    } else seen.set(id, heading)
  }
}

/**
 * Heading ids (GitHub's slugs, stable for a given document, or `{#id}` written
 * at the end of the heading), an anchor link in each heading, and
 * `file.data.toc` for the theme's table of contents.
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
    app.addTransform({ name: 'custom-heading-ids', stage: 'mdast', order: 'pre', run: (tree, file) => customIds(tree, file) })
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
