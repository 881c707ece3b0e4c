import { describe, expect, it } from 'vitest'
import { createProgress, formatSeconds } from '../src/cli/progress.js'

/** A progress line on a stream that keeps what was written, with a clock the test moves. */
function line() {
  const written: string[] = []
  let ms = 0
  const progress = createProgress({ write: (text: string) => void written.push(text) } as unknown as NodeJS.WritableStream, { enabled: true, now: () => ms })
  return { progress, written, at: (seconds: number) => void (ms = seconds * 1000), last: () => written.at(-1) }
}

describe('the progress line', () => {
  it('names the phase with n/N from its start, and adds no estimate to a short build', () => {
    const { progress, last, at } = line()
    progress.update(0, 100, 'reading')
    expect(last()).toBe('\r\x1b[2KReading 0/100')
    at(1)
    progress.update(50, 100, 'reading')
    expect(last()).toBe('\r\x1b[2KReading 50/100')
    progress.update(0, 100, 'rendering')
    expect(last()).toBe('\r\x1b[2KRendering 0/100')
  })

  it('adds the time left once the build looks to take more than 10 s: the rest of reading, and rendering after it', () => {
    const { progress, last, at } = line()
    progress.update(0, 4000, 'reading')
    at(2)
    // 400 documents in 2 s: 3,600 more to read (18 s) and 4,000 to render (20 s).
    progress.update(400, 4000, 'reading')
    expect(last()).toBe('\r\x1b[2KReading 400/4,000 · about 38 s left')
    at(22)
    progress.update(0, 4000, 'rendering')
    at(32)
    progress.update(2000, 4000, 'rendering')
    expect(last()).toBe('\r\x1b[2KRendering 2,000/4,000 · about 10 s left')
  })

  it('waits for enough of a phase before it estimates, and redraws at most every 50 ms but always at the end', () => {
    const { progress, written, at } = line()
    progress.update(0, 4000, 'reading')
    at(0.5)
    progress.update(1000, 4000, 'reading')
    expect(written.at(-1)).toBe('\r\x1b[2KReading 1,000/4,000')
    at(0.52)
    progress.update(1001, 4000, 'reading')
    expect(written).toHaveLength(2)
    progress.update(4000, 4000, 'reading')
    expect(written).toHaveLength(3)
  })

  it('erases itself for a log line and when done, and writes nothing when disabled', () => {
    const { progress, written } = line()
    progress.update(1, 2, 'reading')
    progress.clear()
    progress.done()
    expect(written).toEqual(['\r\x1b[2KReading 1/2', '\r\x1b[2K'])
    const quiet: string[] = []
    const off = createProgress({ write: (text: string) => void quiet.push(text) } as unknown as NodeJS.WritableStream, { enabled: false })
    off.update(1, 2, 'reading')
    off.done()
    expect(quiet).toEqual([])
  })

  it('says seconds and minutes', () => {
    expect([formatSeconds(0.2), formatSeconds(42.4), formatSeconds(60), formatSeconds(125)]).toEqual(['1 s', '42 s', '1 min', '2 min 5 s'])
  })
})
