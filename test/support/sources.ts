import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

/** Folders a build may write in, or that are not the site's own: never compared. */
const skipped = (name: string): boolean => name === 'node_modules' || name === '.sheaf' || /sheaf-(tmp|old)-|\.sheaf-publish/.test(name)

/** The folders tests made (`tempDir`), the only ones checked. */
const testSites = new Set<string>()
export const registerSite = (dir: string): void => void testSites.add(resolve(dir))

/**
 * The files of a site a test made, with a digest of each; undefined for
 * anything else (the repository's own folders are not sites a test made).
 */
export function sourcesOf(root: string): Map<string, string> | undefined {
  const dir = resolve(root)
  if (![...testSites].some((site) => dir === site || dir.startsWith(site + sep))) return undefined
  const found = new Map<string, string>()
  const walk = (current: string): void => {
    let entries
    try {
      entries = readdirSync(current, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue
      const path = join(current, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) found.set(relative(dir, path), createHash('sha1').update(readFileSync(path)).digest('hex'))
    }
  }
  walk(dir)
  return found
}

/**
 * Throw if a build changed the site outside `out` (default `_site`): a source
 * changed or removed, or a file added.
 */
export function checkSources(root: string, before: Map<string, string> | undefined, out: string | undefined): void {
  if (before === undefined) return
  const after = sourcesOf(root)!
  const outRel = relative(resolve(root), resolve(root, out ?? '_site'))
  const inOut = (path: string): boolean => outRel === '' || path === outRel || path.startsWith(outRel + sep)
  const problems: string[] = []
  for (const [path, digest] of before) {
    if (inOut(path)) continue
    const now = after.get(path)
    if (now === undefined) problems.push(`removed ${path}`)
    else if (now !== digest) problems.push(`changed ${path}`)
  }
  for (const path of after.keys()) if (!before.has(path) && !inOut(path)) problems.push(`added ${path}`)
  if (problems.length > 0) throw new Error(`The build touched the site outside its output folder: ${problems.join(', ')}`)
}
