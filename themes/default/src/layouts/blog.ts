import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Layout, Page } from 'sheaf'
import { listOf, postOf, type BlogListData, type BlogPost } from '../data.js'
import { themeOptionsOf } from '../options.js'
import { blogOf, pager, shell, sidebar } from '../parts.js'

function tagList(page: Page, tags: string[], urls: Record<string, string>): Element | undefined {
  if (tags.length === 0) return undefined
  return h('ul.tags', { ariaLabel: 'Tags' }, tags.map((tag) => h('li', urls[tag] ? h('a', { href: page.relative(urls[tag]) }, tag) : tag)))
}

function byline(page: Page, post: BlogPost, urls: Record<string, string>): Element {
  return h('p.post-meta', [
    h('time', { dateTime: post.date }, post.dateText),
    ...(post.authors.length > 0 ? [' · ', h('span.post-authors', post.authors.join(', '))] : []),
    ...(post.tags.length > 0 ? [' ', tagList(page, post.tags, urls)!] : []),
  ])
}

/** A blog post: its title and byline (unless the post starts with its own h1), the post, newer / older. */
export const post: Layout = (page, ctx) => {
  const theme = themeOptionsOf(ctx.config)
  const data = postOf(page.file.data as Record<string, unknown>)
  const children = page.content.children as ElementContent[]
  const firstElement = children.find((node) => node.type === 'element') as Element | undefined
  const ownTitle = firstElement?.tagName === 'h1'
  const article = h('article.document.post', [
    ...(ownTitle ? [] : [h('h1', page.title)]),
    ...(data ? [byline(page, data, data.tagUrls)] : []),
    ...children,
  ])
  const links = data ? { prev: data.newer, next: data.older } : { prev: undefined, next: undefined }
  return shell(page, 'layout-post', [
    h('nav.breadcrumbs', { ariaLabel: 'Breadcrumbs' }, [
      h('ol', [h('li', h('a', { href: page.relative('/') }, 'Home')), h('li', h('a', { href: page.relative(blogOf(page)?.home ?? '/') }, blogOf(page)?.title ?? 'Blog'))]),
    ]),
    article,
    pager(page, links, { prev: 'Newer', next: 'Older' }),
  ].filter((node) => node !== undefined), { sidebar: sidebar(page, theme), theme })
}

function postSummary(page: Page, post: BlogPost, urls: Record<string, string>, level: 'h2' | 'h3' = 'h2'): Element {
  return h('article.post-summary', [
    h(level, h('a', { href: page.relative(post.url) }, post.title)),
    byline(page, post, urls),
    ...(post.excerpt ? [h('p.post-excerpt', post.excerpt)] : []),
  ])
}

function listBody(page: Page, data: BlogListData): ElementContent[] {
  if (data.kind === 'tags') {
    return [h('ul.tag-index', (data.tags ?? []).map((tag) => h('li', [h('a', { href: page.relative(tag.url) }, tag.name), ` (${tag.count})`])))]
  }
  if (data.kind === 'archive') {
    return (data.years ?? []).flatMap((year) => [
      h('h2', String(year.year)),
      h('ul.archive', year.posts.map((post) => h('li', [h('time', { dateTime: post.date }, post.dateText), ' ', h('a', { href: page.relative(post.url) }, post.title)]))),
    ])
  }
  if (data.posts.length === 0) return [h('p', 'No posts yet.')]
  return data.posts.map((post) => postSummary(page, post, data.tagUrls))
}

/** A list of posts: the blog's index, a tag, the archive or the tag index, with pagination. */
export const blogList: Layout = (page, ctx) => {
  const theme = themeOptionsOf(ctx.config)
  const data = listOf(page.data)
  const pagination = data?.pagination
  const nav =
    pagination && pagination.total > 1
      ? h('nav.pagination', { ariaLabel: 'Pages' }, [
          pagination.prev ? h('a', { href: page.relative(pagination.prev), rel: 'prev' }, 'Newer posts') : h('span'),
          h('span.pagination-status', `Page ${pagination.current} of ${pagination.total}`),
          pagination.next ? h('a', { href: page.relative(pagination.next), rel: 'next' }, 'Older posts') : h('span'),
        ])
      : undefined
  const links =
    data === undefined
      ? []
      : [
          h('p.blog-links', [
            h('a', { href: page.relative(data.home) }, 'All posts'),
            ' · ',
            h('a', { href: page.relative(`${data.home}tags/`) }, 'Tags'),
            ' · ',
            h('a', { href: page.relative(`${data.home}archive/`) }, 'Archive'),
            ...(data.feeds ? [' · ', h('a', { href: page.relative(data.feeds.atom) }, 'Atom feed'), ' · ', h('a', { href: page.relative(data.feeds.rss) }, 'RSS feed')] : []),
          ]),
        ]
  return shell(page, 'layout-blog-list', [
    h('div.document.blog-list', [h('h1', data?.title ?? page.title), ...links, ...(data ? listBody(page, data) : (page.content.children as ElementContent[]))]),
    ...(nav ? [nav] : []),
  ], { sidebar: sidebar(page, theme), theme })
}
