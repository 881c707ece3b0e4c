/**
 * The shapes this theme reads from extensions' data, by duck typing: it works
 * with @sheaf/nav, @sheaf/headings and @sheaf/blog, and without them.
 */
export interface NavLink {
  title: string
  url: string
}
export interface NavItem {
  title: string
  url: string | undefined
  children: NavItem[]
}
export interface NavData {
  sidebar: NavItem[]
  breadcrumbs: NavLink[]
  prev: NavLink | undefined
  next: NavLink | undefined
}
export interface TocEntry {
  depth: number
  text: string
  id: string
}
export interface BlogPost {
  title: string
  url: string
  date: string
  dateText: string
  authors: string[]
  tags: string[]
  excerpt: string
}
export interface BlogPostData extends BlogPost {
  newer: NavLink | undefined
  older: NavLink | undefined
  tagUrls: Record<string, string>
}
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
