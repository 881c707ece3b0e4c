import { SheafError } from '../errors.js'
import { LayoutRegistry, type LayoutLayer } from '../hooks/layouts.js'
import { ParserRegistry } from '../hooks/parsers.js'
import { TransformRegistry } from '../hooks/transforms.js'
import type { ResolvedConfig } from '../config/schema.js'
import type { Logger } from '../report/logger.js'
import type { App, Layout, OrderHints, ParserHook, PluginRegistration, TransformHook, UnifiedPlugin } from './types.js'

/** One registration, as `sheaf extensions` lists it. */
export interface RegisteredHook {
  extension: string
  kind: 'parser' | 'transform' | 'remark-plugin' | 'rehype-plugin' | 'layout'
  name: string
}

/** Who is registering: an extension, a theme, or the site itself. */
export interface Registrant {
  name: string
  version?: string | undefined
  /** Layouts registered by a theme outrank those of extensions. */
  layoutLayer?: LayoutLayer
}

/**
 * Every hook kind's registry for one build. Hooks are added through the `app`
 * handed to each `setup()`, then the registry is frozen: a late registration
 * throws, naming the method.
 */
export class Registry {
  readonly parsers = new ParserRegistry()
  readonly transforms = new TransformRegistry()
  readonly layouts = new LayoutRegistry()
  readonly hooks: RegisteredHook[] = []
  #frozen = false

  get frozen(): boolean {
    return this.#frozen
  }

  freeze(): void {
    this.#frozen = true
  }

  /** The `app` one registrant sees: every registration is checked and attributed to it. */
  createApp(registrant: Registrant, config: ResolvedConfig, logger: Logger): App {
    const registry = this
    const who = registrant.name
    const check = (method: string): void => {
      if (registry.#frozen) {
        throw new SheafError('REGISTRY_FROZEN', `Cannot call \`${method}\` after setup has finished: register hooks inside setup() (extension "${who}").`)
      }
    }
    const invalid = (method: string, problem: string): never => {
      throw new SheafError('REGISTRATION_INVALID', `Extension "${who}" called \`${method}\` with ${problem}.`)
    }
    const checkHints = (method: string, hints: OrderHints): void => {
      if (hints.order !== undefined && hints.order !== 'pre' && hints.order !== 'post') {
        invalid(method, `order ${JSON.stringify(hints.order)}; expected 'pre' or 'post'`)
      }
      for (const key of ['before', 'after'] as const) {
        const value = hints[key]
        if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
          invalid(method, `\`${key}\` that is not an array of names`)
        }
      }
    }
    const record = (kind: RegisteredHook['kind'], name: string): void => {
      registry.hooks.push({ extension: who, kind, name })
    }
    const addPlugin = (
      method: 'addRemarkPlugin' | 'addRehypePlugin',
      plugin: UnifiedPlugin,
      options: unknown,
      registration: PluginRegistration = {},
    ): void => {
      check(method)
      if (typeof plugin !== 'function') invalid(method, `${typeof plugin} instead of a unified plugin function`)
      checkHints(method, registration)
      const kind = method === 'addRemarkPlugin' ? 'remark-plugin' : 'rehype-plugin'
      const name = registration.name ?? (plugin.name || `${who}:${kind}`)
      registry.transforms.add({
        kind,
        name,
        extension: who,
        version: registrant.version,
        stage: kind === 'remark-plugin' ? 'mdast' : 'hast',
        plugin,
        options: options === undefined ? [] : [options],
        order: registration.order,
        before: registration.before,
        after: registration.after,
      })
      record(kind, name)
    }

    return {
      config,
      logger,
      addParser(parser: ParserHook) {
        check('addParser')
        if (typeof parser !== 'object' || parser === null) invalid('addParser', 'no parser object')
        if (typeof parser.name !== 'string' || !parser.name) invalid('addParser', 'a parser without a `name`')
        if (!Array.isArray(parser.extensions) || parser.extensions.length === 0) {
          invalid('addParser', `parser "${parser.name}" without \`extensions\` (such as ['.md'])`)
        }
        for (const ext of parser.extensions) {
          if (typeof ext !== 'string' || !/^\.[^./\\]+$/.test(ext)) {
            invalid('addParser', `parser "${parser.name}" claiming ${JSON.stringify(ext)}; file extensions start with a dot, such as '.md'`)
          }
        }
        if (typeof parser.parse !== 'function') invalid('addParser', `parser "${parser.name}" without a \`parse(file, ctx)\` function`)
        registry.parsers.add({ extension: who, parser })
        record('parser', parser.name)
      },
      addTransform(transform: TransformHook) {
        check('addTransform')
        if (typeof transform !== 'object' || transform === null) invalid('addTransform', 'no transform object')
        if (typeof transform.name !== 'string' || !transform.name) invalid('addTransform', 'a transform without a `name`')
        if (transform.stage !== 'mdast' && transform.stage !== 'hast') {
          const { name, stage } = transform as { name: string; stage: unknown }
          invalid('addTransform', `transform "${name}" with stage ${JSON.stringify(stage)}; expected 'mdast' or 'hast'`)
        }
        if (typeof transform.run !== 'function') invalid('addTransform', `transform "${transform.name}" without a \`run(tree, file, ctx)\` function`)
        checkHints('addTransform', transform)
        if (registry.transforms.has(transform.name)) {
          invalid('addTransform', `transform "${transform.name}", a name that is already registered`)
        }
        registry.transforms.add({
          kind: 'transform',
          name: transform.name,
          extension: who,
          version: registrant.version,
          stage: transform.stage,
          transform,
          order: transform.order,
          before: transform.before,
          after: transform.after,
        })
        record('transform', transform.name)
      },
      addRemarkPlugin(plugin, options, registration) {
        addPlugin('addRemarkPlugin', plugin, options, registration)
      },
      addRehypePlugin(plugin, options, registration) {
        addPlugin('addRehypePlugin', plugin, options, registration)
      },
      addLayout(name: string, layout: Layout) {
        check('addLayout')
        if (typeof name !== 'string' || !name) invalid('addLayout', 'a layout without a name')
        if (typeof layout !== 'function') invalid('addLayout', `layout "${name}" that is not a function`)
        registry.layouts.add({ name, layout, layer: registrant.layoutLayer ?? 'extension', source: who, version: registrant.version })
        record('layout', name)
      },
    }
  }
}
