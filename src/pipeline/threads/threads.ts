import { availableParallelism } from 'node:os'
import { VFileMessage } from 'vfile-message'
import { isCopyable } from '../document-result.js'
import type { Sheaf, SheafOptions } from '../../sheaf.js'
import type { DocumentPool } from './pool.js'

/** Below this many documents to read or pages to render, starting threads costs more than it saves. */
export const parallelThreshold = 48
/**
 * Past this many documents read, a build trades a little time for memory:
 * the main thread keeps no trees as they are (only bodies as bytes), bodies
 * the cache holds are read back from it when their page is rendered, not
 * kept, and the threads that read are replaced by fresh ones to render.
 */
export const largeRead = 2000

/** The fewest documents (or pages) per task sent to a worker. */
const smallestBatch = 8
/** The most: larger batches cost fewer round trips, smaller ones leave less work on one thread at the end. */
const largestBatch = 32

export const defaultWorkers = (): number => availableParallelism()

/** The warning that a worker thread failed outside any document, and what was done on the main thread instead. */
export function workerFailedWarning(reason: string, instead: string): VFileMessage {
  const message = new VFileMessage(`A worker thread failed (${reason}); ${instead} on the main thread.`, { source: 'sheaf', ruleId: 'worker-failed' })
  message.fatal = false
  return message
}

/** What the worker threads need to load the same extension set: the options without callbacks, if they can be copied. */
function workerOptions(sheaf: Sheaf): SheafOptions | undefined {
  const { root, config, overrides, out, drafts, safe, discover, theme, generation } = sheaf.options
  const options: SheafOptions = { root, config, overrides, out, drafts, safe, discover, theme, generation }
  return isCopyable(options) ? options : undefined
}

/**
 * The worker threads of one build, shared by reading and rendering: started
 * the first time enough work calls for them, each loading the site's extension
 * set once, and stopped by `close()`.
 */
export class DocumentThreads {
  private readonly sheaf: Sheaf
  /** How many threads a pool has. */
  readonly count: number
  private decided: { options: SheafOptions } | { reason: string } | undefined
  private started: Promise<DocumentPool> | undefined

  /**
   * Whether a long document may go to a thread (for its time budget) even when
   * there are few: unless the caller asked for the main thread (`workers: 1`).
   * A one-core machine still reads such documents on one thread of the pool.
   */
  readonly mayThread: boolean
  /** Whether the caller chose how many threads (`workers`), rather than taking the machine's parallelism. */
  private readonly chosen: boolean

  constructor(sheaf: Sheaf, count: number, options: { chosen?: boolean } = {}) {
    this.sheaf = sheaf
    this.count = count
    this.mayThread = count > 1 || options.chosen !== true
    this.chosen = options.chosen === true
  }

  private decide(): { options: SheafOptions } | { reason: string } {
    if (this.decided) return this.decided
    const unsafe = this.sheaf.enabled.find((entry) => entry.extension.parallelSafe === false)
    if (unsafe) return (this.decided = { reason: `extension "${unsafe.extension.name}" is not parallel-safe (parallelSafe: false), so documents are read and rendered on one thread` })
    const options = workerOptions(this.sheaf)
    if (options === undefined) return (this.decided = { reason: 'the config was given as an object holding code, which worker threads cannot load, so documents are read and rendered on one thread' })
    return (this.decided = { options })
  }

  /**
   * Whether `tasks` documents or pages are enough to be worth threads. A
   * document read and rendered on a thread costs about 1.7 times its time on
   * the main thread, which keeps its tree as it is (see `ReadOutcome.body`):
   * on a thread its body is encoded, copied out, copied back and decoded, and
   * each thread loads the extension set again. So two threads gain nothing
   * until a build is large enough that the main thread would not keep trees
   * either (`largeRead`); three and more gain from `parallelThreshold` on.
   * Threads the caller asked for (`workers`) are used from `parallelThreshold` on.
   */
  worth(tasks: number): boolean {
    if (this.count < 2 || tasks < parallelThreshold) return false
    return this.chosen || this.count > 2 || tasks >= largeRead
  }

  /** Why the work stays on the main thread although there is enough of it; undefined when threads may run it. */
  get refusal(): string | undefined {
    const decided = this.decide()
    return 'reason' in decided ? decided.reason : undefined
  }

  /** The pool, started on first use with as many threads as `tasks` can keep busy. Only when `refusal` is undefined. */
  pool(tasks: number): Promise<DocumentPool> {
    const decided = this.decide()
    if ('reason' in decided) throw new Error(decided.reason)
    if (this.started === undefined) {
      this.size = Math.max(1, Math.min(this.count, Math.ceil(tasks / smallestBatch)))
      const size = this.size
      // Loaded only when threads are wanted: a build from the cache starts faster without it.
      this.started = import('./pool.js').then(({ DocumentPool }) => new DocumentPool(decided.options, size))
    }
    return this.started
  }

  /** How many of `tasks` documents or pages to send a thread at once: about sixteen batches per thread. */
  batchFor(tasks: number): number {
    return Math.max(smallestBatch, Math.min(largestBatch, Math.ceil(tasks / (Math.max(1, this.size) * 16))))
  }

  /** Threads in the pool; 0 while none was started. */
  size = 0

  async close(): Promise<void> {
    const started = this.started
    this.started = undefined
    if (started) await (await started).destroy()
  }
}
