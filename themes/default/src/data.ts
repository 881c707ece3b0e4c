import type { BlogListData, BlogPostData } from '@sheaf/blog'
import type { TocEntry } from '@sheaf/headings'
import type { NavData } from '@sheaf/nav'

export type { BlogListData, BlogPost, BlogPostData } from '@sheaf/blog'
export type { NavData, NavItem, NavLink } from '@sheaf/nav'

/**
 * What this theme reads from extensions' data (`@sheaf/nav`, `@sheaf/headings`,
 * `@sheaf/blog`), checked at run time, so the theme works with or without them.
 */
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
