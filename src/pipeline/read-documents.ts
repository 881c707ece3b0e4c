import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { fromPlainMessage, isPlainTree, type HeldBody, type StoredBody } from './codec.js'
import { fileOf, outlineFrom, resultOf, type DocumentResult } from './document-result.js'
import { documentFingerprint } from '../pipeline/fingerprint.js'
import type { DocumentStore, RenderedRecord } from './document-store.js'
import type { SitePage } from '../extensions/types.js'
import { recordFailure } from '../report/failure.js'
import type { Sheaf } from '../sheaf.js'
import type { WorkerOutcome } from './threads/document-worker.js'
import { DocumentClock, riskyLength, timedOutFile } from './threads/clock.js'
import { largeRead, workerFailedWarning, type DocumentThreads } from './threads/threads.js'
import type { SourceProblem } from './encoding.js'
import { readSource, type ReadSource } from './source-memo.js'
import { fileDigests, inputsCurrent, logsOf } from './dependencies.js'
import { readDocument, sitePageOf, type PlannedPage } from './phases.js'
import { processorOf } from './processor.js'

/** One document after its per-document stages, read now or taken from the cache. */
export interface ReadOutcome {
  page: PlannedPage
  file: VFile
  /** The body; undefined for a draft, a failure, or a document taken from its last rendering (see `loadBody`). */
  body: HeldBody | undefined
  draft: boolean
  sitePage: SitePage | undefined
  /** The document key (source bytes, config and extensions). */
  key: string
  /** The page's last rendering, if the cache has one for this same document. */
  rendered: RenderedRecord | undefined
  /** Whether its rendering may go into the cache: there is one, and the document was read without failing. */
  cacheable: boolean
}

export interface ReadDocumentsOptions {
  /** Where documents read before are kept (the cache, or memory); undefined keeps none. */
  store: DocumentStore | undefined
  /** The build's worker threads, used when there are enough documents to read and every extension allows it. */
  threads: DocumentThreads
  /** Keep reading after a document fails. */
  keepGoing?: boolean
  onProgress?: (done: number, total: number) => void
}

export interface ReadDocumentsResult {
  /** In the order of `planned`; shorter when reading stopped at a failure. */
  outcomes: ReadOutcome[]
  /** Warnings extensions logged while reading, in document order. */
  logs: VFileMessage[]
  /** How the documents were read, for the build's summary and `--verbose`. */
  stats: { read: number; cached: number; threads: number; serialReason: string | undefined }
  /** The document fingerprint the keys were made with (the render key builds on it). */
  fingerprint: string
}

/** A document the cache does not have: its text, what was wrong with its bytes, and its key. */
interface Miss {
  index: number
  text: string
  key: string
  problems: SourceProblem[]
}

/**
 * A read document again, from its result (a thread's or the cache's): its
 * file, whether it is a draft left out (one cached from a build with drafts is
 * left out of one without), and its site index entry when it has a body.
 */
function documentOfResult(
  sheaf: Sheaf,
  page: PlannedPage,
  text: string,
  result: Omit<DocumentResult, 'body'>,
  options: { hasBody: boolean },
): { file: VFile; draft: boolean; sitePage: SitePage | undefined } {
  const file = fileOf(page, sheaf.config.root, text, result)
  const draft = result.draft || (file.data.draft === true && !sheaf.config.drafts)
  return { file, draft, sitePage: !draft && options.hasBody ? sitePageOf(page, file, outlineFrom(result)) : undefined }
}

/**
 * Read every planned document: from the cache where its key is known there,
 * else through the per-document stages, on worker threads when there are
 * enough documents and every extension allows it. Results are in `planned`
 * order whatever order the threads finish in, so a build is the same however
 * it was read.
 */
export async function readDocuments(sheaf: Sheaf, planned: PlannedPage[], options: ReadDocumentsOptions): Promise<ReadDocumentsResult> {
  const cache = options.store
  const sources = cache?.sources
  sources?.keepOnly(new Set(planned.map((page) => page.path)))
  const fingerprint = documentFingerprint(sheaf)
  const root = sheaf.config.root
  const total = planned.length
  const slots: Array<{ outcome: ReadOutcome; logs: VFileMessage[] } | undefined> = new Array(total)
  let done = 0
  let failedAt = Infinity
  const settle = (index: number, outcome: ReadOutcome, logs: VFileMessage[]): void => {
    slots[index] = { outcome, logs }
    if (outcome.file.messages.some((message) => message.fatal)) failedAt = Math.min(failedAt, index)
    options.onProgress?.((done += 1), total)
  }
  // Without keepGoing, documents after the first failure (in planned order) are not read.
  const beyondFailure = (index: number): boolean => !options.keepGoing && index > failedAt

  /** `stored`: the body is not kept here but in the cache, which `loadBody` reads it back from. */
  const fromResult = (index: number, text: string, key: string, result: Omit<DocumentResult, 'body'>, body: StoredBody | undefined, rendered?: RenderedRecord, stored = false): void => {
    const page = planned[index]!
    const { file, draft, sitePage } = documentOfResult(sheaf, page, text, result, { hasBody: body !== undefined || stored || rendered !== undefined })
    const failed = file.messages.some((message) => message.fatal)
    settle(index, { page, file, body: draft ? undefined : body, draft, sitePage, key, rendered: draft ? undefined : rendered, cacheable: cache !== undefined && !failed }, result.logs.map(fromPlainMessage))
    if (cache && !failed) cache.use(page.rel, key)
  }

  // Sources first, with their keys; cached results where the cache has them.
  const digests = fileDigests()
  const settings = sheaf.config as unknown as Record<string, unknown>
  const misses: Miss[] = []
  // Small files, read one after another: synchronous reads beat a round trip through the I/O threads each.
  for (let index = 0; index < total && !beyondFailure(index); index++) {
    const page = planned[index]!
    let source: ReadSource
    try {
      source = sources ? sources.read(page.path, page.rel, fingerprint) : readSource(page.path, page.rel, fingerprint)
    } catch {
      // Unreadable: the per-document stages say why, as a message on the document.
      const { file } = await readDocument(sheaf, page)
      settle(index, { page, file, body: undefined, draft: false, sitePage: undefined, key: '', rendered: undefined, cacheable: false }, [])
      continue
    }
    const { text, problems, key } = source
    if (cache) {
      // A result is good while its source and every file and variable its hooks read are the same.
      const result = cache.getDocument(key)
      if (result && inputsCurrent(result.inputs, settings, digests)) {
        // A page that may keep its last rendering lets go of its body: it is read again if the page is rendered after all.
        const rendered = cache.getRendered(page.rel)
        if (rendered?.documentKey === key) fromResult(index, text, key, result, undefined, rendered, true)
        else fromResult(index, text, key, result, result.body)
        continue
      }
    }
    misses.push({ index, text, key, problems })
  }

  // Short of a large build (which keeps its bodies small), a document read here keeps its tree as it is
  // until its page is rendered (here too, most often): it is encoded only for the store, and not decoded.
  const holdTrees = misses.length < largeRead
  const readHere = async ({ index, text, key, problems }: Miss): Promise<void> => {
    const read = await readDocument(sheaf, planned[index]!, { text, problems })
    const tree = holdTrees && read.body !== undefined && isPlainTree(read.body) ? read.body : undefined
    const result = resultOf(read, logsOf(read.file), { body: tree === undefined || cache !== undefined, plain: tree !== undefined })
    const failed = read.file.messages.some((message) => message.fatal)
    // What reading gave goes into the cache now, before rendering adds to the file's data. Writing it is
    // the test of whether it can be cached: a value that cannot be written is not.
    let cacheable = cache !== undefined && !failed
    if (cacheable && !read.draft && result.body) cacheable = cache!.setDocument(key, result)
    // The file as it is, not a copy: its data may hold values that could not be copied.
    const page = planned[index]!
    const sitePage = read.body ? sitePageOf(page, read.file, outlineFrom(result)) : undefined
    settle(index, { page, file: read.file, body: tree ?? result.body, draft: read.draft, sitePage, key, rendered: undefined, cacheable }, result.logs.map(fromPlainMessage))
    if (cacheable) cache!.use(page.rel, key)
  }

  /** A document whose thread was stopped for taking longer than its budget: failed. */
  const timedOut = ({ index, text, key }: Miss, seconds: number): void => {
    const page = planned[index]!
    settle(index, { page, file: timedOutFile(page, root, text, seconds), body: undefined, draft: false, sitePage: undefined, key, rendered: undefined, cacheable: false }, [])
  }

  // The processor (and the plugins it imports) is made only when a document must be read; a plugin
  // that fails to load fails the build once, as a setup error, not once per document.
  const preparing = misses.length > 0 ? processorOf(sheaf) : undefined
  preparing?.catch(() => {})
  // Many documents are read on threads; so is any long one, to be stopped if it takes longer than its budget.
  const wanted = options.threads.worth(misses.length) || (options.threads.mayThread && misses.some((miss) => miss.text.length > riskyLength))
  const serialReason = wanted ? options.threads.refusal : undefined
  const parallel = wanted && serialReason === undefined
  // Extension log lines from before reading belong to the build, not to the first document.
  const earlier = sheaf.takeSiteMessages()
  let workerFailure: string | undefined
  if (parallel) {
    const pool = await options.threads.pool(misses.length)
    const batchSize = options.threads.batchFor(misses.length)
    // A large build keeps in memory only the bodies the cache does not hold.
    const letGo = cache !== undefined && misses.length >= largeRead
    const inCache = new Set<string>()
    await preparing
    // Each document has a budget on its thread: past it, the thread is stopped and the document fails.
    const clock = new DocumentClock(sheaf.config.limits.documentSeconds)
    const pending = [...misses]
    const runBatches = async (): Promise<void> => {
      while (pending.length > 0 && !beyondFailure(pending[0]!.index)) {
        const batch = pending.splice(0, batchSize)
        let outcomes: WorkerOutcome[]
        try {
          const run = await clock.run(pool, {
            documents: batch.map(({ index, text, key, problems }) => ({ page: planned[index]!, text, key, problems })),
            fingerprint,
            cache: cache?.threadSegments,
          })
          if ('culprit' in run) {
            // Over budget: that document fails; the others of the batch go back to be read again.
            const culprit = batch[run.culprit]!
            timedOut(culprit, sheaf.config.limits.documentSeconds)
            pending.unshift(...batch.filter((miss) => miss !== culprit))
            continue
          }
          outcomes = run.reply.outcomes
          relayNotes(sheaf, run.reply.notes)
          cache?.storedElsewhere(run.reply.writeProblem, run.reply.locations)
          if (letGo) for (const [key] of run.reply.locations) inCache.add(key)
        } catch (error) {
          // A thread that fails outside any document (it could not load the extension set): read here, say so once.
          workerFailure ??= error instanceof Error ? error.message : String(error)
          for (const miss of batch) await readHere(miss)
          continue
        }
        for (const [i, outcome] of outcomes.entries()) {
          const miss = batch[i]!
          if ('uncopyable' in outcome) {
            await readHere(miss)
            continue
          }
          // The worker wrote its cache entry, or the store keeps it here (what crossed from a thread can be kept).
          const keptHere = cache !== undefined && !cache.threadSegments && !outcome.draft && outcome.body !== undefined && cache.setDocument(miss.key, outcome)
          const stored = inCache.has(miss.key) || (letGo && keptHere)
          fromResult(miss.index, miss.text, miss.key, outcome, stored ? undefined : outcome.body, undefined, stored)
        }
      }
    }
    await Promise.all(Array.from({ length: options.threads.size * 2 }, runBatches))
  } else {
    await preparing
    for (const miss of misses) {
      if (beyondFailure(miss.index)) break
      await readHere(miss)
    }
  }

  const outcomes: ReadOutcome[] = []
  const logs: VFileMessage[] = [...earlier]
  if (workerFailure !== undefined) logs.push(workerFailedWarning(workerFailure, 'its documents were read'))
  for (let index = 0; index < total; index++) {
    const slot = slots[index]
    if (slot === undefined) break
    outcomes.push(slot.outcome)
    logs.push(...slot.logs)
    if (!options.keepGoing && index >= failedAt) break
  }
  return {
    outcomes,
    logs,
    stats: {
      read: misses.length,
      cached: total - misses.length,
      threads: parallel ? options.threads.size : 1,
      serialReason,
    },
    fingerprint,
  }
}

/** The body of a document taken from its last rendering: from the cache, or read again when the cache lost it. */
export async function loadBody(sheaf: Sheaf, outcome: ReadOutcome, cache: DocumentStore | undefined, text: string): Promise<HeldBody | undefined> {
  if (outcome.body !== undefined || outcome.draft) return outcome.body
  const cached = cache?.getDocument(outcome.key)
  if (cached?.body) return (outcome.body = cached.body)
  // The text this build has of it (its bytes' problems are on its file already).
  const read = await readDocument(sheaf, outcome.page, { text, problems: [] })
  if (!read.body) {
    for (const message of read.file.messages) outcome.file.messages.push(message)
    if (read.file.messages.length === 0) recordFailure(outcome.file, new Error('the document gave no body when read again'))
    return undefined
  }
  const result = resultOf(read, logsOf(read.file))
  if (cache) cache.setDocument(outcome.key, result)
  return (outcome.body = result.body)
}

const relayed = new WeakMap<Sheaf, Set<string>>()

/** Print what hooks logged as info on a worker thread, each line once per instance, as if logged here. */
function relayNotes(sheaf: Sheaf, notes: ReadonlyArray<[string, string]>): void {
  let seen = relayed.get(sheaf)
  if (!seen) relayed.set(sheaf, (seen = new Set()))
  for (const [source, text] of notes) {
    const line = `${source}\u0000${text}`
    if (seen.has(line)) continue
    seen.add(line)
    sheaf.contextFor(source).logger.info(text)
  }
}
