import { groupDigits } from '../report/format.js'
/**
 * One live progress line on a terminal (`Rendering 1,200/4,000`), redrawn at
 * most every 50 ms and erased when done. Nothing at all when disabled.
 */
export function createProgress(
  stream: NodeJS.WritableStream,
  options: { enabled: boolean; label?: string },
): { update: (done: number, total: number) => void; done: () => void } {
  let last = 0
  let shown = false
  const label = options.label ?? 'Rendering'
  return {
    update(done, total) {
      if (!options.enabled) return
      const now = Date.now()
      if (now - last < 50 && done < total) return
      last = now
      shown = true
      stream.write(`\r\x1b[2K${label} ${groupDigits(done)}/${groupDigits(total)}`)
    },
    done() {
      if (shown) stream.write('\r\x1b[2K')
      shown = false
    },
  }
}
