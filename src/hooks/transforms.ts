import type { LazyPlugin, TransformHook, TransformStage, UnifiedPlugin } from '../extensions/types.js'
import { orderHooks, type Orderable } from './order.js'

interface EntryBase extends Orderable {
  extension: string
  version: string | undefined
  stage: TransformStage
}

/** A transform written for Sheaf: `run(tree, file, ctx)`. */
export interface TransformEntry extends EntryBase {
  kind: 'transform'
  transform: TransformHook
}

/** A remark or rehype plugin used unchanged (a lazy one is loaded when the processor is made). */
export interface PluginEntry extends EntryBase {
  kind: 'remark-plugin' | 'rehype-plugin'
  plugin: UnifiedPlugin | LazyPlugin
  options: unknown[]
}

export type TreeHookEntry = TransformEntry | PluginEntry

/**
 * The transform iterator: every transform and plugin of a stage runs, in the
 * order of `orderHooks` (before/after, then pre/unmarked/post, then
 * registration). mdast hooks all run before the document becomes hast.
 */
export class TransformRegistry {
  readonly #entries: TreeHookEntry[] = []
  readonly #sorted = new Map<TransformStage, TreeHookEntry[]>()

  add(entry: TreeHookEntry): void {
    this.#entries.push(entry)
    this.#sorted.clear()
  }

  /** The extension that registered a hook of this name, if one did. */
  ownerOf(name: string): string | undefined {
    return this.#entries.find((entry) => entry.name === name)?.extension
  }

  ordered(stage: TransformStage): TreeHookEntry[] {
    let sorted = this.#sorted.get(stage)
    if (!sorted) {
      sorted = orderHooks(
        this.#entries.filter((entry) => entry.stage === stage),
        stage,
      )
      this.#sorted.set(stage, sorted)
    }
    return sorted
  }
}
