import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { SheafError } from '../errors.js'
import { folderMaker, writeAtomically } from './folders.js'
import { isOutputPath, underRealFolders } from './output-paths.js'
import { outputMarker } from './out-dir.js'
import { ownerAlive, ownerTag } from './owner.js'

/**
 * What a publish is about to do to an output folder, written beside it
 * before anything moves (`.NAME.sheaf-publish`), and removed when it is done.
 * A build killed half-way leaves it, and the next build finishes the publish
 * from it: the output folder is always the complete old output or, after
 * that, the complete new one. Carrying out a journal twice does no harm, so
 * the publish and its completion are the same code.
 */
export interface PublishJournal {
  /** The process publishing (`ownerTag`). */
  owner: string
  /**
   * `moves`: the staged files are moved in one by one and the stale ones
   * deleted. `swap`: the staging folder replaces the output folder, which is
   * first moved aside to `old`.
   */
  kind: 'moves' | 'swap'
  /** The staging folder's name, beside the output folder. */
  staging: string
  /** `swap`: the name the old output folder is moved to before it is deleted. */
  old?: string
  /** `moves`: the output paths moved in from the staging folder. */
  moves?: string[]
  /** `moves`: the output paths Sheaf wrote before and no longer writes, deleted. */
  stale?: string[]
  /** `moves`: the output folder's marker once the publish is done, when the files it lists change. */
  marker?: string
}

/** Where the journal of an output folder's publish is kept: beside the folder, which a publish may replace. */
export const journalPath = (out: string): string => join(dirname(out), `.${basename(out)}.sheaf-publish`)

/** The prefixes of what a build leaves beside its output folder while it runs, each followed by the owner's tag and `-`. */
const leftoverPrefixes = (out: string): string[] => ['sheaf-tmp-', 'sheaf-old-', 'sheaf-publish.'].map((kind) => `.${basename(out)}.${kind}`)

/** Output folders this process is publishing into right now (a journal it owns for any other is left from a publish that failed). */
const publishing = new Set<string>()

/**
 * A test may stop a publish after its Nth step (the journal written, a file
 * moved or deleted, a folder renamed) with a signal, as a crash or a Ctrl-C
 * would: `SHEAF_TEST_PUBLISH_STOP=N:SIGNAL`.
 */
const stopAt = /^(\d+):(SIG[A-Z]+)$/.exec(process.env.SHEAF_TEST_PUBLISH_STOP ?? '')
let steps = 0
function step(): void {
  if (stopAt && ++steps === Number(stopAt[1])) process.kill(process.pid, stopAt[2] as NodeJS.Signals)
}

const isName = (name: unknown, prefix: string): name is string => typeof name === 'string' && name.startsWith(prefix) && !/[\\/]/.test(name) && name.length > prefix.length
const isPathList = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string' && isOutputPath(item))

/**
 * A journal read back from beside the output folder: untrusted like anything
 * read back, so one that names anything but this output folder's own staging
 * and old folders and paths inside the output folder is not used.
 */
function readJournal(out: string): PublishJournal | undefined {
  let journal: Partial<PublishJournal> | null
  try {
    journal = JSON.parse(readFileSync(journalPath(out), 'utf8')) as Partial<PublishJournal> | null
  } catch {
    return undefined
  }
  if (typeof journal !== 'object' || journal === null || typeof journal.owner !== 'string') return undefined
  const [staging, old] = leftoverPrefixes(out)
  if (!isName(journal.staging, staging!)) return undefined
  if (journal.kind === 'swap' && isName(journal.old, old!)) return journal as PublishJournal
  if (journal.kind === 'moves' && isPathList(journal.moves) && isPathList(journal.stale) && (journal.marker === undefined || (typeof journal.marker === 'string' && journal.marker.includes('"generator":"sheaf"')))) {
    return journal as PublishJournal
  }
  return undefined
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/** Write the journal, unless another publish into this output folder holds one: the file is made whole, synced, then linked in place (which fails if it is there). */
function claim(out: string, journal: PublishJournal): boolean {
  const path = journalPath(out)
  const temp = `${path}.${journal.owner}-${Date.now()}.tmp`
  const fd = openSync(temp, 'w')
  try {
    writeSync(fd, JSON.stringify(journal))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  } finally {
    unlinkSync(temp)
  }
}

/** Delete a file Sheaf wrote, unless a folder on its way is a symbolic link (or not a folder), or it is a folder itself: those are left alone. */
function deleteOwn(out: string, outPath: string): void {
  if (!underRealFolders(out, outPath)) return
  const target = join(out, outPath)
  try {
    if (!lstatSync(target).isDirectory()) unlinkSync(target)
  } catch {
    // Already gone.
  }
}

/** Carry out a journal, from wherever an interrupted run of it stopped; `done.changed` says whether it changed the output folder yet. */
async function carryOut(out: string, journal: PublishJournal, done = { changed: false }): Promise<void> {
  const parent = dirname(out)
  const staging = join(parent, journal.staging)
  if (journal.kind === 'swap') {
    const old = join(parent, journal.old!)
    if (exists(staging)) {
      if (exists(out)) {
        if (exists(old)) throw new Error(`${out}, ${staging} and ${old} are all there; move the one that is not the output aside and build again`)
        renameSync(out, old)
        done.changed = true
        step()
      }
      try {
        renameSync(staging, out)
      } catch (error) {
        // The old output goes back: a failed publish leaves the output as it was.
        if (!exists(out) && exists(old)) {
          renameSync(old, out)
          done.changed = false
        }
        throw error
      }
      done.changed = true
      step()
    }
    await rm(old, { recursive: true, force: true })
    return
  }
  const makeFolder = folderMaker()
  // Folders found real stay so while the moves run: a move only makes folders, as real ones.
  const real = new Map<string, boolean>()
  for (const outPath of journal.moves!) {
    const from = join(staging, outPath)
    if (!exists(from)) continue // Moved in already.
    if (!underRealFolders(out, outPath, real)) throw new Error(`A folder on the way to ${join(out, outPath)} is a symbolic link or a file; Sheaf does not write through it`)
    const target = join(out, outPath)
    makeFolder(dirname(target))
    renameSync(from, target)
    done.changed = true
    step()
  }
  const emptied = new Set<string>()
  for (const outPath of journal.stale!) {
    deleteOwn(out, outPath)
    done.changed = true
    step()
    for (let dir = dirname(outPath); dir !== '.' && dir !== ''; dir = dirname(dir)) emptied.add(dir)
  }
  // Folders left empty, deepest first; a folder that still holds anything stays.
  for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
    try {
      if (underRealFolders(out, dir) && lstatSync(join(out, dir)).isDirectory()) rmdirSync(join(out, dir))
    } catch {
      // Not empty.
    }
  }
  if (journal.marker !== undefined) writeAtomically(join(out, outputMarker), journal.marker)
  await rm(staging, { recursive: true, force: true })
}

/** Hold Ctrl-C and termination while `work` runs, then act on them: a publish stopped half-way would leave a mix until the next build. */
async function holdingSignals<T>(work: () => Promise<T>): Promise<T> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  let caught: NodeJS.Signals | undefined
  let heardElsewhere = false
  const hold = (signal: NodeJS.Signals): void => {
    caught ??= signal
    // Another listener heard it too, and acts on it itself.
    if (process.listenerCount(signal) > 1) heardElsewhere = true
  }
  for (const signal of signals) process.on(signal, hold)
  try {
    return await work()
  } finally {
    for (const signal of signals) process.off(signal, hold)
    if (caught !== undefined && !heardElsewhere) process.kill(process.pid, caught)
  }
}

/**
 * Publish into `out` by `journal`: wait for another publish into it to end,
 * write the journal, carry it out, and remove it. `ready` runs with the
 * journal held, before anything moves; it may throw to publish nothing.
 */
export async function publishBy(out: string, journal: Omit<PublishJournal, 'owner'>, ready: () => void): Promise<void> {
  const owned = { owner: ownerTag(), ...journal }
  await holdingSignals(async () => {
    while (!claim(out, owned)) await settlePublish(out)
    publishing.add(out)
    const done = { changed: false }
    try {
      step()
      ready()
      await carryOut(out, owned, done)
      unlinkSync(journalPath(out))
    } catch (error) {
      // Failed before anything changed: nothing to finish. Otherwise the journal stays, and the next build finishes the publish.
      if (!done.changed) rmSync(journalPath(out), { force: true })
      throw error
    } finally {
      publishing.delete(out)
    }
  })
}

/**
 * Before a build writes into `out`: wait for a publish into it by another
 * build to end, finish one that a killed build left half-way, and remove the
 * staging and old folders that killed builds left beside it.
 */
export async function settlePublish(out: string): Promise<void> {
  for (;;) {
    const journal = readJournal(out)
    if (journal === undefined) {
      // Damaged, or gone: a damaged one cannot be carried out, and the output record (which says a publish
      // was under way) makes the next build swap in a whole folder.
      rmSync(journalPath(out), { force: true })
      break
    }
    const live = journal.owner === ownerTag() ? publishing.has(out) : ownerAlive(journal.owner)
    if (live) {
      await sleep(20)
      continue
    }
    try {
      await carryOut(out, journal)
    } catch (error) {
      throw new SheafError('PUBLISH_UNFINISHED', `A build was stopped while publishing into ${out}, and finishing that publish failed: ${(error as Error).message}.`, { cause: error })
    }
    rmSync(journalPath(out), { force: true })
  }
  let names: string[]
  try {
    names = readdirSync(dirname(out))
  } catch {
    return
  }
  for (const prefix of leftoverPrefixes(out)) {
    for (const name of names) {
      if (!name.startsWith(prefix)) continue
      const owner = /^(\d+(?:\.\d+)?)-/.exec(name.slice(prefix.length))?.[1]
      if (owner === undefined || !ownerAlive(owner)) await rm(join(dirname(out), name), { recursive: true, force: true })
    }
  }
}
