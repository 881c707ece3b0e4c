// The two functions only: all of semver is some forty modules.
import satisfies from 'semver/functions/satisfies.js'
import validRange from 'semver/ranges/valid.js'
import { SheafError } from '../errors.js'
import { orderHooks } from '../hooks/order.js'
import { sheafVersion } from '../package-info.js'
import type { LoadedExtension } from './load.js'
import type { Extension } from './types.js'

/**
 * The `sheaf` range of an extension package's `peerDependencies`, checked when
 * the package is loaded: an extension made for another Sheaf is one clear
 * error naming both versions, not a crash somewhere in its hooks.
 */
export function checkPeerRange(extension: Extension, packageName: string, range: string | undefined): void {
  if (range === undefined || !validRange(range) || satisfies(sheafVersion, range, { includePrerelease: true })) return
  const who = `${extension.name}${extension.version ? `@${extension.version}` : ''}`
  throw new SheafError(
    'EXTENSION_INCOMPATIBLE',
    `Extension "${who}" (package ${packageName}) is made for sheaf ${range} (its peerDependencies), but this is sheaf ${sheafVersion}.`,
  )
}

function checkRequirement(entry: LoadedExtension, name: string, range: string, byName: Map<string, LoadedExtension>): void {
  const who = `Extension "${entry.extension.name}"`
  if (!validRange(range)) {
    throw new SheafError('EXTENSION_INVALID', `${who} requires "${name}" with version range ${JSON.stringify(range)}, which is not a semver range.`)
  }
  const fail = (problem: string): never => {
    throw new SheafError('EXTENSION_INVALID', `${who} requires "${name}" ${range}, but ${problem}.`, {
      hint: `Install or enable a version of "${name}" that satisfies ${range}, or disable "${entry.extension.name}".`,
    })
  }
  if (name === 'sheaf') {
    if (!satisfies(sheafVersion, range, { includePrerelease: true })) {
      throw new SheafError('EXTENSION_INCOMPATIBLE', `${who} requires "sheaf" ${range}, but this is sheaf ${sheafVersion}.`)
    }
    return
  }
  const required = byName.get(name)
  if (!required) fail(`no extension of that name is installed or listed in the config`)
  if (required!.disabled) fail(`it is disabled (${required!.disabled})`)
  const version = required!.extension.version
  if (version === undefined) fail(`"${name}" does not declare a version`)
  if (!satisfies(version!, range, { includePrerelease: true })) fail(`${name}@${version} is loaded`)
}

/**
 * The enabled extensions in the order their `setup()` runs: every requirement
 * before the extension that requires it, `before` / `after` hints honoured,
 * and ties broken by name, so the order never depends on install order. An
 * unmet or mismatched requirement, or a cycle, is an error before any setup runs.
 */
export function orderExtensions(loaded: readonly LoadedExtension[]): LoadedExtension[] {
  const byName = new Map(loaded.map((entry) => [entry.extension.name, entry]))
  const enabled = loaded.filter((entry) => !entry.disabled)
  for (const entry of enabled) {
    for (const [name, range] of Object.entries(entry.extension.requires ?? {})) checkRequirement(entry, name, range, byName)
  }
  const nodes = enabled
    .map((entry) => ({
      entry,
      name: entry.extension.name,
      extension: entry.extension.name,
      before: entry.extension.before,
      after: [...(entry.extension.after ?? []), ...Object.keys(entry.extension.requires ?? {}).filter((name) => name !== 'sheaf')],
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const sorted = orderHooks(nodes, 'extension', (cycle) => `Extensions must each be set up before the other, a cycle: ${cycle.map((node) => node.name).join(' -> ')}.`)
  return sorted.map((node) => node.entry)
}
