import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'

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
