import { VFile } from 'vfile'
import type { PlannedPage } from '../pipeline/phases.js'
import type { WorkerReply, WorkerTask } from './document-worker.js'
import type { DocumentPool } from './pool.js'

interface Running {
  progress: BigInt64Array
  controller: AbortController
  culprit?: number
}

/**
 * The time budget of documents read on threads: each task tells, in shared
 * memory, which of its documents it is on and since when; a document past
 * its budget has its task aborted, which stops the thread (the pool starts
 * another).
 */
export class DocumentClock {
  private readonly budgetMs: number
  private readonly running = new Set<Running>()
  private timer: NodeJS.Timeout | undefined

  constructor(seconds: number) {
    this.budgetMs = seconds * 1000
  }

  private tick(): void {
    for (const task of this.running) {
      const at = Number(Atomics.load(task.progress, 0))
      if (at > 0 && task.culprit === undefined && Date.now() - Number(Atomics.load(task.progress, 1)) > this.budgetMs) {
        task.culprit = at - 1
        task.controller.abort()
      }
    }
  }

  /** Read a batch on the pool: the reply, or which document of the batch ran out of time. Other failures are thrown. */
  async run(pool: DocumentPool, task: Omit<WorkerTask, 'progress'>): Promise<{ reply: WorkerReply } | { culprit: number }> {
    const running: Running = { progress: new BigInt64Array(new SharedArrayBuffer(16)), controller: new AbortController() }
    this.running.add(running)
    this.timer ??= setInterval(() => this.tick(), Math.min(250, Math.max(10, this.budgetMs / 4))).unref()
    try {
      return { reply: await pool.run({ ...task, progress: running.progress.buffer as SharedArrayBuffer }, running.controller.signal) }
    } catch (error) {
      if (running.culprit !== undefined) return { culprit: running.culprit }
      throw error
    } finally {
      this.running.delete(running)
      if (this.running.size === 0) {
        clearInterval(this.timer)
        this.timer = undefined
      }
    }
  }
}

/** A document whose thread was stopped for taking longer than its budget: its file, with a fatal message that says how to raise it. */
export function timedOutFile(page: PlannedPage, cwd: string, text: string, seconds: number): VFile {
  const file = new VFile({ path: page.path, cwd, value: text })
  Object.assign(file.data, { sourcePath: page.rel, url: page.url, outPath: page.outPath })
  const message = file.message(
    `Reading this document took longer than ${seconds} s (limits.documentSeconds), so its thread was stopped: it may hold pathological markdown, such as thousands of nested brackets, emphasis markers or backticks, or megabytes of front matter. If it is meant to take this long, raise limits.documentSeconds in the config.`,
    { source: 'sheaf', ruleId: 'limits' },
  )
  message.fatal = true
  return file
}

/** Documents longer than this (in UTF-16 units) are read on a thread even when there are few: known pathological markdown this short parses within a second or two. */
export const riskyLength = 32 * 1024
