import { readFileSync, readlinkSync } from 'node:fs'
import { VFile } from 'vfile'
import type { PlannedPage } from '../phases.js'
import type { WorkerReply, WorkerTask } from './document-worker.js'
import type { DocumentPool } from './pool.js'

interface Running {
  progress: BigInt64Array
  controller: AbortController
  culprit?: number
  /** The document the clock last saw the thread on, and the thread's time when it first saw it. */
  document?: number
  startedAt?: number
}

/** Clock ticks per second of `/proc`'s thread times (`USER_HZ`, 100 on every Linux). */
const ticksPerSecond = 100

/**
 * The CPU time (ms) a thread of this process has run, from
 * `/proc/self/task/TID/stat` (utime and stime); undefined where there is no
 * such file (not Linux), and the clock goes by the wall.
 */
function threadCpuMs(tid: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1')
  } catch {
    return undefined
  }
  // The command name, in parentheses, may hold spaces: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / ticksPerSecond : undefined
}

/** This thread's id for `threadCpuMs`, where `/proc` tells it; 0 elsewhere. */
export function ownThreadId(): number {
  try {
    return Number(/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/**
 * The time budget of documents read on threads: each task tells, in shared
 * memory, which of its documents it is on, since when, and its thread's id. A
 * document's time is the CPU time its thread spent on it (where the system
 * tells it, as Linux does), so a busy machine, which makes every thread wait
 * its turn, never makes a legitimate document run out of time; elsewhere it is
 * the time on the wall. A document past its budget has its task aborted,
 * which stops the thread (the pool starts another).
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
      if (at === 0 || task.culprit !== undefined) continue
      const tid = Number(Atomics.load(task.progress, 2))
      const cpu = tid > 0 ? threadCpuMs(tid) : undefined
      const now = cpu ?? Date.now()
      if (task.document !== at) {
        // A document the clock sees for the first time: its thread's time starts now (on the wall: when the thread said it began).
        task.document = at
        task.startedAt = cpu ?? Number(Atomics.load(task.progress, 1))
        continue
      }
      if (now - task.startedAt! > this.budgetMs) {
        task.culprit = at - 1
        task.controller.abort()
      }
    }
  }

  /** Read a batch on the pool: the reply, or which document of the batch ran out of time. Other failures are thrown. */
  async run(pool: DocumentPool, task: Omit<WorkerTask, 'progress'>): Promise<{ reply: WorkerReply } | { culprit: number }> {
    const running: Running = { progress: new BigInt64Array(new SharedArrayBuffer(24)), controller: new AbortController() }
    this.running.add(running)
    this.timer ??= setInterval(() => this.tick(), Math.min(100, Math.max(10, this.budgetMs / 8))).unref()
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
