import { setFlagsFromString } from 'node:v8'

/** How far past what a heap held after its last full collection V8 lets it grow before the next, in percent. */
export const heapGrowingPercent = 20

/**
 * Keep every heap of the process near what it holds. A build has a heap per
 * thread (the main thread's and each worker's), and while the machine has room
 * V8 lets each grow to about twice what it holds before collecting: at 40,000
 * pages that was 150 MB of the peak. Growing a fifth past instead costs a few
 * percent more CPU, spent mostly in V8's concurrent marking. The command line
 * does this for its own process; a program that calls `build()` keeps its own
 * settings, and a `--heap-growing-percent` given to node is left as it is.
 */
export function keepHeapsTight(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`)
  return true
}
