import { coreFields } from '../front-matter/core-fields.js'
import type { VFile } from 'vfile'
import type { ResolvedConfig } from '../config/schema.js'
import type { App, DirectiveHook, HookContext } from '../extensions/types.js'
import type { NamedRegistry } from '../hooks/named.js'
import type { SiteIndex } from '../site/site-index.js'
import { readerOf, unwrapSite } from '../site/site-reads.js'
import { renderDirectives } from './directives.js'

/**
 * Core's own hooks, registered through the app as any extension's are (as
 * Vite ships its core plugins), under the name `sheaf`: links resolved and
 * checked in the site stage, after every other site transform; and the
 * config's `markdown.remarkPlugins` and `markdown.rehypePlugins`, in order.
 * Link rewriting is imported when the hook first runs: a build served from
 * the cache never loads it.
 */
export function setupCore(app: App, config: ResolvedConfig): void {
  for (const [key, spec] of Object.entries(coreFields)) app.addFrontMatter(key, spec)
  let links: Promise<typeof import('./links.js')> | undefined
  app.addTransform({
    name: 'links',
    stage: 'site',
    order: 'post',
    async run(tree, file, ctx) {
      // What links resolve against travels with the site index; an index without it (none here) checks nothing.
      const site = unwrapSite(ctx.site) as SiteIndex
      if (!site.targets) return
      const reader = readerOf(ctx.site)
      const { rewriteLinks } = await (links ??= import('./links.js'))
      rewriteLinks(tree, file, site, site.targets, reader ? (key, answer) => reader.note(key, answer) : undefined)
    },
  })
  for (const [index, entry] of config.markdown.remarkPlugins.entries()) {
    const [plugin, pluginOptions] = Array.isArray(entry) ? entry : [entry, undefined]
    app.addRemarkPlugin(plugin, pluginOptions, { name: plugin.name || `config:remark-plugin-${index}` })
  }
  for (const [index, entry] of config.markdown.rehypePlugins.entries()) {
    const [plugin, pluginOptions] = Array.isArray(entry) ? entry : [entry, undefined]
    app.addRehypePlugin(plugin, pluginOptions, { name: plugin.name || `config:rehype-plugin-${index}` })
  }
}

/**
 * Directive syntax and rendering, added by core once every extension is set
 * up, whether or not one registered a directive: the syntax is always the
 * same, so an mdast transform sees `:::note` as a directive (not a paragraph)
 * on any site, and one no extension renders is a warning at its position. A
 * `:name` in text that no directive claims stays text. Each directive runs
 * with its own extension's context.
 */
export function setupDirectives(
  app: App,
  directives: NamedRegistry<DirectiveHook>,
  contextFor: (extension: string, file?: VFile) => HookContext,
  seconds: number | undefined,
): void {
  app.addRemarkPlugin({ load: () => import('remark-directive') }, undefined, { name: 'remark-directive', order: 'pre' })
  app.addTransform({
    name: 'directives',
    stage: 'mdast',
    order: 'pre',
    run: (tree, file) => renderDirectives(tree, file, directives, contextFor, seconds),
  })
}
