import { statSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { isWithin } from '../output/out-dir.js'
import type { DevSession, FileChange } from './session.js'

export interface SiteWatcher {
  close(): Promise<void>
}

/**
 * How long the file system must be quiet before a batch of changes is
 * rebuilt (chokidar reports new files about 10 ms after a change next to
 * them, so less would split a `git checkout`), and the longest a batch waits.
 * The wait is not lost: the first changed document is read meanwhile.
 */
export const quietMs = 25
export const maxWaitMs = 250
/** How long chokidar suppresses repeated changes to one file. */
const throttleMs = 50

/**
 * Watch the site root (content, public/, layouts, the config, local
 * extensions) and any local extension outside it, never the output folder,
 * the cache or `node_modules`. Bursts (an editor's save-by-rename, a
 * `git checkout` of 1,000 files) collapse into one batch; batches run one at
 * a time, in order.
 */
export async function watchSite(session: DevSession, onBatch: (changes: FileChange[]) => Promise<void>): Promise<SiteWatcher> {
  const root = session.config.root
  const ignored = (path: string): boolean => {
    const { config } = session
    if (isWithin(path, config.paths.out) || isWithin(path, resolve(root, '.sheaf'))) return true
    const rel = path.startsWith(root) ? path.slice(root.length) : path
    return rel.split(sep).some((part) => part === 'node_modules' || (part.startsWith('.') && part.length > 1))
  }
  // Local modules and files read through the hook context that lie outside the root are watched too.
  const watched = new Set(session.outsideFiles())
  const extra = [...watched]
  // Imported here: `sheaf` is imported by every extension, and only `serve` watches.
  const { watch } = await import('chokidar')
  const watcher = watch([root, ...extra], { ignoreInitial: true, ignored, atomic: true })
  await new Promise<void>((ready) => watcher.once('ready', () => ready()))

  let pending = new Map<string, FileChange['kind']>()
  let timer: NodeJS.Timeout | undefined
  let firstAt = 0
  let running: Promise<void> = Promise.resolve()

  // chokidar drops a second change to a file within 50 ms of the first (it throttles,
  // it does not defer). So each changed file is looked at again just after that
  // window: if it changed since its batch was taken, that is a change of its own.
  const seen = new Map<string, string>()
  const fingerprint = (path: string): string => {
    try {
      const stats = statSync(path)
      return `${stats.mtimeMs}:${stats.size}`
    } catch {
      return 'missing'
    }
  }
  const recheck = (paths: string[]): void => {
    setTimeout(() => {
      if (closed) return
      for (const path of paths) if (seen.get(path) !== fingerprint(path)) record('change', path)
    }, throttleMs + 10).unref()
  }
  let closed = false
  /** After a rebuild, watch what the site now depends on outside the root. */
  const watchNew = (): void => {
    const fresh = session.outsideFiles().filter((path) => !watched.has(path))
    for (const path of fresh) watched.add(path)
    if (fresh.length > 0 && !closed) watcher.add(fresh)
  }

  const flush = (): void => {
    timer = undefined
    const batch = [...pending].map(([path, kind]) => ({ path, kind }))
    pending = new Map()
    const changed = batch.filter((change) => change.kind !== 'unlink').map((change) => change.path)
    for (const path of changed) seen.set(path, fingerprint(path))
    recheck(changed)
    if (batch.length > 0) session.changesWaiting(batch)
    if (batch.length > 0) running = running.then(() => onBatch(batch)).then(watchNew).catch(() => undefined)
  }
  // Raw file-system events come before chokidar has looked at them (a new file
  // is reported ~10 ms later): they count as activity, so a burst stays one batch.
  let lastActivity = 0
  watcher.on('raw', () => {
    lastActivity = Date.now()
  })
  const due = (): void => {
    const mine = timer
    // Reading ahead can hold the thread past the deadline with file events
    // still queued: let them in first (setImmediate runs after I/O).
    setImmediate(() => {
      if (closed || timer !== mine) return
      const now = Date.now()
      const quietFor = now - lastActivity
      if (quietFor < quietMs && now - firstAt < maxWaitMs) timer = setTimeout(due, quietMs - quietFor)
      else flush()
    })
  }
  const record = (kind: FileChange['kind'], path: string): void => {
    const previous = pending.get(path)
    // unlink then add (a save by rename) is a change; add then unlink is nothing.
    if (previous === 'unlink' && kind === 'add') pending.set(path, 'change')
    else if (previous === 'add' && kind === 'unlink') pending.delete(path)
    else if (previous !== 'add') pending.set(path, kind)
    const now = Date.now()
    lastActivity = now
    if (!timer) firstAt = now
    if (timer) clearTimeout(timer)
    timer = setTimeout(due, now - firstAt >= maxWaitMs ? 0 : quietMs)
    if (pending.size === 1 && kind !== 'unlink') session.prefetch(path)
  }
  watcher.on('add', (path) => record('add', resolve(path)))
  watcher.on('change', (path) => record('change', resolve(path)))
  watcher.on('unlink', (path) => record('unlink', resolve(path)))

  return {
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      session.closing()
      await watcher.close()
      await running
    },
  }
}
