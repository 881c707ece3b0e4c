import { SheafError } from '../errors.js'

/**
 * Dependency injection without magic: an extension `provide`s a named service,
 * and only extensions that name the provider in `requires` may ask for it.
 */
export class ServiceRegistry {
  readonly #services = new Map<string, { provider: string; service: unknown }>()

  provide(name: string, service: unknown, provider: string): void {
    const existing = this.#services.get(name)
    if (existing) {
      throw new SheafError('REGISTRATION_INVALID', `Extensions "${existing.provider}" and "${provider}" both provide service "${name}".`)
    }
    this.#services.set(name, { provider, service })
  }

  get(name: string, asker: string, requires: Readonly<Record<string, string>>): unknown {
    const entry = this.#services.get(name)
    if (!entry) {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${asker}" asks for service "${name}", which no extension provides (set up so far).`, {
        hint: 'Name the extension that provides it in `requires`, so that it is set up first.',
      })
    }
    if (entry.provider !== asker && !(entry.provider in requires)) {
      throw new SheafError(
        'REGISTRATION_INVALID',
        `Extension "${asker}" asks for service "${name}" of extension "${entry.provider}" without requiring it: add "${entry.provider}" to its \`requires\`.`,
      )
    }
    return entry.service
  }
}
