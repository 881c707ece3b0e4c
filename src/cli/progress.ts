import { groupDigits } from '../report/format.js'

const labels: Record<string, string> = { reading: 'Reading', rendering: 'Rendering', writing: 'Writing' }

/** Seconds as the progress line says them: `40 s`, `2 min 5 s`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds))
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min${whole % 60 ? ` ${whole % 60} s` : ''}`
}

/**
 * How long the rest of the build should take, or undefined while it is too
 * early to say. The current phase's pace gives its own rest; reading is
 * followed by rendering, which takes about as long as reading took on the
 * builds measured, so it is counted once more.
 */
function remaining(phase: string, done: number, total: number, phaseSeconds: number): number | undefined {
  if (done === 0 || total === 0 || phaseSeconds < 1 || done / total < 0.05) return undefined
  const perItem = phaseSeconds / done
  const rest = (total - done) * perItem
  return phase === 'reading' ? rest + total * perItem : rest
}

export interface ProgressOptions {
  enabled: boolean
  /** Milliseconds since some fixed point (a test passes its own clock). */
  now?: () => number
  /** The estimate is shown once the build looks to take longer than this many seconds (default 10). */
  etaAfterSeconds?: number
}

/**
 * One live progress line on a terminal (`Rendering 1,200/4,000 · about 12 s
 * left`), naming the phase with n/N from its start, redrawn at most every
 * 50 ms and erased when done. An estimate of the time left joins it on builds
 * that look to take longer than 10 s. Nothing at all when disabled.
 */
export function createProgress(
  stream: NodeJS.WritableStream,
  options: ProgressOptions,
): { update: (done: number, total: number, phase?: string) => void; clear: () => void; done: () => void } {
  const now = options.now ?? Date.now
  const etaAfter = options.etaAfterSeconds ?? 10
  const started = now()
  let last = -Infinity
  let shown = false
  let phase = ''
  let phaseStarted = started
  let line = ''
  return {
    update(done, total, name = 'rendering') {
      if (!options.enabled) return
      const at = now()
      if (name !== phase) {
        phase = name
        phaseStarted = at
      } else if (at - last < 50 && done < total) return
      last = at
      const rest = remaining(phase, done, total, (at - phaseStarted) / 1000)
      const eta = rest !== undefined && (at - started) / 1000 + rest > etaAfter ? ` · about ${formatSeconds(rest)} left` : ''
      line = `${labels[phase] ?? phase} ${groupDigits(done)}/${groupDigits(total)}${eta}`
      shown = true
      stream.write(`\r\x1b[2K${line}`)
    },
    /** Erase the line for a moment, so that a log line can be written; the next update draws it again. */
    clear() {
      if (shown) stream.write('\r\x1b[2K')
      shown = false
      last = -Infinity
    },
    done() {
      if (shown) stream.write('\r\x1b[2K')
      shown = false
    },
  }
}
