import { dirname } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { SheafError, messageOf } from '../errors.js'
import { importCode } from '../modules.js'
import type { ResolvedConfig } from '../config/schema.js'
import { describeOrigin, fromSpecifier, type ExtensionRequest, type Origin } from './discover.js'
import { installedSheafPackages, readPackageJson } from './packages.js'
import { sheafRoot } from '../package-info.js'
import { didYouMean } from '../suggest.js'
import { checkPeerRange } from './requirements.js'
import { loadFailure } from './load-failure.js'
import { checkExtension, checkPreset, isPreset } from './shape.js'
import type { Extension, Preset } from './types.js'

/** An extension that was asked for and imported; `disabled` says why it will not run. */
export interface LoadedExtension {
  extension: Extension
  options: unknown
  /** Who asked for it first. */
  origin: Origin
  /** The module it came from; undefined for objects given in the config. */
  path: string | undefined
  /** The reason it is skipped: `disable` in the config, `false` in the config, or its own `enabled()`. */
  disabled?: string
  /**
   * The names `disable` knows it by: its `name`, and each way it was asked
   * for (a package name, a module path, or for one of the extensions a
   * package lists, `package#key` and the key alone).
   */
  aliases: string[]
}

/** The names a request's specifier gives an extension, besides its own name. */
function aliasesOf(specifier: string): string[] {
  const hash = specifier.lastIndexOf('#')
  return hash > 0 ? [specifier, specifier.slice(0, hash), specifier.slice(hash + 1)] : [specifier]
}

interface Candidate extends Omit<LoadedExtension, 'aliases'> {
  aliases: Set<string>
  specifier: string
  /** Who set `options`: the user's config wins over presets; two presets that disagree are an error. */
  optionsFrom: Origin | undefined
  conflict?: string
}

/** A preset's members as requests, resolved from the preset's own folder. */
function expandPreset(preset: Preset, path: string | undefined, request: ExtensionRequest, root: string): ExtensionRequest[] {
  const origin: Origin = { kind: 'preset', preset: preset.name, via: request.origin }
  const fromDir = path ? dirname(path) : root
  const requests: ExtensionRequest[] = []
  const add = (ref: string | Extension | Preset, options: unknown): void => {
    if (typeof ref === 'string') requests.push(...fromSpecifier(ref, fromDir, origin, options, new Set()))
    else requests.push({ specifier: ref.name, origin, options, object: ref })
  }
  for (const member of preset.presets ?? []) add(member, undefined)
  for (const member of preset.extensions ?? []) {
    const [ref, options] = Array.isArray(member) ? member : [member, undefined]
    if (options === false) continue
    add(ref as string | Extension, options)
  }
  // `options` by extension name apply to members, whatever preset brought them in.
  return requests.map((r) => ({ ...r, presetOptions: preset.options }))
}

/**
 * Import every requested extension, expanding presets, then merge requests for
 * the same extension: the config's options win over presets', and two presets
 * that give one extension different options is an error naming both. Config
 * `[name, false]` leaves an extension out, and `disable` or `enabled()` marks
 * one disabled with the reason.
 */
export async function loadExtensions(requests: ExtensionRequest[], config: ResolvedConfig, generation?: number): Promise<LoadedExtension[]> {
  const removed = new Set(requests.filter((r) => r.remove).map((r) => r.specifier))
  const byName = new Map<string, Candidate>()
  const seenPresets = new Set<string>()

  const byNameRequests = requests.filter((r) => r.byName)
  const visit = async (request: ExtensionRequest & { presetOptions?: Record<string, unknown> }): Promise<void> => {
    if (request.remove || request.byName) return
    const who = `Extension "${request.specifier}" (asked for by ${describeOrigin(request.origin)})`
    let value: unknown = request.object
    if (value === undefined) {
      try {
        value = await importCode(request.path!, generation)
      } catch (error) {
        throw loadFailure('EXTENSION_LOAD_FAILED', who, request.path!, error)
      }
    }
    const where = request.path ? `${who} at ${request.path}` : who
    if (isPreset(value)) {
      const preset = checkPreset(value, where)
      if (removed.has(preset.name) || seenPresets.has(preset.name)) return
      seenPresets.add(preset.name)
      for (const member of expandPreset(preset, request.path, request, config.root)) await visit(member)
      return
    }
    const extension = checkExtension(value, where)
    if (request.packageDir !== undefined) {
      const pkg = readPackageJson(request.packageDir)
      checkPeerRange(extension, pkg?.name ?? request.packageDir, pkg?.peerDependencies?.sheaf)
    }
    if (removed.has(request.specifier)) return
    let options = request.options
    if (options === undefined && request.presetOptions && extension.name in request.presetOptions) options = request.presetOptions[extension.name]
    const existing = byName.get(extension.name)
    if (existing === undefined) {
      byName.set(extension.name, {
        extension,
        options,
        origin: request.origin,
        path: request.path,
        specifier: request.specifier,
        optionsFrom: options === undefined ? undefined : request.origin,
        aliases: new Set([extension.name, ...aliasesOf(request.specifier)]),
      })
      return
    }
    for (const alias of aliasesOf(request.specifier)) existing.aliases.add(alias)
    if (existing.extension !== extension && (existing.path === undefined || existing.path !== request.path)) {
      throw new SheafError(
        'EXTENSION_DUPLICATE',
        `Two extensions are named "${extension.name}": one from ${existing.path ?? 'an inline object'} (asked for by ${describeOrigin(existing.origin)}), one from ${request.path ?? 'an inline object'} (asked for by ${describeOrigin(request.origin)}).`,
      )
    }
    // Sheaf's defaults are the fallback: a site that asks for the same extension itself is the better answer to "from where".
    if (existing.origin.kind === 'default') existing.origin = request.origin
    if (options === undefined) return
    if (request.origin.kind === 'config' || existing.optionsFrom === undefined) {
      existing.options = options
      existing.optionsFrom = request.origin
    } else if (existing.optionsFrom.kind === 'preset' && request.origin.kind === 'preset' && !isDeepStrictEqual(existing.options, options)) {
      existing.conflict = `Presets ${existing.optionsFrom.preset} and ${request.origin.preset} give extension "${extension.name}" different options.`
    }
  }
  for (const request of requests) await visit(request)
  const unfound = byNameRequests.filter((request) => !byName.has(request.specifier))
  if (unfound.length > 0) throw notFoundByName(unfound, [...byName.keys(), ...installedSheafPackages(config.root), ...installedSheafPackages(sheafRoot)])
  for (const request of byNameRequests) {
    const target = byName.get(request.specifier)!
    if (request.options !== undefined) {
      target.options = request.options
      target.optionsFrom = request.origin
    }
  }

  const result: LoadedExtension[] = []
  const disable = new Set(config.disable)
  for (const candidate of byName.values()) {
    if (candidate.conflict && candidate.optionsFrom?.kind !== 'config') {
      throw new SheafError('EXTENSION_INVALID', candidate.conflict, { hint: `Set its options in the config (extensions: [['${candidate.extension.name}', { … }]]) to decide.` })
    }
    if (removed.has(candidate.extension.name)) continue
    const { specifier: _s, optionsFrom: _o, conflict: _c, aliases, ...entry } = candidate
    result.push({ ...entry, aliases: [...aliases] })
  }
  for (const entry of result) {
    if (entry.aliases.some((alias) => disable.has(alias))) {
      entry.disabled = 'disabled in the config'
      continue
    }
    if (entry.extension.enabled) {
      let verdict: true | string
      try {
        verdict = await entry.extension.enabled({ config })
      } catch (error) {
        const { name, version } = entry.extension
        throw new SheafError('SETUP_FAILED', `Extension "${name}${version ? `@${version}` : ''}" failed in enabled: ${messageOf(error)}`, { cause: error })
      }
      if (verdict !== true) entry.disabled = typeof verdict === 'string' && verdict ? verdict : 'enabled() returned false'
    }
  }
  return result
}

/**
 * Every extension the config names that no package, preset or extension of
 * the site is, in one error: each with the nearest installed name, then where
 * they were looked for.
 */
function notFoundByName(requests: ExtensionRequest[], known: string[]): SheafError {
  const candidates = new Set(known)
  const looked = (request: ExtensionRequest): string => /\sLooked in:\n[\s\S]*$/.exec(request.byName!.message)?.[0] ?? ''
  if (requests.length === 1) {
    const [request] = requests as [ExtensionRequest]
    const suggestion = didYouMean(request.specifier, candidates)
    const message = request.byName!.message
    const at = message.length - looked(request).length
    return new SheafError('EXTENSION_NOT_FOUND', `${message.slice(0, at)}${suggestion}${message.slice(at)}`, { cause: request.byName })
  }
  const lines = requests.map((request) => `  "${request.specifier}" (asked for by ${describeOrigin(request.origin)})${didYouMean(request.specifier, candidates)}`)
  return new SheafError('EXTENSION_NOT_FOUND', `${requests.length} extensions were not found:\n${lines.join('\n')}\n${looked(requests[0]!).trimStart()}`)
}
