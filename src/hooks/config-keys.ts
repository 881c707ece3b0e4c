import { SheafError } from '../errors.js'
import { keyOf } from '../extensions/options.js'
import type { ConfigKeySpec, StandardResult } from '../extensions/types.js'

export interface ConfigKeyEntry {
  key: string
  extension: string
  value: unknown
  description: string | undefined
}

function pathOf(issue: { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }): string {
  return (issue.path ?? []).map((part) => String(keyOf(part))).join('.')
}

/**
 * Top-level config keys that extensions claim with `addConfig`. The config
 * file's keys that core does not know wait here; every one must be claimed by
 * the end of setup, or it is an unknown key.
 */
export class ConfigKeyRegistry {
  readonly #claimed = new Map<string, ConfigKeyEntry>()
  readonly #raw: Readonly<Record<string, unknown>>
  readonly #coreKeys: ReadonlySet<string>

  constructor(raw: Readonly<Record<string, unknown>>, coreKeys: Iterable<string>) {
    this.#raw = raw
    this.#coreKeys = new Set(coreKeys)
  }

  claim<T>(key: string, spec: ConfigKeySpec<T>, extension: string): T {
    if (this.#coreKeys.has(key)) {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${extension}" claims config key \`${key}\`, which belongs to Sheaf itself.`)
    }
    const existing = this.#claimed.get(key)
    if (existing) {
      throw new SheafError('REGISTRATION_INVALID', `Extensions "${existing.extension}" and "${extension}" both claim config key \`${key}\`.`)
    }
    let value: unknown = key in this.#raw ? this.#raw[key] : spec.default
    if (key in this.#raw && spec.schema) {
      const result = spec.schema['~standard'].validate(value) as StandardResult<T> | Promise<unknown>
      if (result instanceof Promise) {
        throw new SheafError('REGISTRATION_INVALID', `Extension "${extension}" claims config key \`${key}\` with an asynchronous schema; config schemas must validate synchronously.`)
      }
      if (result.issues) {
        const problems = result.issues.map((issue) => {
          const at = pathOf(issue)
          return `Config key \`${key}${at ? `.${at}` : ''}\` (of extension "${extension}"): ${issue.message}`
        })
        throw new SheafError('CONFIG_INVALID', problems.length === 1 ? problems[0]! : `The config has ${problems.length} problems:\n${problems.join('\n')}`)
      }
      value = result.value
    }
    this.#claimed.set(key, { key, extension, value, description: spec.description })
    return value as T
  }

  /** Keys the config sets that neither core nor any extension claimed. */
  unclaimed(): string[] {
    return Object.keys(this.#raw).filter((key) => !this.#coreKeys.has(key) && !this.#claimed.has(key))
  }

  claimedKeys(): string[] {
    return [...this.#claimed.keys()]
  }

  entries(): ConfigKeyEntry[] {
    return [...this.#claimed.values()]
  }
}
