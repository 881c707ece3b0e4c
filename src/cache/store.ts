import { hash as hashOnce, randomBytes } from 'node:crypto'
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { writeAtomically } from '../output/folders.js'
import { decodeValue, encodeValue } from '../pipeline/codec.js'
import { cacheFormat } from './keys.js'
import { hash } from '../pipeline/digest.js'
import type { DocumentResult } from '../pipeline/document-result.js'
import { isDataChanges } from '../pipeline/data-changes.js'
import type { SiteView } from '../site/site-reads.js'
import type { DocumentStore, RenderedData, RenderedRecord } from '../pipeline/document-store.js'

const magic = Buffer.from(`SHEAF${String(cacheFormat).padStart(3, '0')}`)
const digestLength = 20
const sealDigest = (payload: Uint8Array): Buffer => Buffer.from(hashOnce('sha1', payload, 'buffer'))

/** Bytes with a header: the format's magic and a digest of the payload, so a torn or foreign record is never trusted. */
function seal(value: unknown): Buffer {
  const payload = encodeValue(value)
  const digest = sealDigest(payload)
  return Buffer.concat([magic, digest, payload])
}

function unseal(bytes: Buffer): unknown {
  if (bytes.length < magic.length + digestLength || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(magic.length + digestLength)
  const digest = sealDigest(payload)
  if (!digest.equals(bytes.subarray(magic.length, magic.length + digestLength))) return undefined
  try {
    return decodeValue(payload)
  } catch {
    return undefined
  }
}

/** Where a record sits: a segment file of the cache's `segments/` folder, and a byte range in it. */
export interface Location {
  segment: string
  offset: number
  length: number
}

/**
 * Appends sealed records to one segment file of its own. Creating a file is
 * the slowest thing a build does to a file system (a millisecond or more on
 * some), so a build writes a few segments instead of an entry file per document.
 */
export class SegmentWriter {
  private readonly dir: string
  readonly segment: string
  private offset = 0
  private fd: number | undefined

  constructor(cacheDir: string, name: string) {
    this.dir = join(cacheDir, 'segments')
    this.segment = name
  }

  /** Append a value; returns where it went. Throws when the file system refuses. */
  append(value: unknown): Location | undefined {
    let bytes: Buffer
    try {
      bytes = seal(value)
    } catch {
      return undefined // A value that cannot be serialized is simply not cached.
    }
    if (this.fd === undefined) {
      mkdirSync(this.dir, { recursive: true })
      this.fd = openSync(join(this.dir, this.segment), 'a')
      this.offset = fstatSync(this.fd).size
    }
    writeSync(this.fd, bytes)
    const location = { segment: this.segment, offset: this.offset, length: bytes.length }
    this.offset += bytes.length
    return location
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/** A segment name no other writer of this build (or another) uses. */
export const segmentName = (build: string, writer: string): string => `${build}-${writer}`

/** Write one document's result, as a worker thread does for what it read. Returns where it went, or why it failed. */
export function storeDocument(writer: SegmentWriter, key: string, result: DocumentResult): { location?: Location; problem?: string } {
  try {
    return { location: writer.append({ key, result }) }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

/** A writer per worker thread and build, for `storeDocument`. */
export const workerSegment = (cacheDir: string, build: string): SegmentWriter => new SegmentWriter(cacheDir, segmentName(build, `thread${threadId}`))

interface Index {
  /** The document key each source was read with in the last build. */
  documents: Record<string, string>
  /** Where each document key's result is. */
  entries: Record<string, Location>
  /** Each page's last rendering, by source path, and where what it made of the page is (`RenderedData`). */
  rendered: Record<string, Rendering>
  /** Where each rendering's HTML is, by digest. */
  html: Record<string, Location>
  /** The fields pages read of each other, and their digest over the site, when the renderings were made. */
  siteView: SiteView | null
}

/** A page's last rendering as the index keeps it. */
type Rendering = RenderedRecord & { at: Location }

/** A rendering record with where its data is; written out, not spread, so every record shares one hidden class. */
const renderingAt = ({ documentKey, fingerprint, htmlHash, reads, inputs }: RenderedRecord, at: Location): Rendering => ({ documentKey, fingerprint, htmlHash, reads, inputs, at })

const sameKeys = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/** Whether two indexes say the same: the same keys, the same rendering records (kept ones are the same objects), the same places. */
function sameIndex(a: Index, b: Index): boolean {
  const sameLocations = (x: Record<string, Location>, y: Record<string, Location>): boolean =>
    Object.keys(x).length === Object.keys(y).length &&
    Object.entries(x).every(([name, location]) => {
      const other = y[name]
      return other !== undefined && other.segment === location.segment && other.offset === location.offset && other.length === location.length
    })
  return (
    sameKeys(a.documents, b.documents) &&
    sameKeys(a.rendered, b.rendered) &&
    sameLocations(a.entries, b.entries) &&
    sameLocations(a.html, b.html) &&
    JSON.stringify(a.siteView) === JSON.stringify(b.siteView)
  )
}

/** The folder of the cache, in the site root. */
export const cacheDir = (root: string): string => join(root, '.sheaf', 'cache')

const isLocation = (value: unknown): value is Location => {
  const location = value as Partial<Location> | null | undefined
  return (
    typeof location === 'object' &&
    location !== null &&
    typeof location.segment === 'string' &&
    /^[0-9a-z]+-[0-9a-z]+$/.test(location.segment) &&
    Number.isSafeInteger(location.offset) &&
    location.offset! >= 0 &&
    Number.isSafeInteger(location.length) &&
    location.length! > 0 &&
    location.length! <= maxRecord
  )
}

/** No record is larger than this; a location saying otherwise is damaged. */
const maxRecord = 1 << 30

const emptyIndex = (): Index => ({ documents: {}, entries: {}, rendered: {}, html: {}, siteView: null })

/** Segments are rewritten when less than this share of their bytes is still in use. */
const compactBelow = 0.5

/**
 * The persistent cache: per-document results of the per-document stages (by
 * document key), and each page's last rendering: what it made of the page,
 * and its HTML (read only when the output folder lost the page). A rendering
 * is valid while its document and render keys match. The results and HTML
 * are records appended to segment files; `index` (one file, read once per
 * build) says where each is. Safe to delete. Every record is sealed with a
 * digest; one that does not check out is ignored and made again. Writing
 * never fails a build: after the first failure the cache stops writing and
 * says so once.
 */
export class BuildCache implements DocumentStore {
  readonly dir: string
  /** This build's name among segment files. */
  readonly build = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
  /** Worker threads write what they read into segments of their own. */
  get threadSegments(): { dir: string; build: string } {
    return { dir: this.dir, build: this.build }
  }
  private previous: Index = emptyIndex()
  private readonly used = new Map<string, string>()
  private readonly rendered = new Map<string, Rendering>()
  /** Segment files open for reading, by name. */
  private readonly readers = new Map<string, number>()
  private readonly entries = new Map<string, Location>()
  private readonly html = new Map<string, Location>()
  private siteView: SiteView | null = null
  private writer: SegmentWriter
  /** Why writing stopped, once it did. */
  writeProblem: string | undefined
  /** Records that were there but did not check out (torn, corrupt, another format). */
  rejected = 0
  /** Whether an index of this format was there when the build began. */
  private opened = false
  /** Whether a record the index points at was found missing or damaged (the index is then written anew). */
  private lost = false

  private constructor(dir: string) {
    this.dir = dir
    this.writer = new SegmentWriter(dir, segmentName(this.build, 'main'))
  }

  static async open(root: string, options: { clean?: boolean } = {}): Promise<BuildCache> {
    const cache = new BuildCache(cacheDir(root))
    if (options.clean) await rm(cache.dir, { recursive: true, force: true })
    let bytes: Buffer | undefined
    try {
      bytes = readFileSync(cache.indexPath)
    } catch {
      return cache // No index: start afresh.
    }
    if (bytes.subarray(0, 5).toString('latin1') === 'SHEAF' && !bytes.subarray(0, magic.length).equals(magic)) {
      // A cache of another Sheaf version: nothing in it can be used, so it goes at once.
      await rm(cache.dir, { recursive: true, force: true })
      return cache
    }
    const index = cache.unsealed(bytes) as Partial<Index> | undefined
    if (index && ['documents', 'entries', 'rendered', 'html', 'siteView'].every((key) => typeof index[key as keyof Index] === 'object')) {
      cache.previous = index as Index
      cache.opened = true
    }
    return cache
  }

  /** Where the record of what was published into an output folder is kept (see `Staging`). */
  outputRecordPath(out: string): string {
    return join(this.dir, 'outputs', `${hash(out).slice(0, 16)}.json`)
  }

  private get indexPath(): string {
    return join(this.dir, 'index')
  }

  private unsealed(bytes: Buffer): unknown {
    const value = unseal(bytes)
    if (value === undefined) this.rejected += 1
    return value
  }

  /** A record, from a location read out of the index or given by a thread: untrusted, so checked before it is used. */
  private readAt(location: Location | undefined): unknown {
    if (!isLocation(location)) return undefined
    let fd = this.readers.get(location.segment)
    try {
      if (fd === undefined) this.readers.set(location.segment, (fd = openSync(join(this.dir, 'segments', location.segment), 'r')))
      const bytes = Buffer.alloc(location.length)
      const read = readSync(fd, bytes, 0, location.length, location.offset)
      return this.unsealed(bytes.subarray(0, read))
    } catch {
      return undefined
    }
  }

  /** Close the segment files open for reading (before they may be removed). */
  private closeReaders(): void {
    for (const fd of this.readers.values()) closeSync(fd)
    this.readers.clear()
  }

  private append(value: unknown): Location | undefined {
    if (this.writeProblem !== undefined) return undefined
    try {
      return this.writer.append(value)
    } catch (error) {
      this.writeProblem = (error as Error).message
      return undefined
    }
  }

  getDocument(key: string): DocumentResult | undefined {
    const entry = this.readAt(this.entries.get(key) ?? this.previous.entries[key]) as { key?: string; result?: DocumentResult } | undefined
    return entry?.key === key ? entry.result : undefined
  }

  /** Keep a document's result; false when it was not kept (a value that cannot be written, or writing stopped). */
  setDocument(key: string, result: DocumentResult): boolean {
    const location = this.append({ key, result })
    if (location) this.entries.set(key, location)
    return location !== undefined
  }

  /** A worker thread wrote entries into a segment of its own: where they went, or why it could not. */
  storedElsewhere(problem: string | undefined, locations: Array<[string, unknown]>): void {
    this.writeProblem ??= problem
    for (const [key, location] of locations) if (isLocation(location)) this.entries.set(key, location)
  }

  /** The last build's rendering of a source (without what it made of the page, nor the HTML). */
  getRendered(rel: string): RenderedRecord | undefined {
    const record = this.previous.rendered[rel]
    if (typeof record !== 'object' || record === null) return undefined
    return typeof record.documentKey === 'string' && typeof record.fingerprint === 'string' && typeof record.htmlHash === 'string' ? record : undefined
  }

  /** What a page's last rendering made of its file; undefined when the record is gone or damaged. */
  getRenderedData(rel: string): RenderedData | undefined {
    const record = this.previous.rendered[rel]
    const entry = this.readAt(record?.at) as { rendered?: string; documentKey?: string; changes?: unknown; messages?: unknown; logs?: unknown } | undefined
    if (entry?.rendered === rel && entry.documentKey === record!.documentKey && isDataChanges(entry.changes) && Array.isArray(entry.messages) && Array.isArray(entry.logs)) {
      return entry as RenderedData
    }
    this.lost = true
    return undefined
  }

  /** The HTML of a rendering, by its digest; undefined when the record is gone or damaged. */
  getHtml(digest: string): string | undefined {
    const entry = this.readAt(this.html.get(digest) ?? this.previous.html[digest]) as { digest?: string; html?: string } | undefined
    if (entry?.digest === digest && typeof entry.html === 'string') return entry.html
    this.html.delete(digest)
    delete this.previous.html[digest]
    this.lost = true
    return undefined
  }

  /**
   * Record a page's new rendering: what it made of the page is written now
   * (so later changes to the file's data do not reach it); a value that
   * cannot be written leaves the page without a cached rendering.
   */
  setRendered(rel: string, record: RenderedRecord, rendered: RenderedData, html: string): void {
    const at = this.append({ rendered: rel, documentKey: record.documentKey, changes: rendered.changes, messages: rendered.messages, logs: rendered.logs })
    if (at === undefined) return
    this.rendered.set(rel, renderingAt(record, at))
    if (this.html.has(record.htmlHash) || this.previous.html[record.htmlHash]) return
    const location = this.append({ digest: record.htmlHash, html })
    if (location) this.html.set(record.htmlHash, location)
  }

  /** The site view the last build's renderings were made against; undefined when not known. */
  getSiteView(): SiteView | undefined {
    const view = this.previous.siteView
    return view !== null && typeof view === 'object' && typeof view.fields === 'object' && view.fields !== null && typeof view.digests === 'object' && view.digests !== null ? view : undefined
  }

  /** The site view this build's renderings were made against. */
  setSiteView(view: SiteView): void {
    this.siteView = view
  }

  /** Keep a page's last rendering, which this build used again. */
  keepRendered(rel: string): void {
    const record = this.previous.rendered[rel]
    if (record) this.rendered.set(rel, record)
  }

  /** Note the key a source was read with, for `finish()`. */
  use(rel: string, key: string): void {
    this.used.set(rel, key)
  }

  /**
   * Record this build's keys and renderings, and drop what it made stale:
   * segments no record in use is in, and segments mostly out of use, whose
   * records in use are copied into this build's segment first. Sources this
   * build did not reach (it stopped at an error) keep their entries.
   */
  async finish(options: { complete: boolean }): Promise<void> {
    if (this.writeProblem !== undefined) {
      this.closeReaders()
      return this.writer.close()
    }
    const { previous } = this
    const next: Index = emptyIndex()
    Object.assign(next.documents, options.complete ? {} : previous.documents, Object.fromEntries(this.used))
    for (const [rel, record] of [...(options.complete ? [] : Object.entries(previous.rendered)), ...this.rendered]) {
      if (next.documents[rel] === record.documentKey && isLocation(record.at)) next.rendered[rel] = record
    }
    for (const key of new Set(Object.values(next.documents))) {
      const location = this.entries.get(key) ?? previous.entries[key]
      if (location) next.entries[key] = location
    }
    next.siteView = this.siteView ?? (options.complete ? null : previous.siteView)
    for (const { htmlHash } of Object.values(next.rendered)) {
      const location = this.html.get(htmlHash) ?? previous.html[htmlHash]
      if (location) next.html[htmlHash] = location
    }
    this.compact(next)
    this.writer.close()
    this.closeReaders()
    if (this.writeProblem !== undefined) return
    // A build that changed nothing (every page from the cache) leaves the index as it was.
    if (this.opened && !this.lost && sameIndex(previous, next)) return this.removeUnused(next)
    // Backup and archiving tools skip a folder with this tag.
    if (!this.opened) this.writeAtomically(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# The cache of Sheaf builds; safe to delete.\n')
    this.writeAtomically(this.indexPath, seal(next))
    this.previous = next
    this.removeUnused(next)
  }

  /** Copy the records in use out of segments that are mostly out of use, into this build's segment. */
  private compact(next: Index): void {
    // Every place the index points at a record: the documents' entries, the HTML, and what renderings made of pages.
    const places: Array<{ location: Location; move(to: Location | undefined): void }> = []
    for (const table of [next.entries, next.html]) {
      for (const [name, location] of Object.entries(table)) if (isLocation(location)) places.push({ location, move: (to) => (to ? (table[name] = to) : delete table[name]) })
    }
    for (const [rel, record] of Object.entries(next.rendered)) {
      places.push({ location: record.at, move: (to) => (to ? (next.rendered[rel] = renderingAt(record, to)) : delete next.rendered[rel]) })
    }
    const live = new Map<string, number>()
    for (const { location } of places) live.set(location.segment, (live.get(location.segment) ?? 0) + location.length)
    const sparse = new Set<string>()
    for (const [segment, bytes] of live) {
      if (segment === this.writer.segment) continue
      try {
        if (bytes < statSync(join(this.dir, 'segments', segment)).size * compactBelow) sparse.add(segment)
      } catch {
        continue
      }
    }
    for (const place of places) {
      if (!sparse.has(place.location.segment)) continue
      const value = this.readAt(place.location)
      place.move(value === undefined ? undefined : this.append(value))
    }
  }

  /** Delete the segment files no record of the index is in (older builds', a killed build's). */
  private removeUnused(index: Index): void {
    const locations = [...Object.values(index.entries), ...Object.values(index.html), ...Object.values(index.rendered).map((record) => record.at)]
    const inUse = new Set(locations.filter(isLocation).map((location) => location.segment))
    let names: string[]
    try {
      names = readdirSync(join(this.dir, 'segments'))
    } catch {
      return
    }
    for (const name of names) if (!inUse.has(name)) rmSync(join(this.dir, 'segments', name), { force: true })
  }

  /** Write through a temporary file and a rename; the first failure stops all writing. */
  private writeAtomically(path: string, bytes: string | Uint8Array): void {
    if (this.writeProblem !== undefined) return
    try {
      mkdirSync(this.dir, { recursive: true })
      writeAtomically(path, bytes)
    } catch (error) {
      this.writeProblem = (error as Error).message
    }
  }
}
