import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Page, Site } from 'sheaf'
import { listOf, navOf, tocOf, type BlogListData, type NavItem } from './data.js'
import { descriptionOf, shareMetadata } from './metadata.js'

export type { BlogListData, BlogPost, BlogPostData, NavData, NavItem, NavLink, TocEntry } from './data.js'

const blogHomes = new WeakMap<Site, string | null>()

/** The blog's index data, if the site has a blog: its URL found once per site index, its data read afresh. */
export function blogOf(page: Page): BlogListData | undefined {
  let url = blogHomes.get(page.index)
  if (url === undefined) {
    const home = page.index.pages.find((entry) => listOf(entry.data)?.kind === 'index')
    blogHomes.set(page.index, (url = home?.url ?? null))
  }
  const home = url === null ? undefined : page.index.byUrl(url)
  return home ? listOf(home.data) : undefined
}

/** Set the colour scheme before the first paint, so a stored choice never flashes. */
const themeScript =
  "(function(){try{var t=localStorage.getItem('sheaf-theme');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}})()"

function documentTitle(page: Page): string {
  const site = page.site.title
  if (!site) return page.title
  return page.url === '/' || page.title === site ? site : `${page.title} · ${site}`
}

/** The `<head>`: charset, viewport, title, description, the stylesheets, share metadata; all local, nothing from the network. */
export function head(page: Page, extra: ElementContent[] = []): Element {
  const description = descriptionOf(page)
  const feeds = feedLinks(page)
  const title = documentTitle(page)
  return h('head', [
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', title),
    ...(description ? [h('meta', { name: 'description', content: description })] : []),
    h('meta', { name: 'generator', content: 'Sheaf' }),
    h('meta', { name: 'color-scheme', content: 'light dark' }),
    h('link', { rel: 'icon', href: page.relative('/_sheaf/favicon.svg'), type: 'image/svg+xml' }),
    h('link', { rel: 'stylesheet', href: page.relative('/_sheaf/theme.css') }),
    ...page.assets.filter((asset) => asset.kind === 'stylesheet').map((asset) => h('link', { rel: 'stylesheet', href: asset.href })),
    ...shareMetadata(page, title),
    ...feeds,
    h('script', themeScript),
    ...extra,
  ])
}

function feedLinks(page: Page): Element[] {
  const data = blogOf(page)
  if (!data?.feeds) return []
  return [
    h('link', { rel: 'alternate', type: 'application/atom+xml', title: 'Atom feed', href: page.relative(data.feeds.atom) }),
    h('link', { rel: 'alternate', type: 'application/rss+xml', title: 'RSS feed', href: page.relative(data.feeds.rss) }),
  ]
}

/** The scripts at the end of `<body>`: the theme's, then the ones extensions asked for. */
export function scripts(page: Page): Element[] {
  return [
    h('script', { src: page.relative('/_sheaf/theme.js'), defer: true }),
    ...page.assets
      .filter((asset) => asset.kind !== 'stylesheet')
      .map((asset) => h('script', asset.kind === 'module' ? { type: 'module', src: asset.href } : { src: asset.href, defer: true })),
  ]
}

/** The site header: menu button (with a sidebar), title, links, search, colour scheme toggle. */
export function header(page: Page, options: { sidebar: boolean }): Element {
  const links: Element[] = []
  const blog = blogOf(page)
  if (blog) {
    const current = page.url.startsWith(blog.home)
    links.push(h('a', { href: page.relative(blog.home), ...(current ? { ariaCurrent: 'true' } : {}) }, 'Blog'))
  }
  return h('header.site-header', [
    h('a.skip-link', { href: '#content' }, 'Skip to content'),
    ...(options.sidebar
      ? [h('button.menu-toggle', { type: 'button', ariaControls: 'sidebar', ariaExpanded: 'false' }, [h('span.menu-icon', { ariaHidden: 'true' }), 'Menu'])]
      : []),
    h('a.site-title', { href: page.relative('/') }, page.site.title ?? 'Home'),
    links.length > 0 ? h('nav.header-links', { ariaLabel: 'Site' }, links) : h('span.header-spacer'),
    h('div.search', { dataSheafSearch: '', dataBase: page.relative('/') }),
    h('button.theme-toggle', { type: 'button', ariaLabel: 'Dark colour scheme', ariaPressed: 'false', title: 'Toggle dark colour scheme' }, [
      h('span.theme-icon', { ariaHidden: 'true' }),
    ]),
  ])
}

export function footer(page: Page): Element {
  const year = page.site.title ? `${page.site.title} · ` : ''
  return h('footer.site-footer', [h('p', `${year}Built with Sheaf`)])
}

/**
 * The sidebar's list: every top-level entry, and the folders on the way to
 * the current page opened. @sheaf/nav gives each page its own sections only,
 * with long folders cut to the entries around the page, so each page's size
 * does not grow with the number of pages.
 */
function sidebarList(page: Page, items: NavItem[]): Element {
  return h(
    'ul',
    items.map((item) => {
      if (item.omitted !== undefined) return h('li', h('span.nav-omitted', item.title))
      const current = item.url === page.url
      const label = item.url === undefined ? h('span.nav-section', item.title) : h('a', { href: page.relative(item.url), ...(current ? { ariaCurrent: 'page' } : {}) }, item.title)
      const open = item.children.length > 0 && (item.folder === undefined || page.url.startsWith(item.folder))
      return h('li', open ? [label, sidebarList(page, item.children)] : [label])
    }),
  )
}

/** The sidebar from @sheaf/nav, with the current page marked; undefined without navigation data. */
export function sidebar(page: Page): Element | undefined {
  const nav = navOf(page.file.data as Record<string, unknown>)
  if (!nav || nav.sidebar.length === 0) return undefined
  return h('nav#sidebar.sidebar', { ariaLabel: 'Documentation' }, [sidebarList(page, nav.sidebar)])
}

export function breadcrumbs(page: Page): Element | undefined {
  const nav = navOf(page.file.data as Record<string, unknown>)
  if (!nav || nav.breadcrumbs.length === 0) return undefined
  return h('nav.breadcrumbs', { ariaLabel: 'Breadcrumbs' }, [
    h(
      'ol',
      nav.breadcrumbs.map((crumb) => h('li', crumb.url ? h('a', { href: page.relative(crumb.url) }, crumb.title) : h('span', crumb.title))),
    ),
  ])
}

export function pager(page: Page, links: { prev: { title: string; url: string } | undefined; next: { title: string; url: string } | undefined }, labels = { prev: 'Previous', next: 'Next' }): Element | undefined {
  if (!links.prev && !links.next) return undefined
  return h('nav.pager', { ariaLabel: `${labels.prev} and ${labels.next.toLowerCase()}` }, [
    links.prev ? h('a.pager-prev', { href: page.relative(links.prev.url), rel: 'prev' }, [h('span.pager-label', labels.prev), h('span.pager-title', links.prev.title)]) : h('span'),
    links.next ? h('a.pager-next', { href: page.relative(links.next.url), rel: 'next' }, [h('span.pager-label', labels.next), h('span.pager-title', links.next.title)]) : h('span'),
  ])
}

/** The table of contents from @sheaf/headings; undefined when the page has fewer than two entries. */
export function toc(page: Page): Element | undefined {
  const entries = tocOf(page.file.data as Record<string, unknown>)
  if (entries.length < 2) return undefined
  const min = Math.min(...entries.map((entry) => entry.depth))
  return h('aside.toc', { ariaLabelledby: 'toc-title' }, [
    h('p#toc-title.toc-title', 'On this page'),
    h(
      'ul',
      entries.map((entry) => h('li', { className: [`toc-depth-${entry.depth - min + 1}`] }, h('a', { href: `#${entry.id}` }, entry.text))),
    ),
  ])
}

/** The whole document around a body. */
export function shell(page: Page, bodyClass: string, main: ElementContent[], options: { sidebar?: Element | undefined; aside?: Element | undefined } = {}) {
  return h(null, [
    { type: 'doctype' },
    h('html', { lang: page.site.lang }, [
      head(page),
      h('body', { className: [bodyClass, options.sidebar ? 'has-sidebar' : 'no-sidebar', options.aside ? 'has-toc' : 'no-toc'] }, [
        header(page, { sidebar: options.sidebar !== undefined }),
        h('div.page', [
          ...(options.sidebar ? [options.sidebar] : []),
          h('main#content.content', { tabIndex: -1 }, main),
          ...(options.aside ? [options.aside] : []),
        ]),
        footer(page),
        ...scripts(page),
      ]),
    ]),
  ])
}
