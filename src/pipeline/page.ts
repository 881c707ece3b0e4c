import { readFileSync } from 'node:fs'
import type { Element, Root } from 'hast'
import type { VFile } from 'vfile'
import { SheafError } from '../errors.js'
import { didYouMean } from '../suggest.js'
import { guard } from '../hooks/guard.js'
import type { Layout, Page } from '../extensions/types.js'
import type { LayoutEntry } from '../hooks/layouts.js'
import { frontMatterPlace } from './front-matter.js'
import type { SiteAccess } from '../site/site-reads.js'
import type { Sheaf } from '../sheaf.js'
import { linkerFor } from './urls.js'

/**
 * The layout core falls back on when no theme provides `page` (as under
 * `--safe`): a complete, minimal HTML5 page.
 */
export const fallbackLayout: Layout = async (page) => {
  const { h } = await import('hastscript')
  return h(null, [
    { type: 'doctype' },
    h('html', { lang: page.site.lang }, [
      h('head', [
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', page.site.title && page.site.title !== page.title ? `${page.title} · ${page.site.title}` : page.title),
        ...page.assets.filter((asset) => asset.kind === 'stylesheet').map((asset) => h('link', { rel: 'stylesheet', href: asset.href })),
      ]),
      h('body', [
        h('main', page.content.children as Element[]),
        ...page.assets.filter((asset) => asset.kind !== 'stylesheet').map((asset) => h('script', asset.kind === 'module' ? { type: 'module', src: asset.href } : { src: asset.href, defer: true })),
      ]),
    ]),
  ])
}

/** hast-util-to-html, imported when the first page is serialised (a build served from the cache never is). */
let serialiser: Promise<typeof import('hast-util-to-html')> | undefined
export const toHtml = async (...args: Parameters<typeof import('hast-util-to-html').toHtml>): Promise<string> =>
  (await (serialiser ??= import('hast-util-to-html'))).toHtml(...args)

/** Serialise a layout's result to a whole HTML document. */
async function serialise(result: unknown, layoutName: string, source: string): Promise<string> {
  if (typeof result === 'string') return /^\s*<!doctype/i.test(result) ? result : `<!doctype html>\n${result}`
  if (typeof result === 'object' && result !== null) {
    const node = result as Root | Element
    if (node.type === 'root') {
      const hasDoctype = node.children.some((child) => child.type === 'doctype')
      return (await toHtml(hasDoctype ? node : { type: 'root', children: [{ type: 'doctype' }, ...node.children] }, { allowDangerousHtml: true })) + '\n'
    }
    if (node.type === 'element') return `<!doctype html>\n${await toHtml(node, { allowDangerousHtml: true })}\n`
  }
  throw new SheafError(
    'LAYOUT_FAILED',
    `Layout "${layoutName}" (${source}) returned ${result === null ? 'null' : typeof result}; a layout returns a hast root or element, or a string of HTML.`,
  )
}

/** Put a page's body into its layout (front matter `layout`, else `page`) and serialise the page. */
export async function renderPage(sheaf: Sheaf, file: VFile, content: Root, access: SiteAccess, layoutOverride?: string): Promise<string> {
  const matter = file.data.matter ?? {}
  const layoutName = layoutOverride ?? (typeof matter.layout === 'string' ? matter.layout : (file.data.layout ?? 'page'))
  const entry = sheaf.registry.layouts.get(layoutName)
  if (!entry && layoutName !== 'page') {
    const message = `Layout "${layoutName}" does not exist.${didYouMean(layoutName, sheaf.registry.layouts.names())} Known layouts: ${sheaf.registry.layouts.names().join(', ') || 'none'}`
    // At the `layout` key when the front matter names it (read again: this is rare, and the text may be gone from a cached page).
    const fromMatter = layoutOverride === undefined && typeof matter.layout === 'string'
    const text = fromMatter ? (file.value !== undefined && String(file.value) !== '' ? String(file.value) : readSource(file.path)) : undefined
    file.fail(message, { place: text === undefined ? { line: 1, column: 1 } : frontMatterPlace(text, ['layout']), source: 'sheaf', ruleId: 'layout' })
  }
  const url = file.data.url ?? '/'
  // A stylesheet or script is linked under the name it is written under, with its digest.
  const plain = linkerFor(url, sheaf.config.url)
  const names = sheaf.assetNames
  const link = (path: string): string => {
    const named = path.startsWith('/') ? names.get(path.slice(1)) : undefined
    return plain(named === undefined ? path : `/${named}`)
  }
  const assets = sheaf.registry.assets.filter((asset) => asset.link !== undefined).map((asset) => ({ kind: asset.link!, href: link(`/${asset.path}`) }))
  /** Run one layout of the stack of this name; its page's `parent()` runs the one under it. */
  const run = (layer: LayoutEntry | undefined): Promise<Root | Element | string> => {
    const source = layer?.source ?? 'sheaf'
    const page: Page = {
      content,
      title: file.data.title ?? '',
      url,
      data: matter,
      file,
      site: { title: sheaf.config.title, url: sheaf.config.url, lang: sheaf.config.lang },
      get index() {
        return access.siteFor(source)
      },
      assets,
      relative: link,
      parent() {
        const under = layer && sheaf.registry.layouts.under(layer)
        if (under === undefined && (layer === undefined || layoutName !== 'page')) {
          throw new SheafError('LAYOUT_FAILED', `Layout "${layoutName}" (${source}) called page.parent(), but it replaces no other layout of that name.`)
        }
        // Under the last `page` layout lies Sheaf's own.
        return run(under)
      },
    }
    const layout = layer?.layout ?? fallbackLayout
    return guard({ extension: source, version: layer?.version, hook: `layout:${layoutName}`, seconds: sheaf.registry.hookSeconds }, () =>
      layout(page, sheaf.contextFor(source, file)),
    ) as Promise<Root | Element | string>
  }
  const source = entry?.source ?? 'sheaf'
  const result = await run(entry)
  return serialise(result, layoutName, source)
}

/** A document's text from disk, or undefined when it cannot be read. */
function readSource(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
