import { hash as hashOnce, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { rm, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { folderMaker } from '../output/folders.js'
import { cacheFormat, hash } from './keys.js'
import type { DocumentResult, RenderedRecord } from './entries.js'

const magic = Buffer.from(`SHEAF${String(cacheFormat).padStart(3, '0')}`)
const digestLength = 20
const sealDigest = (payload: Uint8Array): Buffer => Buffer.from(hashOnce('sha1', payload, 'buffer'))

/** Bytes with a header: the format's magic and a digest of the payload, so a torn or foreign file is never trusted. */
function seal(value: unknown): Buffer {
  const payload = serialize(value)
  const digest = sealDigest(payload)
  return Buffer.concat([magic, digest, payload])
}

function unseal(bytes: Buffer): unknown {
  if (bytes.length < magic.length + digestLength || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(magic.length + digestLength)
  const digest = sealDigest(payload)
  if (!digest.equals(bytes.subarray(magic.length, magic.length + digestLength))) return undefined
  try {
    return deserialize(payload)
  } catch {
    return undefined
  }
}

interface Index {
  /** The document key each source was read with in the last build. */
  documents: Record<string, string>
  /** Each page's last rendering, by source path. */
  rendered: Record<string, RenderedRecord>
}

/** The folder of the cache, in the site root. */
export const cacheDir = (root: string): string => join(root, '.sheaf', 'cache')

const emptyIndex = (): Index => ({ documents: {}, rendered: {} })

/**
 * The persistent cache: per-document results of the per-document stages
 * (`documents/`, by document key), and each page's last rendering: what it
 * made of the page in `index` (one file, read once per build) and its HTML in
 * `rendered/` (by digest, read only when the output folder lost the page).
 * A rendering is valid while its document and render keys match. Safe to
 * delete. Every entry is sealed with a digest; one that does not check out is
 * ignored and written again. Writing never fails a build: after the first
 * failure the cache stops writing and says so once.
 */
export class BuildCache {
  readonly dir: string
  private previous: Index = emptyIndex()
  private readonly used = new Map<string, string>()
  private readonly rendered = new Map<string, RenderedRecord>()
  /** HTML digests whose entry is known to be on disk. */
  private readonly stored = new Set<string>()
  /** Why writing stopped, once it did. */
  writeProblem: string | undefined
  /** Entries that were there but did not check out (torn, corrupt, another format). */
  rejected = 0
  /** Whether an index of this format was there when the build began. */
  private opened = false

  private constructor(dir: string) {
    this.dir = dir
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
    if (index && typeof index.documents === 'object' && typeof index.rendered === 'object') {
      cache.previous = index as Index
      cache.opened = true
      for (const record of Object.values(cache.previous.rendered)) cache.stored.add(record.htmlHash)
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
  private documentPath = (key: string): string => join(this.dir, 'documents', key.slice(0, 2), key)
  private htmlPath = (digest: string): string => join(this.dir, 'rendered', digest.slice(0, 2), digest)

  private unsealed(bytes: Buffer): unknown {
    const value = unseal(bytes)
    if (value === undefined) this.rejected += 1
    return value
  }

  private read(path: string): unknown {
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      return undefined
    }
    return this.unsealed(bytes)
  }

  private readonly makeFolder = folderMaker()

  /** Write through a temporary file and a rename, so a reader never sees half a file; the first failure stops all writing. */
  private writeFile(path: string, bytes: string | Uint8Array): void {
    if (this.writeProblem !== undefined) return
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      this.makeFolder(dirname(path))
      writeFileSync(temp, bytes)
      renameSync(temp, path)
    } catch (error) {
      this.writeProblem = (error as Error).message
      rmSync(temp, { force: true })
    }
  }

  private write(path: string, value: unknown): void {
    if (this.writeProblem !== undefined) return
    let bytes: Buffer
    try {
      bytes = seal(value)
    } catch {
      return // A value that cannot be serialized is simply not cached.
    }
    this.writeFile(path, bytes)
  }

  getDocument(key: string): DocumentResult | undefined {
    const entry = this.read(this.documentPath(key)) as { key?: string; result?: DocumentResult } | undefined
    return entry?.key === key ? entry.result : undefined
  }

  setDocument(key: string, result: DocumentResult): void {
    this.write(this.documentPath(key), { key, result })
  }

  /** What the last build's rendering of a source made of it (without the HTML). */
  getRendered(rel: string): RenderedRecord | undefined {
    return this.previous.rendered[rel]
  }

  /** The HTML of a rendering, by its digest; undefined when the entry is gone or damaged. */
  getHtml(digest: string): string | undefined {
    const entry = this.read(this.htmlPath(digest)) as { digest?: string; html?: string } | undefined
    if (entry?.digest === digest && typeof entry.html === 'string') return entry.html
    this.stored.delete(digest)
    return undefined
  }

  /** Record a page's new rendering. */
  setRendered(rel: string, record: RenderedRecord, html: string): void {
    this.rendered.set(rel, record)
    if (this.stored.has(record.htmlHash)) return
    this.write(this.htmlPath(record.htmlHash), { digest: record.htmlHash, html })
    this.stored.add(record.htmlHash)
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
   * document entries of earlier versions and renderings no page uses. Sources
   * this build did not reach (it stopped at an error) keep their entries.
   */
  async finish(options: { complete: boolean }): Promise<void> {
    if (this.writeProblem !== undefined) return
    const { previous } = this
    const next: Index = options.complete ? emptyIndex() : { documents: { ...previous.documents }, rendered: { ...previous.rendered } }
    for (const [rel, key] of this.used) next.documents[rel] = key
    for (const [rel, record] of this.rendered) next.rendered[rel] = record
    for (const rel of Object.keys(next.rendered)) if (next.documents[rel] === undefined) delete next.rendered[rel]
    const liveDocuments = new Set(Object.values(next.documents))
    const liveHtml = new Set(Object.values(next.rendered).map((record) => record.htmlHash))
    const stale = new Set<string>()
    for (const key of Object.values(previous.documents)) if (!liveDocuments.has(key)) stale.add(this.documentPath(key))
    for (const record of Object.values(previous.rendered)) if (!liveHtml.has(record.htmlHash)) stale.add(this.htmlPath(record.htmlHash))
    await Promise.all([...stale].map((path) => unlink(path).catch(() => undefined)))
    // Backup and archiving tools skip a folder with this tag.
    if (!this.opened) this.writeFile(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# The cache of Sheaf builds; safe to delete.\n')
    this.write(this.indexPath, next)
    this.previous = next
  }
}
