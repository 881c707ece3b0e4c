import { randomUUID } from 'node:crypto'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { fromPlainMessage, storedBody, toPlainMessage, type HeldBody } from './codec.js'
import type { Sheaf } from '../sheaf.js'
import type { SiteIndex } from '../site/site-index.js'
import { snapshotSite } from '../site/site-snapshot.js'
import type { RenderOutcome } from './threads/document-worker.js'
import type { DocumentThreads } from './threads/threads.js'
import { renderDocument } from './phases.js'
import { recordFailure } from '../report/failure.js'
import { coreName } from '../sheaf.js'
import { SiteReader, type SiteReads } from '../site/site-reads.js'
import { emptyInputs, logsOf, type InputRecord } from './dependencies.js'
import type { DataChanges } from './data-changes.js'

/** A read document to render: its file as reading left it, and its text and body. */
export interface RenderJob {
  source: string
  file: VFile
  /** The text and body, had when the page is about to be rendered; undefined when they cannot be (a fatal message on the file says why). */
  load(): Promise<{ text: string; body: HeldBody } | undefined>
}

/** What rendering made of a page: its HTML (undefined when it failed), what it changed of the file's data, its messages, what extensions logged, and what it read. */
export interface Rendering {
  html: string | undefined
  changes: DataChanges
  messages: VFileMessage[]
  logs: VFileMessage[]
  reads: SiteReads
  inputs: InputRecord
}

export interface RenderDocumentsOptions {
  threads: DocumentThreads
  /** The document fingerprint: a worker thread that loaded another extension set refuses the work. */
  fingerprint: string
  keepGoing: boolean | undefined
  /** Called once for each page rendered, in the order they finish; without `keepGoing`, pages after the first failure may not be. */
  onRendered(index: number, rendering: Rendering): Promise<void> | void
}

export interface RenderDocumentsResult {
  /** Threads that rendered (1: the main thread). */
  threads: number
  /** Why pages were rendered on the main thread although there were enough for threads. */
  serialReason: string | undefined
  /** Set when a worker thread failed and its pages were rendered on the main thread. */
  workerFailure: string | undefined
}

const failed = (messages: readonly VFileMessage[]): boolean => messages.some((message) => message.fatal)

/**
 * The site stage and layout of read documents: on the build's worker threads
 * when there are enough pages and the site index can cross threads, else on
 * the main thread. Every page renders against the site index as reading made
 * it, so the HTML is the same however the work was split.
 */
export async function renderDocuments(sheaf: Sheaf, jobs: RenderJob[], site: SiteIndex, options: RenderDocumentsOptions): Promise<RenderDocumentsResult> {
  const { threads } = options
  let firstFailure = Infinity
  const finish = async (index: number, rendering: Rendering): Promise<void> => {
    if (failed(rendering.messages)) firstFailure = Math.min(firstFailure, index)
    await options.onRendered(index, rendering)
  }
  // Without keepGoing, pages after the first failure (in order) are not rendered.
  const stopped = (index: number): boolean => !options.keepGoing && index > firstFailure

  /** A page whose body could not be had: failed, with the messages its file holds. */
  const noBody = async (index: number): Promise<void> => {
    const { file } = jobs[index]!
    if (!failed(file.messages)) recordFailure(file, new Error('the document gave no body to render'))
    await finish(index, { html: undefined, changes: { set: {}, removed: [] }, messages: file.messages, logs: [], reads: { lookups: {}, uses: [], fields: {} }, inputs: emptyInputs() })
  }

  // One reader for the pages rendered here: what extensions cache per site index stays cached.
  let reader: SiteReader | undefined
  const renderHere = async (index: number, had?: { text: string; body: HeldBody }): Promise<void> => {
    const { file, load } = jobs[index]!
    const loaded = had ?? (await load())
    if (loaded === undefined) return noBody(index)
    const { text, body } = loaded
    const rendered = await renderDocument(sheaf, { path: file.path, cwd: file.cwd, value: text, data: file.data, messages: file.messages, body }, (reader ??= new SiteReader(site, { exempt: coreName })))
    await finish(index, { html: rendered.html, changes: rendered.changes, messages: rendered.file.messages, logs: logsOf(rendered.file), reads: rendered.reads, inputs: rendered.inputs })
  }

  const wanted = threads.worth(jobs.length)
  let serialReason = wanted ? threads.refusal : undefined
  const snapshot = wanted && serialReason === undefined ? snapshotSite(site) : undefined
  if (wanted && serialReason === undefined && snapshot === undefined) serialReason = "some page's data cannot be copied to another thread (a function in it, say), so pages are rendered on one thread"
  if (snapshot === undefined) {
    for (let index = 0; index < jobs.length && !stopped(index); index++) await renderHere(index)
    return { threads: 1, serialReason, workerFailure: undefined }
  }

  const pool = await threads.pool(jobs.length)
  const siteRef = { id: randomUUID(), bytes: snapshot }
  const assetNames = [...sheaf.assetNames]
  const batchSize = threads.batchFor(jobs.length)
  let workerFailure: string | undefined
  let next = 0
  const runBatches = async (): Promise<void> => {
    while (next < jobs.length && !stopped(next)) {
      const from = next
      const to = (next = Math.min(jobs.length, next + batchSize))
      const batch: Array<{ index: number; loaded: { text: string; body: HeldBody } }> = []
      for (let index = from; index < to; index++) {
        const loaded = await jobs[index]!.load()
        if (loaded === undefined) await noBody(index)
        else batch.push({ index, loaded })
      }
      if (batch.length === 0) continue
      let outcomes: RenderOutcome[]
      try {
        outcomes = await pool.render({
          pages: batch.map(({ index, loaded }) => {
            const { source, file } = jobs[index]!
            return { source, value: loaded.text, messages: file.messages.map(toPlainMessage), body: storedBody(loaded.body) }
          }),
          site: siteRef,
          fingerprint: options.fingerprint,
          assetNames,
        })
      } catch (error) {
        // A thread that fails outside any page: render here, say so once.
        workerFailure ??= error instanceof Error ? error.message : String(error)
        for (const { index, loaded } of batch) await renderHere(index, loaded)
        continue
      }
      for (const [offset, outcome] of outcomes.entries()) {
        const { index, loaded } = batch[offset]!
        if ('uncopyable' in outcome) await renderHere(index, loaded)
        else {
          const { html, changes, messages, logs, reads, inputs } = outcome
          await finish(index, { html, changes, messages: messages.map(fromPlainMessage), logs: logs.map(fromPlainMessage), reads, inputs })
        }
      }
    }
  }
  await Promise.all(Array.from({ length: threads.size * 2 }, runBatches))
  return { threads: threads.size, serialReason: undefined, workerFailure }
}
