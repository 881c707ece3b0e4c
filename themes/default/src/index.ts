import * as v from 'valibot'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineTheme } from 'sheaf'
import type { Layout, Theme } from 'sheaf'

// The layouts (and hastscript under them) are imported when the first page is rendered:
// a build whose pages all come from the cache never renders one.
let layouts: Promise<typeof import('./layouts/index.js')> | undefined
const lazy =
  (name: 'page' | 'post' | 'blogList'): Layout =>
  async (page, ctx) =>
    (await (layouts ??= import('./layouts/index.js')))[name](page, ctx)

const { version, name } = createRequire(import.meta.url)('../package.json') as { version: string; name: string }

/**
 * The default theme: documentation pages (sidebar, breadcrumbs, table of
 * contents, previous / next), blog posts and lists, a light and a dark colour
 * scheme, all local.
 */
const theme: Theme = defineTheme({
  name,
  version,
  layouts: { page: lazy('page'), post: lazy('post'), 'blog-list': lazy('blogList') },
  assets: fileURLToPath(new URL('../assets', import.meta.url)),
  setup(app) {
    app.addFrontMatter('image', {
      schema: v.pipe(v.string('expected a path or URL of an image'), v.minLength(1, 'expected a path or URL of an image')),
      description: "The page's image for link previews (Open Graph, Twitter): a path in the site, or an absolute URL.",
    })
  },
})

export default theme
