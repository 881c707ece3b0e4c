import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import type { ResolvedConfig } from '../config/schema.js'
import type { Site, SiteHeading, SitePage } from '../extensions/types.js'
import type { LinkTargets } from '../pipeline/links.js'
import { siteData } from './data-files.js'

const headingDepth: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 }

/** A page's headings and every id in it, read from its hast body in one walk. */
export function outlineOf(tree: Root): { headings: SiteHeading[]; anchors: Set<string> } {
  const headings: SiteHeading[] = []
  const anchors = new Set<string>()
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      const id = child.properties.id
      if (typeof id === 'string' && id) anchors.add(id)
      const name = child.properties.name
      if (child.tagName === 'a' && typeof name === 'string' && name) anchors.add(name)
      const depth = headingDepth[child.tagName]
      if (depth !== undefined) headings.push({ depth, text: toString(child).trim(), id: typeof id === 'string' ? id : undefined })
      visit(child)
    }
  }
  visit(tree)
  return { headings, anchors }
}

/** The mutable side of the site index: core adds documents, then generated pages; one per build or rebuild. */
export interface SiteIndex extends Site {
  /** What links resolve against besides the pages (copied files, drafts left out); none where links are not checked. */
  readonly targets: LinkTargets | undefined
  /** Add a page; `known.id` spares reading `page.data` for its front matter `id` (a thread's index decodes data only when read). */
  add(page: SitePage, known?: { id: unknown }): void
}

const normalizeTitle = (title: string): string => title.trim().toLowerCase().replace(/\s+/g, ' ')

/**
 * The site index: pages by source, URL, id and title, each lookup a map, so
 * resolving every link of a site is linear in its size.
 */
export function createSiteIndex(config: ResolvedConfig, targets?: LinkTargets): SiteIndex {
  const pages: SitePage[] = []
  const bySource = new Map<string, SitePage>()
  const byUrl = new Map<string, SitePage>()
  const byId = new Map<string, SitePage>()
  const byTitle = new Map<string, SitePage>()
  return {
    config,
    data: siteData(config),
    targets,
    pages,
    add(page, known) {
      pages.push(page)
      if (page.source !== undefined) bySource.set(page.source, page)
      byUrl.set(page.url, page)
      const id = known ? known.id : page.data.id
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, page)
      const title = normalizeTitle(page.title)
      if (title && !byTitle.has(title)) byTitle.set(title, page)
    },
    bySource: (source) => bySource.get(source),
    byUrl: (url) => byUrl.get(url),
    resolve: (reference) =>
      reference.startsWith('/') ? byUrl.get(reference) : (byId.get(reference) ?? bySource.get(reference) ?? byTitle.get(normalizeTitle(reference))),
  }
}
