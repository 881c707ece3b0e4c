import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { deserialize } from 'node:v8'
import { fileURLToPath } from 'node:url'
import Tinypool from 'tinypool'
import { sheafRoot } from '../../package-info.js'
import type { SheafOptions } from '../../sheaf.js'
import type { RenderOutcome, RenderTask, WorkerReply, WorkerTask } from './document-worker.js'

/** The worker's module: beside this one when built, or the built copy when Sheaf runs from its TypeScript source. */
function workerModule(): string {
  const here = fileURLToPath(new URL('./document-worker.js', import.meta.url))
  return existsSync(here) ? here : join(sheafRoot, 'dist', 'pipeline', 'threads', 'document-worker.js')
}

/**
 * The flags a worker refused, from Node's error: V8 and process-wide flags
 * (`--max-old-space-size`, `--single-threaded-gc`…), which reach the workers
 * anyway, being process-wide.
 */
function refusedFlags(error: unknown): Set<string> | undefined {
  if ((error as { code?: string } | undefined)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return undefined
  const listed = String((error as Error).message).split(': ').slice(1).join(': ')
  return new Set(listed.split(', ').filter(Boolean))
}

/** Threads that run the per-document stages, each with the site's extension set loaded once. */
export class DocumentPool {
  private readonly pool: Tinypool

  constructor(options: SheafOptions, threads: number) {
    const start = (execArgv: string[]): Tinypool =>
      new Tinypool({
        filename: workerModule(),
        minThreads: threads,
        maxThreads: threads,
        workerData: options,
        // Workers keep their loaded extension set between tasks.
        isolateWorkers: false,
        // The main thread's stack size (V8's default, not a worker's 4 MB): a document too deep for one is too deep for the
        // other, so a build gives the same result however it was split, and fails fast rather than recursing for seconds.
        resourceLimits: { stackSizeMb: 0.984 },
        execArgv,
      })
    // Flags that only make sense for the main program (`--input-type`, `--eval`…) would stop a worker from starting.
    const execArgv = process.execArgv.filter((arg) => !/^--(input-type|eval|print|test|watch)\b/.test(arg) && !/^-[ep]$/.test(arg))
    try {
      this.pool = start(execArgv)
    } catch (error) {
      const refused = refusedFlags(error)
      if (refused === undefined) throw error
      this.pool = start(execArgv.filter((arg) => !refused.has(arg)))
    }
    // Without a listener an error event would end the process; the failed task rejects as well.
    this.pool.on('error', (error: Error) => {
      this.failure ??= error
    })
  }

  /** A failure outside any task (a worker that could not start), for the caller to report. */
  failure: Error | undefined

  /** Read a batch; aborting `signal` stops the thread that runs it (a new one takes its place). */
  async run(task: WorkerTask, signal?: AbortSignal): Promise<WorkerReply> {
    return deserialize((await this.pool.run(task, signal ? { signal } : {})) as Uint8Array) as WorkerReply
  }

  async render(task: RenderTask): Promise<RenderOutcome[]> {
    return deserialize((await this.pool.run(task, { name: 'renderPages' })) as Uint8Array) as RenderOutcome[]
  }

  async destroy(): Promise<void> {
    await this.pool.destroy()
  }
}
