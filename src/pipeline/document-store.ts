import type { DataChanges } from './data-changes.js'
import { decodeValue, encodeValue, type PlainMessage } from './codec.js'
import type { DocumentResult } from './document-result.js'
import type { InputRecord } from './dependencies.js'
import type { SiteReads, SiteView } from '../site/site-reads.js'
import { SourceMemo } from './source-memo.js'

/**
 * A page's last rendering: valid while its document key and the build's
 * fingerprint are the same, every lookup into the site index answers the
 * same, every file and variable read while rendering reads the same, and the
 * fields pages read of each other (the store's site view) are unchanged.
 */
export interface RenderedRecord {
  documentKey: string
  /** The render fingerprint of the build that rendered it. */
  fingerprint: string
  /** The digest of the HTML (`contentHash`). */
  htmlHash: string
  /** What the rendering looked up in the site index. */
  reads: SiteReads
  /** Files and environment variables its hooks read. */
  inputs: InputRecord
}

/** What rendering changed of `file.data`, the messages after it, and what hooks logged while it rendered. */
export interface RenderedData {
  changes: DataChanges
  messages: PlainMessage[]
  logs: PlainMessage[]
}

/**
 * Where a site build keeps what it made of documents between builds: the
 * persistent cache (`BuildCache`, for `sheaf build`) or memory
 * (`MemoryStore`, for `sheaf serve`). Documents are kept by their document
 * key (whichever build kept them: a key names one result), renderings and
 * the site view by source, as the last build left them: every build decides
 * against the last one. `finish` keeps what this build used and drops the rest.
 */
export interface DocumentStore {
  /** Sources read by earlier builds of this process, known again by their files' identity (`serve`); undefined reads every source. */
  readonly sources?: SourceMemo
  /** Where worker threads write what they read themselves, off the main thread; undefined when they send it back. */
  readonly threadSegments: { dir: string; build: string } | undefined
  getDocument(key: string): DocumentResult | undefined
  /** Keep a document's result; false when it cannot be kept (a value that cannot be copied). */
  setDocument(key: string, result: DocumentResult): boolean
  /** Worker threads kept documents themselves (`threadSegments`): where, or why they could not. */
  storedElsewhere(problem: string | undefined, locations: Array<[string, unknown]>): void
  /** Note the key a source was read with. */
  use(rel: string, key: string): void
  getRendered(rel: string): RenderedRecord | undefined
  getRenderedData(rel: string): RenderedData | undefined
  getHtml(digest: string): string | undefined
  /** Keep a page's last rendering, which this build used again. */
  keepRendered(rel: string): void
  setRendered(rel: string, record: RenderedRecord, rendered: RenderedData, html: string): void
  getSiteView(): SiteView | undefined
  setSiteView(view: SiteView): void
  /** Keep what this build used; `complete`: the build reached every source (else the others keep theirs). */
  finish(options: { complete: boolean }): Promise<void>
}

/** How many documents read ahead (`MemoryStore.readAhead`) are kept while no build uses them. */
const aheadLimit = 64

/**
 * The store of `sheaf serve`: what the last rebuild made, in memory. Results
 * are kept encoded, as the cache keeps them, so a rebuild gets its own copy
 * of every value and nothing one rebuild's hooks change reaches the next.
 */
export class MemoryStore implements DocumentStore {
  readonly threadSegments = undefined
  readonly sources = new SourceMemo()
  private documents = new Map<string, Kept>()
  private readonly fresh = new Map<string, Kept>()
  /** Documents read while the watcher waited for changes to settle: kept until a build uses them. */
  private readonly ahead = new Map<string, Kept>()
  /** The key each source was last read with, and this build's. */
  private keys = new Map<string, string>()
  private readonly used = new Map<string, string>()
  private rendered = new Map<string, KeptRendering>()
  private readonly nextRendered = new Map<string, KeptRendering>()
  private html = new Map<string, string>()
  private view: SiteView | undefined
  private nextView: SiteView | undefined

  /** The body is bytes already, kept as it is; the rest is encoded (as JSON, mostly: the fast way back). */
  private static kept(result: DocumentResult): Kept | undefined {
    try {
      return { bytes: encodeValue({ ...result, body: undefined }), body: result.body, files: Object.keys(result.inputs.files) }
    } catch {
      return undefined
    }
  }

  getDocument(key: string): DocumentResult | undefined {
    const kept = this.fresh.get(key) ?? this.ahead.get(key) ?? this.documents.get(key)
    if (kept === undefined) return undefined
    const result = decodeValue(kept.bytes) as DocumentResult
    result.body = kept.body
    return result
  }

  setDocument(key: string, result: DocumentResult): boolean {
    const kept = MemoryStore.kept(result)
    if (kept) this.fresh.set(key, kept)
    return kept !== undefined
  }

  /** A document read ahead of the next build, which takes it if its key is the one it reads with. */
  readAhead(key: string, result: DocumentResult): void {
    const kept = MemoryStore.kept(result)
    if (kept === undefined) return
    this.ahead.delete(key)
    this.ahead.set(key, kept)
    for (const old of this.ahead.keys()) {
      if (this.ahead.size <= aheadLimit) break
      this.ahead.delete(old)
    }
  }

  storedElsewhere(): void {}

  use(rel: string, key: string): void {
    this.used.set(rel, key)
  }

  getRendered(rel: string): RenderedRecord | undefined {
    return this.rendered.get(rel)?.record
  }

  getRenderedData(rel: string): RenderedData | undefined {
    const entry = this.rendered.get(rel)
    return entry && (decodeValue(entry.data) as RenderedData)
  }

  getHtml(digest: string): string | undefined {
    return this.html.get(digest)
  }

  keepRendered(rel: string): void {
    const entry = this.rendered.get(rel)
    if (entry) this.nextRendered.set(rel, entry)
  }

  setRendered(rel: string, record: RenderedRecord, rendered: RenderedData, html: string): void {
    try {
      this.nextRendered.set(rel, { record, data: encodeValue(rendered), html })
    } catch {
      // What rendering made cannot be copied: the page is rendered again next time.
    }
  }

  getSiteView(): SiteView | undefined {
    return this.view
  }

  setSiteView(view: SiteView): void {
    this.nextView = view
  }

  async finish(options: { complete: boolean }): Promise<void> {
    const keys = new Map(options.complete ? [] : this.keys)
    for (const [rel, key] of this.used) keys.set(rel, key)
    const documents = new Map<string, Kept>()
    for (const key of keys.values()) {
      const kept = this.fresh.get(key) ?? this.ahead.get(key) ?? this.documents.get(key)
      if (kept) documents.set(key, kept)
      this.ahead.delete(key)
    }
    const rendered = new Map(options.complete ? [] : this.rendered)
    for (const [rel, entry] of this.nextRendered) rendered.set(rel, entry)
    for (const [rel, entry] of rendered) if (keys.get(rel) !== entry.record.documentKey) rendered.delete(rel)
    this.keys = keys
    this.documents = documents
    this.rendered = rendered
    this.html = new Map([...rendered.values()].map((entry) => [entry.record.htmlHash, entry.html]))
    this.view = this.nextView ?? (options.complete ? undefined : this.view)
    this.fresh.clear()
    this.used.clear()
    this.nextRendered.clear()
    this.nextView = undefined
  }

  /** The files that what the store keeps was made with: a change to one of them is a reason to build again. */
  inputFiles(): Set<string> {
    const files = new Set<string>()
    for (const { files: read } of this.documents.values()) for (const path of read) files.add(path)
    for (const { record } of this.rendered.values()) for (const path of Object.keys(record.inputs.files)) files.add(path)
    return files
  }
}

interface Kept {
  bytes: Uint8Array
  body: Uint8Array | undefined
  /** The files its hooks read. */
  files: string[]
}

interface KeptRendering {
  record: RenderedRecord
  data: Uint8Array
  html: string
}
