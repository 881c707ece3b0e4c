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
 * theme (a child theme before the theme it extends), else an extension. The
 * ones it replaced stay under it, for a layout that wraps the one it replaces
 * (`page.parent()`).
 */
export class LayoutRegistry {
  /** Every layout of each name, the winner first. */
  readonly #stacks = new Map<string, LayoutEntry[]>()

  /** Register a layout; within one layer a later registration wins (a child theme is added after its parent). */
  add(entry: LayoutEntry): void {
    const stack = this.#stacks.get(entry.name) ?? []
    // Before the first of a layer that does not outrank it: a later registration of one layer comes first.
    const at = stack.findIndex((other) => precedence[other.layer] <= precedence[entry.layer])
    stack.splice(at === -1 ? stack.length : at, 0, entry)
    this.#stacks.set(entry.name, stack)
  }

  get(name: string): LayoutEntry | undefined {
    return this.#stacks.get(name)?.[0]
  }

  /** The layout that `entry` replaced: the next one of its name under it. */
  under(entry: LayoutEntry): LayoutEntry | undefined {
    const stack = this.#stacks.get(entry.name) ?? []
    return stack[stack.indexOf(entry) + 1]
  }

  names(): string[] {
    return [...this.#stacks.keys()].sort()
  }
}
