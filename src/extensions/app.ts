import { readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { SheafError } from '../errors.js'
import type { ResolvedConfig } from '../config/schema.js'
import type { LayoutLayer } from '../hooks/layouts.js'
import type { Logger } from '../report/logger.js'
import type { Registry } from './registry.js'
import type { App, DefinedHook, HookStrategy, LazyPlugin, Layout, ListenOptions, OrderHints, PluginRegistration, UnifiedPlugin } from './types.js'

/** Who is registering: an extension, a theme, or the site itself. */
export interface Registrant {
  name: string
  version?: string | undefined
  /** What it `requires`: the only extensions whose services it may use. */
  requires?: Readonly<Record<string, string>>
  /** Layouts registered by a theme outrank those of extensions. */
  layoutLayer?: LayoutLayer
  /** The names of the extensions this build runs, for `app.has`. */
  present?: ReadonlySet<string>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** The files in a folder (relative, with forward slashes, sorted), or undefined when `path` is not a folder. */
function folderFiles(path: string): string[] | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined
  } catch {
    return undefined // Not there: copying it reports that, as for any file.
  }
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(path, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/**
 * The `app` one registrant sees. Every registration is checked when it is made
 * (a wrong shape fails `setup()` naming the extension and the method) and
 * attributed to the registrant, and every method throws once setup is over.
 */
export function createApp(registry: Registry, registrant: Registrant, config: ResolvedConfig, logger: Logger): App {
  const who = registrant.name
  const version = registrant.version
  const check = (method: string): void => {
    if (registry.frozen) {
      throw new SheafError('REGISTRY_FROZEN', `Cannot call \`${method}\` after setup has finished: register hooks inside setup() (extension "${who}").`)
    }
  }
  const invalid = (method: string, problem: string): never => {
    throw new SheafError('REGISTRATION_INVALID', `Extension "${who}" called \`${method}\` with ${problem}.`)
  }
  /** Why a hook name cannot be had: another extension (or this one) registered it. Names are shared by every extension. */
  const takenBy = (owner: string): string =>
    owner === who
      ? 'a name this extension registered already'
      : `a name that extension "${owner}" registered already; hook names are shared by every extension, so give yours a prefix of its own (such as "${who}:…")`
  const checkName = (method: string, value: unknown, what: string): string => {
    if (typeof value !== 'string' || value.trim() === '') invalid(method, `${what} without a \`name\``)
    return value as string
  }
  const checkFunction = (method: string, value: unknown, what: string): void => {
    if (typeof value !== 'function') invalid(method, what)
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
  const addPlugin = (method: 'addRemarkPlugin' | 'addRehypePlugin', plugin: UnifiedPlugin | LazyPlugin, options: unknown, registration: PluginRegistration = {}): void => {
    check(method)
    const lazy = isObject(plugin) && typeof (plugin as Partial<LazyPlugin>).load === 'function'
    if (!lazy) checkFunction(method, plugin, `${plugin === null ? 'null' : typeof plugin} instead of a unified plugin function or { load }`)
    if (lazy) checkName(method, registration.name, 'a lazy plugin ({ load })')
    checkHints(method, registration)
    const kind = method === 'addRemarkPlugin' ? 'remark-plugin' : 'rehype-plugin'
    const name = registration.name ?? ((plugin as UnifiedPlugin).name || `${who}:${kind}`)
    registry.transforms.add({
      kind,
      name,
      extension: who,
      version,
      stage: kind === 'remark-plugin' ? 'mdast' : 'hast',
      plugin,
      options: options === undefined ? [] : [options],
      order: registration.order,
      before: registration.before,
      after: registration.after,
    })
    registry.record(who, kind, name)
  }

  const app: App = {
    config,
    logger,
    addParser(parser) {
      check('addParser')
      if (!isObject(parser)) invalid('addParser', 'no parser object')
      const name = checkName('addParser', parser.name, 'a parser')
      if (!Array.isArray(parser.extensions) || parser.extensions.length === 0) invalid('addParser', `parser "${name}" without \`extensions\` (such as ['.md'])`)
      for (const ext of parser.extensions) {
        if (typeof ext !== 'string' || !/^\.[^./\\]+$/.test(ext)) {
          invalid('addParser', `parser "${name}" claiming ${JSON.stringify(ext)}; file extensions start with a dot, such as '.md'`)
        }
      }
      checkFunction('addParser', parser.parse, `parser "${name}" without a \`parse(file, ctx)\` function`)
      registry.parsers.add({ extension: who, version, parser })
      registry.record(who, 'parser', name)
    },
    addTransform(transform) {
      check('addTransform')
      if (!isObject(transform)) invalid('addTransform', 'no transform object')
      const name = checkName('addTransform', transform.name, 'a transform')
      const stage = (transform as { stage: unknown }).stage
      if (stage !== 'mdast' && stage !== 'hast' && stage !== 'site') {
        invalid('addTransform', `transform "${name}" with stage ${JSON.stringify(stage)}; expected 'mdast', 'hast' or 'site'`)
      }
      checkFunction('addTransform', transform.run, `transform "${name}" without a \`run(tree, file, ctx)\` function`)
      checkHints('addTransform', transform)
      const owner = registry.transforms.ownerOf(name)
      if (owner !== undefined) invalid('addTransform', `transform "${name}", ${takenBy(owner)}`)
      registry.transforms.add({ kind: 'transform', name, extension: who, version, stage: transform.stage, transform, order: transform.order, before: transform.before, after: transform.after })
      registry.record(who, 'transform', name)
    },
    addRemarkPlugin: (plugin, options, registration) => addPlugin('addRemarkPlugin', plugin, options, registration),
    addRehypePlugin: (plugin, options, registration) => addPlugin('addRehypePlugin', plugin, options, registration),
    addLayout(name: string, layout: Layout) {
      check('addLayout')
      if (typeof name !== 'string' || !name) invalid('addLayout', 'a layout without a name')
      checkFunction('addLayout', layout, `layout "${name}" that is not a function`)
      registry.layouts.add({ name, layout, layer: registrant.layoutLayer ?? 'extension', source: who, version })
      registry.record(who, 'layout', name)
    },
    addDirective(directive) {
      check('addDirective')
      if (!isObject(directive)) invalid('addDirective', 'no directive object')
      const name = checkName('addDirective', directive.name, 'a directive')
      if (!/^[A-Za-z][\w-]*$/.test(name)) invalid('addDirective', `directive name ${JSON.stringify(name)}; a name starts with a letter and has letters, digits, - and _`)
      checkFunction('addDirective', directive.render, `directive "${name}" without a \`render(node, file, ctx)\` function`)
      if (directive.kinds !== undefined && (!Array.isArray(directive.kinds) || directive.kinds.some((k) => k !== 'container' && k !== 'leaf' && k !== 'text'))) {
        invalid('addDirective', `directive "${name}" whose \`kinds\` are not among 'container', 'leaf', 'text'`)
      }
      registry.directives.add({ extension: who, version, item: directive })
      registry.record(who, 'directive', name)
    },
    addGenerator(generator) {
      check('addGenerator')
      if (!isObject(generator)) invalid('addGenerator', 'no generator object')
      const name = checkName('addGenerator', generator.name, 'a generator')
      checkFunction('addGenerator', generator.generate, `generator "${name}" without a \`generate(site, ctx)\` function`)
      checkHints('addGenerator', generator)
      if (generator.stage !== undefined && generator.stage !== 'read' && generator.stage !== 'rendered') {
        invalid('addGenerator', `generator "${name}" with stage ${JSON.stringify(generator.stage)}; expected 'read' or 'rendered'`)
      }
      const owner = registry.generators.ownerOf(name)
      if (owner !== undefined) invalid('addGenerator', `generator "${name}", ${takenBy(owner)}`)
      registry.generators.add({ name, extension: who, version, generator, order: generator.order, before: generator.before, after: generator.after })
      registry.record(who, 'generator', name)
    },
    addAsset(asset) {
      check('addAsset')
      if (!isObject(asset) || typeof asset.path !== 'string' || !asset.path) invalid('addAsset', 'an asset without a `path`')
      const path = asset.path.replace(/^\/+/, '')
      if (path.split(/[/\\]/).includes('..') || /^[A-Za-z]:/.test(path)) invalid('addAsset', `asset path ${JSON.stringify(asset.path)}, which would leave the output folder`)
      if ((asset.from === undefined) === (asset.contents === undefined)) invalid('addAsset', `asset "${path}" with ${asset.from === undefined ? 'neither' : 'both'} \`from\` and \`contents\``)
      if (asset.link !== undefined && !['stylesheet', 'script', 'module'].includes(asset.link)) {
        invalid('addAsset', `asset "${path}" with link ${JSON.stringify(asset.link)}; expected 'stylesheet', 'script' or 'module'`)
      }
      const files = asset.from === undefined ? undefined : folderFiles(asset.from)
      // The same file at the same path, added twice (a folder, then one of its files to link it): one asset, linked.
      const key = (entry: { path: string; from?: string | undefined }): string | undefined => (entry.from === undefined ? undefined : `${entry.path}\0${entry.from}`)
      if (files === undefined) {
        const at = asset.from === undefined ? -1 : registry.assets.findIndex((other) => other.extension === who && key(other) === key({ path, from: asset.from }))
        if (at === -1) registry.assets.push({ ...asset, path, extension: who })
        else registry.assets[at] = { ...registry.assets[at]!, ...asset, path }
      } else {
        // A folder: each file in it, under `path`. A page cannot load a folder.
        if (asset.link !== undefined) invalid('addAsset', `asset "${path}" with \`link\`, but its \`from\` is a folder (${asset.from}); link one file of it with an addAsset of its own`)
        const base = path.replace(/\/+$/, '')
        const added = new Set(registry.assets.filter((other) => other.extension === who).map(key))
        for (const rel of files) {
          const file = { path: `${base}/${rel}`, from: join(asset.from!, rel) }
          if (!added.has(key(file))) registry.assets.push({ ...file, extension: who })
        }
      }
      registry.record(who, 'asset', path)
    },
    addCommand(command) {
      check('addCommand')
      if (!isObject(command)) invalid('addCommand', 'no command object')
      const name = checkName('addCommand', command.name, 'a command')
      if (!/^[a-z][a-z0-9-]*(:[a-z0-9-]+)*$/.test(name)) invalid('addCommand', `command name ${JSON.stringify(name)}; use lowercase letters, digits, - and :`)
      if (typeof command.description !== 'string' || !command.description) invalid('addCommand', `command "${name}" without a \`description\``)
      checkFunction('addCommand', command.run, `command "${name}" without a \`run(args, ctx)\` function`)
      registry.commands.add({ extension: who, version, item: command })
      registry.record(who, 'command', name)
    },
    addConfig(key, spec) {
      check('addConfig')
      if (typeof key !== 'string' || !/^[A-Za-z][\w-]*$/.test(key)) invalid('addConfig', `config key ${JSON.stringify(key)}`)
      if (!isObject(spec) || !('default' in spec)) invalid('addConfig', `config key \`${key}\` without a \`default\``)
      if (spec.schema !== undefined && !isObject(spec.schema['~standard'])) {
        invalid('addConfig', `config key \`${key}\` whose schema is not a Standard Schema (zod, valibot, arktype …)`)
      }
      const value = registry.configKeys.claim(key, spec, who)
      registry.record(who, 'config', key)
      return value
    },
    addFrontMatter(key, spec) {
      check('addFrontMatter')
      if (typeof key !== 'string' || !/^[A-Za-z_][\w-]*$/.test(key)) invalid('addFrontMatter', `front matter field ${JSON.stringify(key)}`)
      if (!isObject(spec) || !isObject(spec.schema) || !isObject(spec.schema['~standard'])) {
        invalid('addFrontMatter', `front matter field \`${key}\` without a \`schema\` (a Standard Schema: zod, valibot, arktype …)`)
      }
      registry.frontMatter.declare(key, spec, who)
      registry.record(who, 'front-matter', key)
    },
    has(name: string) {
      return registrant.present?.has(name) ?? false
    },
    on(event: string, handler: (...args: never[]) => unknown, options: ListenOptions = {}) {
      check('on')
      if (typeof event !== 'string' || !event) invalid('on', 'an event without a name')
      checkFunction('on', handler, `a handler for "${event}" that is not a function`)
      checkHints('on', options)
      if (options.optional !== undefined && typeof options.optional !== 'boolean') invalid('on', `\`optional\` ${JSON.stringify(options.optional)}; expected true or false`)
      registry.events.on(event, { name: who, extension: who, version, handler, order: options.order, before: options.before, after: options.after, optional: options.optional === true })
      registry.record(who, 'listener', event)
    },
    defineHook<Args extends unknown[], Result>(name: string, options: { strategy: HookStrategy }): DefinedHook<Args, Result> {
      check('defineHook')
      if (typeof name !== 'string' || !name.includes(':')) invalid('defineHook', `hook name ${JSON.stringify(name)}; name it "extension:thing" so it cannot clash with built-in events`)
      registry.events.define(name, options?.strategy, who)
      registry.record(who, 'hook', name)
      return { name, strategy: options.strategy, call: (...args: Args) => registry.events.emit(name, args) as Promise<Result> }
    },
    provide(name, service) {
      check('provide')
      if (typeof name !== 'string' || !name) invalid('provide', 'a service without a name')
      registry.services.provide(name, service, who)
      registry.record(who, 'service', name)
    },
    addWatchFile(pathOrGlob) {
      check('addWatchFile')
      if (typeof pathOrGlob !== 'string' || pathOrGlob.trim() === '') invalid('addWatchFile', `${JSON.stringify(pathOrGlob)} instead of a path or glob`)
      registry.watchFiles.push({ pattern: pathOrGlob, extension: who })
      registry.record(who, 'watch-file', pathOrGlob)
    },
    service<T>(name: string): T {
      return registry.services.get(name, who, registrant.requires ?? {}) as T
    },
  }
  return app
}
