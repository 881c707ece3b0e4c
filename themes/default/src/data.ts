/**
 * What this theme reads of pages' data, and the shape it expects there: the
 * theme's side of the contract with `@sheaf/nav` (`file.data.nav`),
 * `@sheaf/headings` (`file.data.toc`) and `@sheaf/blog` (`file.data.blog` on a
 * post, `data.blog` on a list page). Any extension that writes these shapes
 * works with it; none is needed. Each is checked at run time, so a page
 * without the data renders without that part. (Sheaf's tests check that
 * those extensions' own types fit these.)
 */

/** A link in the navigation; URLs are site-absolute. */
export interface NavLink {
  title: string
  url: string
}

/** An entry of a page's sidebar: a page, a folder, or a stand-in for entries left out (`omitted`). */
export interface NavItem {
  title: string
  url: string | undefined
  children: NavItem[]
  folder?: string
  omitted?: number
}

/** `file.data.nav`: the page's sidebar, breadcrumbs, and previous / next. */
export interface NavData {
  sidebar: NavItem[]
  breadcrumbs: NavLink[]
  prev: NavLink | undefined
  next: NavLink | undefined
}

/** An entry of `file.data.toc`. */
export interface TocEntry {
  depth: number
  text: string
  id: string
}

/** A blog post as lists and layouts show it. */
export interface BlogPost {
  title: string
  url: string
  /** ISO 8601, for `<time datetime>`. */
  date: string
  dateText: string
  authors: string[]
  tags: string[]
  excerpt: string
}

/** `file.data.blog` on a post. */
export interface BlogPostData extends BlogPost {
  newer: NavLink | undefined
  older: NavLink | undefined
  tagUrls: Record<string, string>
}

/** `data.blog` on a blog's list page. */
export interface BlogListData {
  kind: 'index' | 'tag' | 'archive' | 'tags'
  title: string
  home: string
  feeds: { atom: string; rss: string } | undefined
  tag?: string
  posts: BlogPost[]
  pagination?: { current: number; total: number; prev: string | undefined; next: string | undefined }
  years?: Array<{ year: number; posts: BlogPost[] }>
  tags?: Array<{ name: string; url: string; count: number }>
  tagUrls: Record<string, string>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

export function navOf(data: Record<string, unknown>): NavData | undefined {
  const nav = data.nav
  return isObject(nav) && Array.isArray(nav.sidebar) ? (nav as unknown as NavData) : undefined
}

export function tocOf(data: Record<string, unknown>): TocEntry[] {
  return Array.isArray(data.toc) ? (data.toc as TocEntry[]) : []
}

export function postOf(data: Record<string, unknown>): BlogPostData | undefined {
  const blog = data.blog
  return isObject(blog) && typeof blog.date === 'string' ? (blog as unknown as BlogPostData) : undefined
}

export function listOf(data: Record<string, unknown>): BlogListData | undefined {
  const blog = data.blog
  return isObject(blog) && typeof blog.kind === 'string' ? (blog as unknown as BlogListData) : undefined
}
