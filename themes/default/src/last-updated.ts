import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { HookContext, Page } from 'sheaf'

/** A git checkout: its top folder, its git folder, and the folder its refs are in (another for a worktree). */
interface Checkout {
  top: string
  gitDir: string
  commonDir: string
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

const checkouts = new Map<string, Checkout>()

/** The git checkout the folder is in (found by its `.git`, a folder or a worktree's file), or undefined. */
export function checkoutOf(folder: string): Checkout | undefined {
  const known = checkouts.get(folder)
  if (known) return known
  let found: Checkout | undefined
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git')
    if (existsSync(dotGit)) {
      let gitDir = dotGit
      if (statSync(dotGit).isFile()) {
        const named = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim()
        if (named) gitDir = resolve(dir, named)
      }
      const common = readText(join(gitDir, 'commondir'))?.trim()
      found = { top: dir, gitDir, commonDir: common ? resolve(gitDir, common) : gitDir }
      break
    }
    if (dirname(dir) === dir) break
  }
  // Only a checkout found is kept: a site may become one while it is served.
  if (found) checkouts.set(folder, found)
  return found
}

/**
 * The files that say which commit is checked out: HEAD, and the branch it
 * names, loose or, when it has no file of its own, in the packed refs (a file
 * that can be large, and that every page would otherwise read).
 */
function headFiles(checkout: Checkout): string[] {
  const head = join(checkout.gitDir, 'HEAD')
  const ref = /^ref:\s*(\S+)/.exec(readText(head) ?? '')?.[1]
  if (!ref) return [head]
  const loose = join(checkout.commonDir, ...ref.split('/'))
  return [head, loose, ...(existsSync(loose) ? [] : [join(checkout.commonDir, 'packed-refs')])]
}

const times = new Map<string, Map<string, number>>()

/**
 * When each file of the checkout was last committed (seconds), from one
 * `git log` of the commit checked out: kept for as long as that commit is.
 * Empty when git is not installed or the history cannot be read.
 */
function commitTimes(checkout: Checkout, heads: readonly string[]): Map<string, number> {
  const key = `${checkout.top}\0${heads.map(readText).join('\0')}`
  let known = times.get(key)
  if (known) return known
  known = new Map()
  try {
    const log = execFileSync('git', ['-c', 'core.quotepath=off', 'log', '-z', '--format=%x01%ct', '--name-only', '--no-renames', 'HEAD', '--', '.'], {
      cwd: checkout.top,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    // Newest first: the first time a file is named is its last commit.
    for (const commit of log.split('\x01')) {
      const [time, ...files] = commit.split('\0')
      const seconds = Number(time)
      if (!Number.isFinite(seconds)) continue
      for (const file of files) {
        const path = file.replace(/^\n/, '')
        if (path && !known.has(path)) known.set(path, seconds)
      }
    }
  } catch {
    // Not a repository git can read, or no git: no dates.
  }
  times.clear()
  times.set(key, known)
  return known
}

/**
 * When a page's source was last committed, or undefined (not in a git
 * checkout, not committed, a generated page). What git says depends on the
 * commit checked out, so the page records the files that name it as inputs:
 * a new commit renders it again.
 */
export function lastUpdatedOf(page: Page, ctx: HookContext): Date | undefined {
  const source = page.file.path
  if (!source || typeof page.file.data.sourcePath !== 'string') return undefined
  const checkout = checkoutOf(ctx.config.root)
  if (!checkout) return undefined
  const heads = headFiles(checkout)
  for (const file of heads) ctx.addDependency(file)
  const seconds = commitTimes(checkout, heads).get(relative(checkout.top, source).split(sep).join('/'))
  return seconds === undefined ? undefined : new Date(seconds * 1000)
}

/** The content folder's path in the repository: from the checkout's top when the site is in one, else from the site root. */
export function contentPathOf(config: { root: string; paths: { content: string } }): string {
  const checkout = checkoutOf(config.root)
  return relative(checkout?.top ?? config.root, config.paths.content).split(sep).join('/')
}
