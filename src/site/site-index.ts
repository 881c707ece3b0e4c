import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import type { ResolvedConfig } from '../config/schema.js'
import type { Site, SiteHeading, SitePage } from '../extensions/types.js'

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

/** The mutable side of the site index: core adds documents, then generated pages. */
export interface SiteIndex extends Site {
  add(page: SitePage): void
  /**
   * Put a document read again in place of its last version, keeping the entry
   * object (caches that hold it see the new `file`). Only for a document whose
   * URL, title, front matter, headings and anchors did not change.
   */
  replace(page: SitePage): SitePage
  /** Take out every generated page, before generators run again. */
  removeGenerated(): void
}

const normalizeTitle = (title: string): string => title.trim().toLowerCase().replace(/\s+/g, ' ')

/**
 * The site index: pages by source, URL, id and title, each lookup a map, so
 * resolving every link of a site is linear in its size.
 */
export function createSiteIndex(config: ResolvedConfig): SiteIndex {
  const pages: SitePage[] = []
  const bySource = new Map<string, SitePage>()
  const byUrl = new Map<string, SitePage>()
  const byId = new Map<string, SitePage>()
  const byTitle = new Map<string, SitePage>()
  let generated = 0
  const forget = <K>(map: Map<K, SitePage>, key: K, page: SitePage): void => {
    if (map.get(key) === page) map.delete(key)
  }
  return {
    config,
    pages,
    add(page) {
      pages.push(page)
      if (page.generator !== undefined) generated += 1
      if (page.source !== undefined) bySource.set(page.source, page)
      byUrl.set(page.url, page)
      const id = page.data.id
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, page)
      const title = normalizeTitle(page.title)
      if (title && !byTitle.has(title)) byTitle.set(title, page)
    },
    replace(page) {
      const existing = page.source === undefined ? undefined : bySource.get(page.source)
      if (!existing) throw new Error(`the site index has no page for ${page.source ?? page.url}`)
      return Object.assign(existing, page)
    },
    removeGenerated() {
      const drop = (page: SitePage): void => {
        forget(byUrl, page.url, page)
        if (typeof page.data.id === 'string') forget(byId, page.data.id, page)
        forget(byTitle, normalizeTitle(page.title), page)
        generated -= 1
      }
      // Generated pages come after the documents: take them off the end.
      while (pages.length > 0 && pages[pages.length - 1]!.generator !== undefined) drop(pages.pop()!)
      if (generated === 0) return
      let kept = 0
      for (const page of pages) {
        if (page.generator === undefined) pages[kept++] = page
        else drop(page)
      }
      pages.length = kept
    },
    bySource: (source) => bySource.get(source),
    byUrl: (url) => byUrl.get(url),
    resolve: (reference) =>
      reference.startsWith('/') ? byUrl.get(reference) : (byId.get(reference) ?? bySource.get(reference) ?? byTitle.get(normalizeTitle(reference))),
  }
}
