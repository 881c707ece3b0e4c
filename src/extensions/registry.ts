import { ConfigKeyRegistry } from '../hooks/config-keys.js'
import { EventRegistry } from '../hooks/events.js'
import { FrontMatterFieldRegistry } from '../hooks/front-matter-fields.js'
import { GeneratorRegistry } from '../hooks/generators.js'
import { LayoutRegistry } from '../hooks/layouts.js'
import { NamedRegistry } from '../hooks/named.js'
import { ParserRegistry } from '../hooks/parsers.js'
import { ServiceRegistry } from '../hooks/services.js'
import { TransformRegistry } from '../hooks/transforms.js'
import type { AssetSpec, CommandHook, DirectiveHook } from './types.js'

/** One registration, as `sheaf extensions` lists it. */
export interface RegisteredHook {
  extension: string
  kind:
    | 'parser'
    | 'transform'
    | 'remark-plugin'
    | 'rehype-plugin'
    | 'layout'
    | 'directive'
    | 'generator'
    | 'command'
    | 'config'
    | 'front-matter'
    | 'listener'
    | 'hook'
    | 'service'
    | 'asset'
    | 'watch-file'
  name: string
}

/** Commands that belong to Sheaf; extensions cannot take their names. */
export const builtinCommands = ['build', 'render', 'extensions', 'serve', 'new', 'help']

/**
 * Every hook kind's registry for one build. Hooks are added through the `app`
 * handed to each `setup()` (see `app.ts`), then the registry is frozen: a late
 * registration throws, naming the method.
 */
export class Registry {
  readonly parsers = new ParserRegistry()
  readonly transforms = new TransformRegistry()
  readonly layouts = new LayoutRegistry()
  readonly directives = new NamedRegistry<DirectiveHook>('directive')
  readonly generators = new GeneratorRegistry()
  readonly commands = new NamedRegistry<CommandHook>('command', builtinCommands)
  readonly events: EventRegistry
  readonly services = new ServiceRegistry()
  readonly configKeys: ConfigKeyRegistry
  /** Front matter fields and their schemas, core's and extensions'. */
  readonly frontMatter = new FrontMatterFieldRegistry()
  /** Files extensions add to the output, in registration order. */
  readonly assets: Array<AssetSpec & { extension: string }> = []
  /** Files and globs (relative to the site root, or absolute) that setup, generators or layouts read: inputs of every output. */
  readonly watchFiles: Array<{ pattern: string; extension: string }> = []
  readonly hooks: RegisteredHook[] = []
  #frozen = false

  /** Seconds a hook may take to settle (`limits.hookSeconds`). */
  readonly hookSeconds: number | undefined

  constructor(rawConfig: Readonly<Record<string, unknown>>, coreConfigKeys: Iterable<string>, options: { hookSeconds?: number } = {}) {
    this.configKeys = new ConfigKeyRegistry(rawConfig, coreConfigKeys)
    this.hookSeconds = options.hookSeconds
    this.events = new EventRegistry(options.hookSeconds)
  }

  get frozen(): boolean {
    return this.#frozen
  }

  /** Close registration; checks that need every registration (listened-to names) run here. */
  freeze(): void {
    this.events.checkNames()
    this.#frozen = true
  }

  record(extension: string, kind: RegisteredHook['kind'], name: string): void {
    this.hooks.push({ extension, kind, name })
  }
}
