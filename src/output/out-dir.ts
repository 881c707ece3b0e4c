import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs'
import { dirname, join, relative, isAbsolute, parse, resolve } from 'node:path'
import { SheafError } from '../errors.js'
import type { ResolvedConfig } from '../config/schema.js'

/** The file Sheaf leaves in every output folder it writes, so it never replaces a folder of someone else's. */
export const outputMarker = '.sheaf-build'

/** Whether `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Refuse an output folder that would take the site with it when replaced: the
 * filesystem root, the site root, the content, public or layouts folder, or a
 * parent of any of them, or a folder inside `public/`.
 */
export function checkOutDir(config: ResolvedConfig, out = config.paths.out): void {
  const unsafe = (why: string): never => {
    throw new SheafError('OUT_DIR_UNSAFE', `The output folder ${out} ${why}; Sheaf replaces its output folder on every build.`)
  }
  if (out === parse(out).root) unsafe('is the root of the file system')
  const guarded: Array<[string, string]> = [
    [config.root, 'the site root'],
    [config.paths.content, 'the content folder'],
    [config.paths.public, 'the public folder'],
    [config.paths.layouts, 'the layouts folder'],
  ]
  for (const [dir, name] of guarded) {
    if (out === dir) unsafe(`is ${name}`)
    if (isWithin(dir, out)) unsafe(`contains ${name} (${dir})`)
  }
  if (isWithin(out, config.paths.public)) unsafe(`is inside the public folder (${config.paths.public})`)
}

/**
 * The folder a build writes: the output folder, or, when that is a symbolic
 * link, the folder it points to (made if it is not there yet). The link
 * stays as it is and goes on pointing at the new output.
 */
export function outputFolder(out: string): string {
  let link: string
  try {
    if (!lstatSync(out).isSymbolicLink()) return out
    link = readlinkSync(out)
  } catch {
    return out // Not there yet.
  }
  try {
    return realpathSync(out)
  } catch {
    return resolve(dirname(out), link) // A link to a folder that is not there yet: it is made there.
  }
}

/**
 * An existing output folder may be replaced only if Sheaf wrote it (it has the
 * marker) or it is empty. Anything else is someone's files.
 */
export function checkReplaceable(out: string): void {
  if (!existsSync(out)) return
  const entries = readdirSync(out)
  if (entries.length === 0) return
  const marker = join(out, outputMarker)
  if (existsSync(marker) && readFileSync(marker, 'utf8').includes('"generator":"sheaf"')) return
  throw new SheafError('OUT_DIR_FOREIGN', `The output folder ${out} exists and was not written by Sheaf (it has no ${outputMarker} file).`)
}
