import * as v from 'valibot'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { defineExtension, parseDate } from 'sheaf'
import type { Extension, SitePage } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface SitemapOptions {
  /** Write robots.txt too, unless the site has its own in public/ (default true). */
  robots?: boolean
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      robots: v.optional(v.boolean('expected true or false')),
    },
    'expected an object of options',
  ),
)

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

/** `updated`, else `date`, from front matter, as a W3C date; undefined when neither is a date. */
function lastModified(page: SitePage): string | undefined {
  for (const key of ['updated', 'date']) {
    const date = parseDate(page.data[key])
    if (date) return date.day.toISOString().slice(0, 10)
  }
  return undefined
}

/**
 * sitemap.xml with the absolute URL of every page (documents and generated
 * pages; not the 404 page, drafts, or pages whose front matter says
 * `sitemap: false`), and a robots.txt that points to it.
 */
const sitemap: Extension<SitemapOptions | undefined> = defineExtension<SitemapOptions | undefined>({
  name: '@sheaf/sitemap',
  version,
  optionsSchema,
  setup(app, options = {}) {
    app.addFrontMatter('sitemap', { schema: v.boolean('expected true or false (not quoted)'), description: '`false` leaves the page out of sitemap.xml.' })
    app.addFrontMatter('updated', {
      schema: v.custom((value) => parseDate(value) !== undefined, 'expected a date such as 2024-03-05'),
      description: "The day the page last changed, for sitemap.xml's lastmod (else `date`).",
    })
    app.addGenerator({
      name: 'sitemap',
      stage: 'rendered',
      order: 'post',
      generate(site, ctx) {
        const hasOwnRobots = existsSync(join(site.config.paths.public, 'robots.txt'))
        const writeRobots = (options.robots ?? true) && !hasOwnRobots
        if (!site.config.url) {
          // Not a warning: a site without a URL (a new one, or one not published yet) is not wrong.
          ctx.logger.info('No sitemap.xml was written: it needs an absolute `url` in the config, such as url: "https://example.org/".')
          return writeRobots ? [{ path: 'robots.txt', contents: 'User-agent: *\nAllow: /\n' }] : []
        }
        const base = site.config.url.endsWith('/') ? site.config.url : `${site.config.url}/`
        const absolute = (url: string): string => new URL(url.replace(/^\//, ''), base).href
        const entries = site.pages
          .filter((page) => page.url !== '/404.html' && page.data.sitemap !== false && page.data.draft !== true)
          .map((page) => ({ loc: absolute(page.url), lastmod: lastModified(page) }))
          .sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0))
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
          ...entries.map((entry) => `  <url><loc>${escapeXml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`),
          '</urlset>',
          '',
        ].join('\n')
        const files = [{ path: 'sitemap.xml', contents: xml }]
        if (writeRobots) files.push({ path: 'robots.txt', contents: `User-agent: *\nAllow: /\n\nSitemap: ${absolute('/sitemap.xml')}\n` })
        return files
      },
    })
  },
})

export default sitemap
