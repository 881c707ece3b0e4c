import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Layout } from 'sheaf'
import { navOf } from '../data.js'
import { breadcrumbs, pager, shell, sidebar, toc } from '../parts.js'

/** A documentation page: sidebar, breadcrumbs, the document, previous / next, and its table of contents. */
export const page: Layout = (page) => {
  const nav = navOf(page.file.data as Record<string, unknown>)
  const main = [
    breadcrumbs(page),
    h('article.document', page.content.children as ElementContent[]),
    nav ? pager(page, nav) : undefined,
  ].filter((node) => node !== undefined)
  return shell(page, 'layout-docs', main, { sidebar: sidebar(page), aside: toc(page) })
}
