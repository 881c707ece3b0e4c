import { SheafError } from '../errors.js'

export interface NamedEntry<T> {
  extension: string
  version: string | undefined
  item: T
}

/**
 * A dispatcher by name (directives, commands): one entry per name. A second
 * claim on a name is an error naming both extensions, unless it says `override`.
 */
export class NamedRegistry<T extends { name: string; override?: boolean }> {
  readonly #byName = new Map<string, NamedEntry<T>>()
  readonly #kind: string
  readonly #reserved: ReadonlySet<string>

  /** `kind` names the hook in messages; `reserved` names belong to core and cannot be claimed. */
  constructor(kind: string, reserved: Iterable<string> = []) {
    this.#kind = kind
    this.#reserved = new Set(reserved)
  }

  add(entry: NamedEntry<T>): void {
    const name = entry.item.name
    if (this.#reserved.has(name)) {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${entry.extension}" registers ${this.#kind} "${name}", a name that belongs to Sheaf itself.`)
    }
    const existing = this.#byName.get(name)
    if (existing && !entry.item.override) {
      throw new SheafError(
        'REGISTRATION_INVALID',
        `Extensions "${existing.extension}" and "${entry.extension}" both register ${this.#kind} "${name}".`,
        { hint: 'Disable one of them, or pass `override: true` in the one that should win.' },
      )
    }
    this.#byName.set(name, entry)
  }

  get(name: string): NamedEntry<T> | undefined {
    return this.#byName.get(name)
  }

  names(): string[] {
    return [...this.#byName.keys()].sort()
  }

  entries(): NamedEntry<T>[] {
    return this.names().map((name) => this.#byName.get(name)!)
  }
}
