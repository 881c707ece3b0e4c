import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SheafError, messageOf } from '../errors.js'
import { importModule } from '../modules.js'
import type { ResolvedConfig } from '../config/schema.js'
import { describeOrigin, type ExtensionRequest, type Origin } from './discover.js'
import type { Extension } from './types.js'

/** An extension that was asked for and imported; `disabled` says why it will not run. */
export interface LoadedExtension {
  extension: Extension
  options: unknown
  origin: Origin
  /** The module it came from; undefined for objects given in the config. */
  path: string | undefined
  /** The reason it is skipped: `disable` in the config, or its own `enabled()`. */
  disabled?: string
}

const typescript = new Set(['.ts', '.mts', '.cts', '.tsx'])

/**
 * Import a module: TypeScript through the run-time loader, JavaScript with
 * Node's own `import()` so a published package loads exactly as Node would.
 */
async function importExtensionModule(path: string): Promise<unknown> {
  if (typescript.has(extname(path))) return importModule(path)
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown }
  // A CommonJS module's `module.exports` arrives as `default`; an ES module may also export `default`.
  const value = mod.default ?? mod
  return typeof value === 'object' && value !== null && 'default' in value && !('setup' in value)
    ? (value as { default: unknown }).default
    : value
}

/** Check that a value is an extension; the message names what is wrong and where it came from. */
export function checkExtension(value: unknown, where: string): Extension {
  const fail = (problem: string): never => {
    throw new SheafError('EXTENSION_INVALID', `${where} ${problem}.`)
  }
  if (typeof value !== 'object' || value === null) fail(`does not export an extension (got ${value === null ? 'null' : typeof value})`)
  const ext = value as Partial<Extension>
  if (typeof ext.name !== 'string' || ext.name.trim() === '') fail('exports an extension without a `name`')
  if (typeof ext.setup !== 'function') fail(`exports extension "${ext.name}" without a \`setup(app, options)\` function`)
  if (ext.version !== undefined && typeof ext.version !== 'string') fail(`exports extension "${ext.name}" whose \`version\` is not a string`)
  if (ext.enabled !== undefined && typeof ext.enabled !== 'function') fail(`exports extension "${ext.name}" whose \`enabled\` is not a function`)
  return ext as Extension
}

async function loadOne(request: ExtensionRequest): Promise<LoadedExtension> {
  const who = `Extension "${request.specifier}" (asked for by ${describeOrigin(request.origin)})`
  if (request.object) {
    return { extension: checkExtension(request.object, who), options: request.options, origin: request.origin, path: undefined }
  }
  const path = request.path!
  let value: unknown
  try {
    value = await importExtensionModule(path)
  } catch (error) {
    throw new SheafError('EXTENSION_LOAD_FAILED', `${who} failed to load from ${path}: ${messageOf(error)}`, { cause: error })
  }
  return { extension: checkExtension(value, `${who} at ${path}`), options: request.options, origin: request.origin, path }
}

/**
 * Import every requested extension, merge requests for the same one (later
 * options win: the config over packages), and mark the disabled ones with
 * their reason. Two different modules with one name is an error naming both.
 */
export async function loadExtensions(requests: ExtensionRequest[], config: ResolvedConfig): Promise<LoadedExtension[]> {
  const loaded = await Promise.all(requests.map(loadOne))
  const byName = new Map<string, LoadedExtension>()
  for (const entry of loaded) {
    const name = entry.extension.name
    const existing = byName.get(name)
    if (existing === undefined) {
      byName.set(name, entry)
    } else if (existing.extension === entry.extension || (existing.path !== undefined && existing.path === entry.path)) {
      if (entry.options !== undefined) existing.options = entry.options
    } else {
      throw new SheafError(
        'EXTENSION_DUPLICATE',
        `Two extensions are named "${name}": one from ${existing.path ?? 'an inline object'} (asked for by ${describeOrigin(existing.origin)}), one from ${entry.path ?? 'an inline object'} (asked for by ${describeOrigin(entry.origin)}).`,
      )
    }
  }
  const result = [...byName.values()]
  const disable = new Set(config.disable)
  for (const entry of result) {
    if (disable.has(entry.extension.name)) {
      entry.disabled = 'disabled in the config'
      continue
    }
    if (entry.extension.enabled) {
      let verdict: true | string
      try {
        verdict = await entry.extension.enabled({ config })
      } catch (error) {
        throw new SheafError('SETUP_FAILED', `Extension "${entry.extension.name}" threw in enabled(): ${messageOf(error)}`, { cause: error })
      }
      if (verdict !== true) entry.disabled = typeof verdict === 'string' && verdict ? verdict : 'enabled() returned false'
    }
  }
  return result
}
