import type { Layout } from '../extensions/types.js'

/** Where a layout came from; later layers win: the site overrides the theme, the theme overrides extensions. */
export type LayoutLayer = 'extension' | 'theme' | 'site'

export interface LayoutEntry {
  name: string
  layout: Layout
  layer: LayoutLayer
  /** The extension, theme or file that registered it. */
  source: string
  version?: string | undefined
}

const precedence: Record<LayoutLayer, number> = { extension: 0, theme: 1, site: 2 }

/**
 * Layouts by name. One wins per name: the site's `layouts/` folder, else the
 * theme (a child theme before the theme it extends), else an extension.
 */
export class LayoutRegistry {
  readonly #byName = new Map<string, LayoutEntry>()

  /** Register a layout; within one layer a later registration wins (a child theme is added after its parent). */
  add(entry: LayoutEntry): void {
    const existing = this.#byName.get(entry.name)
    if (existing && precedence[existing.layer] > precedence[entry.layer]) return
    this.#byName.set(entry.name, entry)
  }

  get(name: string): LayoutEntry | undefined {
    return this.#byName.get(name)
  }

  names(): string[] {
    return [...this.#byName.keys()].sort()
  }
}
