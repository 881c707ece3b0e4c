import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { h } from 'hastscript'
import type { Element, ElementContent } from 'hast'
import { defineTheme } from 'sheaf'
import type { Layout, Page, Theme } from 'sheaf'

const { version, name } = createRequire(import.meta.url)('../package.json') as { version: string; name: string }

function documentTitle(page: Page): string {
  const site = page.site.title
  if (!site) return page.title
  return page.url === '/' || page.title === site ? site : `${page.title} · ${site}`
}

/** The `<head>`: charset, viewport, title, the stylesheet; all local, nothing from the network. */
export function head(page: Page, extra: ElementContent[] = []): Element {
  const description = typeof page.data.description === 'string' ? page.data.description : undefined
  return h('head', [
    h('meta', { charset: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', documentTitle(page)),
    description ? h('meta', { name: 'description', content: description }) : undefined,
    h('meta', { name: 'generator', content: 'Sheaf' }),
    h('link', { rel: 'stylesheet', href: page.relative('/_sheaf/theme.css') }),
    ...extra,
  ].filter((node): node is Element => node !== undefined))
}

/** The site header: the site's title, linking home. */
export function header(page: Page): Element {
  return h('header.site-header', [
    h('a.skip-link', { href: '#content' }, 'Skip to content'),
    h('a.site-title', { href: page.relative('/') }, page.site.title ?? 'Home'),
  ])
}

/** A documentation page: header, then the document in `<main>`. */
const page: Layout = (page) =>
  h(null, [
    { type: 'doctype' },
    h('html', { lang: page.site.lang }, [
      head(page),
      h('body', [
        header(page),
        h('main#content.content', { tabIndex: -1 }, [h('article.document', page.content.children as ElementContent[])]),
        h('footer.site-footer', [h('p', 'Built with Sheaf')]),
      ]),
    ]),
  ])

const theme: Theme = defineTheme({
  name,
  version,
  layouts: { page },
  assets: fileURLToPath(new URL('../assets', import.meta.url)),
})

export default theme
