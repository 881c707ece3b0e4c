import { deserialize, serialize } from 'node:v8'
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

/** The first bytes hold the length of the picture; the pages' bytes follow it, from a 4-byte boundary. */
const headerBytes = 4
/** A field table holds, per field, the position of its name, its offset and its length. */
const fieldWords = 3

/** `n` rounded up to a 4-byte boundary. */
const aligned = (n: number): number => n + ((4 - (n % 4)) % 4)

/** Bytes at 4-byte boundaries (a field table is read as 32-bit words in place). */
class Chunks {
  readonly list: Uint8Array[] = []
  size = 0
  add(bytes: Uint8Array): number {
    const at = this.size
    this.list.push(bytes)
    this.size += bytes.byteLength
    const padding = aligned(this.size) - this.size
    if (padding > 0) {
      this.list.push(new Uint8Array(padding))
      this.size += padding
    }
    return at
  }
}

/**
 * Encoded with a length prefix: V8's deserializer reads a value and ignores
 * what follows, but a length keeps each value's bytes its own.
 */
const framed = (value: unknown): Uint8Array => {
  const bytes = serialize(value)
  const out = new Uint8Array(4 + bytes.byteLength)
  new DataView(out.buffer).setUint32(0, bytes.byteLength)
  out.set(bytes, 4)
  return out
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
  const chunks = new Chunks()
  const names = new Map<string, number>()
  const pages: PageKey[] = []
  try {
    for (const page of site.pages) {
      const table: number[] = []
      for (const [name, value] of Object.entries(page.file.data)) {
        if (value === undefined) continue
        let position = names.get(name)
        if (position === undefined) names.set(name, (position = names.size))
        const bytes = framed(value)
        table.push(position, chunks.add(bytes), bytes.byteLength)
      }
      const outline: Outline = { outPath: page.outPath, headings: page.headings, anchors: page.anchors && [...page.anchors], path: page.file.path }
      const matter = chunks.add(framed(page.data))
      const at = chunks.add(framed(outline))
      const fields = chunks.add(new Uint8Array(new Uint32Array(table).buffer))
      pages.push([page.source, page.url, page.title, page.data.id, matter, at, fields, table.length / fieldWords])
    }
    const picture = serialize({ pages, names: [...names.keys()], targets: targets && { files: [...targets.files], drafts: [...(targets.drafts ?? [])] } } satisfies SitePicture)
    const start = aligned(headerBytes + picture.byteLength)
    const shared = new SharedArrayBuffer(start + chunks.size)
    const view = new Uint8Array(shared)
    new DataView(shared).setUint32(0, picture.byteLength)
    view.set(picture, headerBytes)
    let at = start
    for (const chunk of chunks.list) {
      view.set(chunk, at)
      at += chunk.byteLength
    }
    return shared
  } catch {
    return undefined
  }
}

/** A thread's site index from a snapshot; `dataOf` decodes a page's whole `file.data` afresh (for the page a thread renders). */
export interface SnapshotSite {
  site: SiteIndex
  dataOf(source: string): Data | undefined
}

/** How a thread reads the snapshot's bytes. */
class SnapshotBytes {
  readonly bytes: Uint8Array
  private readonly view: DataView
  constructor(
    readonly shared: SharedArrayBuffer,
    readonly start: number,
    readonly names: string[],
  ) {
    this.bytes = new Uint8Array(shared, start)
    this.view = new DataView(shared, start)
  }
  /** The value framed at `at`. */
  value(at: number): unknown {
    const length = this.view.getUint32(at)
    return deserialize(this.bytes.subarray(at + 4, at + 4 + length))
  }
  /** A page's field table, in place: no copy. */
  table(at: number, count: number): Uint32Array {
    return new Uint32Array(this.shared, this.start + at, count * fieldWords)
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
  private readonly [fieldsKey]: readonly [at: number, count: number]
  private readonly [sourceKey]: PageSource
  constructor(
    readonly source: string | undefined,
    readonly url: string,
    readonly title: string,
    matter: number,
    outline: number,
    fields: readonly [at: number, count: number],
    from: PageSource,
  ) {
    this[matterKey] = matter
    this[outlineKey] = outline
    this[fieldsKey] = fields
    this[sourceKey] = from
  }
  private outline(): Omit<Outline, 'anchors'> & { anchors: Set<string> | undefined } {
    const at = this[outlineKey]
    if (typeof at !== 'number') return at
    const outline = this[sourceKey].bytes.value(at) as Outline
    return (this[outlineKey] = { ...outline, anchors: outline.anchors && new Set(outline.anchors) })
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
    return (this[fileKey] ??= this[sourceKey].fileFor(this.outline().path, ...this[fieldsKey]))
  }
}

/** The site index and link targets again, from `snapshotSite`'s bytes, in a worker thread. */
export function siteFromSnapshot(shared: SharedArrayBuffer, config: ResolvedConfig, isDocumentPath: (path: string) => boolean): SnapshotSite {
  const pictureLength = new DataView(shared).getUint32(0)
  const picture = deserialize(new Uint8Array(shared, headerBytes, pictureLength)) as SitePicture
  const bytes = new SnapshotBytes(shared, aligned(headerBytes + pictureLength), picture.names)
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
  const tables = new Map<string, { fields: number; count: number }>()
  for (const [source, url, title, id, matter, outline, fields, count] of picture.pages) {
    site.add(new SnapshotPage(source, url, title, matter, outline, [fields, count], from) as unknown as SitePage, { id })
    if (source !== undefined) tables.set(source, { fields, count })
  }
  const dataOf = (source: string): Data | undefined => {
    const at = tables.get(source)
    if (!at) return undefined
    const table = bytes.table(at.fields, at.count)
    const data: Record<string, unknown> = {}
    for (let index = 0; index < at.count; index++) data[bytes.names[table[index * fieldWords]!]!] = bytes.value(table[index * fieldWords + 1]!)
    return data as Data
  }
  return { site, dataOf }
}
