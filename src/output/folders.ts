import { mkdirSync } from 'node:fs'

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
