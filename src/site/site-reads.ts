import { createHash } from 'node:crypto'
import type { Site, SitePage } from '../extensions/types.js'
import { hash, stableText } from '../pipeline/digest.js'

/**
 * What a page's rendering read of the site besides its own document, for the
 * dependency graph:
 *
 * - `lookups`: each `bySource` / `byUrl` / `resolve` it made, and which page
 *   answered (links record the target's title and anchors too). The page is
 *   rendered again when a lookup would answer otherwise.
 * - `uses`: the extensions whose site transforms or layout took the site index
 *   (`ctx.site`, `page.index`) while rendering it. Which fields of pages an
 *   extension reads (`title`, `data`, `file.data.terms`, …) is pooled per
 *   extension (`SiteView`): an extension may derive something from every page
 *   once and keep it for the rest (a navigation tree cached per site index),
 *   so which page a read served cannot be told. A page is rendered again when
 *   a field that an extension it uses read changes on any page, or when a
 *   page comes or goes.
 * - `fields`: what each extension read through this thread's views so far.
 */
export interface SiteReads {
  lookups: Record<string, string>
  uses: string[]
  fields: Record<string, string[]>
}

/** Per extension: the fields of pages it read, and their digest over the site when pages were rendered against it. */
export interface SiteView {
  fields: Record<string, string[]>
  digests: Record<string, string>
}

/** Hands each extension's hooks their view of the site index (`SiteReader`), or the index itself. */
export interface SiteAccess {
  siteFor(extension: string): Site
}

/** Access to a site index that records nothing (generated pages, `sheaf render`). */
export const plainAccess = (site: Site): SiteAccess => ({ siteFor: () => site })

/** Which page answered a lookup: its source and URL, or nothing. */
const identity = (page: SitePage | undefined): string => (page === undefined ? '' : `${page.source ?? ''} ${page.url}`)

/**
 * A field is a path into a page (`["data","nav","order"]`) and what was seen of
 * it: its `value`, only its `shape` (whether it is there, and an object or a
 * list) when the reader went on into it, or the `whole` object when the reader
 * listed its keys. Objects in `data` and `file.data` are followed this way to
 * `deepest` levels, so a layout that reads `data.blog.kind` of every page does
 * not depend on `data.blog.posts`. Where one page has a value and another an
 * object at the same path, the object counts by its shape: had it been read,
 * the reads into it would have been recorded too.
 */
type FieldMode = 'value' | 'shape' | 'whole'
const deepest = 4
const fieldName = (mode: FieldMode, path: string[]): string => JSON.stringify([mode, ...path])

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const shapeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

/**
 * For each extension's fields, per path: one proxy handler, and the proxies
 * made with it, by object. A layout that reads `page.data` of every page for
 * every page makes each proxy once, and a proxy costs only itself.
 */
const recorders = new WeakMap<Set<string>, Map<string, { handler: ProxyHandler<Record<string, unknown>>; made: WeakMap<object, object> }>>()

/** The handler that records reads into objects found at `path`. */
function recorder(path: string[], fields: Set<string>): ProxyHandler<Record<string, unknown>> {
  return {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver) as unknown
      if (typeof key !== 'string') return child
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key)
      // A frozen property must be given as it is (a proxy's rule): its whole value counts.
      if (descriptor !== undefined && !descriptor.configurable && !descriptor.writable) {
        fields.add(fieldName('whole', [...path, key]))
        return child
      }
      return recording(child, [...path, key], fields)
    },
    has(target, key) {
      if (typeof key === 'string') fields.add(fieldName('shape', [...path, key]))
      return Reflect.has(target, key)
    },
    ownKeys(target) {
      fields.add(fieldName('whole', path))
      return Reflect.ownKeys(target)
    },
  }
}

/** An object of a page, behind a proxy that records the paths read into it. */
function recording<T>(value: T, path: string[], fields: Set<string>): T {
  if (!isPlainObject(value) || path.length >= deepest) {
    fields.add(fieldName(isPlainObject(value) ? 'whole' : 'value', path))
    return value
  }
  fields.add(fieldName('shape', path))
  let byPath = recorders.get(fields)
  if (byPath === undefined) recorders.set(fields, (byPath = new Map()))
  const key = path.join('\0')
  let made = byPath.get(key)
  if (made === undefined) byPath.set(key, (made = { handler: recorder(path, fields), made: new WeakMap() }))
  let proxy = made.made.get(value)
  if (proxy === undefined) made.made.set(value, (proxy = new Proxy(value, made.handler)))
  return proxy as T
}

type ParsedField = { mode: FieldMode; path: string[] } | { unreadable: string }

/** A field name (`fieldName`) as a mode and a path, once per digest rather than once per page. */
function parseField(field: string): ParsedField {
  let parsed: unknown
  try {
    parsed = JSON.parse(field)
  } catch {
    return { unreadable: `unreadable ${field}` }
  }
  if (!Array.isArray(parsed) || !['value', 'shape', 'whole'].includes(parsed[0] as string)) return { unreadable: `unreadable ${field}` }
  const [mode, ...path] = parsed as [FieldMode, ...string[]]
  return { mode, path }
}

/** What a field of a page is now, for its digest. */
function fieldOf(page: SitePage, field: ParsedField): unknown {
  if ('unreadable' in field) return field.unreadable
  const { mode, path } = field
  let value: unknown = page
  for (const [index, key] of path.entries()) {
    if (index === 0 && key === 'anchors') value = page.anchors && [...page.anchors].sort()
    else value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  }
  if (mode === 'shape' || (mode === 'value' && isPlainObject(value) && path.length < deepest)) return shapeOf(value)
  return value
}

/**
 * Digests made over each site index, by field list: a build checks the last
 * view and then makes the next over the same site as reading left it, and
 * where the fields are the same, so is the digest.
 */
const digestsOf = new WeakMap<Site, Map<string, string>>()

/** The digest of `fields` over every page of the site, and of which pages there are. */
export function siteViewDigest(site: Site, fields: readonly string[]): string {
  const memoKey = fields.join('\0')
  let made = digestsOf.get(site)
  const known = made?.get(memoKey)
  if (known !== undefined) return known
  const h = createHash('sha256')
  for (const page of site.pages) {
    h.update(identity(page))
    h.update('\0')
  }
  for (const field of fields) {
    h.update(`\0field ${field}\0`)
    const parsed = parseField(field)
    for (const page of site.pages) {
      h.update(stableText(fieldOf(page, parsed)))
      h.update('\0')
    }
  }
  const digest = h.digest('hex')
  if (made === undefined) digestsOf.set(site, (made = new Map()))
  made.set(memoKey, digest)
  return digest
}

/** What a lookup answers now, in the form `SiteReads.lookups` keeps it. */
export function lookupAnswer(site: Site, key: string, linkTargets?: { files: ReadonlySet<string>; drafts?: ReadonlySet<string> }): string {
  const at = key.indexOf(':')
  const kind = key.slice(0, at)
  const argument = key.slice(at + 1)
  switch (kind) {
    case 'source':
      return identity(site.bySource(argument))
    case 'url':
      return identity(site.byUrl(argument))
    case 'resolve':
      return identity(site.resolve(argument))
    case 'link':
      return linkIdentity(site.bySource(argument))
    case 'link-ref':
      return linkIdentity(site.resolve(argument))
    case 'file':
      return linkTargets?.files.has(argument) ? 'yes' : 'no'
    case 'draft':
      return linkTargets?.drafts?.has(argument) ? 'yes' : 'no'
    default:
      return `unknown ${kind}`
  }
}

/** What a link to a page shows of it: which page, its title (a `doc:` link's text) and its anchors. */
export const linkIdentity = (page: SitePage | undefined): string =>
  page === undefined ? '' : hash(identity(page), page.title, [...(page.anchors ?? [])].sort().join('\0'))

/**
 * Whether a page's lookups answer the same now (`answerOf`: what a lookup
 * answers now), and every extension it used sees the same fields (`view`,
 * checked once per extension per build).
 */
export function readsCurrent(reads: SiteReads | undefined, answerOf: (key: string) => string, view: ViewCheck): boolean {
  if (reads === undefined || typeof reads !== 'object' || reads === null || typeof reads.lookups !== 'object' || reads.lookups === null || !Array.isArray(reads.uses)) return false
  for (const extension of reads.uses) if (!view.current(extension)) return false
  for (const key in reads.lookups) if (answerOf(key) !== reads.lookups[key]) return false
  return true
}

/** The last view checked against the site as it is now, one extension at a time, each once. */
export class ViewCheck {
  private readonly known = new Map<string, boolean>()
  constructor(
    private readonly site: Site,
    private readonly view: SiteView | undefined,
  ) {}

  current(extension: string): boolean {
    let current = this.known.get(extension)
    if (current === undefined) {
      const digest = this.view?.digests[extension]
      const fields = this.view?.fields[extension]
      current = typeof digest === 'string' && Array.isArray(fields) && siteViewDigest(this.site, fields) === digest
      this.known.set(extension, current)
    }
    return current
  }
}

/** The fields extensions read of pages, pooled over the pages rendered, as each is (so no page's reads are kept till the end). */
export class ViewFields {
  private readonly fields = new Map<string, Set<string>>()

  add(extension: string, names: Iterable<string>): void {
    let set = this.fields.get(extension)
    if (set === undefined) this.fields.set(extension, (set = new Set()))
    for (const name of names) set.add(name)
  }

  /** Pool what one rendering read. */
  note(reads: SiteReads): void {
    for (const extension of reads.uses) this.add(extension, [])
    for (const [extension, names] of Object.entries(reads.fields)) this.add(extension, names)
  }

  /**
   * The view to keep after a build or rebuild: per extension, the fields read
   * (this round's, with the last view's where some pages kept their rendering),
   * and their digest over `site`.
   */
  view(site: Site, last: SiteView | undefined, everyPage: boolean): SiteView {
    if (!everyPage && last !== undefined) for (const [extension, names] of Object.entries(last.fields)) this.add(extension, names)
    const view: SiteView = { fields: {}, digests: {} }
    for (const extension of [...this.fields.keys()].sort()) {
      const names = [...this.fields.get(extension)!].sort()
      view.fields[extension] = names
      view.digests[extension] = siteViewDigest(site, names)
    }
    return view
  }
}

/**
 * The handler of one extension's page proxies: it records the fields read,
 * and hands out the page's file behind a proxy that records too (made when
 * first asked for, one per file). Values are read from the page itself, so
 * a page whose fields are getters runs them as it would unwatched.
 */
function pageRecorder(fields: Set<string>): ProxyHandler<SitePage> {
  const fileHandler: ProxyHandler<SitePage['file']> = {
    get(target, key) {
      if (key === 'data') return recording(target.data, ['file', 'data'], fields)
      if (typeof key === 'string') fields.add(fieldName('value', ['file', key]))
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  }
  const files = new WeakMap<object, SitePage['file']>()
  return {
    get(target, key) {
      if (key === 'file') {
        const file = target.file
        let proxy = files.get(file)
        if (proxy === undefined) files.set(file, (proxy = new Proxy(file, fileHandler)))
        return proxy
      }
      if (key === 'data') return recording(target.data, ['data'], fields)
      if (typeof key === 'string') fields.add(fieldName('value', [key]))
      return Reflect.get(target, key, target)
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) if (typeof key === 'string' && key !== 'file') fields.add(fieldName('value', [key]))
      return Reflect.ownKeys(target)
    },
  }
}

const tracked = Symbol('sheaf.siteReader')

/**
 * Views of the site index that record what is read through them: one per
 * extension, serving every page a thread renders in a build (so what an
 * extension caches per site index stays cached). `begin()` starts the record
 * of the next page. Lookups made through `siteFor(exempt)` are not counted as
 * use: core's links record their own, more precise ones (`note`).
 */
export class SiteReader implements SiteAccess {
  readonly site: Site
  private readonly views = new Map<string, Site>()
  /** Per extension, every field read through its view since the reader was made. */
  private readonly fields = new Map<string, Set<string>>()
  private lookups: Record<string, string> = {}
  private uses = new Set<string>()
  private readonly exempt: string | undefined

  constructor(site: Site, options: { exempt?: string } = {}) {
    this.site = site
    this.exempt = options.exempt
  }

  siteFor(extension: string): Site {
    if (extension !== this.exempt) this.uses.add(extension)
    let view = this.views.get(extension)
    if (view === undefined) this.views.set(extension, (view = this.viewFor(extension)))
    return view
  }

  private viewFor(extension: string): Site {
    const site = this.site
    let fields = this.fields.get(extension)
    if (fields === undefined) this.fields.set(extension, (fields = new Set()))
    const pages = new WeakMap<SitePage, SitePage>()
    const handler = pageRecorder(fields)
    const wrap = (page: SitePage): SitePage => {
      let wrapped = pages.get(page)
      if (wrapped === undefined) pages.set(page, (wrapped = new Proxy(page, handler)))
      return wrapped
    }
    const lookup = (kind: string, argument: string, page: SitePage | undefined): SitePage | undefined => {
      this.lookups[`${kind}:${argument}`] = identity(page)
      return page && wrap(page)
    }
    let listed: readonly SitePage[] | undefined
    const view: Site = {
      config: site.config,
      data: site.data,
      get pages() {
        return (listed ??= site.pages.map(wrap))
      },
      bySource: (source) => lookup('source', source, site.bySource(source)),
      byUrl: (url) => lookup('url', url, site.byUrl(url)),
      resolve: (reference) => lookup('resolve', reference, site.resolve(reference)),
    }
    Object.defineProperty(view, tracked, { value: this })
    return view
  }

  /** Start recording the reads of one page. */
  begin(): void {
    this.lookups = {}
    this.uses = new Set()
  }

  /** What the page read since `begin()`, and every field read through this reader so far. */
  end(): SiteReads {
    const fields: Record<string, string[]> = {}
    for (const [extension, names] of this.fields) fields[extension] = [...names].sort()
    const reads = { lookups: this.lookups, uses: [...this.uses].sort(), fields }
    this.begin()
    return reads
  }

  /** Record a lookup made outside the views (links resolve against the index itself). */
  note(key: string, answer: string): void {
    this.lookups[key] = answer
  }
}

/** The reader behind a view, or undefined for a site index that records nothing. */
export const readerOf = (site: Site): SiteReader | undefined => (site as Site & { [tracked]?: SiteReader })[tracked]

/** The site index behind a view (itself when it is not one). */
export const unwrapSite = (site: Site): Site => readerOf(site)?.site ?? site
