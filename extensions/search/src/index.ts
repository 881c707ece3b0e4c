import * as v from 'valibot'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import MiniSearch from 'minisearch'
import { defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'

const require = createRequire(import.meta.url)
const { version } = require('../package.json') as { version: string }

export interface SearchOptions {
  /** How much of each page's text is indexed, in characters (default 20,000). */
  maxTextLength?: number
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      maxTextLength: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(1, 'expected a whole number above 0'))),
    },
    'expected an object of options',
  ),
)

/** What a page contributes to the index. */
export interface SearchEntry {
  text: string
  headings: string
}

declare module 'vfile' {
  interface DataMap {
    /** The page's text for the search index, recorded by @sheaf/search. */
    search: SearchEntry
  }
}

/** The fields MiniSearch indexes and stores; the browser script loads the index with the same options. */
export const indexOptions = {
  fields: ['title', 'headings', 'text'],
  // The text is stored so that a result can show the words around the match (up to `maxTextLength` of each page).
  storeFields: ['title', 'url', 'excerpt', 'text'],
  searchOptions: { boost: { title: 3, headings: 2 }, prefix: true, fuzzy: 0.2 },
}

function headingText(tree: Root): string {
  const found: string[] = []
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (/^h[2-6]$/.test(child.tagName)) found.push(toString(child).trim())
      else visit(child)
    }
  }
  visit(tree)
  return found.join(' · ')
}

/**
 * Client-side search that works offline: the text of every page goes into a
 * MiniSearch index at build time, written as a script (so it loads even from
 * a plain folder), and a small script fills the theme's search box.
 */
const search: Extension<SearchOptions | undefined> = defineExtension<SearchOptions | undefined>({
  name: '@sheaf/search',
  version,
  optionsSchema,
  setup(app, options = {}) {
    app.addFrontMatter('search', { schema: v.boolean('expected true or false (not quoted)'), description: '`false` leaves the page out of the search index.' })
    const maxText = options.maxTextLength ?? 20_000
    // The browser build (a UMD global), next to the module builds the package exports.
    // Both scripts are minified (MiniSearch's of the exact version that builds the index): see scripts/ for their sources.
    app.addAsset({ path: '_sheaf/search/minisearch.js', from: fileURLToPath(new URL('../assets/minisearch.js', import.meta.url)), link: 'script' })
    app.addAsset({ path: '_sheaf/search/search.js', from: fileURLToPath(new URL('../assets/search.js', import.meta.url)), link: 'script' })
    app.addTransform({
      name: 'search-text',
      stage: 'hast',
      order: 'post',
      run(tree, file) {
        if (file.data.matter?.search === false) return
        file.data.search = { text: toString(tree).replace(/\s+/g, ' ').trim().slice(0, maxText), headings: headingText(tree) }
      },
    })
    app.addGenerator({
      name: 'search-index',
      stage: 'rendered',
      generate(site) {
        const documents = site.pages
          .filter((page) => page.file.data.search !== undefined && page.data.search !== false)
          .map((page, id) => {
            const { text, headings } = page.file.data.search!
            const excerpt = typeof page.data.description === 'string' ? page.data.description : text.slice(0, 160)
            return { id, title: page.title, url: page.url, headings, text, excerpt }
          })
        const miniSearch = new MiniSearch(indexOptions)
        miniSearch.addAll(documents)
        const payload = JSON.stringify({ options: indexOptions, index: miniSearch.toJSON() })
        return [{ path: '_sheaf/search/index.js', contents: `self.sheafSearchIndex=${payload};\n` }]
      },
    })
  },
})

export default search
