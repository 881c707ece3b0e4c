import { createHash, randomBytes } from 'node:crypto'
import { constants, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'
import { SheafError } from '../errors.js'
import { sheafVersion } from '../package-info.js'
import { folderMaker, syncFiles, writeAtomically } from './folders.js'
import { checkReplaceable, outputMarker } from './out-dir.js'
import { blockingFolder, isOutputPath, pathWithin, underRealFolders } from './output-paths.js'
import { ownerTag } from './owner.js'
import { publishBy, settlePublish } from './publish-journal.js'

/** Files written at once, on Node's I/O threads (four by default). */
const parallelWrites = 16

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
function readRecord(text: string | undefined, out: string): OutputRecord | undefined {
  if (text === undefined) return undefined
  let record: Partial<OutputRecord> | null
  try {
    record = JSON.parse(text) as Partial<OutputRecord> | null
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
 * Which output folder, marker and record are there: every publish changes
 * one of them (it swaps in a folder, or writes the record anew, or the
 * marker when the files it lists change).
 */
function outputStamp(out: string, record: string | undefined): string {
  const stamp = (path: string): string => {
    try {
      const stat = lstatSync(path)
      return `${stat.ino}:${stat.mtimeMs}`
    } catch {
      return '-'
    }
  }
  return `${stamp(out)} ${stamp(join(out, outputMarker))} ${record === undefined ? '-' : stamp(record)}`
}

/** A file's text; undefined when there is none to read. */
function textOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
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
  /** The output folder and marker as this build found them (`outputStamp`). */
  private readonly stamp: string

  private constructor(dir: string, out: string, recordPath: string | undefined) {
    this.dir = dir
    this.out = out
    this.recordPath = recordPath
    const marked = markedFiles(out)
    this.marked = marked && new Set(marked)
    this.stamp = outputStamp(out, recordPath)
    const record = readRecord(textOf(recordPath), out)
    // The record holds while the output folder is as the build that wrote it left it: its marker lists
    // the same files. A build without the cache (which keeps no record) or by hand changes that.
    this.previous = record && !record.publishing && record.files && listsSame(this.marked, Object.keys(record.files)) ? record.files : undefined
  }

  /**
   * Stage a build for `out`: first finish a publish into it that a killed
   * build left half-way (or wait for one under way to end), and remove what
   * killed builds left beside it; then check Sheaf may replace it.
   */
  static async create(out: string, options: { record?: string } = {}): Promise<Staging> {
    const parent = dirname(out)
    await mkdir(parent, { recursive: true })
    await settlePublish(out)
    checkReplaceable(out)
    const dir = await freshFolder(join(parent, `.${basename(out)}.sheaf-tmp-${ownerTag()}-`))
    return new Staging(dir, out, options.record)
  }

  /** The absolute path for an output path, refusing any that would leave the output folder. */
  pathFor(outPath: string): string {
    return pathWithin(this.dir, outPath)
  }

  private readonly makeFolder = folderMaker()
  /** Folders of the output folder looked at while staging (nothing changes them before publishing): whether each is a real folder. */
  private readonly outFolders = new Map<string, boolean>()

  /**
   * Whether the output folder already holds `outPath` with contents of this
   * digest, untouched since Sheaf wrote it. If so it is kept as it is.
   */
  unchanged(outPath: string, hash: string): boolean {
    const before = this.previous?.[outPath]
    if (before === undefined || before.hash !== hash) return false
    let stat
    try {
      // Not through a symbolic link someone put in the output folder: the file it reaches is not Sheaf's.
      if (!underRealFolders(this.out, outPath, this.outFolders)) return false
      stat = lstatSync(join(this.out, outPath))
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

  /** Writes under way, by output path. */
  private readonly writing = new Map<string, Promise<void>>()
  /** The first write that failed, which `flush` throws. */
  private writeFailure: { error: unknown } | undefined
  /** Folders made (or being made) for writes. */
  private readonly folders = new Map<string, Promise<unknown>>()

  /**
   * Write a file; `digest` is its `contentHash` when the caller has it already.
   * The write goes on on Node's I/O threads while the build renders the next
   * page (a few at once; past that, this waits for one to end): a failure is
   * thrown by a later write or by `flush`, which publishing calls first.
   */
  async write(outPath: string, contents: string | Uint8Array, digest = contentHash(contents)): Promise<void> {
    const target = this.pathFor(outPath)
    await this.writing.get(outPath)
    if (this.unchanged(outPath, digest)) return
    while (this.writing.size >= parallelWrites) await Promise.race(this.writing.values())
    if (this.writeFailure) throw this.writeFailure.error
    this.staged.add(outPath)
    this.files.set(outPath, { hash: digest, size: 0, mtimeMs: 0 })
    const done: Promise<void> = this.put(outPath, target, digest, contents)
      .catch((error: unknown) => {
        this.writeFailure ??= { error }
      })
      .finally(() => {
        if (this.writing.get(outPath) === done) this.writing.delete(outPath)
      })
    this.writing.set(outPath, done)
  }

  private async put(outPath: string, target: string, hash: string, contents: string | Uint8Array): Promise<void> {
    const dir = dirname(target)
    let folder = this.folders.get(dir)
    if (folder === undefined) this.folders.set(dir, (folder = mkdir(dir, { recursive: true })))
    await folder
    await writeFile(target, contents)
    // The size and time of the file as it will sit in the output folder: a rename keeps both.
    const { size, mtimeMs } = await stat(target)
    this.files.set(outPath, { hash, size, mtimeMs })
  }

  /** Wait for the writes under way; throw the first failure of any write. */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing.values())
    if (this.writeFailure) throw this.writeFailure.error
  }

  /** Copy a file; one copied before from the same, unchanged file (same path, size and time) is kept. */
  async copy(from: string, outPath: string): Promise<void> {
    await this.writing.get(outPath)
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
   * The output paths this build writes where the output folder holds
   * something Sheaf did not write, with that thing (`foreign`): a file its
   * marker does not list, which publishing would replace, or a symbolic link
   * (or unlisted file) where a folder goes, which Sheaf does not write
   * through. Without a marker that lists files, only links are known.
   */
  foreignWrites(): Array<{ outPath: string; foreign: string; link: boolean }> {
    const listed = this.marked
    const found: Array<{ outPath: string; foreign: string; link: boolean }> = []
    for (const outPath of [...this.files.keys()].sort()) {
      const blocking = blockingFolder(this.out, outPath, this.outFolders)
      if (blocking !== undefined) {
        const link = lstatSync(join(this.out, blocking)).isSymbolicLink()
        if (link || (listed !== undefined && !listed.has(blocking))) found.push({ outPath, foreign: blocking, link })
      } else if (listed !== undefined && !listed.has(outPath) && existsSync(join(this.out, outPath))) {
        found.push({ outPath, foreign: outPath, link: lstatSync(join(this.out, outPath)).isSymbolicLink() })
      }
    }
    return found
  }

  /** The output paths whose files this build changed or added, for the build's summary. */
  get changed(): number {
    return this.staged.size
  }

  /** Publish: move the changed files in (or swap the whole folder), then record what the output holds. */
  async publish(): Promise<void> {
    await this.flush()
    const files = Object.fromEntries([...this.files].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (this.previous === undefined || !existsSync(this.out) || !this.movable()) {
      await this.swap(files)
      return
    }
    const previous = this.previous
    const stale = Object.keys(previous).filter((outPath) => !this.files.has(outPath))
    if (this.staged.size === 0 && stale.length === 0) {
      await this.discard()
      return
    }
    const moves = [...this.staged]
    const adding = moves.filter((outPath) => previous[outPath] === undefined)
    // The marker lists what Sheaf wrote, for a later build that swaps the whole folder without the record; it changes when the list does.
    const marker = stale.length > 0 || adding.length > 0 ? markerText(Object.keys(files)) : undefined
    if (moves.length > 0) await syncFiles(this.dir, () => moves.map((outPath) => join(this.dir, outPath)))
    await publishBy(this.out, { kind: 'moves', staging: basename(this.dir), moves, stale, ...(marker === undefined ? {} : { marker }) }, () => {
      this.checkUnchangedSince()
      // Should the journal be lost, the marker lists what these moves may leave behind, so a later build knows those files are Sheaf's,
      // and the record (until it is written anew) makes that build swap in a whole folder.
      if (adding.length > 0) writeAtomically(join(this.out, outputMarker), markerText([...Object.keys(previous), ...adding]))
      this.writeRecord({ out: this.out, publishing: true })
    })
    this.writeRecord({ out: this.out, files })
  }

  /**
   * Throw if another build published into the output folder while this one
   * ran (it moved the marker): the files this build kept as they were may
   * be that build's now.
   */
  private checkUnchangedSince(): void {
    if (this.previous !== undefined && outputStamp(this.out, this.recordPath) !== this.stamp) {
      throw new SheafError('OUTPUT_CHANGED', `Another build published into ${this.out} while this one ran, so this build's output was not published: files it kept from the output as it found it may be that build's now.`)
    }
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
      if (!entry.isFile() && !entry.isSymbolicLink()) continue
      const rel = relative(this.out, join(entry.parentPath, entry.name)).split(sep).join('/')
      if (rel !== outputMarker && !listed.has(rel) && written[rel] === undefined) found.push(rel)
    }
    return found.sort()
  }

  /** Whether every staged file can be renamed into place: no folder stands where a file goes, and no file where a folder goes. */
  private movable(): boolean {
    for (const outPath of this.staged) {
      // Nor a symbolic link on the way: Sheaf does not write through one.
      if (!underRealFolders(this.out, outPath, this.outFolders)) return false
      try {
        if (lstatSync(join(this.out, outPath)).isDirectory()) return false
      } catch {
        // Not there yet.
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
    // Files and links someone else put in the output folder go over to the new one; only Sheaf's own are replaced.
    for (const rel of this.foreignFiles(files)) {
      const target = this.pathFor(rel)
      const from = join(this.out, rel)
      try {
        this.makeFolder(dirname(target))
        if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), target)
        else copyFileSync(from, target, constants.COPYFILE_EXCL)
      } catch (error) {
        throw new Error(`The output folder holds ${rel}, which Sheaf did not write, and this build writes a file or folder in its place (${(error as Error).message}); move it out of ${this.out}`, { cause: error })
      }
    }
    writeFileSync(join(this.dir, outputMarker), markerText(Object.keys(files)))
    await syncFiles(this.dir, () => readdirSync(this.dir, { recursive: true, withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [join(entry.parentPath, entry.name)] : [])))
    const old = `.${basename(this.out)}.sheaf-old-${ownerTag()}-${randomBytes(6).toString('hex')}`
    await publishBy(this.out, { kind: 'swap', staging: basename(this.dir), old }, () => {
      this.checkUnchangedSince()
      this.writeRecord({ out: this.out, publishing: true })
    })
    this.writeRecord({ out: this.out, files })
  }

  async discard(): Promise<void> {
    // What is being written goes too (a write that failed does not matter any more).
    await this.flush().catch(() => {})
    await rm(this.dir, { recursive: true, force: true })
  }
}
