import { closeSync, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs'
import { decodeSource, type SourceProblem } from './encoding.js'
import { documentKey } from './fingerprint.js'

/** A source as read: its text, what was wrong with its bytes, and its document key. */
export interface ReadSource {
  text: string
  problems: SourceProblem[]
  key: string
}

interface Known extends ReadSource {
  fingerprint: string
  ino: number
  size: number
  mtimeMs: number
  ctimeMs: number
}

/** How long a file must have been unchanged when it was read before its time and size are trusted to say it has not changed since. */
const settledMs = 2000

const sameFile = (known: Known, stat: Stats): boolean =>
  known.ino === stat.ino && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs

/** Read a source with its key under `fingerprint`; throws when the file cannot be read. */
export const readSource = (path: string, rel: string, fingerprint: string): ReadSource => sourceOf(readFileSync(path), rel, fingerprint)

const sourceOf = (bytes: Buffer, rel: string, fingerprint: string): ReadSource => ({ ...decodeSource(bytes), key: documentKey(fingerprint, rel, bytes) })

/**
 * Sources read before, by path, for a process that builds the same site again
 * and again (`sheaf serve`): a file whose identity, size and times are those
 * it had when it was read is not read again, which is one `stat` instead of
 * opening and reading it. A file is remembered only if it had not changed for
 * two seconds when it was read: a file system's clock is coarse, and a write
 * within the same tick as an earlier one would leave the same time.
 */
export class SourceMemo {
  private readonly known = new Map<string, Known>()
  private readonly settledMs: number

  /** `settledMs`: how long a file must have been unchanged when read to be remembered (tests shorten it). */
  constructor(options: { settledMs?: number } = {}) {
    this.settledMs = options.settledMs ?? settledMs
  }

  /** Read a source (or know it), with its key under `fingerprint`; throws when the file cannot be read. */
  read(path: string, rel: string, fingerprint: string): ReadSource {
    const known = this.known.get(path)
    if (known !== undefined) {
      let stat: Stats | undefined
      try {
        stat = statSync(path)
      } catch {
        // Gone or unreadable: reading it says why.
      }
      if (stat !== undefined && sameFile(known, stat) && known.fingerprint === fingerprint) return known
      this.known.delete(path)
    }
    const fd = openSync(path, 'r')
    let bytes: Buffer
    let stat: Stats
    try {
      stat = fstatSync(fd)
      bytes = readFileSync(fd)
    } finally {
      closeSync(fd)
    }
    const source = sourceOf(bytes, rel, fingerprint)
    const now = Date.now()
    if (stat.isFile() && now - stat.mtimeMs >= this.settledMs && now - stat.ctimeMs >= this.settledMs) {
      const known: Known = { ...source, fingerprint, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs }
      this.known.set(path, known)
      return known
    }
    return source
  }

  /** Forget every source not in `paths` (documents that went). */
  keepOnly(paths: ReadonlySet<string>): void {
    for (const path of this.known.keys()) if (!paths.has(path)) this.known.delete(path)
  }
}
