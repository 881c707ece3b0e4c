import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Page, Site } from 'sheaf'
import { listOf, navOf, tocOf, type BlogListData, type NavItem } from './data.js'
import { socialIcons } from './icons.js'
import { descriptionOf, shareMetadata } from './metadata.js'
import type { ThemeOptions } from './options.js'

export type { BlogListData, BlogPost, BlogPostData, NavData, NavItem, NavLink, TocEntry } from './data.js'
export type { ThemeOptions } from './options.js'
export { themeOptionsOf } from './options.js'

/** A link target of the options: a path in the site, made relative to the page, or a URL as it is. */
export const linkTo = (page: Page, target: string): string => (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') ? target : page.relative(target.startsWith('/') ? target : `/${target}`))
const isCurrent = (page: Page, target: string): boolean => target.startsWith('/') && target !== '/' && page.url.startsWith(target.endsWith('/') ? target : `${target}/`)

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

/** The header's links: the theme's `nav` option, then the blog when the site has one. */
function headerLinks(page: Page, theme: ThemeOptions): Element[] {
  const links = (theme.nav ?? []).map((item) => h('a', { href: linkTo(page, item.link), ...(isCurrent(page, item.link) ? { ariaCurrent: 'true' } : {}) }, item.text))
  const blog = blogOf(page)
  if (blog && !(theme.nav ?? []).some((item) => item.link === blog.home)) {
    links.push(h('a', { href: page.relative(blog.home), ...(page.url.startsWith(blog.home) ? { ariaCurrent: 'true' } : {}) }, 'Blog'))
  }
  return links
}

/** Links with icons (`social` option). */
function socialLinks(page: Page, theme: ThemeOptions, className: string): Element | undefined {
  if (!theme.social || theme.social.length === 0) return undefined
  return h(
    `ul.${className}`,
    theme.social.map((item) => {
      const icon = socialIcons[item.icon]
      return h(
        'li',
        h('a', { href: item.link, rel: 'me noopener' }, [
          h('svg', { viewBox: '0 0 24 24', width: 20, height: 20, ariaHidden: 'true', focusable: 'false' }, [h('path', { d: icon.path, fill: 'currentColor' })]),
          h('span.sr-only', item.label ?? icon.title),
        ]),
      )
    }),
  )
}

/** The site title, with the logo (one per colour scheme when given so) before it. */
function siteTitle(page: Page, theme: ThemeOptions): Element {
  const name = page.site.title ?? 'Home'
  const logo = typeof theme.logo === 'string' ? { light: theme.logo, dark: undefined, alt: undefined, replacesTitle: undefined } : theme.logo
  const images = logo
    ? [
        h(`img.logo${logo.dark ? '.logo-light' : ''}`, { src: linkTo(page, logo.light), alt: logo.replacesTitle ? (logo.alt ?? name) : (logo.alt ?? ''), height: 32 }),
        ...(logo.dark ? [h('img.logo.logo-dark', { src: linkTo(page, logo.dark), alt: logo.replacesTitle ? (logo.alt ?? name) : (logo.alt ?? ''), height: 32 })] : []),
      ]
    : []
  return h('a.site-title', { href: page.relative('/') }, [...images, logo?.replacesTitle ? h('span.sr-only', name) : h('span.site-name', name)])
}

/** The announcement line above the header (`banner` option). */
export function banner(page: Page, theme: ThemeOptions): Element | undefined {
  if (!theme.banner) return undefined
  const { text, link, linkText } = theme.banner
  return h('div.banner', { role: 'region', ariaLabel: 'Announcement' }, [h('p', [text, ...(link ? [' ', h('a', { href: linkTo(page, link) }, linkText)] : [])])])
}

/** The site header: menu button (with a drawer), logo and title, links, search, social links, colour scheme toggle. */
export function header(page: Page, options: { sidebar: boolean; theme?: ThemeOptions }): Element {
  const theme = options.theme ?? {}
  const links = headerLinks(page, theme as ThemeOptions)
  const social = socialLinks(page, theme as ThemeOptions, 'social-links')
  return h('header.site-header', [
    ...(options.sidebar
      ? [h('button.menu-toggle', { type: 'button', ariaControls: 'sidebar', ariaExpanded: 'false' }, [h('span.menu-icon', { ariaHidden: 'true' }), h('span.menu-label', 'Menu')])]
      : []),
    siteTitle(page, theme as ThemeOptions),
    links.length > 0 ? h('nav.header-links', { ariaLabel: 'Site' }, links) : h('span.header-spacer'),
    h('div.search', { dataSheafSearch: '', dataBase: page.relative('/') }),
    ...(social ? [social] : []),
    h('button.theme-toggle', { type: 'button', ariaLabel: 'Dark colour scheme', ariaPressed: 'false', title: 'Toggle dark colour scheme' }, [
      h('span.theme-icon', { ariaHidden: 'true' }),
    ]),
  ])
}

export function footer(page: Page, theme: ThemeOptions = {} as ThemeOptions): Element {
  const links = theme.footer?.links ?? []
  const text = theme.footer?.text ?? `${page.site.title ? `${page.site.title} · ` : ''}Built with Sheaf`
  return h('footer.site-footer', [
    ...(links.length > 0 ? [h('nav.footer-links', { ariaLabel: 'Footer' }, [h('ul', links.map((item) => h('li', h('a', { href: linkTo(page, item.link) }, item.text))))])] : []),
    h('p', text),
  ])
}

/**
 * What the menu drawer holds on narrow screens besides the sidebar: the
 * header's links and the social links, which the header has no room for there.
 */
function drawerLinks(page: Page, theme: ThemeOptions): Element | undefined {
  const links = headerLinks(page, theme)
  const social = socialLinks(page, theme, 'drawer-social')
  if (links.length === 0 && !social) return undefined
  return h('div.drawer-links', [...(links.length > 0 ? [h('ul', links.map((link) => h('li', link)))] : []), ...(social ? [social] : [])])
}

/**
 * The sidebar's list: every top-level entry, the folders on the way to the
 * current page opened, and folders without an index page as groups that
 * expand (`<details>`), so every page can be reached from every page. @sheaf/nav gives each page its own sections only,
 * with long folders cut to the entries around the page, so each page's size
 * does not grow with the number of pages.
 */
function sidebarList(page: Page, items: NavItem[]): Element {
  return h(
    'ul',
    items.map((item) => {
      if (item.omitted !== undefined) return h('li', h('span.nav-omitted', item.title))
      const current = item.url === page.url
      if (item.url === undefined && item.children.length > 0) {
        // A folder without an index page: a group that expands to show its pages, open on the way to the page.
        const onPath = item.folder !== undefined && page.url.startsWith(item.folder)
        return h('li', h('details.nav-group', onPath ? { open: true } : {}, [h('summary.nav-section', item.title), sidebarList(page, item.children)]))
      }
      const label = item.url === undefined ? h('span.nav-section', item.title) : h('a', { href: page.relative(item.url), ...(current ? { ariaCurrent: 'page' } : {}) }, item.title)
      const open = item.children.length > 0 && (item.folder === undefined || page.url.startsWith(item.folder))
      return h('li', open ? [label, sidebarList(page, item.children)] : [label])
    }),
  )
}

/**
 * The sidebar from @sheaf/nav, with the current page marked; on narrow
 * screens it is the menu's drawer, with the header's links at its top. A
 * layout without a sidebar on wide screens (`drawerOnly`, or no navigation
 * data) still has the drawer on narrow ones; undefined when it would be empty.
 */
export function sidebar(page: Page, theme: ThemeOptions = {} as ThemeOptions, options: { drawerOnly?: boolean } = {}): Element | undefined {
  const nav = navOf(page.file.data as Record<string, unknown>)
  const list = nav && nav.sidebar.length > 0 ? sidebarList(page, nav.sidebar) : undefined
  const links = drawerLinks(page, theme)
  if (!list && !links) return undefined
  const drawerOnly = options.drawerOnly === true || !list
  return h(`nav#sidebar.sidebar${drawerOnly ? '.drawer-only' : ''}`, { ariaLabel: list ? 'Documentation' : 'Menu' }, [...(links ? [links] : []), ...(list ? [list] : [])])
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

function tocList(page: Page): Element | undefined {
  const entries = tocOf(page.file.data as Record<string, unknown>)
  if (entries.length < 2) return undefined
  const min = Math.min(...entries.map((entry) => entry.depth))
  return h(
    'ul',
    entries.map((entry) => h('li', { className: [`toc-depth-${entry.depth - min + 1}`] }, h('a', { href: `#${entry.id}` }, entry.text))),
  )
}

/** The table of contents from @sheaf/headings, beside the content on wide screens; undefined when the page has fewer than two entries. */
export function toc(page: Page): Element | undefined {
  const list = tocList(page)
  if (!list) return undefined
  return h('aside.toc', { ariaLabelledby: 'toc-title' }, [h('p#toc-title.toc-title', 'On this page'), list])
}

/** The same table of contents as a collapsible at the top of the content, for screens too narrow for the aside. */
export function tocInline(page: Page): Element | undefined {
  const list = tocList(page)
  if (!list) return undefined
  return h('details.toc-inline', [h('summary', 'On this page'), h('nav', { ariaLabel: 'On this page' }, [list])])
}

/** Under a document: the link to edit its source and when it last changed, as the options ask. */
export function pageMeta(page: Page, theme: ThemeOptions, found: { updated: Date | undefined; contentPath: string }): Element | undefined {
  const { updated } = found
  const edit = editUrl(page, theme, found.contentPath)
  if (!edit && !updated) return undefined
  return h('div.page-meta', [
    ...(edit ? [h('a.edit-link', { href: edit }, theme.editLink!.text)] : []),
    ...(updated
      ? [h('p.last-updated', ['Last updated ', h('time', { dateTime: updated.toISOString() }, updated.toLocaleDateString(page.site.lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }))])]
      : []),
  ])
}

/** Where a page's source is edited on its forge: GitHub's form, or GitLab's, Gitea's and Bitbucket's by host. */
function editUrl(page: Page, theme: ThemeOptions, contentPath: string): string | undefined {
  const source = page.file.data.sourcePath
  if (!theme.editLink || typeof source !== 'string' || !source) return undefined
  const { repo, branch, path } = theme.editLink
  const base = repo.replace(/\/+$/, '').replace(/\.git$/, '')
  const file = [path ?? contentPath, source].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/').split('/').map(encodeURIComponent).join('/')
  const host = new URL(base).hostname
  if (host.includes('gitlab')) return `${base}/-/edit/${branch}/${file}`
  if (host === 'codeberg.org' || host.includes('gitea')) return `${base}/_edit/${branch}/${file}`
  if (host === 'bitbucket.org') return `${base}/src/${branch}/${file}?mode=edit`
  return `${base}/edit/${branch}/${file}`
}

/** The whole document around a body. */
export function shell(page: Page, bodyClass: string, main: ElementContent[], options: { sidebar?: Element | undefined; aside?: Element | undefined; theme?: ThemeOptions } = {}) {
  const theme = options.theme ?? ({} as ThemeOptions)
  const docsSidebar = options.sidebar !== undefined && !(options.sidebar.properties.className as string[] | undefined)?.includes('drawer-only')
  const top = banner(page, theme)
  return h(null, [
    { type: 'doctype' },
    h('html', { lang: page.site.lang }, [
      head(page),
      h('body', { className: [bodyClass, docsSidebar ? 'has-sidebar' : 'no-sidebar', options.aside ? 'has-toc' : 'no-toc'] }, [
        h('a.skip-link', { href: '#content' }, 'Skip to content'),
        ...(top ? [top] : []),
        header(page, { sidebar: options.sidebar !== undefined, theme }),
        ...(options.sidebar ? [h('div.drawer-backdrop', { hidden: true })] : []),
        h('div.page', [
          ...(options.sidebar ? [options.sidebar] : []),
          h('main#content.content', { tabIndex: -1 }, main),
          ...(options.aside ? [options.aside] : []),
        ]),
        footer(page, theme),
        ...scripts(page),
      ]),
    ]),
  ])
}
