import * as v from 'valibot'
import { createRequire } from 'node:module'
import type { Root } from 'hast'
import { slug } from 'github-slugger'
import { defineExtension, parseDate } from 'sheaf'
import type { Extension, GeneratedPage, Site, SitePage } from 'sheaf'
import { formatDate } from './dates.js'
import { atomFeed, rssFeed } from './feeds.js'
import { excerptOf, namesOf, type BlogPost } from './posts.js'

export type { BlogPost } from './posts.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface BlogOptions {
  /** The folder of posts, relative to the content folder (default `blog`). */
  dir?: string
  /** The blog's title (default `Blog`). */
  title?: string
  /** A line about the blog, for feeds. */
  description?: string
  /** Posts per list page (default 10). */
  perPage?: number
  /** Write Atom and RSS feeds (default true; they need `url` in the config). */
  feeds?: boolean
  /** The marker that ends a post's excerpt (default `<!-- more -->`). */
  excerptSeparator?: string
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      dir: v.optional(v.pipe(v.string('expected a folder'), v.minLength(1, 'expected a folder'))),
      title: v.optional(v.string('expected text')),
      description: v.optional(v.string('expected text')),
      perPage: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(1, 'expected a whole number above 0'))),
      feeds: v.optional(v.boolean('expected true or false')),
      excerptSeparator: v.optional(v.pipe(v.string('expected text'), v.minLength(1, 'expected text'))),
    },
    'expected an object of options',
  ),
)

/** A link to a post. */
export interface PostLink {
  title: string
  url: string
}

/** What a post's layout reads from `file.data.blog`. */
export interface BlogPostData extends BlogPost {
  /** The next newer and older posts. */
  newer: PostLink | undefined
  older: PostLink | undefined
  /** Tag name -> its page. */
  tagUrls: Record<string, string>
}

/** What a list page's layout reads from `page.data.blog`. */
export interface BlogListData {
  kind: 'index' | 'tag' | 'archive' | 'tags'
  title: string
  /** The blog's index URL and feeds. */
  home: string
  feeds: { atom: string; rss: string } | undefined
  tag?: string
  posts: BlogPost[]
  pagination?: { current: number; total: number; prev: string | undefined; next: string | undefined }
  years?: Array<{ year: number; posts: BlogPost[] }>
  tags?: Array<{ name: string; url: string; count: number }>
  tagUrls: Record<string, string>
}

declare module 'vfile' {
  interface DataMap {
    /** Set by @sheaf/blog on each post. */
    blog: BlogPostData
  }
}

function paginate<T>(items: T[], perPage: number): T[][] {
  const pages: T[][] = []
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage))
  return pages.length > 0 ? pages : [[]]
}

/**
 * A blog: posts in a folder with dates, authors and tags; index, tag and
 * archive pages with pagination; Atom and RSS feeds with absolute URLs. Drafts
 * (`draft: true`) stay out unless the build asks for them.
 */
const blog: Extension<BlogOptions | undefined> = defineExtension<BlogOptions | undefined>({
  name: '@sheaf/blog',
  version,
  optionsSchema,
  setup(app, options = {}) {
    const name = v.string('expected a name')
    app.addFrontMatter('author', { schema: name, description: "A post's author." })
    app.addFrontMatter('authors', { schema: v.union([name, v.array(name)], 'expected a name or a list of names'), description: "A post's authors." })
    const dir = (options.dir ?? 'blog').replace(/^\/+|\/+$/g, '')
    const title = options.title ?? 'Blog'
    const perPage = options.perPage ?? 10
    const separator = options.excerptSeparator ?? '<!-- more -->'
    const home = `/${dir}/`
    const lang = app.config.lang
    const tagUrl = (tag: string): string => `${home}tags/${slug(tag) || 'tag'}/`
    const pageUrl = (base: string, n: number): string => (n === 1 ? base : `${base}page/${n}/`)
    const isPost = (source: string | undefined): boolean =>
      source !== undefined && source.startsWith(`${dir}/`) && !/(^|\/)index\.[^./]+$/.test(source)
    const feeds = options.feeds ?? true
    // Pages link to feeds only where they are written: feeds need the site's absolute URL.
    const feedUrls = feeds && app.config.url ? { atom: `${home}atom.xml`, rss: `${home}rss.xml` } : undefined

    /**
     * The post pages, newest first, and where each URL stands; found once per
     * site index. The order rests on the front matter's dates and the titles,
     * so a page that lists its neighbours is rendered again when one of those
     * changes, not when a neighbour's text does; a post's excerpt is read from
     * its page each time.
     */
    const postsCache = new WeakMap<Site, { pages: SitePage[]; positions: Map<string, number> }>()
    const indexOf = (site: Site) => {
      let entry = postsCache.get(site)
      if (!entry) {
        const pages = site.pages
          .flatMap((page) => {
            const date = isPost(page.source) ? parseDate(page.data.date) : undefined
            return date ? [{ page, at: date.at.toISOString() }] : []
          })
          .sort((a, b) => b.at.localeCompare(a.at) || a.page.title.localeCompare(b.page.title, 'en'))
          .map(({ page }) => page)
        entry = { pages, positions: new Map(pages.map((page, index) => [page.url, index])) }
        postsCache.set(site, entry)
      }
      return entry
    }
    const postsOf = (site: Site): Array<{ page: SitePage; post: BlogPost }> =>
      indexOf(site).pages.map((page) => ({ page, post: page.file.data.blog! as BlogPost }))
    const tagUrls = (posts: BlogPost[]): Record<string, string> => Object.fromEntries(posts.flatMap((post) => post.tags).map((tag) => [tag, tagUrl(tag)]))

    app.addTransform({
      name: 'blog-posts',
      stage: 'hast',
      order: 'post',
      run(tree: Root, file) {
        if (!isPost(file.data.sourcePath)) return
        const matter = file.data.matter ?? {}
        const date = parseDate(matter.date)
        if (!date) {
          file.fail(
            matter.date === undefined
              ? 'A blog post needs a `date` in its front matter, such as `date: 2024-03-05`'
              : `The blog post's \`date\` is not a date: ${JSON.stringify(matter.date)} (write 2024-03-05, or 2024-03-05T10:00:00+02:00)`,
            { place: { line: 1, column: 1 }, ruleId: 'date' },
          )
        }
        const tags = (Array.isArray(matter.tags) ? matter.tags : typeof matter.tags === 'string' ? [matter.tags] : [])
          .filter((tag): tag is string | number => typeof tag === 'string' || typeof tag === 'number')
          .map(String)
        const description = typeof matter.description === 'string' ? matter.description : undefined
        file.data.blog = {
          title: file.data.title ?? '',
          url: file.data.url ?? '',
          date: date!.at.toISOString(),
          day: date!.day.toISOString().slice(0, 10),
          dateText: formatDate(date!.day, lang),
          authors: namesOf(matter.authors ?? matter.author),
          tags,
          excerpt: description ?? excerptOf(tree, separator),
          newer: undefined,
          older: undefined,
          tagUrls: {},
        }
        file.data.navExclude = true
        file.data.layout = 'post'
      },
    })

    app.addTransform({
      name: 'blog-neighbours',
      stage: 'site',
      run(_tree, file, ctx) {
        // The site index is taken only for a post: other pages do not depend on the posts.
        if (!isPost(file.data.sourcePath) || !file.data.blog) return
        const { pages, positions } = indexOf(ctx.site)
        const at = positions.get(file.data.url ?? '') ?? -1
        const link = (page: SitePage | undefined): PostLink | undefined => (page ? { title: page.title, url: page.url } : undefined)
        file.data.blog.newer = link(pages[at - 1])
        file.data.blog.older = link(pages[at + 1])
        file.data.blog.tagUrls = tagUrls([file.data.blog])
      },
    })

    app.addGenerator({
      name: 'blog-pages',
      generate(site) {
        const posts = postsOf(site).map(({ post }) => post)
        // No posts, no blog: no index, archive or tag pages.
        if (posts.length === 0) return []
        const urls = tagUrls(posts)
        const common = { home, feeds: feedUrls, tagUrls: urls }
        const pages: GeneratedPage[] = []
        const lists = (base: string, listTitle: string, list: BlogPost[], extra: Partial<BlogListData> & Pick<BlogListData, 'kind'>): void => {
          const chunks = paginate(list, perPage)
          chunks.forEach((chunk, index) => {
            const n = index + 1
            const data: BlogListData = {
              ...common,
              ...extra,
              title: listTitle,
              posts: chunk,
              pagination: {
                current: n,
                total: chunks.length,
                prev: n > 1 ? pageUrl(base, n - 1) : undefined,
                next: n < chunks.length ? pageUrl(base, n + 1) : undefined,
              },
            }
            pages.push({ url: pageUrl(base, n), title: n === 1 ? listTitle : `${listTitle} (page ${n})`, layout: 'blog-list', data: { blog: data } })
          })
        }
        lists(home, title, posts, { kind: 'index' })
        const byTag = new Map<string, BlogPost[]>()
        for (const post of posts) for (const tag of post.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), post])
        const tags = [...byTag.keys()].sort((a, b) => a.localeCompare(b, 'en'))
        for (const tag of tags) lists(tagUrl(tag), `Posts tagged “${tag}”`, byTag.get(tag)!, { kind: 'tag', tag })
        pages.push({
          url: `${home}tags/`,
          title: `${title}: tags`,
          layout: 'blog-list',
          data: { blog: { ...common, kind: 'tags', title: `${title}: tags`, posts: [], tags: tags.map((tag) => ({ name: tag, url: urls[tag]!, count: byTag.get(tag)!.length })) } satisfies BlogListData },
        })
        const years = new Map<number, BlogPost[]>()
        for (const post of posts) {
          const year = Number(post.day.slice(0, 4))
          years.set(year, [...(years.get(year) ?? []), post])
        }
        pages.push({
          url: `${home}archive/`,
          title: `${title}: archive`,
          layout: 'blog-list',
          data: { blog: { ...common, kind: 'archive', title: `${title}: archive`, posts, years: [...years].map(([year, list]) => ({ year, posts: list })) } satisfies BlogListData },
        })
        return pages
      },
    })

    app.addGenerator({
      name: 'blog-feeds',
      stage: 'rendered',
      generate(site, ctx) {
        if (!feeds) return []
        const posts = postsOf(site).map(({ post }) => post)
        if (posts.length === 0) return []
        if (!site.config.url) {
          // Something is dropped: the posts have no feed.
          ctx.logger.warn('The blog has no feeds: they need an absolute `url` in the config, such as url: "https://example.org/".')
          return []
        }
        const base = site.config.url
        const absolute = (url: string): string => new URL(url.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`).href
        const siteTitle = site.config.title
        const info = {
          title: siteTitle ? `${siteTitle}: ${title}` : title,
          home: absolute(home),
          description: options.description ?? (siteTitle ? `${title} of ${siteTitle}` : title),
          absolute,
          author: siteTitle ?? title,
        }
        return [
          { path: feedUrls!.atom, contents: atomFeed({ ...info, self: absolute(feedUrls!.atom) }, posts) },
          { path: feedUrls!.rss, contents: rssFeed({ ...info, self: absolute(feedUrls!.rss) }, posts) },
        ]
      },
    })
  },
})

export default blog
