import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** A heap below this is never collected on purpose: V8 does well enough there. */
const smallest = 128 * 1024 * 1024

/** V8's full collection, made available once; null where it cannot be. */
let collector: (() => void) | null | undefined
/** What the last full collection left. */
let live = 0

function fullCollection(): (() => void) | null {
  if (collector !== undefined) return collector
  try {
    setFlagsFromString('--expose-gc')
    collector = runInNewContext('gc') as () => void
  } catch {
    collector = null
  }
  return collector
}

/**
 * Keep a worker thread's heap near what it holds, called after each task. V8
 * lets a heap grow far past its live data while the machine has room (a
 * thread that rendered 20,000 pages had grown to 1.3 GB holding 300 MB), and
 * each thread has a heap of its own. A heap grown past twice what the last
 * full collection left, and past 128 MB, is collected now.
 */
export function keepHeapSmall(): void {
  const used = getHeapStatistics().used_heap_size
  if (used < Math.max(smallest, 2 * live)) return
  const collect = fullCollection()
  if (collect === null) return
  collect()
  live = getHeapStatistics().used_heap_size
}
