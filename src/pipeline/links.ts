import { posix } from 'node:path'
import type { Element, Root } from 'hast'
import type { VFile } from 'vfile'
import type { Sources } from './sources.js'
import { encodePath, outputFor, relativeUrl } from './urls.js'

/** What link rewriting needs to know about the site: which sources exist and where they go. */
export interface LinkTargets {
  /** Document source path (content-relative) -> its page URL. */
  documents: ReadonlyMap<string, string>
  /** Files copied as they are (content assets and `public/`), by their site path. */
  files: ReadonlySet<string>
  /** Whether a path names a document (a parser claims its extension). */
  isDocumentPath(path: string): boolean
}

/** The link targets of a site: its documents' pages and its copied files. */
export function linkTargetsOf(sources: Sources, isDocumentPath: (path: string) => boolean): LinkTargets {
  return {
    documents: new Map(sources.documents.map((source) => [source.rel, outputFor(source.rel).url])),
    files: new Set([...sources.assets, ...sources.publicFiles].map((source) => source.rel)),
    isDocumentPath,
  }
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

const hastProperty: Record<string, string> = { href: 'href', src: 'src', poster: 'poster' }

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * Rewrite one URL written in a document. Relative and root-absolute paths that
 * name a source document become that page's URL; paths that name a copied
 * file keep pointing at it. Both come out relative to the page, because clean
 * URLs move every page one folder deeper. Anything else is left alone; a link
 * to a document that does not exist is a warning at the link.
 */
function rewrite(url: string, node: Element, file: VFile, targets: LinkTargets): string | undefined {
  if (url === '' || url.startsWith('#') || url.startsWith('//') || /^[A-Za-z][A-Za-z\d+.-]*:/.test(url)) return undefined
  const sourcePath = file.data.sourcePath
  const pageUrl = file.data.url
  if (sourcePath === undefined || pageUrl === undefined) return undefined
  const suffixAt = url.search(/[?#]/)
  const rawPath = suffixAt === -1 ? url : url.slice(0, suffixAt)
  const suffix = suffixAt === -1 ? '' : url.slice(suffixAt)
  if (rawPath === '') return undefined
  const decoded = safeDecode(rawPath)
  const joined = decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(sourcePath), decoded)
  const target = posix.normalize(joined)
  if (target.startsWith('../') || target === '..') return undefined

  if (targets.isDocumentPath(target)) {
    const pageTarget = targets.documents.get(target)
    if (pageTarget === undefined) {
      file.message(`Link to a missing document: ${url}`, { place: node.position, source: 'sheaf', ruleId: 'link' })
      return undefined
    }
    return relativeUrl(pageUrl, pageTarget + suffix)
  }
  if (targets.files.has(target)) return relativeUrl(pageUrl, '/' + encodePath(target) + suffix)
  return undefined
}

/** The core hast transform that rewrites links and asset URLs in one document. */
export function rewriteLinks(tree: Root, file: VFile, targets: LinkTargets): void {
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      const attributes = urlAttributes[child.tagName]
      if (attributes) {
        for (const attribute of attributes) {
          const key = hastProperty[attribute]!
          const value = child.properties[key]
          if (typeof value !== 'string') continue
          const next = rewrite(value, child, file, targets)
          if (next !== undefined) child.properties[key] = next
        }
      }
      visit(child)
    }
    if (node.type === 'element' && node.tagName === 'template' && node.content) visit(node.content)
  }
  visit(tree)
}
