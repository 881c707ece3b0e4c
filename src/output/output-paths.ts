import { lstatSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isWithin, outputMarker } from './out-dir.js'

/**
 * Whether an output path read back from a record or journal is one a build
 * could have written: relative, with forward slashes, inside the output
 * folder, naming a file in it (not the folder, nor its marker).
 */
export function isOutputPath(outPath: string): boolean {
  if (outPath === '' || outPath === outputMarker || outPath.includes('\0') || outPath.startsWith('/')) return false
  // On Windows a backslash separates folders too, and a drive letter makes a path absolute.
  if (process.platform === 'win32' && (outPath.includes('\\') || /^[A-Za-z]:/.test(outPath))) return false
  return outPath.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** The absolute path of an output path inside `folder`, refusing any that would leave it. */
export function pathWithin(folder: string, outPath: string): string {
  const target = resolve(folder, outPath)
  if (!isWithin(target, folder) || target === folder) throw new Error(`Refusing to touch ${JSON.stringify(outPath)}: it is outside the output folder`)
  return target
}

/**
 * The first folder on the way from `out` to `outPath` (relative, with forward
 * slashes) that is not a real folder: a symbolic link (someone put in the
 * output folder; a write or a delete through it would reach elsewhere) or a
 * file. Undefined when every one is a real folder or not there yet (to be
 * made as one). `known` remembers the folders looked at, for a caller that
 * asks about many paths while nothing changes them.
 */
export function blockingFolder(out: string, outPath: string, known?: Map<string, boolean>): string | undefined {
  const segments = outPath.split('/')
  for (let i = 1; i < segments.length; i++) {
    const rel = segments.slice(0, i).join('/')
    let real = known?.get(rel)
    if (real === undefined) {
      try {
        real = lstatSync(join(out, rel)).isDirectory()
      } catch {
        return undefined // Not there: nor is anything under it.
      }
      known?.set(rel, real)
    }
    if (!real) return rel
  }
  return undefined
}

/** Whether Sheaf may write or delete `outPath` in `out`: every folder on the way is a real folder (see `blockingFolder`). */
export const underRealFolders = (out: string, outPath: string, known?: Map<string, boolean>): boolean => blockingFolder(out, outPath, known) === undefined
