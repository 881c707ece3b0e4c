import { contentHash } from '../output/staging.js'
import type { OutputSink } from '../pipeline/site-build.js'

/**
 * The output of `sheaf serve`: pages and generated files in memory, copied
 * files as references to their sources on disk. A rebuild writes into it in
 * two rounds, the pages (`settlePages`) and, when next asked for, what needs
 * every page rendered (`settleLate`); each round drops what the last one of
 * its kind made and this one did not.
 */
export class MemoryOutput implements OutputSink {
  /** Output path -> contents (pages, generated files, extension assets given as contents). */
  readonly files = new Map<string, string | Uint8Array>()
  /** Output path -> absolute source path (public/, content assets, theme and extension assets). */
  readonly statics = new Map<string, string>()
  private readonly digests = new Map<string, string>()
  /** What this round wrote, kept or copied. */
  private made = new Set<string>()
  /** What the last round of pages made. */
  private pagesMade = new Set<string>()
  /** What the last round of late outputs wrote. */
  private late = new Set<string>()
  private lateRound = false

  async write(outPath: string, contents: string | Uint8Array, digest?: string): Promise<void> {
    this.files.set(outPath, contents)
    this.statics.delete(outPath)
    if (digest === undefined) this.digests.delete(outPath)
    else this.digests.set(outPath, digest)
    this.made.add(outPath)
  }

  unchanged(outPath: string, digest: string): boolean {
    const contents = this.files.get(outPath)
    if (contents === undefined) return false
    let known = this.digests.get(outPath)
    if (known === undefined) this.digests.set(outPath, (known = contentHash(contents)))
    if (known !== digest) return false
    this.made.add(outPath)
    return true
  }

  async copy(from: string, outPath: string): Promise<void> {
    this.statics.set(outPath, from)
    this.files.delete(outPath)
    this.digests.delete(outPath)
    this.made.add(outPath)
  }

  /** Start a round: the pages of a rebuild, or its late outputs. */
  begin(round: 'pages' | 'late'): void {
    this.made = new Set()
    this.lateRound = round === 'late'
  }

  /** Whether `outPath` was made by the late outputs of the last round of them. */
  isLate(outPath: string): boolean {
    return this.late.has(outPath)
  }

  /**
   * End a round: drop what it did not make. After the pages, the late outputs
   * stay until their own round, and so do `keep` (the last good version of a
   * page that failed, shown until it is fixed).
   */
  settle(keep: Iterable<string> = []): void {
    const kept = new Set(keep)
    if (this.lateRound) {
      for (const path of this.late) if (!this.made.has(path) && !this.pagesMade.has(path)) this.remove(path)
      this.late = this.made
      return
    }
    this.pagesMade = this.made
    for (const path of [...this.files.keys(), ...this.statics.keys()]) {
      if (!this.made.has(path) && !this.late.has(path) && !kept.has(path)) this.remove(path)
    }
  }

  private remove(path: string): void {
    this.files.delete(path)
    this.statics.delete(path)
    this.digests.delete(path)
  }

  clear(): void {
    this.files.clear()
    this.statics.clear()
    this.digests.clear()
    this.late.clear()
    this.made.clear()
    this.pagesMade.clear()
  }
}
