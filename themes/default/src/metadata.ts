import type { Element, Root, RootContent } from 'hast'
import { h } from 'hastscript'
import type { Page } from 'sheaf'

/** About as long as search engines show a description. */
const descriptionLength = 160

const textOf = (node: RootContent): string => (node.type === 'text' ? node.value : 'children' in node ? node.children.map(textOf).join('') : '')

/** The first paragraph of a body (at its top level), as one line of text, cut at a word to about `max` characters. */
export function firstParagraph(content: Root, max = descriptionLength): string | undefined {
  const paragraph = content.children.find((node): node is Element => node.type === 'element' && node.tagName === 'p')
  const text = paragraph ? textOf(paragraph).replace(/\s+/g, ' ').trim() : ''
  if (text === '') return undefined
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`
}

/** The page's description: its front matter's, else its first paragraph. */
export function descriptionOf(page: Page): string | undefined {
  const given = page.data.description
  return typeof given === 'string' && given.trim() !== '' ? given : firstParagraph(page.content)
}

/** An address made absolute against the site's `url`; undefined without one. */
function absolute(page: Page, path: string): string | undefined {
  const base = page.site.url
  if (!base) return undefined
  const root = base.endsWith('/') ? base : `${base}/`
  return new URL(path.startsWith('/') ? path.slice(1) : path, path.startsWith('/') ? root : new URL(page.url.slice(1), root)).href
}

/**
 * What shares and search engines read of a page: the canonical URL (with the
 * site's `url`), Open Graph and Twitter tags (title, description, URL, and
 * the front matter's `image`, made absolute, when there is one).
 */
export function shareMetadata(page: Page, title: string): Element[] {
  const description = descriptionOf(page)
  const url = absolute(page, page.url)
  const imageGiven = typeof page.data.image === 'string' && page.data.image !== '' ? page.data.image : undefined
  const image = imageGiven && (/^https?:\/\//.test(imageGiven) ? imageGiven : absolute(page, imageGiven))
  const property = (name: string, content: string | undefined): Element[] => (content === undefined ? [] : [h('meta', { property: name, content })])
  const named = (name: string, content: string | undefined): Element[] => (content === undefined ? [] : [h('meta', { name, content })])
  return [
    ...(url ? [h('link', { rel: 'canonical', href: url })] : []),
    ...property('og:type', 'website'),
    ...property('og:title', title),
    ...property('og:description', description),
    ...property('og:url', url),
    ...property('og:site_name', page.site.title),
    ...property('og:image', image),
    ...named('twitter:card', image ? 'summary_large_image' : 'summary'),
    ...named('twitter:title', title),
    ...named('twitter:description', description),
    ...named('twitter:image', image),
  ]
}
