import { SheafError } from '../errors.js'
import type { HookStrategy, OrderHints } from '../extensions/types.js'
import { didYouMean } from '../suggest.js'
import { guard } from './guard.js'
import { orderHooks } from './order.js'

/** The built-in lifecycle events and how their handlers combine. */
export const builtinEvents: Record<string, HookStrategy> = {
  'config:loaded': 'parallel',
  'build:start': 'parallel',
  'document:read': 'sequential',
  'document:rendered': 'sequential',
  'build:done': 'parallel',
  dispose: 'sequential',
}

interface Listener extends OrderHints {
  /** Listeners are ordered by their extension's name in `before` / `after`. */
  name: string
  extension: string
  version: string | undefined
  handler: (...args: never[]) => unknown
  /** Listening to a hook an absent extension would define: dropped when no extension defines it. */
  optional?: boolean
}

interface HookDefinition {
  strategy: HookStrategy
  /** `sheaf` for built-ins, else the extension that defined it. */
  owner: string
}

/**
 * Events and extension-defined hooks: each name has one strategy (`first`,
 * `sequential`, `parallel`) and an ordered list of listeners. Names are
 * checked when the registry freezes, so a listener may register before the
 * extension that defines its hook has run.
 */
export class EventRegistry {
  readonly #definitions = new Map<string, HookDefinition>(Object.entries(builtinEvents).map(([name, strategy]) => [name, { strategy, owner: 'sheaf' }]))
  readonly #listeners = new Map<string, Listener[]>()
  /** Seconds a listener may take to settle. */
  readonly #seconds: number | undefined

  constructor(seconds?: number) {
    this.#seconds = seconds
  }
  readonly #sorted = new Map<string, Listener[]>()

  define(name: string, strategy: HookStrategy, owner: string): void {
    const existing = this.#definitions.get(name)
    if (existing) {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${owner}" defines hook "${name}", which ${existing.owner === 'sheaf' ? 'is a built-in event' : `extension "${existing.owner}" already defined`}.`)
    }
    if (strategy !== 'first' && strategy !== 'sequential' && strategy !== 'parallel') {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${owner}" defines hook "${name}" with strategy ${JSON.stringify(strategy)}; expected 'first', 'sequential' or 'parallel'.`)
    }
    this.#definitions.set(name, { strategy, owner })
  }

  on(event: string, listener: Listener): void {
    const list = this.#listeners.get(event) ?? []
    list.push(listener)
    this.#listeners.set(event, list)
    this.#sorted.delete(event)
  }

  /** Every listened-to name must be a built-in event or a defined hook. */
  checkNames(): void {
    for (const [event, all] of this.#listeners) {
      if (this.#definitions.has(event)) continue
      // An optional listener of a hook no extension defined (its extension is not installed) is let go.
      const listeners = all.filter((listener) => !listener.optional)
      if (listeners.length < all.length) {
        this.#listeners.set(event, listeners)
        this.#sorted.delete(event)
      }
      if (listeners.length === 0) {
        this.#listeners.delete(event)
        continue
      }
      const who = listeners[0]!.extension
      throw new SheafError(
        'REGISTRATION_INVALID',
        `Extension "${who}" listens to "${event}", which is neither a built-in event nor a hook an extension defined.${didYouMean(event, this.#definitions.keys())}`,
      )
    }
  }

  listeners(event: string): Listener[] {
    let sorted = this.#sorted.get(event)
    if (!sorted) {
      sorted = orderHooks(this.#listeners.get(event) ?? [], `"${event}" listener`)
      this.#sorted.set(event, sorted)
    }
    return sorted
  }

  has(event: string): boolean {
    return (this.#listeners.get(event)?.length ?? 0) > 0
  }

  /**
   * Run the listeners of `event` with its strategy. `sequential` threads the
   * first argument (a listener returning undefined keeps it) and resolves to
   * it; `first` resolves to the first defined result; `parallel` to every result.
   */
  async emit(event: string, args: unknown[], options: { reverse?: boolean } = {}): Promise<unknown> {
    const definition = this.#definitions.get(event)
    if (!definition) throw new SheafError('REGISTRATION_INVALID', `No event or hook is named "${event}".`)
    const listeners = options.reverse ? [...this.listeners(event)].reverse() : this.listeners(event)
    const call = (listener: Listener, callArgs: unknown[]): Promise<unknown> =>
      guard({ extension: listener.extension, version: listener.version, hook: `on:${event}`, seconds: this.#seconds }, () =>
        (listener.handler as (...a: unknown[]) => unknown)(...callArgs),
      )
    switch (definition.strategy) {
      case 'parallel':
        return Promise.all(listeners.map((listener) => call(listener, args)))
      case 'first':
        for (const listener of listeners) {
          const result = await call(listener, args)
          if (result !== undefined) return result
        }
        return undefined
      case 'sequential': {
        let [value, ...rest] = args
        for (const listener of listeners) {
          const result = await call(listener, [value, ...rest])
          if (result !== undefined) value = result
        }
        return value
      }
    }
  }
}
