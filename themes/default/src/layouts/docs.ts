import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Layout } from 'sheaf'
import { navOf } from '../data.js'
import { contentPathOf, lastUpdatedOf } from '../last-updated.js'
import { themeOptionsOf } from '../options.js'
import { breadcrumbs, pageMeta, pager, shell, sidebar, toc, tocInline } from '../parts.js'

/** A documentation page: sidebar, breadcrumbs, the document, edit link and date, previous / next, and its table of contents. */
export const page: Layout = (page, ctx) => {
  const theme = themeOptionsOf(ctx.config)
  const nav = navOf(page.file.data as Record<string, unknown>)
  const main = [
    breadcrumbs(page),
    tocInline(page),
    h('article.document', page.content.children as ElementContent[]),
    pageMeta(page, theme, { updated: theme.lastUpdated ? lastUpdatedOf(page, ctx) : undefined, contentPath: contentPathOf(ctx.config) }),
    nav ? pager(page, nav) : undefined,
  ].filter((node) => node !== undefined)
  return shell(page, 'layout-docs', main, { sidebar: sidebar(page, theme), aside: toc(page), theme })
}
