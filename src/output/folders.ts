import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'

/**
 * `mkdir -p`, once per folder: a build writing thousands of files into a few
 * hundred folders asks the file system for each folder once. Synchronous, as
 * thousands of small writes are faster without a round trip through the I/O
 * threads each.
 */
export function folderMaker(): (dir: string) => void {
  const made = new Set<string>()
  return (dir) => {
    if (made.has(dir)) return
    mkdirSync(dir, { recursive: true })
    made.add(dir)
  }
}

/** Write a file through a temporary file beside it and a rename, so a reader never sees half of it. Throws what the file system throws. */
export function writeAtomically(path: string, contents: string | Uint8Array): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temp, contents)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/**
 * Flush files to the disk (their contents; a folder's entries follow with the
 * renames that move them): a publish that moves them in after a journal must
 * not find them empty after a power loss. On Linux one `syncfs` of the file
 * system they are on (`sync -f`) does it in a single commit, many times
 * faster than one `fdatasync` per file, each of which commits the file
 * system's journal; elsewhere, or if that fails, file by file (`filesOf`
 * lists them), a few at a time.
 */
export async function syncFiles(folder: string, filesOf: () => readonly string[]): Promise<void> {
  if (process.platform === 'linux' && spawnSync('sync', ['-f', folder], { stdio: 'ignore' }).status === 0) return
  // Listed only here: with syncfs, nothing needs the list.
  const paths = filesOf()
  let next = 0
  const syncNext = async (): Promise<void> => {
    while (next < paths.length) {
      const handle = await open(paths[next++]!, 'r')
      try {
        await handle.datasync()
      } finally {
        await handle.close()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(8, paths.length) }, syncNext))
}
