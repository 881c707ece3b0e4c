/**
 * A worker of the document pool: it loads the site's config and extensions
 * once, as the main thread did, then runs the per-document stages of the
 * documents it is given, or renders pages against the site index, and sends
 * back plain results.
 */
import { serialize } from 'node:v8'
import Tinypool from 'tinypool'
import type { DataChanges } from '../data-changes.js'
import { fromPlainMessage, toPlainMessage, type PlainMessage, type StoredBody } from '../codec.js'
import { isCopyable, resultOf, type DocumentResult } from '../document-result.js'
import { documentFingerprint } from '../fingerprint.js'
import { storeDocument, workerSegment, type Location } from '../../cache/store.js'
import type { SourceProblem } from '../encoding.js'
import { readDocument, renderDocument, type PlannedPage } from '../phases.js'
import { siteFromSnapshot, type SnapshotSite } from '../../site/site-snapshot.js'
import { ownThreadId } from './clock.js'
import { keepHeapSmall } from './heap.js'
import { SiteReader, type SiteReads } from '../../site/site-reads.js'
import { logsOf, type InputRecord } from '../dependencies.js'
import { coreName, createSheaf, type Sheaf, type SheafOptions } from '../../sheaf.js'

export interface WorkerTask {
  documents: Array<{ page: PlannedPage; text: string; key: string; problems: SourceProblem[] }>
  /** The cache folder and the build's name: the worker writes the entries of what it read into a segment of its own, off the main thread. */
  cache: { dir: string; build: string } | undefined
  /** The main thread's document fingerprint: a worker whose extension set differs refuses the task. */
  fingerprint: string
  /**
   * Which document the thread is on (1-based, 0 before the first), since when
   * (ms since the epoch) and the thread's id in `/proc` (0 where there is
   * none), for the main thread's clock: a document that takes longer than its
   * budget has its thread stopped.
   */
  progress?: SharedArrayBuffer
}

/** A result, or `uncopyable` when the document's data cannot cross threads (the main thread reads it again). */
export type WorkerOutcome = DocumentResult | { uncopyable: true }

export interface WorkerReply {
  outcomes: WorkerOutcome[]
  /** Info lines hooks logged here since the last reply (source, text): the main thread prints each once. */
  notes: Array<[string, string]>
  /** Why writing the cache failed, if it did. */
  writeProblem: string | undefined
  /** Where the entries it wrote went, by document key. */
  locations: Array<[string, Location]>
}

/** Pages to render: each read document's file as reading left it, and its body. */
export interface RenderTask {
  pages: Array<{ source: string; value: string; messages: PlainMessage[]; body: StoredBody }>
  /** The site index of this build (`snapshotSite`), in shared memory; a thread rebuilds it once per `id`. */
  site: { id: string; bytes: SharedArrayBuffer }
  fingerprint: string
  /** The names this build writes stylesheets and scripts under (`assetNamesOf`), for the links pages make. */
  assetNames: Array<[string, string]>
}

/** A page's rendering, or `uncopyable` when what rendering made of its data cannot cross threads (the main thread renders it again). */
export type RenderOutcome =
  | { html: string | undefined; changes: DataChanges; messages: PlainMessage[]; logs: PlainMessage[]; reads: SiteReads; inputs: InputRecord }
  | { uncopyable: true }

let sheaf: Promise<{ instance: Sheaf; fingerprint: string }> | undefined
/** This thread's id in `/proc`, for the clock (`ownThreadId`). */
let threadId: number | undefined
let rendering: (SnapshotSite & { id: string; reader: SiteReader }) | undefined
/** Info lines logged on this thread, not yet sent to the main thread. */
const notes: Array<[string, string]> = []

/** Load the extension set the way the main thread did; what setup logged, the main thread has reported already. */
async function load(): Promise<{ instance: Sheaf; fingerprint: string }> {
  const onLog = (level: string, source: string, text: string): void => void (level === 'info' && notes.push([source, text]))
  const instance = await createSheaf({ ...(Tinypool.workerData as SheafOptions), onLog })
  instance.takeSiteMessages()
  return { instance, fingerprint: documentFingerprint(instance) }
}

/**
 * Read a batch of documents. The reply is the outcomes serialized once, here,
 * and moved (not copied) to the main thread.
 */
export default async function readDocuments(task: WorkerTask): Promise<unknown> {
  const { instance, fingerprint } = await (sheaf ??= load())
  if (fingerprint !== task.fingerprint) throw new Error('the worker thread loaded another extension set than the main thread')
  const outcomes: WorkerOutcome[] = []
  let writeProblem: string | undefined
  const locations: Array<[string, Location]> = []
  const writer = task.cache && workerSegment(task.cache.dir, task.cache.build)
  try {
    const progress = task.progress && new BigInt64Array(task.progress)
    for (const [index, { page, text, key, problems }] of task.documents.entries()) {
      if (progress) {
        Atomics.store(progress, 2, BigInt((threadId ??= ownThreadId())))
        Atomics.store(progress, 1, BigInt(Date.now()))
        Atomics.store(progress, 0, BigInt(index + 1))
      }
      const read = await readDocument(instance, page, { text, problems })
      const result = resultOf(read, logsOf(read.file))
      const failed = read.file.messages.some((message) => message.fatal)
      if (writer && writeProblem === undefined && !failed && !read.draft && result.body) {
        const stored = storeDocument(writer, key, result)
        writeProblem = stored.problem
        if (stored.location) locations.push([key, stored.location])
      }
      outcomes.push(result)
    }
  } finally {
    writer?.close()
  }
  keepHeapSmall()
  let bytes: Buffer
  try {
    bytes = serialize({ outcomes, notes: notes.splice(0), writeProblem, locations } satisfies WorkerReply)
  } catch {
    // Some document's data cannot be copied: find which, and let the main thread read those.
    const copyable = outcomes.map((outcome): WorkerOutcome => (isCopyable(outcome) ? outcome : { uncopyable: true }))
    bytes = serialize({ outcomes: copyable, notes: notes.splice(0), writeProblem, locations } satisfies WorkerReply)
  }
  return moved(bytes)
}

/** Bytes moved (not copied) to the main thread. */
function moved(bytes: Buffer): unknown {
  const buffer = new Uint8Array(bytes.byteLength)
  buffer.set(bytes)
  return Tinypool.move(buffer)
}

/** Render a batch of read documents: the site stage, the layout and `document:rendered`, as on the main thread. */
export async function renderPages(task: RenderTask): Promise<unknown> {
  const { instance, fingerprint } = await (sheaf ??= load())
  if (fingerprint !== task.fingerprint) throw new Error('the worker thread loaded another extension set than the main thread')
  instance.assetNames = new Map(task.assetNames)
  if (rendering?.id !== task.site.id) {
    // The last build's site goes first: a thread holds one at a time.
    rendering = undefined
    const { site, dataOf, pathOf } = siteFromSnapshot(task.site.bytes, instance.config, (path) => instance.registry.parsers.forPath(path) !== undefined)
    rendering = { id: task.site.id, site, dataOf, pathOf, reader: new SiteReader(site, { exempt: coreName }) }
  }
  const { dataOf, pathOf, reader } = rendering
  const outcomes: RenderOutcome[] = []
  for (const page of task.pages) {
    // The page's own data and path decoded afresh, not through its entry: that keeps only what other pages read of it.
    const data = dataOf(page.source)
    if (!data) throw new Error(`the site index sent to the worker thread has no page for ${page.source}`)
    const { html, file, changes, reads, inputs } = await renderDocument(
      instance,
      { path: pathOf(page.source), cwd: instance.config.root, value: page.value, data, messages: page.messages.map(fromPlainMessage), body: page.body },
      reader,
    )
    outcomes.push({ html, changes, messages: file.messages.map(toPlainMessage), logs: logsOf(file).map(toPlainMessage), reads, inputs })
  }
  keepHeapSmall()
  try {
    return moved(serialize(outcomes))
  } catch {
    return moved(serialize(outcomes.map((outcome): RenderOutcome => (isCopyable(outcome) ? outcome : { uncopyable: true }))))
  }
}
