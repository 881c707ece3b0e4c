import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { SheafError } from '../errors.js'
import { sheafVersion } from '../package-info.js'

/** Files of a scaffold, by path inside its folder. */
export type ScaffoldFiles = Record<string, string>

/** A package.json (or tsconfig) as it is written: two-space JSON and a final newline. */
export const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n'

/** The range of Sheaf versions a new package is made for: this minor version and later patches. */
export const sheafRange = (): string => {
  const [major, minor] = sheafVersion.split('.')
  return major === '0' ? `^0.${minor}.0` : `^${major}.0.0`
}

/**
 * Write a scaffold into `dir`, which must not exist or be empty: nothing is
 * ever overwritten. Returns the paths written, sorted.
 */
export function writeScaffold(dir: string, files: ScaffoldFiles): string[] {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new SheafError('SCAFFOLD_REFUSED', `${dir} is a file; give a folder that does not exist yet, or an empty one.`)
    const entries = readdirSync(dir)
    if (entries.length > 0) {
      const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '')
      throw new SheafError('SCAFFOLD_REFUSED', `${dir} is not empty (${shown}); nothing was written.`)
    }
  }
  const paths = Object.keys(files).sort()
  for (const path of paths) {
    const target = join(dir, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, files[path]!, { flag: 'wx' })
  }
  return paths
}

/** A valid npm package name (lower case, optionally scoped), or an error saying why not. */
export function checkPackageName(name: string): string {
  if (name.length > 214 || !/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name)) {
    throw new SheafError(
      'SCAFFOLD_REFUSED',
      `"${name}" is not a valid npm package name: use lower-case letters, digits, "-", "." and "_", optionally with a scope (@you/name).`,
    )
  }
  return name
}
