import * as v from 'valibot'
import { createRequire } from 'node:module'
import { posix } from 'node:path'
import { defineExtension } from 'sheaf'
import type { Extension, Site, SitePage } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** A link in the navigation; URLs are site-absolute (`/guide/intro/`): layouts make them relative. */
export interface NavLink {
  title: string
  url: string
}

/** An entry of the sidebar: a page, or a folder (with its index page's URL when it has one). */
export interface NavItem {
  title: string
  url: string | undefined
  children: NavItem[]
  /**
   * For a folder, the URL its pages start with (`/guide/`). Only the folders on
   * the way to the page list their entries; the others have no children here.
   */
  folder?: string
  /** Set on a stand-in for entries of a long folder left out of this page's sidebar: how many. */
  omitted?: number
}

export interface NavData {
  /**
   * This page's sidebar: the top-level entries, and the entries of each folder
   * on the way to the page. A folder of more than `maxEntries` entries lists
   * the ones nearest the page and a stand-in (`omitted`) for the others, so a
   * page's sidebar does not grow with the site. Mark the current page by
   * comparing URLs. It is there for layouts and `document:rendered`
   * listeners: once the page is rendered it is emptied, so what a build keeps
   * of every page does not hold a copy of the navigation each.
   */
  sidebar: NavItem[]
  /** From the home page down to this page's parent folder. */
  breadcrumbs: NavLink[]
  prev: NavLink | undefined
  next: NavLink | undefined
}

export interface NavOptions {
  /** Folders (relative to the content folder) whose pages stay out of the navigation, such as `['blog']`. */
  exclude?: string[]
  /** The most entries one folder shows in a page's sidebar (default 50); a longer folder shows those nearest the page. */
  maxEntries?: number
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      exclude: v.optional(v.array(v.string('expected a folder'), "expected a list of folders, such as ['blog']")),
      maxEntries: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(1, 'expected a whole number above 0'))),
    },
    'expected an object of options',
  ),
)

declare module 'vfile' {
  interface DataMap {
    /** The page's navigation, set by @sheaf/nav in the site stage. */
    nav: NavData
    /** Set by an extension to keep a document out of the navigation (blog posts, for instance). */
    navExclude: boolean
  }
}

interface Folder {
  name: string
  index: SitePage | undefined
  pages: SitePage[]
  folders: Map<string, Folder>
}

const humanize = (name: string): string => {
  const words = name.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const orderOf = (page: SitePage | undefined): number => (typeof page?.data.order === 'number' ? page.data.order : Number.POSITIVE_INFINITY)

function compare(a: { order: number; title: string }, b: { order: number; title: string }): number {
  return a.order - b.order || a.title.localeCompare(b.title, 'en')
}

function toItems(folder: Folder, path: string): NavItem[] {
  const entries = [
    ...folder.pages.map((page) => ({ order: orderOf(page), title: page.title, item: { title: page.title, url: page.url, children: [] } as NavItem })),
    ...[...folder.folders.values()].map((sub) => {
      const title = sub.index?.title || humanize(sub.name)
      const subPath = `${path}${encodeURIComponent(sub.name)}/`
      return { order: orderOf(sub.index), title, item: { title, url: sub.index?.url, children: toItems(sub, subPath), folder: subPath } as NavItem }
    }),
  ]
  return entries.sort(compare).map((entry) => entry.item)
}

/**
 * One page's view of the whole sidebar: folders on the way to `url` keep
 * their entries, and so do folders without an index page (a group, with no
 * page of its own to lead to its pages); other folders keep none, as their
 * index page lists them. A level longer than `limit` keeps the `limit`
 * entries around the one that leads to the page.
 */
function sidebarFor(items: NavItem[], url: string | undefined, limit: number): NavItem[] {
  const leadsHere = (item: NavItem): boolean => (item.url !== undefined && item.url === url) || (item.folder !== undefined && url?.startsWith(item.folder) === true)
  const at = items.findIndex(leadsHere)
  const shown = items.map((item, index) => {
    if (item.children.length === 0) return item
    return { ...item, children: index === at || item.url === undefined ? sidebarFor(item.children, url, limit) : [] }
  })
  if (shown.length <= limit) return shown
  const start = Math.min(Math.max(0, (at < 0 ? 0 : at) - Math.floor((limit - 1) / 2)), shown.length - limit)
  const end = start + limit
  const gap = (omitted: number): NavItem => ({ title: `… ${omitted} more`, url: undefined, children: [], omitted })
  return [...(start > 0 ? [gap(start)] : []), ...shown.slice(start, end), ...(end < shown.length ? [gap(shown.length - end)] : [])]
}

interface Navigation {
  /** The whole sidebar; each page gets its own view of it (`sidebarFor`). */
  sidebar: NavItem[]
  /** Pages in reading order: the home page, then the sidebar depth first. */
  sequence: NavLink[]
  /** Where each URL stands in `sequence`. */
  positions: Map<string, number>
  /** Folder path ('' for the root) -> its index page. */
  indexes: Map<string, SitePage>
}

/** The sidebar and reading order of a site: built once per build, from the site index alone. */
function buildNavigation(site: Site, exclude: string[]): Navigation {
  const root: Folder = { name: '', index: undefined, pages: [], folders: new Map() }
  const indexes = new Map<string, SitePage>()
  const hidden = (page: SitePage): boolean =>
    page.data.nav === false || page.file.data.navExclude === true || exclude.some((dir) => page.source === dir || page.source!.startsWith(`${dir}/`))
  for (const page of site.pages) {
    if (page.source === undefined) continue
    const dir = posix.dirname(page.source) === '.' ? '' : posix.dirname(page.source)
    const isIndex = /^index\.[^./]+$/.test(posix.basename(page.source))
    if (isIndex) indexes.set(dir, page)
    if (hidden(page)) continue
    let folder = root
    for (const part of dir ? dir.split('/') : []) {
      let next = folder.folders.get(part)
      if (!next) folder.folders.set(part, (next = { name: part, index: undefined, pages: [], folders: new Map() }))
      folder = next
    }
    if (isIndex) folder.index = page
    else folder.pages.push(page)
  }
  // `guide.md` beside a `guide/` folder with no index page is that folder's index: one entry, not two.
  const adopt = (folder: Folder, path: string): void => {
    for (const sub of folder.folders.values()) {
      const subPath = path ? `${path}/${sub.name}` : sub.name
      if (!sub.index) {
        const at = folder.pages.findIndex((page) => posix.basename(page.source!).replace(/\.[^./]+$/, '') === sub.name)
        if (at !== -1) {
          sub.index = folder.pages.splice(at, 1)[0]!
          if (!indexes.has(subPath)) indexes.set(subPath, sub.index)
        }
      }
      adopt(sub, subPath)
    }
  }
  adopt(root, '')
  const sidebar = toItems(root, '/')
  const sequence: NavLink[] = root.index ? [{ title: root.index.title, url: root.index.url }] : []
  const walk = (items: NavItem[]): void => {
    for (const item of items) {
      if (item.url !== undefined) sequence.push({ title: item.title, url: item.url })
      walk(item.children)
    }
  }
  walk(sidebar)
  const positions = new Map<string, number>()
  sequence.forEach((link, index) => positions.set(link.url, index))
  return { sidebar, sequence, positions, indexes }
}

/**
 * Navigation from the folder tree: a sidebar (front matter `title`, `order`
 * and `nav: false` shape it), breadcrumbs, and previous / next links in
 * reading order, in `file.data.nav` for the theme.
 */
const nav: Extension<NavOptions | undefined> = defineExtension<NavOptions | undefined>({
  name: '@sheaf/nav',
  version,
  optionsSchema,
  setup(app, options = {}) {
    const exclude = (options.exclude ?? []).map((dir) => dir.replace(/^\/+|\/+$/g, ''))
    const maxEntries = options.maxEntries ?? 50
    const built = new WeakMap<Site, Navigation>()
    app.addTransform({
      name: 'navigation',
      stage: 'site',
      run(_tree, file, { site }) {
        let navigation = built.get(site)
        if (!navigation) built.set(site, (navigation = buildNavigation(site, exclude)))
        const url = file.data.url
        const source = file.data.sourcePath
        const breadcrumbs: NavLink[] = []
        if (source !== undefined) {
          const parts = posix.dirname(source) === '.' ? [] : posix.dirname(source).split('/')
          const isIndex = /^index\.[^./]+$/.test(posix.basename(source))
          const depth = isIndex ? parts.length - 1 : parts.length
          for (let i = -1; i < depth; i++) {
            const dir = parts.slice(0, i + 1).join('/')
            const index = navigation.indexes.get(dir)
            if (index) breadcrumbs.push({ title: index.title, url: index.url })
            else if (dir) breadcrumbs.push({ title: humanize(parts[i]!), url: '' })
          }
        }
        const at = url === undefined ? undefined : navigation.positions.get(url)
        file.data.nav = {
          sidebar: sidebarFor(navigation.sidebar, url, maxEntries),
          breadcrumbs: breadcrumbs.filter((crumb) => crumb.url !== url),
          prev: at !== undefined && at > 0 ? navigation.sequence[at - 1] : undefined,
          next: at !== undefined ? navigation.sequence[at + 1] : undefined,
        }
      },
    })
    // The sidebar is for the layout: once the page is rendered it goes, so what a build keeps of every
    // page (for generators, and in the cache) does not hold a copy of the navigation each.
    app.on(
      'document:rendered',
      (_html, file) => {
        if (file.data.nav) file.data.nav = { ...file.data.nav, sidebar: [] }
      },
      { order: 'post' },
    )
  },
})

export default nav
