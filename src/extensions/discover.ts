import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { resolve as resolveModule } from 'import-meta-resolve'
import { SheafError, isSheafError, messageOf } from '../errors.js'
import { sheafPackage, sheafRoot } from '../package-info.js'
import type { ResolvedConfig } from '../config/schema.js'
import type { Extension, Preset } from './types.js'
import { findPackageDir, isPathSpecifier, nodeModulesDirs, packageNameOf, readPackageJson } from './packages.js'

/** Who asked for an extension. */
export type Origin =
  | { kind: 'default' }
  | { kind: 'package'; package: string }
  | { kind: 'config'; file: string | undefined }
  | { kind: 'preset'; preset: string; via: Origin }

export function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'default':
      return "Sheaf's defaults"
    case 'package':
      return `the installed package ${origin.package}`
    case 'config':
      return `${origin.file ?? 'the config'} (extensions)`
    case 'preset':
      return `the preset ${origin.preset}, in ${describeOrigin(origin.via)}`
  }
}

/** One extension asked for: a module to import, or an object given inline. */
export interface ExtensionRequest {
  specifier: string
  origin: Origin
  options: unknown
  /** The module file, for requests that name a module. */
  path?: string
  /** The installed package the module belongs to, for requests that name a package (its `peerDependencies` are checked). */
  packageDir?: string
  /** The extension (or preset) itself, for objects given in the config or a preset. */
  object?: Extension | Preset
  /** Config `[name, false]`: leave this extension out, wherever else it is asked for. */
  remove?: boolean
  /**
   * Config names an extension that is not a package: it may be one a preset or
   * package brings in, whose options the config sets. If none is, this is the error.
   */
  byName?: SheafError
}

function notFound(specifier: string, origin: Origin, looked: string[]): SheafError {
  return new SheafError(
    'EXTENSION_NOT_FOUND',
    `Extension "${specifier}" asked for by ${describeOrigin(origin)} was not found. Looked in:\n${looked.map((p) => `  ${p}`).join('\n')}`,
  )
}

/** Resolve a module in a package the way Node's `import` does (its `exports`, else `main`). */
function resolvePackageModule(specifier: string, fromDir: string, origin: Origin): string {
  try {
    return fileURLToPath(resolveModule(specifier, pathToFileURL(join(fromDir, 'noop.js')).href))
  } catch (error) {
    throw new SheafError(
      'EXTENSION_NOT_FOUND',
      `Extension "${specifier}" asked for by ${describeOrigin(origin)} could not be resolved from ${fromDir}: ${messageOf(error)}`,
      { cause: error },
    )
  }
}

/**
 * The requests a package contributes: each entry of its `"sheaf".extensions`
 * map. A value is a module path inside the package (`./dist/index.js`) or the
 * name of another package, whose own entries are taken (or its main module).
 */
function fromPackage(dir: string, origin: Origin, seen: Set<string>): ExtensionRequest[] {
  if (seen.has(dir)) return []
  seen.add(dir)
  const pkg = readPackageJson(dir)
  const entries = [...Object.entries(pkg?.sheaf?.extensions ?? {}), ...Object.entries(pkg?.sheaf?.presets ?? {})]
  return entries.flatMap(([key, target]): ExtensionRequest[] => {
    if (isPathSpecifier(target)) {
      const path = resolve(dir, target)
      if (!existsSync(path)) {
        throw new SheafError(
          'EXTENSION_NOT_FOUND',
          `Package ${pkg?.name ?? dir} declares extension "${key}" at ${target}, but ${path} does not exist (asked for by ${describeOrigin(origin)}).`,
          { hint: 'If the package is yours, build it (npm run build); otherwise reinstall it.' },
        )
      }
      return [{ specifier: `${pkg?.name ?? dir}#${key}`, origin, options: undefined, path, packageDir: dir }]
    }
    return fromSpecifier(target, dir, origin, undefined, seen)
  })
}

/** A package name or module path, resolved from `fromDir` (and from Sheaf's own folder as a fallback for packages). */
export function fromSpecifier(specifier: string, fromDir: string, origin: Origin, options: unknown, seen: Set<string>): ExtensionRequest[] {
  if (isPathSpecifier(specifier)) {
    const path = resolve(fromDir, specifier)
    if (!existsSync(path)) throw notFound(specifier, origin, [path])
    return [{ specifier, origin, options, path }]
  }
  const name = packageNameOf(specifier)
  const dir = findPackageDir(name, fromDir) ?? findPackageDir(name, sheafRoot)
  if (dir === undefined) {
    throw notFound(specifier, origin, [...new Set([...nodeModulesDirs(fromDir), ...nodeModulesDirs(sheafRoot)])])
  }
  const field = readPackageJson(dir)?.sheaf
  if (name === specifier && (field?.extensions || field?.presets)) {
    const requests = fromPackage(dir, origin, seen)
    return requests.map((request) => ({ ...request, options: options ?? request.options }))
  }
  return [{ specifier, origin, options, path: resolvePackageModule(specifier, dir, origin), packageDir: dir }]
}

/**
 * The packages the site's package.json depends on that are not installed
 * (sorted): their extensions, if they have any, cannot take part, and a build
 * that went on without them would degrade in silence (`:::note` left as text
 * without the docs preset, say).
 */
export function missingDependencies(config: ResolvedConfig): string[] {
  const site = readPackageJson(config.root)
  const names = [...new Set([...Object.keys(site?.dependencies ?? {}), ...Object.keys(site?.devDependencies ?? {})])].sort()
  return names.filter((name) => name !== 'sheaf' && findPackageDir(name, config.root) === undefined)
}

/**
 * Every extension and preset the site asks for, in a deterministic order:
 * Sheaf's defaults, then installed packages (the site's dependencies and
 * devDependencies with a `"sheaf"` field, by name), then the config's
 * `extensions` in the order written. Presets are expanded when loaded.
 */
export function discoverExtensions(config: ResolvedConfig, options: { safe?: boolean; implicit?: boolean } = {}): ExtensionRequest[] {
  // Each top-level request gets its own `seen` set: it only stops a package from
  // naming itself in a loop. Duplicates across requests are merged after loading.
  const requests: ExtensionRequest[] = []
  for (const [name, target] of Object.entries(sheafPackage.sheaf?.extensions ?? {})) {
    // Safe mode is core and markdown only.
    if (options.safe && name !== 'markdown') continue
    requests.push(...fromSpecifier(target, sheafRoot, { kind: 'default' }, undefined, new Set()))
  }
  if (options.safe) return requests

  const site = options.implicit === false ? undefined : readPackageJson(config.root)
  const names = [...new Set([...Object.keys(site?.dependencies ?? {}), ...Object.keys(site?.devDependencies ?? {})])].sort()
  for (const name of names) {
    if (name === 'sheaf') continue
    const dir = findPackageDir(name, config.root)
    // Only installed packages take part; one that is not installed is a warning (see `missingDependencies`).
    const field = dir === undefined ? undefined : readPackageJson(dir)?.sheaf
    if (dir === undefined || !(field?.extensions || field?.presets)) continue
    requests.push(...fromPackage(dir, { kind: 'package', package: name }, new Set()))
  }

  const origin: Origin = { kind: 'config', file: config.configFile ? relative(config.root, config.configFile) : undefined }
  for (const entry of config.extensions) {
    const [ref, entryOptions] = Array.isArray(entry) ? entry : [entry, undefined]
    if (entryOptions === false) {
      requests.push({ specifier: typeof ref === 'string' ? ref : ref.name, origin, options: undefined, remove: true })
    } else if (typeof ref === 'string') {
      try {
        requests.push(...fromSpecifier(ref, config.root, origin, entryOptions, new Set()))
      } catch (error) {
        if (isPathSpecifier(ref) || !isSheafError(error) || error.code !== 'EXTENSION_NOT_FOUND') throw error
        requests.push({ specifier: ref, origin, options: entryOptions, byName: error })
      }
    } else {
      requests.push({ specifier: ref.name, origin, options: entryOptions, object: ref })
    }
  }
  return requests
}
