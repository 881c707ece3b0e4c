import { createHash, hash as hashOnce } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sep } from 'node:path'
import type { Sheaf } from '../sheaf.js'
import { sheafVersion } from '../package-info.js'

/** Bumped whenever what the cache holds changes shape: older entries are then ignored. */
export const cacheFormat = 3

export const hash = (...parts: Array<string | Uint8Array>): string => {
  const h = createHash('sha256')
  for (const part of parts) {
    h.update(part)
    h.update('\0')
  }
  return h.digest('hex')
}

/**
 * A JSON-like text of any value, with object keys sorted and properties that
 * are undefined left out, so equal values give equal text. Functions stand for their source text (a config's inline plugin
 * changes its key when its code changes); cycles and unknown objects are named.
 */
export function stableText(value: unknown): string {
  const seen = new Set<object>()
  const walk = (v: unknown): string => {
    if (v === undefined) return 'undefined'
    if (typeof v === 'function') return `function:${v.name}:${hash(String(v))}`
    if (typeof v === 'bigint') return `${v}n`
    if (typeof v === 'symbol') return String(v)
    if (v === null || typeof v !== 'object') return JSON.stringify(v)
    if (seen.has(v)) return '[cycle]'
    seen.add(v)
    try {
      if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`
      if (v instanceof Date) return `date:${v.toISOString()}`
      if (v instanceof RegExp) return `regexp:${String(v)}`
      if (v instanceof Map) return `map:${walk([...v.entries()])}`
      if (v instanceof Set) return `set:${walk([...v.values()])}`
      if (ArrayBuffer.isView(v)) return `bytes:${hash(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}`
      // A property set to undefined reads the same as an absent one (and the cache keeps JSON, which drops it).
      const record = v as Record<string, unknown>
      const keys = Object.keys(v)
        .filter((key) => record[key] !== undefined)
        .sort()
      return `{${keys.map((key) => `${JSON.stringify(key)}:${walk(record[key])}`).join(',')}}`
    } finally {
      seen.delete(v)
    }
  }
  return walk(value)
}

/** The contents of a module file, when there is one: code without a version is keyed by its text. */
const moduleText = (path: string | undefined): string => {
  if (path === undefined) return 'inline'
  try {
    return hash(readFileSync(path))
  } catch {
    return 'unreadable'
  }
}

/**
 * What the per-document stages of every document depend on besides the
 * document itself: Sheaf's version, the markdown plugins of the config, every
 * enabled extension's name, version (or module text), options, config keys
 * and `cacheKey`, and the themes (whose setup may add transforms). Site-wide
 * values such as `title` or `url` are not part of it: they affect rendering only.
 */
export function documentFingerprint(sheaf: Sheaf): string {
  const { config } = sheaf
  const extensions = sheaf.enabled.map((entry) => {
    const { extension } = entry
    // A package linked from elsewhere (a workspace, `npm link`) changes without its version changing: its module text counts too.
    const linked = entry.path !== undefined && !entry.path.split(sep).includes('node_modules')
    const code = extension.version === undefined ? moduleText(entry.path) : linked ? `${extension.version} ${moduleText(entry.path)}` : extension.version
    return [extension.name, code, entry.options, extension.cacheKey ? extension.cacheKey(config) : null]
  })
  const themes = sheaf.themes.map(({ theme, path }) => [theme.name, theme.version, moduleText(path)])
  const inline = sheaf.enabled.some((entry) => entry.path === undefined) || config.markdown.remarkPlugins.length + config.markdown.rehypePlugins.length > 0
  return hash(
    `format ${cacheFormat}`,
    `sheaf ${sheafVersion}`,
    stableText({
      markdown: config.markdown,
      extensionKeys: config.extensionKeys,
      extensions,
      themes,
      // Code written in the config (inline extensions, plugins) may call helpers defined beside it.
      configFile: inline ? moduleText(config.configFile) : null,
    }),
  )
}

/** One document's key: the fingerprint, where it sits, and its bytes (one digest call: this runs for every document of every build). */
export const documentKey = (fingerprint: string, rel: string, bytes: Uint8Array): string =>
  hashOnce('sha256', Buffer.concat([Buffer.from(`${fingerprint}\0${rel}\0`), bytes]), 'hex')

/** What every page's rendering depends on besides its own document. */
export interface RenderInputs {
  /** The document fingerprint of the build (`documentFingerprint`): extensions, themes and markdown plugins. */
  fingerprint: string
  /** The `siteDigest` of each page read from a source, by source path: it stands for the page's entry below. */
  pageDigests: ReadonlyMap<string, string>
  /** Every page of the site index, generated ones included, in order. */
  pages: ReadonlyArray<{ source?: string; url: string; outPath: string; title: string; data: unknown; headings: unknown; anchors?: ReadonlySet<string>; generator?: string; file: { data: unknown } }>
  /** What links resolve against: every source and asset path, and the drafts left out. */
  linkTargets: unknown
  /** The site's own layout files. */
  layoutFiles: string[]
}

/**
 * The render key: a page's last rendering is good while its document key and
 * this are unchanged. It covers the document fingerprint, the whole config,
 * the site's layouts, and everything one page can see of the others (the site
 * index and each page's `file.data`, as each document's `siteDigest` made when
 * it was read; generators that add to pages are covered by the fingerprint and
 * by what they read), so a rendering is reused only when rendering again would
 * give the same bytes.
 */
export function renderKey(sheaf: Sheaf, inputs: RenderInputs): string {
  const h = createHash('sha256')
  h.update(inputs.fingerprint)
  h.update(stableText(sheaf.config))
  for (const path of [...inputs.layoutFiles].sort()) h.update(`${path}\0${moduleText(path)}\0`)
  h.update(stableText(inputs.linkTargets))
  for (const page of inputs.pages) {
    const digest = page.generator === undefined && page.source !== undefined ? inputs.pageDigests.get(page.source) : undefined
    if (digest !== undefined) h.update(`document ${page.source} ${digest}`)
    else h.update(stableText([page.source, page.url, page.outPath, page.title, page.data, page.headings, [...(page.anchors ?? [])].sort(), page.generator, page.file.data]))
    h.update('\0')
  }
  return h.digest('hex')
}
