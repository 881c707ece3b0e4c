import * as v from 'valibot'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineTheme } from 'sheaf'
import type { Layout, Theme } from 'sheaf'
import { featuresSchema, heroSchema } from './home-fields.js'
import { checkoutOf } from './last-updated.js'
import { optionsSchema, type ThemeOptions } from './options.js'

// The layouts (and hastscript under them) are imported when the first page is rendered:
// a build whose pages all come from the cache never renders one.
let layouts: Promise<typeof import('./layouts/index.js')> | undefined
const lazy =
  (name: 'page' | 'post' | 'blogList' | 'home'): Layout =>
  async (page, ctx) =>
    (await (layouts ??= import('./layouts/index.js')))[name](page, ctx)

const { version, name } = createRequire(import.meta.url)('../package.json') as { version: string; name: string }

/**
 * The default theme: documentation pages (sidebar, breadcrumbs, table of
 * contents, previous / next), a home page with a hero and feature cards, blog
 * posts and lists, a light and a dark colour scheme, all local. Its options
 * (logo, links, footer, edit links, dates, a banner) are in `options.ts`.
 */
const theme: Theme<ThemeOptions> = defineTheme<ThemeOptions>({
  name,
  version,
  layouts: { page: lazy('page'), post: lazy('post'), 'blog-list': lazy('blogList'), home: lazy('home') },
  assets: fileURLToPath(new URL('../assets', import.meta.url)),
  optionsSchema,
  setup(app, options) {
    if (options.lastUpdated && !checkoutOf(app.config.root)) {
      app.logger.info('lastUpdated is on, but the site is not in a git checkout: pages show no date.')
    }
    app.addFrontMatter('hero', { schema: heroSchema, description: 'The `home` layout: title, tagline, image and buttons at the top.' })
    app.addFrontMatter('features', { schema: featuresSchema, description: 'The `home` layout: cards of features under the hero.' })
    app.addFrontMatter('image', {
      schema: v.pipe(v.string('expected a path or URL of an image'), v.minLength(1, 'expected a path or URL of an image')),
      description: "The page's image for link previews (Open Graph, Twitter): a path in the site, or an absolute URL.",
    })
  },
})

export default theme
