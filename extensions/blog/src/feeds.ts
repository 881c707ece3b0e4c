import type { BlogPost } from './posts.js'

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

// Characters XML 1.0 does not allow, even escaped.
// eslint-disable-next-line no-control-regex
const clean = (text: string): string => escapeXml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''))

export interface FeedInfo {
  title: string
  /** Absolute URL of the blog's index. */
  home: string
  /** Absolute URL of the feed itself. */
  self: string
  description: string
  /** Makes a site-absolute URL absolute. */
  absolute(url: string): string
  /** Author when a post names none. */
  author: string
}

/** An Atom 1.0 feed (RFC 4287). Dates are the posts', never the build's, so the output is deterministic. */
export function atomFeed(info: FeedInfo, posts: BlogPost[]): string {
  const updated = posts[0]?.date ?? '1970-01-01T00:00:00.000Z'
  const entries = posts.map((post) => {
    const authors = post.authors.length > 0 ? post.authors : [info.author]
    return [
      '  <entry>',
      `    <title>${clean(post.title)}</title>`,
      `    <id>${clean(info.absolute(post.url))}</id>`,
      `    <link rel="alternate" type="text/html" href="${clean(info.absolute(post.url))}"/>`,
      `    <published>${post.date}</published>`,
      `    <updated>${post.date}</updated>`,
      ...authors.map((name) => `    <author><name>${clean(name)}</name></author>`),
      ...post.tags.map((tag) => `    <category term="${clean(tag)}"/>`),
      `    <summary type="text">${clean(post.excerpt)}</summary>`,
      '  </entry>',
    ].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${clean(info.title)}</title>`,
    `  <subtitle>${clean(info.description)}</subtitle>`,
    `  <id>${clean(info.home)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${clean(info.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${clean(info.home)}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${clean(info.author)}</name></author>`,
    `  <generator>Sheaf</generator>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}

/** An RSS 2.0 feed, with an atom:link to itself as validators ask. */
export function rssFeed(info: FeedInfo, posts: BlogPost[]): string {
  const items = posts.map((post) =>
    [
      '    <item>',
      `      <title>${clean(post.title)}</title>`,
      `      <link>${clean(info.absolute(post.url))}</link>`,
      `      <guid isPermaLink="true">${clean(info.absolute(post.url))}</guid>`,
      `      <pubDate>${new Date(post.date).toUTCString()}</pubDate>`,
      ...post.tags.map((tag) => `      <category>${clean(tag)}</category>`),
      `      <description>${clean(post.excerpt)}</description>`,
      '    </item>',
    ].join('\n'),
  )
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${clean(info.title)}</title>`,
    `    <link>${clean(info.home)}</link>`,
    `    <description>${clean(info.description)}</description>`,
    `    <atom:link href="${clean(info.self)}" rel="self" type="application/rss+xml"/>`,
    ...(posts[0] ? [`    <lastBuildDate>${new Date(posts[0].date).toUTCString()}</lastBuildDate>`] : []),
    '    <generator>Sheaf</generator>',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n')
}
