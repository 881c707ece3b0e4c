import type { Element, Root, RootContent } from 'hast'
import { toString } from 'hast-util-to-string'

/** A post as lists, feeds and layouts see it; URLs are site-absolute. */
export interface BlogPost {
  title: string
  url: string
  /** The instant, ISO 8601 in UTC: for ordering and feeds. */
  date: string
  /** The day as the author wrote it (`2024-03-05`), whatever its offset: the archive groups by it. */
  day: string
  /** That day for people, in the site's language. */
  dateText: string
  authors: string[]
  tags: string[]
  /** Plain text: front matter `description`, else the text before `<!-- more -->`, else the first paragraph. */
  excerpt: string
}

export const excerptLength = 280

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= excerptLength) return flat
  const cut = flat.slice(0, excerptLength)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : excerptLength).replace(/[\s,.;:]+$/, '')}…`
}

const isMore = (node: RootContent, separator: string): boolean => {
  const raw = node as { type: string; value?: string }
  return raw.type === 'raw' && raw.value?.trim() === separator
}

/** A post's excerpt from its body: the text before the separator, else its first paragraph. */
export function excerptOf(tree: Root, separator: string): string {
  const at = tree.children.findIndex((node) => isMore(node, separator))
  if (at !== -1) {
    const before = tree.children.slice(0, at).filter((node) => !(node.type === 'element' && /^h[1-6]$/.test(node.tagName)))
    return truncate(toString({ type: 'root', children: before }))
  }
  const paragraph = tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'p')
  return paragraph ? truncate(toString(paragraph)) : ''
}

/** Front matter authors: a name or a list of names. */
export function namesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : []
  if (Array.isArray(value)) return value.filter((name): name is string => typeof name === 'string' && name.trim() !== '').map((name) => name.trim())
  return []
}
