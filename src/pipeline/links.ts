import { posix } from 'node:path'
import type { Element, Root } from 'hast'
import type { VFile } from 'vfile'
import type { Site, SitePage } from '../extensions/types.js'
import type { Sources } from './sources.js'
import { encodePath, linkerFor } from './urls.js'
import { linkIdentity } from '../site/site-reads.js'

/** What link resolution needs besides the site index: the copied files and which paths are documents. */
export interface LinkTargets {
  /** Files copied as they are (content assets and `public/`), by their site path. */
  files: ReadonlySet<string>
  /** Whether a path names a document (a parser claims its extension). */
  isDocumentPath(path: string): boolean
  /** Drafts left out of this build, by source path. */
  drafts?: ReadonlySet<string>
}

export function linkTargetsOf(sources: Sources, isDocumentPath: (path: string) => boolean): LinkTargets {
  return { files: new Set([...sources.assets, ...sources.publicFiles].map((source) => source.rel)), isDocumentPath }
}

/** Attributes that hold a URL, per element. */
const urlAttributes: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  embed: ['src'],
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

function splitUrl(url: string): { path: string; query: string; hash: string } {
  const hashAt = url.indexOf('#')
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt)
  const hash = hashAt === -1 ? '' : url.slice(hashAt + 1)
  const queryAt = beforeHash.indexOf('?')
  return { path: queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt), query: queryAt === -1 ? '' : beforeHash.slice(queryAt), hash }
}

interface LinkContext {
  file: VFile
  site: Site
  targets: LinkTargets
  /** The source path, or for a generated page one at the content root, so relative paths resolve from there. */
  sourcePath: string
  self: SitePage | undefined
  /** Site-absolute path -> the URL this page links it by. */
  link: (to: string) => string
  /** Record what a lookup answered, for the dependency graph (`SiteReads`). */
  note: (key: string, answer: string) => void
}

function warn(ctx: LinkContext, node: Element, reason: string): void {
  ctx.file.message(reason, { place: node.position, source: 'sheaf', ruleId: 'link' })
}

/** A fragment that must exist on the page with these anchors (unknown anchors: not checked). */
function checkAnchor(ctx: LinkContext, node: Element, url: string, anchors: ReadonlySet<string> | undefined, hash: string): void {
  if (!hash || anchors === undefined) return
  if (!anchors.has(safeDecode(hash))) warn(ctx, node, `Link to a missing anchor: ${url}`)
}

/**
 * Resolve one URL written in a document. `#anchor` must exist on the page;
 * `doc:REF` names a page by front matter `id`, source path or title; relative
 * and root-absolute paths that name a source document become that page's URL,
 * and paths that name a copied file keep pointing at it. Results are relative
 * to the page, because clean URLs move every page one folder deeper. Anything
 * else is left alone. A broken target is a warning at the link.
 */
function resolveUrl(url: string, node: Element, ctx: LinkContext): string | undefined {
  const { site, targets } = ctx
  if (url.startsWith('#')) {
    checkAnchor(ctx, node, url, ctx.self?.anchors, url.slice(1))
    return undefined
  }
  if (url.startsWith('doc:')) {
    const { path, hash } = splitUrl(url.slice(4))
    const reference = safeDecode(path).trim()
    const page = site.resolve(reference)
    ctx.note(`link-ref:${reference}`, linkIdentity(page))
    if (!page) {
      warn(ctx, node, `Link to an unknown document: ${url} (no page has that id, path, title or URL)`)
      return undefined
    }
    checkAnchor(ctx, node, url, page.anchors, hash)
    if (node.children.length === 0) node.children.push({ type: 'text', value: page.title })
    return ctx.link(page.url + (hash ? `#${hash}` : ''))
  }
  if (url === '' || url.startsWith('//') || /^[A-Za-z][A-Za-z\d+.-]*:/.test(url)) return undefined
  const { path, query, hash } = splitUrl(url)
  if (path === '') return undefined
  const decoded = safeDecode(path)
  const target = posix.normalize(decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(ctx.sourcePath), decoded))
  if (target.startsWith('../') || target === '..') return undefined
  const suffix = query + (hash ? `#${hash}` : '')

  if (targets.isDocumentPath(target)) {
    const page = site.bySource(target)
    ctx.note(`link:${target}`, linkIdentity(page))
    if (page === undefined) {
      ctx.note(`draft:${target}`, targets.drafts?.has(target) ? 'yes' : 'no')
      warn(ctx, node, targets.drafts?.has(target) ? `Link to a draft, which this build leaves out: ${url} (build with --drafts to include it)` : `Link to a missing document: ${url}`)
      return undefined
    }
    checkAnchor(ctx, node, url, page.anchors, hash)
    return ctx.link(page.url + suffix)
  }
  const isFile = targets.files.has(target)
  ctx.note(`file:${target}`, isFile ? 'yes' : 'no')
  if (isFile) return ctx.link('/' + encodePath(target) + suffix)
  return undefined
}

/**
 * The core site transform that resolves links and asset URLs in one document.
 * It looks pages up in the site index itself and tells `note` what each lookup
 * answered (the target's title and anchors included), so a page is rendered
 * again exactly when a page it links to changes in a way the link shows.
 */
export function rewriteLinks(tree: Root, file: VFile, site: Site, targets: LinkTargets, note: (key: string, answer: string) => void = () => {}): void {
  const pageUrl = file.data.url
  if (pageUrl === undefined) return
  const sourcePath = file.data.sourcePath ?? 'index'
  const self = file.data.sourcePath === undefined ? site.byUrl(pageUrl) : site.bySource(sourcePath)
  const ctx: LinkContext = { file, site, targets, sourcePath, self, link: linkerFor(pageUrl, site.config.url), note }
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      for (const attribute of urlAttributes[child.tagName] ?? []) {
        const value = child.properties[attribute]
        if (typeof value !== 'string') continue
        const next = resolveUrl(value, child, ctx)
        if (next !== undefined) child.properties[attribute] = next
      }
      visit(child)
    }
    if (node.type === 'element' && node.tagName === 'template' && node.content) visit(node.content)
  }
  visit(tree)
}
