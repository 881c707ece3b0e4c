import type { GeneratorHook } from '../extensions/types.js'
import { orderHooks } from './order.js'

export interface GeneratorEntry {
  name: string
  extension: string
  version: string | undefined
  generator: GeneratorHook
  order: GeneratorHook['order']
  before: string[] | undefined
  after: string[] | undefined
}

/** The generator iterator: all run once every page is rendered, ordered like transforms. */
export class GeneratorRegistry {
  readonly #entries: GeneratorEntry[] = []
  #sorted: GeneratorEntry[] | undefined

  add(entry: GeneratorEntry): void {
    this.#entries.push(entry)
    this.#sorted = undefined
  }

  /** The extension that registered a hook of this name, if one did. */
  ownerOf(name: string): string | undefined {
    return this.#entries.find((entry) => entry.name === name)?.extension
  }

  ordered(): GeneratorEntry[] {
    return (this.#sorted ??= orderHooks(this.#entries, 'generator'))
  }
}
