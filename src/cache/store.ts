import { hash as hashOnce, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile, rm, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { folderMaker } from '../output/folders.js'
import { cacheFormat, hash } from './keys.js'
import type { DocumentResult, RenderedEntry } from './entries.js'

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

interface Manifest {
  format: number
  /** The document key each source was read with in the last build. */
  documents: Record<string, string>
}

/** The folder of the cache, in the site root. */
export const cacheDir = (root: string): string => join(root, '.sheaf', 'cache')

/**
 * The persistent cache: per-document results of the per-document stages
 * (`documents/`, by document key) and each page's last rendering
 * (`rendered/`, by source path, valid while its document and render keys
 * match). Safe to delete. Every entry is sealed with a digest; one that does
 * not check out is ignored and written again. Writing never fails a build:
 * after the first failure the cache stops writing and says so once.
 */
export class BuildCache {
  readonly dir: string
  private manifest: Manifest = { format: cacheFormat, documents: {} }
  private readonly used = new Map<string, string>()
  /** Why writing stopped, once it did. */
  writeProblem: string | undefined
  /** Entries that were there but did not check out (torn, corrupt, another format). */
  rejected = 0
  /** Whether a manifest of this format was there when the build began. */
  private opened = false

  private constructor(dir: string) {
    this.dir = dir
  }

  static async open(root: string, options: { clean?: boolean } = {}): Promise<BuildCache> {
    const cache = new BuildCache(cacheDir(root))
    if (options.clean) await rm(cache.dir, { recursive: true, force: true })
    try {
      const manifest = JSON.parse(await readFile(join(cache.dir, 'manifest.json'), 'utf8')) as Manifest
      if (manifest.format === cacheFormat && typeof manifest.documents === 'object' && manifest.documents !== null) {
        cache.manifest = manifest
        cache.opened = true
      }
    } catch {
      // No manifest, or one that does not parse: start afresh.
    }
    return cache
  }

  private documentPath = (key: string): string => join(this.dir, 'documents', key.slice(0, 2), key)
  private renderedPath = (rel: string): string => {
    const name = hash(rel)
    return join(this.dir, 'rendered', name.slice(0, 2), name)
  }

  private read(path: string): unknown {
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      return undefined
    }
    const value = unseal(bytes)
    if (value === undefined) this.rejected += 1
    return value
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

  getRendered(rel: string): RenderedEntry | undefined {
    const entry = this.read(this.renderedPath(rel)) as RenderedEntry | undefined
    return entry?.rel === rel ? entry : undefined
  }

  setRendered(entry: RenderedEntry): void {
    this.write(this.renderedPath(entry.rel), entry)
  }

  /** Note the key a source was read with, for `finish()`. */
  use(rel: string, key: string): void {
    this.used.set(rel, key)
  }

  /**
   * Record this build's keys and drop what it made stale: document entries of
   * earlier versions and renderings of sources that are gone. Sources this
   * build did not reach (it stopped at an error) keep their entries.
   */
  async finish(options: { complete: boolean }): Promise<void> {
    if (this.writeProblem !== undefined) return
    const previous = this.manifest.documents
    const documents: Record<string, string> = options.complete ? {} : { ...previous }
    for (const [rel, key] of this.used) documents[rel] = key
    const live = new Set(Object.values(documents))
    const stale: string[] = []
    for (const [rel, key] of Object.entries(previous)) {
      if (!live.has(key)) stale.push(this.documentPath(key))
      if (documents[rel] === undefined) stale.push(this.renderedPath(rel))
    }
    await Promise.all(stale.map((path) => unlink(path).catch(() => undefined)))
    // Backup and archiving tools skip a folder with this tag.
    if (!this.opened) this.writeFile(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# The cache of Sheaf builds; safe to delete.\n')
    this.manifest = { format: cacheFormat, documents }
    this.writeFile(join(this.dir, 'manifest.json'), JSON.stringify(this.manifest))
  }
}
