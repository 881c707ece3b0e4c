import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface SheafField {
  extensions?: Record<string, string>
  presets?: Record<string, string>
  themes?: Record<string, string>
}

export interface PackageJson {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  sheaf?: SheafField
}

export function readPackageJson(dir: string): PackageJson | undefined {
  const path = join(dir, 'package.json')
  if (!existsSync(path)) return undefined
  return JSON.parse(readFileSync(path, 'utf8')) as PackageJson
}

/** The `node_modules` folders Node searches from `fromDir`, nearest first. */
export function nodeModulesDirs(fromDir: string): string[] {
  const dirs: string[] = []
  let dir = fromDir
  for (;;) {
    if (!dir.endsWith('node_modules')) dirs.push(join(dir, 'node_modules'))
    const parent = dirname(dir)
    if (parent === dir) return dirs
    dir = parent
  }
}

/** The real folder of an installed package, found the way Node finds it. */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  for (const modules of nodeModulesDirs(fromDir)) {
    const dir = join(modules, name)
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir)
  }
  return undefined
}

/** `./x`, `../x`, `/x` and `C:\x` are module paths; anything else names a package. */
export function isPathSpecifier(specifier: string): boolean {
  return /^(\.{1,2}([/\\]|$)|\/|[A-Za-z]:[/\\])/.test(specifier)
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/**
 * The names of the packages with a `"sheaf"` field installed where `fromDir`
 * (and the folders above it) would find them: what a misspelt extension name
 * is most likely a misspelling of.
 */
export function installedSheafPackages(fromDir: string): string[] {
  const names = new Set<string>()
  for (const modules of nodeModulesDirs(fromDir)) {
    let entries: string[]
    try {
      entries = readdirSync(modules)
    } catch {
      continue
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue
      let packages = [entry]
      if (entry.startsWith('@')) {
        try {
          packages = readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`)
        } catch {
          continue
        }
      }
      for (const name of packages) if (readPackageJson(join(modules, name))?.sheaf) names.add(name)
    }
  }
  return [...names].sort()
}
