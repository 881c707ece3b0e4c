import { createHash, randomBytes } from 'node:crypto'
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { sheafVersion } from '../package-info.js'
import { folderMaker, writeAtomically } from './folders.js'
import { isWithin, outputMarker } from './out-dir.js'

/** What Sheaf wrote at one output path: a digest of the contents (or of the copied file's identity), and the file as written. */
interface WrittenFile {
  hash: string
  size: number
  mtimeMs: number
}

/** What a build published into one output folder, kept in the cache (never in the output, which stays byte-for-byte the same). */
interface OutputRecord {
  out: string
  /** True while files are being moved in; a record left like this means the output is half-updated. */
  publishing?: boolean
  files?: Record<string, WrittenFile>
}

/** The digest outputs are compared by; the cache keeps it for each page it renders, so an unchanged page needs no rendering to compare. */
export const contentHash = (contents: string | Uint8Array): string => createHash('sha1').update(contents).digest('hex')

/** The marker of an output folder: who wrote it, and the files it wrote (sorted, so the same build writes the same bytes). */
const markerText = (files: string[]): string => JSON.stringify({ generator: 'sheaf', version: sheafVersion, files: [...files].sort() }) + '\n'

/**
 * Whether an output path read back from a record is one a build could have
 * written: relative, with forward slashes, inside the output folder, naming
 * a file in it (not the folder, nor its marker).
 */
export function isOutputPath(outPath: string): boolean {
  if (outPath === '' || outPath === outputMarker || outPath.includes('\0') || outPath.startsWith('/')) return false
  // On Windows a backslash separates folders too, and a drive letter makes a path absolute.
  if (process.platform === 'win32' && (outPath.includes('\\') || /^[A-Za-z]:/.test(outPath))) return false
  return outPath.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

const isWrittenFile = (value: unknown): value is WrittenFile => {
  const file = value as Partial<WrittenFile> | null
  return typeof file === 'object' && file !== null && typeof file.hash === 'string' && Number.isFinite(file.size) && Number.isFinite(file.mtimeMs)
}

/**
 * The record of an output folder, read back from the cache: untrusted (a CI
 * cache or an archive may carry a damaged or planted one), so a record with
 * any entry that is not a file a build could have written in this output
 * folder is not used at all, and the build swaps in a whole folder.
 */
function readRecord(path: string | undefined, out: string): OutputRecord | undefined {
  if (path === undefined) return undefined
  let record: Partial<OutputRecord> | null
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as Partial<OutputRecord> | null
  } catch {
    return undefined
  }
  if (typeof record !== 'object' || record === null || record.out !== out) return undefined
  const { files } = record
  if (files !== undefined && (typeof files !== 'object' || files === null || Array.isArray(files))) return undefined
  for (const [outPath, file] of Object.entries(files ?? {})) if (!isOutputPath(outPath) || !isWrittenFile(file)) return undefined
  return { out, publishing: record.publishing === true, files }
}


/**
 * A new folder whose name starts with `prefix`, made like any other folder
 * (755 with the usual umask): `mkdtemp` makes it 700, and the staging folder
 * becomes the output folder, which a web server running as another user must
 * be able to read.
 */
async function freshFolder(prefix: string): Promise<string> {
  for (;;) {
    const dir = prefix + randomBytes(6).toString('hex')
    try {
      await mkdir(dir)
      return dir
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/** The files an output folder's marker says Sheaf wrote; undefined without a marker that lists them. */
function markedFiles(out: string): string[] | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(out, outputMarker), 'utf8')) as { files?: unknown } | null
    return Array.isArray(marker?.files) ? marker.files.map(String) : undefined
  } catch {
    return undefined
  }
}

const listsSame = (listed: ReadonlySet<string> | undefined, files: string[]): boolean => listed !== undefined && listed.size === files.length && files.every((file) => listed.has(file))

/** The absolute path of an output path inside `folder`, refusing any that would leave it. */
function pathWithin(folder: string, outPath: string): string {
  const target = resolve(folder, outPath)
  if (!isWithin(target, folder) || target === folder) throw new Error(`Refusing to touch ${JSON.stringify(outPath)}: it is outside the output folder`)
  return target
}

/**
 * A build writes into a staging folder beside the output folder, and only a
 * build that succeeded publishes it; a failed one discards it, and the previous
 * output stays as it was.
 *
 * With a record of what the last build published (kept in the cache), the
 * build stages only the files
 * that differ: a file that would be written with the same bytes (or copied from
 * the same unchanged file) is left where it is, if it is still as Sheaf wrote
 * it. Publishing then moves the staged files in one by one (each an atomic
 * rename), deletes the files Sheaf wrote before and no longer writes, and
 * leaves any other file alone. Otherwise (a first build, or an output folder
 * left half-updated by a build that was killed) the whole staging folder is
 * swapped in for the output folder, which is two renames.
 */
export class Staging {
  readonly dir: string
  readonly out: string
  /** What the output folder holds, as the last build recorded it; undefined when it cannot be trusted. */
  private readonly previous: Record<string, WrittenFile> | undefined
  private readonly files = new Map<string, WrittenFile>()
  private readonly staged = new Set<string>()
  /** The files the output folder's marker says Sheaf wrote (read once: nothing changes it until publishing); undefined when it lists none. */
  private readonly marked: ReadonlySet<string> | undefined

  /** Where the record of this output folder is kept; undefined keeps none (every build swaps in a whole folder). */
  private readonly recordPath: string | undefined

  private constructor(dir: string, out: string, recordPath: string | undefined) {
    this.dir = dir
    this.out = out
    this.recordPath = recordPath
    const marked = markedFiles(out)
    this.marked = marked && new Set(marked)
    const record = readRecord(recordPath, out)
    // The record holds while the output folder is as the build that wrote it left it: its marker lists
    // the same files. A build without the cache (which keeps no record) or by hand changes that.
    this.previous = record && !record.publishing && record.files && listsSame(this.marked, Object.keys(record.files)) ? record.files : undefined
  }

  static async create(out: string, options: { record?: string } = {}): Promise<Staging> {
    const parent = dirname(out)
    await mkdir(parent, { recursive: true })
    const dir = await freshFolder(join(parent, `.${basename(out)}.sheaf-tmp-`))
    return new Staging(dir, out, options.record)
  }

  /** The absolute path for an output path, refusing any that would leave the output folder. */
  pathFor(outPath: string): string {
    return pathWithin(this.dir, outPath)
  }

  private readonly makeFolder = folderMaker()

  /**
   * Whether the output folder already holds `outPath` with contents of this
   * digest, untouched since Sheaf wrote it. If so it is kept as it is.
   */
  unchanged(outPath: string, hash: string): boolean {
    const before = this.previous?.[outPath]
    if (before === undefined || before.hash !== hash) return false
    let stat
    try {
      stat = statSync(join(this.out, outPath))
    } catch {
      return false
    }
    if (!stat.isFile() || stat.size !== before.size || stat.mtimeMs !== before.mtimeMs) return false
    this.files.set(outPath, before)
    this.staged.delete(outPath)
    return true
  }

  private stage(outPath: string, hash: string, put: (target: string) => void): void {
    const target = this.pathFor(outPath)
    if (this.unchanged(outPath, hash)) return
    this.makeFolder(dirname(target))
    put(target)
    // The size and time of the file as it will sit in the output folder: a rename keeps both.
    const stat = statSync(target)
    this.files.set(outPath, { hash, size: stat.size, mtimeMs: stat.mtimeMs })
    this.staged.add(outPath)
  }

  /** Write a file; `digest` is its `contentHash` when the caller has it already. */
  async write(outPath: string, contents: string | Uint8Array, digest = contentHash(contents)): Promise<void> {
    this.stage(outPath, digest, (target) => writeFileSync(target, contents))
  }

  /** Copy a file; one copied before from the same, unchanged file (same path, size and time) is kept. */
  async copy(from: string, outPath: string): Promise<void> {
    const source = statSync(from)
    this.stage(outPath, `copy:${from}:${source.size}:${source.mtimeMs}`, (target) => copyFileSync(from, target))
  }

  /** Note what the output folder holds; a record that cannot be written only costs the next build its shortcut. */
  private writeRecord(record: OutputRecord): void {
    if (this.recordPath === undefined) return
    try {
      mkdirSync(dirname(this.recordPath), { recursive: true })
      writeAtomically(this.recordPath, JSON.stringify(record))
    } catch {
      try {
        rmSync(this.recordPath, { force: true })
      } catch {
        // Nothing can be written there (the cache folder is a file, or read-only): the cache says so once.
      }
    }
  }

  /**
   * The output paths this build writes where the output folder holds a file
   * Sheaf did not write (its marker does not list it): publishing would
   * replace someone's file. Without a marker that lists files, none are known.
   */
  foreignWrites(): string[] {
    const listed = this.marked
    if (listed === undefined) return []
    return [...this.files.keys()].filter((outPath) => !listed.has(outPath) && existsSync(join(this.out, outPath))).sort()
  }

  /** The output paths whose files this build changed or added, for the build's summary. */
  get changed(): number {
    return this.staged.size
  }

  /** Publish: move the changed files in (or swap the whole folder), then record what the output holds. */
  async publish(): Promise<void> {
    const files = Object.fromEntries([...this.files].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (this.previous === undefined || !existsSync(this.out) || !this.movable()) {
      await this.swap(files)
      return
    }
    const stale = Object.keys(this.previous).filter((outPath) => !this.files.has(outPath))
    if (this.staged.size === 0 && stale.length === 0) {
      await this.discard()
      return
    }
    // Anything that stops the moves half-way leaves this record, and the next build swaps in a whole folder;
    // the marker lists what these moves may leave behind first, so that build knows those files are Sheaf's.
    const adding = [...this.staged].filter((outPath) => this.previous![outPath] === undefined)
    if (adding.length > 0) writeAtomically(join(this.out, outputMarker), markerText([...Object.keys(this.previous), ...adding]))
    this.writeRecord({ out: this.out, publishing: true })
    const makeFolder = folderMaker()
    for (const outPath of this.staged) {
      const target = join(this.out, outPath)
      makeFolder(dirname(target))
      renameSync(join(this.dir, outPath), target)
    }
    const emptied = new Set<string>()
    for (const outPath of stale) {
      try {
        unlinkSync(pathWithin(this.out, outPath))
      } catch {
        // Already gone, or replaced by a folder the user made: left alone.
      }
      for (let dir = dirname(outPath); dir !== '.' && dir !== ''; dir = dirname(dir)) emptied.add(dir)
    }
    // Folders left empty, deepest first; a folder that still holds anything stays.
    for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(join(this.out, dir))
      } catch {
        // Not empty.
      }
    }
    // The marker lists what Sheaf wrote, for a later build that swaps the whole folder without this record.
    if (stale.length > 0 || adding.length > 0) writeAtomically(join(this.out, outputMarker), markerText(Object.keys(files)))
    this.writeRecord({ out: this.out, files })
    await this.discard()
  }

  /**
   * Files in the output folder that no Sheaf build wrote, by the list in its
   * marker, and that this build does not write: they are kept. Without a list
   * (a marker from an older Sheaf) none are known.
   */
  private foreignFiles(written: Record<string, WrittenFile>): string[] {
    const listed = this.marked
    if (listed === undefined) return []
    const found: string[] = []
    for (const entry of readdirSync(this.out, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue
      const rel = relative(this.out, join(entry.parentPath, entry.name)).split(sep).join('/')
      if (rel !== outputMarker && !listed.has(rel) && written[rel] === undefined) found.push(rel)
    }
    return found.sort()
  }

  /** Whether every staged file can be renamed into place: no folder stands where a file goes, and no file where a folder goes. */
  private movable(): boolean {
    for (const outPath of this.staged) {
      try {
        if (statSync(join(this.out, outPath)).isDirectory()) return false
      } catch {
        // Not there yet: fine, if no parent is a file.
      }
      for (let dir = dirname(outPath); dir !== '.' && dir !== ''; dir = dirname(dir)) {
        try {
          if (!statSync(join(this.out, dir)).isDirectory()) return false
        } catch {
          // Not there yet.
        }
      }
    }
    return true
  }

  /** Put in the files kept from the output folder, then swap the staging folder in for it: two renames. */
  private async swap(files: Record<string, WrittenFile>): Promise<void> {
    for (const outPath of this.files.keys()) {
      if (this.staged.has(outPath)) continue
      const target = this.pathFor(outPath)
      this.makeFolder(dirname(target))
      copyFileSync(join(this.out, outPath), target)
      const stat = statSync(target)
      files[outPath] = { ...files[outPath]!, size: stat.size, mtimeMs: stat.mtimeMs }
    }
    // Files someone else put in the output folder go over to the new one; only Sheaf's own are replaced.
    for (const rel of this.foreignFiles(files)) {
      const target = this.pathFor(rel)
      try {
        this.makeFolder(dirname(target))
        copyFileSync(join(this.out, rel), target, constants.COPYFILE_EXCL)
      } catch (error) {
        throw new Error(`The output folder holds ${rel}, which Sheaf did not write, and this build writes a file or folder in its place (${(error as Error).message}); move it out of ${this.out}`, { cause: error })
      }
    }
    writeFileSync(join(this.dir, outputMarker), markerText(Object.keys(files)))
    this.writeRecord({ out: this.out, publishing: true })
    if (!existsSync(this.out)) {
      await rename(this.dir, this.out)
    } else {
      const old = await mkdtemp(join(dirname(this.out), `.${basename(this.out)}.sheaf-old-`))
      await rm(old, { recursive: true })
      await rename(this.out, old)
      try {
        await rename(this.dir, this.out)
      } catch (error) {
        await rename(old, this.out)
        throw error
      }
      await rm(old, { recursive: true, force: true })
    }
    this.writeRecord({ out: this.out, files })
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
