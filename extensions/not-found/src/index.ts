import * as v from 'valibot'
import { createRequire } from 'node:module'
import { h } from 'hastscript'
import { basePathOf, defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface NotFoundOptions {
  title?: string
  message?: string
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      title: v.optional(v.string('expected text')),
      message: v.optional(v.string('expected text')),
    },
    'expected an object of options',
  ),
)

/**
 * A 404 page (`/404.html`, where static hosts look for it) for a site that has
 * no `404.md` of its own. It links from the site's base path, so it works at
 * whatever URL a server shows it.
 */
const notFound: Extension<NotFoundOptions | undefined> = defineExtension<NotFoundOptions | undefined>({
  name: '@sheaf/not-found',
  version,
  optionsSchema,
  setup(app, options = {}) {
    app.addGenerator({
      name: 'not-found',
      generate(site) {
        if (site.byUrl('/404.html')) return []
        const title = options.title ?? 'Page not found'
        const message = options.message ?? 'There is no page at this address. It may have moved, or the link that brought you here may be wrong.'
        return [
          {
            url: '/404.html',
            title,
            data: { sitemap: false, search: false, toc: false },
            // Served at any URL, so the link home is from the site's base path, not relative.
            content: h(null, [h('h1', title), h('p', message), h('p', [h('a', { href: basePathOf(site.config.url) }, 'Go to the home page')])]),
          },
        ]
      },
    })
  },
})

export default notFound
