import { deserialize, serialize } from 'node:v8'
import { asJson, asV8, decodePayload, isJson } from '../pipeline/codec.js'
import { VFile, type Data } from 'vfile'
import type { ResolvedConfig } from '../config/schema.js'
import type { SiteHeading, SitePage } from '../extensions/types.js'
import { createSiteIndex, type SiteIndex } from './site-index.js'

/**
 * What a thread needs of every page at once (its lookup keys), and where the
 * rest is: its front matter, its outline, and the table of its `file.data`
 * fields, each at an offset into the snapshot's bytes.
 */
type PageKey = [source: string | undefined, url: string, title: string, id: unknown, matter: number, outline: number, fields: number, fieldCount: number]

/** A page's outline and where its file is. */
interface Outline {
  outPath: string
  headings: readonly SiteHeading[]
  anchors: string[] | undefined
  path: string | undefined
}

interface SitePicture {
  pages: PageKey[]
  /** The names of `file.data` fields, which field tables refer to by position. */
  names: string[]
  /** The link targets but `isDocumentPath`, which a thread has of its own. */
  targets: { files: string[]; drafts: string[] } | undefined
}

/** The first bytes hold where the picture is and its length; the pages' bytes follow, each at a 4-byte boundary, then the picture. */
const headerBytes = 8
/** A field table holds, per field, the position of its name and its offset. */
const fieldWords = 2

/** `n` rounded up to a 4-byte boundary. */
const aligned = (n: number): number => n + ((4 - (n % 4)) % 4)

/** A growable SharedArrayBuffer (ES2024, in Node since 20): TypeScript's library for Node 20's ES level does not describe it. */
interface GrowableShared extends SharedArrayBuffer {
  readonly maxByteLength: number
  grow(length: number): void
}
const Growable = SharedArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => GrowableShared

/** The most a snapshot may grow to: offsets are 32-bit. Only address space is reserved, never memory. */
const reservations = [2 ** 32 - 1, 2 ** 30, 2 ** 28]

/**
 * Shared memory written from the front, growing as it fills: what a site
 * holds goes straight into the memory threads read, with no copy of it in
 * the main thread's heap on the way (a 40,000-page site made hundreds of
 * thousands of small buffers that way).
 */
class SharedWriter {
  readonly shared: GrowableShared
  private bytes: Buffer
  size = headerBytes

  constructor() {
    let shared: GrowableShared | undefined
    for (const maxByteLength of reservations) {
      try {
        shared = new Growable(1 << 20, { maxByteLength })
        break
      } catch {
        continue // Less address space to reserve (a `ulimit -v`, say): ask for less.
      }
    }
    if (shared === undefined) throw new RangeError('no shared memory could be reserved for the site index')
    this.shared = shared
    this.bytes = Buffer.from(shared)
  }

  /** Room for `length` bytes from `at`, growing by half again at least, so growing costs little. */
  private reserve(at: number, length: number): void {
    const needed = at + length
    if (needed > this.shared.byteLength) {
      this.shared.grow(Math.min(this.shared.maxByteLength, Math.max(needed, Math.ceil(this.shared.byteLength * 1.5))))
      this.bytes = Buffer.from(this.shared)
    }
    this.size = needed
  }

  /** Append 32-bit words at a 4-byte boundary; returns where they went. */
  words(words: readonly number[]): number {
    const at = aligned(this.size)
    this.reserve(at, words.length * 4)
    new Uint32Array(this.shared, at, words.length).set(words)
    return at
  }

  /**
   * Append a value, as JSON where JSON gives it back (else V8's serialization),
   * after its length and a tag byte, at a 4-byte boundary; returns where it went.
   * The JSON text is written straight into shared memory: no buffer per value
   * (V8's serializer holds a kilobyte or more of native memory per call until
   * a collection, which at 400,000 values grew the process by 120 MB).
   */
  value(value: unknown): number {
    const at = aligned(this.size)
    const text = isJson(value) ? JSON.stringify(value) : undefined
    const serialized = text === undefined ? serialize(value) : undefined
    const length = 1 + (text === undefined ? serialized!.byteLength : Buffer.byteLength(text))
    this.reserve(at, 4 + length)
    this.bytes.writeUInt32BE(length, at)
    this.bytes[at + 4] = text === undefined ? asV8 : asJson
    if (text === undefined) this.bytes.set(serialized!, at + 5)
    else this.bytes.write(text, at + 5)
    return at
  }

  /** Append bytes at a 4-byte boundary; returns where they went. */
  add(bytes: Uint8Array): number {
    const at = aligned(this.size)
    this.reserve(at, bytes.byteLength)
    this.bytes.set(bytes, at)
    return at
  }
}

/**
 * The site index and the link targets as bytes in shared memory, for the
 * worker threads that render pages: made once per build, read by every
 * thread without a copy. A thread decodes a page's front matter, outline and
 * each field of its `file.data` only when something reads it: what a thread
 * holds grows with what its pages read of other pages, not with the site.
 * Undefined when some page's data cannot cross threads (a function in it,
 * say): those builds render on the main thread.
 */
export function snapshotSite(site: SiteIndex): SharedArrayBuffer | undefined {
  const targets = site.targets
  const names = new Map<string, number>()
  const pages: PageKey[] = []
  try {
    const writer = new SharedWriter()
    for (const page of site.pages) {
      const table: number[] = []
      for (const [name, value] of Object.entries(page.file.data)) {
        if (value === undefined) continue
        let position = names.get(name)
        if (position === undefined) names.set(name, (position = names.size))
        table.push(position, writer.value(value))
      }
      const outline: Outline = { outPath: page.outPath, headings: page.headings, anchors: page.anchors && [...page.anchors], path: page.file.path }
      const matter = writer.value(page.data)
      const at = writer.value(outline)
      const fields = writer.words(table)
      pages.push([page.source, page.url, page.title, page.data.id, matter, at, fields, table.length / fieldWords])
    }
    const picture = serialize({ pages, names: [...names.keys()], targets: targets && { files: [...targets.files], drafts: [...(targets.drafts ?? [])] } } satisfies SitePicture)
    const pictureAt = writer.add(picture)
    const header = new DataView(writer.shared)
    header.setUint32(0, pictureAt)
    header.setUint32(4, picture.byteLength)
    return writer.shared
  } catch {
    return undefined
  }
}

/** A thread's site index from a snapshot; `dataOf` decodes a page's whole `file.data` afresh (for the page a thread renders). */
export interface SnapshotSite {
  site: SiteIndex
  dataOf(source: string): Data | undefined
  /** The path of a page's file, without decoding the rest of its entry. */
  pathOf(source: string): string | undefined
}

/** How a thread reads the snapshot's bytes. */
class SnapshotBytes {
  readonly bytes: Uint8Array
  private readonly view: DataView
  constructor(
    readonly shared: SharedArrayBuffer,
    readonly names: string[],
  ) {
    this.bytes = new Uint8Array(shared)
    this.view = new DataView(shared)
  }
  /** The value `SharedWriter.value` put at `at`. */
  value(at: number): unknown {
    const length = this.view.getUint32(at)
    return decodePayload(this.bytes[at + 4], this.bytes.subarray(at + 5, at + 4 + length))
  }
  /** A page's field table, in place: no copy. */
  table(at: number, count: number): Uint32Array {
    return new Uint32Array(this.shared, at, count * fieldWords)
  }
}

const tableKey = Symbol('table')
/** A page's `file.data` in a thread: the fields decoded so far, and its field table with those taken marked. */
type LazyTarget = Record<string | symbol, unknown> & { [tableKey]: { table: Uint32Array; taken: Set<number> | undefined } }

/**
 * `file.data` of a page in a thread: a plain object whose fields are decoded
 * from the snapshot when first read (then kept as its own properties). One
 * handler serves every page; writing or deleting a field works as on any object.
 */
function lazyHandler(snapshot: SnapshotBytes): ProxyHandler<LazyTarget> {
  const nameAt = (table: Uint32Array, index: number): string => snapshot.names[table[index * fieldWords]!]!
  /** Where a field not decoded yet is in the page's table; -1 when there is none of that name. */
  const pendingAt = (target: LazyTarget, key: string): number => {
    const { table, taken } = target[tableKey]
    for (let index = 0; index < table.length / fieldWords; index++) if (!taken?.has(index) && nameAt(table, index) === key) return index
    return -1
  }
  const pendingNames = (target: LazyTarget): string[] => {
    const { table, taken } = target[tableKey]
    const names: string[] = []
    for (let index = 0; index < table.length / fieldWords; index++) if (!taken?.has(index)) names.push(nameAt(table, index))
    return names
  }
  const materialise = (target: LazyTarget, key: string | symbol): void => {
    if (typeof key !== 'string' || Object.hasOwn(target, key)) return
    const index = pendingAt(target, key)
    if (index < 0) return
    const state = target[tableKey]
    ;(state.taken ??= new Set()).add(index)
    target[key] = snapshot.value(state.table[index * fieldWords + 1]!)
  }
  return {
    get(target, key, receiver) {
      materialise(target, key)
      return Reflect.get(target, key, receiver)
    },
    getOwnPropertyDescriptor(target, key) {
      materialise(target, key)
      return key === tableKey ? undefined : Reflect.getOwnPropertyDescriptor(target, key)
    },
    has(target, key) {
      return Reflect.has(target, key) || (typeof key === 'string' && pendingAt(target, key) >= 0)
    },
    ownKeys(target) {
      return [...Reflect.ownKeys(target).filter((key) => key !== tableKey), ...pendingNames(target)]
    },
    set(target, key, value) {
      materialise(target, key)
      return Reflect.set(target, key, value)
    },
    deleteProperty(target, key) {
      materialise(target, key)
      return Reflect.deleteProperty(target, key)
    },
  }
}

const matterKey = Symbol('matter')
const outlineKey = Symbol('outline')
const fileKey = Symbol('file')
const fieldsKey = Symbol('fields')
const fieldCountKey = Symbol('fieldCount')
const sourceKey = Symbol('source')

/** What the pages of one thread's site index share: the bytes, and how to make a page's file. */
interface PageSource {
  bytes: SnapshotBytes
  fileFor(path: string | undefined, fields: number, count: number): VFile
}

/**
 * A page of a thread's site index: its lookup keys at hand, the rest decoded
 * on first read. Its other fields are getters of its class (its internals
 * are symbol-keyed), so `Object.keys` and spreading give only `source`, `url`
 * and `title`; read the others by name.
 */
class SnapshotPage {
  private [matterKey]: Record<string, unknown> | number
  private [outlineKey]: (Omit<Outline, 'anchors'> & { anchors: Set<string> | undefined }) | number
  private [fileKey]: VFile | undefined
  /** Where its field table is, and how many fields it holds. */
  readonly [fieldsKey]: number
  readonly [fieldCountKey]: number
  private readonly [sourceKey]: PageSource
  constructor(
    readonly source: string | undefined,
    readonly url: string,
    readonly title: string,
    matter: number,
    outline: number,
    fields: number,
    fieldCount: number,
    from: PageSource,
  ) {
    this[matterKey] = matter
    this[outlineKey] = outline
    this[fieldsKey] = fields
    this[fieldCountKey] = fieldCount
    this[sourceKey] = from
  }
  private outline(): Omit<Outline, 'anchors'> & { anchors: Set<string> | undefined } {
    const at = this[outlineKey]
    if (typeof at !== 'number') return at
    const outline = this[sourceKey].bytes.value(at) as Outline
    return (this[outlineKey] = { ...outline, anchors: outline.anchors && new Set(outline.anchors) })
  }
  /** The path of its file, decoded afresh when its outline was not read yet (and then not kept). */
  filePath(): string | undefined {
    const at = this[outlineKey]
    return typeof at === 'number' ? (this[sourceKey].bytes.value(at) as Outline).path : at.path
  }
  get data(): Record<string, unknown> {
    const at = this[matterKey]
    return typeof at === 'number' ? (this[matterKey] = this[sourceKey].bytes.value(at) as Record<string, unknown>) : at
  }
  get outPath(): string {
    return this.outline().outPath
  }
  get headings(): readonly SiteHeading[] {
    return this.outline().headings
  }
  get anchors(): Set<string> | undefined {
    return this.outline().anchors
  }
  get file(): VFile {
    return (this[fileKey] ??= this[sourceKey].fileFor(this.outline().path, this[fieldsKey], this[fieldCountKey]))
  }
}

/** The site index and link targets again, from `snapshotSite`'s bytes, in a worker thread. */
export function siteFromSnapshot(shared: SharedArrayBuffer, config: ResolvedConfig, isDocumentPath: (path: string) => boolean): SnapshotSite {
  const header = new DataView(shared)
  const picture = deserialize(new Uint8Array(shared, header.getUint32(0), header.getUint32(4))) as SitePicture
  const bytes = new SnapshotBytes(shared, picture.names)
  const handler = lazyHandler(bytes)
  const from: PageSource = {
    bytes,
    fileFor(path, fields, count) {
      const file = new VFile({ path, cwd: config.root })
      file.data = new Proxy({ [tableKey]: { table: bytes.table(fields, count), taken: undefined } } as LazyTarget, handler) as Data
      return file
    },
  }
  const { targets } = picture
  const site = createSiteIndex(config, targets && { files: new Set(targets.files), isDocumentPath, drafts: new Set(targets.drafts) })
  for (const [source, url, title, id, matter, outline, fields, count] of picture.pages) {
    site.add(new SnapshotPage(source, url, title, matter, outline, fields, count, from) as unknown as SitePage, { id })
  }
  // A thread renders a page from these, decoded afresh, not through its entry: the entry keeps only what other pages read of it.
  const pageOf = (source: string): SnapshotPage | undefined => site.bySource(source) as unknown as SnapshotPage | undefined
  const dataOf = (source: string): Data | undefined => {
    const page = pageOf(source)
    if (!page) return undefined
    const count = page[fieldCountKey]
    const table = bytes.table(page[fieldsKey], count)
    const data: Record<string, unknown> = {}
    for (let index = 0; index < count; index++) data[bytes.names[table[index * fieldWords]!]!] = bytes.value(table[index * fieldWords + 1]!)
    return data as Data
  }
  return { site, dataOf, pathOf: (source) => pageOf(source)?.filePath() }
}
