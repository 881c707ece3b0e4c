import type { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { configView, InputRecorder, recorderOf, runningInputs, type InputRecord } from './pipeline/dependencies.js'
import { SheafError } from './errors.js'
import { loadConfig, type LoadConfigOptions } from './config/load.js'
import { configKeys, type ResolvedConfig } from './config/schema.js'
import { createApp } from './extensions/app.js'
import { discoverExtensions, missingDependencies, type Origin } from './extensions/discover.js'
import { loadExtensions, type LoadedExtension } from './extensions/load.js'
import { Registry, type RegisteredHook } from './extensions/registry.js'
import { orderExtensions } from './extensions/requirements.js'
import { loadSiteLayouts, loadThemeChain, type LoadedTheme } from './extensions/theme.js'
import { checkOptions } from './extensions/options.js'
import type { AssetNames } from './output/asset-names.js'
import type { App, HookContext, StandardSchema } from './extensions/types.js'
import { guard } from './hooks/guard.js'
import { setupError } from './extension-error.js'
import { setupCore, setupDirectives } from './pipeline/core-hooks.js'
import { parseMarkdown } from './pipeline/parse-markdown.js'
import { createLogger, type LogLevel, type Logger } from './report/logger.js'
import { sheafVersion } from './package-info.js'
import { didYouMean } from './suggest.js'

export interface SheafOptions extends LoadConfigOptions {
  /** Core and markdown only: no installed or configured extensions, no theme. */
  safe?: boolean
  /** Let the site's installed extension packages take part (default true). */
  discover?: boolean
  /** Load the theme (default true); without one, pages get a minimal built-in layout. */
  theme?: boolean
  /** A number that changes each time a long-running process loads the extension set again, so changed local modules load anew. */
  generation?: number
  /** Where log lines of level `info` and `debug` go; warnings and errors are collected as messages. */
  onLog?: (level: LogLevel, source: string, message: string) => void
}

/** An extension as `sheaf extensions` shows it. */
export interface ExtensionInfo {
  name: string
  version: string | undefined
  origin: Origin
  path: string | undefined
  /** Why it does not run; undefined when it does. */
  disabled: string | undefined
  /** Its place in the setup order (1 first); undefined when disabled. */
  position: number | undefined
  /** Every hook it registered, in registration order. */
  hooks: Array<Pick<RegisteredHook, 'kind' | 'name'>>
}

/**
 * One configured Sheaf: config loaded, extensions discovered, ordered and set
 * up, the registry frozen; the processor is made when first asked for. Builds and renders run on it;
 * two instances in one process share nothing.
 */
export interface Sheaf {
  /** The options it was made with (worker threads load the same extension set from them). */
  readonly options: SheafOptions
  readonly config: ResolvedConfig
  readonly registry: Registry
  /** Every discovered extension: enabled ones in setup order, then disabled ones. */
  readonly extensions: readonly ExtensionInfo[]
  /** The enabled extensions in setup order. */
  readonly enabled: readonly LoadedExtension[]
  /**
   * The names this build writes stylesheets and scripts under, with their
   * content's digest (`assetNamesOf`); set by each build before any page is
   * rendered, and sent to the threads that render.
   */
  assetNames: AssetNames
  readonly themes: readonly LoadedTheme[]
  /**
   * Warnings and errors logged outside any document (in setup, generators,
   * `validate`, listeners), since the last call. What hooks log while a
   * document is read or rendered travels with it (`logsOf`).
   * @internal
   */
  takeSiteMessages(): VFileMessage[]
  /**
   * The hook context for an extension: with `file`, inputs its hooks read are
   * recorded for that document or page (`inputsOf`); without, for the site
   * (`takeSiteInputs`).
   * @internal
   */
  contextFor(extension: string, file?: VFile): HookContext
  /**
   * The site-wide config keys (`title`, `url`, `lang`) that extensions and themes read in setup: part of every document's fingerprint.
   * @internal
   */
  readonly setupConfigKeys: ReadonlySet<string>
  /**
   * What hooks without a document (generators, `validate`) read since the last call.
   * @internal
   */
  takeSiteInputs(): InputRecord
  /** Run the listeners of an event or extension-defined hook (see `EventRegistry.emit`). */
  emit(event: string, ...args: unknown[]): Promise<unknown>
  /** Send `dispose` to every extension, in reverse setup order. Safe to call twice. */
  dispose(): Promise<void>
}

/** The name core registers its own hooks under. */
export const coreName = 'sheaf'

async function setupCall(name: string, version: string | undefined, fn: () => unknown, seconds: number): Promise<void> {
  try {
    await guard({ extension: name, version, hook: 'setup', seconds }, fn)
  } catch (error) {
    throw setupError(error)
  }
}

export async function createSheaf(options: SheafOptions = {}): Promise<Sheaf> {
  const config = await loadConfig(options)
  const messages: VFileMessage[] = []
  const sink = (level: LogLevel, source: string, text: string): void => {
    if (level === 'warn' || level === 'error') {
      const message = new VFileMessage(text, { source, ruleId: 'log' })
      message.fatal = level === 'error'
      // Logged while a document's stages run: it goes with that document, whatever else is running.
      const running = runningInputs.getStore()
      if (running) running.logs.push(message)
      else messages.push(message)
    } else {
      options.onLog?.(level, source, text)
    }
  }
  const loggers = new Map<string, Logger>()
  const loggerFor = (name: string): Logger => {
    let logger = loggers.get(name)
    if (!logger) loggers.set(name, (logger = createLogger(name, sink)))
    return logger
  }
  let siteInputs = new InputRecorder(config.root, config)
  const contextFor = (extension: string, file?: VFile): HookContext => {
    const inputs = file === undefined ? siteInputs : recorderOf(file, config.root, config)
    return {
      config: inputs.config as ResolvedConfig,
      logger: loggerFor(extension),
      readFile: (path) => inputs.readFile(path),
      addDependency: (path) => inputs.addDependency(path),
      env: (name) => inputs.env(name),
      // The instance is made below; hooks that parse run once it is.
      parseMarkdown: (text, parseOptions = {}) => parseMarkdown(sheaf, text, parseOptions, file),
    }
  }

  const safe = options.safe ?? false
  const loaded = await loadExtensions(discoverExtensions(config, { safe, implicit: options.discover ?? true }), config, options.generation)
  const enabled = orderExtensions(loaded)
  const themes = safe || options.theme === false ? [] : await loadThemeChain(config, options.generation)
  const registry = new Registry(config.extensionKeys, configKeys, { hookSeconds: config.limits.hookSeconds })
  // What setup reads of the site-wide keys counts for every document (a value kept for the hooks to use).
  // Read later, from a hook, it counts for the document or page whose stages are running.
  const setupConfigKeys = new Set<string>()
  let settingUp = true
  const setupConfig = configView(config, (key) => (settingUp ? setupConfigKeys.add(key) : runningInputs.getStore()?.noteConfig(key)))
  // What `app.has` answers to: every name (and package or key) of the extensions this build runs.
  const present: ReadonlySet<string> = new Set(enabled.flatMap((entry) => entry.aliases))
  const appFor = (name: string, extra: Omit<Parameters<typeof createApp>[1], 'name'> = {}): App =>
    createApp(registry, { name, present, ...extra }, setupConfig, loggerFor(name))

  // A dependency not installed: its extensions would be silently missing from the build.
  const missing = safe || options.discover === false ? [] : missingDependencies(config)
  if (missing.length > 0) {
    const listed = missing.map((name) => `"${name}"`).join(', ')
    sink(
      'warn',
      coreName,
      `The site's package.json names ${listed}, but ${missing.length === 1 ? 'it is' : 'they are'} not installed, so ${missing.length === 1 ? 'its' : 'their'} extensions take no part in this build: run \`npm install\` in ${config.root}.`,
    )
  }

  // A `disable` entry that names no extension is most likely a typo: say so, with the nearest name.
  const known = loaded.flatMap((entry) => entry.aliases)
  for (const name of config.disable) {
    if (!known.includes(name)) sink('warn', coreName, `disable: "${name}" names no extension of this site, so it disables nothing.${didYouMean(name, new Set(known))}`)
  }

  const core = appFor(coreName, { version: sheafVersion })
  setupCore(core, config)

  // Every extension's and the theme's options, checked against the schemas they declare before any setup runs: all problems at once.
  // The configured theme (last of its chain, base first) gets the config's theme options; the themes it extends get none.
  const themeOptions = themes.map((_, at) => (at === themes.length - 1 ? config.themeOptions : undefined))
  const optionProblems: string[] = []
  const checked = <T>(what: string, schema: StandardSchema | undefined, options: T): T => {
    if (!schema) return options
    const { value, problems } = checkOptions(schema, options)
    optionProblems.push(...problems.map((problem) => `${what}: ${problem}`))
    return value as T
  }
  const extensionOptions = enabled.map((entry) => checked(`Extension "${entry.extension.name}"`, entry.extension.optionsSchema, entry.options))
  themes.forEach(({ theme }, at) => (themeOptions[at] = checked(`Theme "${theme.name}"`, theme.optionsSchema, themeOptions[at])))
  const configured = themes.at(-1)?.theme
  if (config.themeOptions !== undefined && configured && !configured.optionsSchema && !configured.setup) {
    optionProblems.push(`Theme "${configured.name}" takes no options, but the config gives it some.`)
  }
  if (optionProblems.length > 0) {
    const message = optionProblems.length === 1 ? optionProblems[0]! : `The config has ${optionProblems.length} problems:\n${optionProblems.join('\n')}`
    throw new SheafError('CONFIG_INVALID', message, { file: config.configFile, hint: "`sheaf extensions` lists the extensions; each one's readme lists its options." })
  }

  for (const [at, entry] of enabled.entries()) {
    const { extension } = entry
    const app = appFor(extension.name, { version: extension.version, requires: extension.requires })
    await setupCall(extension.name, extension.version, () => extension.setup(app, extensionOptions[at] as never), config.limits.hookSeconds)
  }
  for (const [at, { theme }] of themes.entries()) {
    const app = appFor(theme.name, { version: theme.version, layoutLayer: 'theme' })
    for (const [name, layout] of Object.entries(theme.layouts)) app.addLayout(name, layout)
    if (theme.setup) await setupCall(theme.name, theme.version, () => theme.setup!(app, themeOptions[at] as never), config.limits.hookSeconds)
  }
  for (const { name, layout, path } of await loadSiteLayouts(config)) {
    appFor(`site layout ${path}`, { layoutLayer: 'site' }).addLayout(name, layout)
  }
  setupDirectives(core, registry.directives, contextFor, registry.hookSeconds)

  const unclaimed = registry.configKeys.unclaimed()
  if (unclaimed.length > 0) {
    const known = [...configKeys, ...registry.configKeys.claimedKeys()]
    const problems = unclaimed.map((key) => `Unknown config key \`${key}\`.${didYouMean(key, known)}`)
    // With extensions left out, an unclaimed key may belong to one of them: say so, but do not fail.
    if (safe || loaded.some((entry) => entry.disabled)) {
      for (const problem of problems) sink('warn', coreName, `${problem} No enabled extension uses it.`)
    } else {
      const message = problems.length === 1 ? problems[0]! : `The config has ${problems.length} problems:\n${problems.join('\n')}`
      throw new SheafError('CONFIG_INVALID', message, { file: config.configFile })
    }
  }

  try {
    registry.freeze()
  } catch (error) {
    throw setupError(error)
  }
  settingUp = false

  const emit = (event: string, ...args: unknown[]): Promise<unknown> => registry.events.emit(event, args, { reverse: event === 'dispose' })
  let disposed = false
  const positions = new Map(enabled.map((entry, index) => [entry.extension.name, index + 1]))
  const info = (entry: LoadedExtension): ExtensionInfo => ({
    name: entry.extension.name,
    version: entry.extension.version,
    origin: entry.origin,
    path: entry.path,
    disabled: entry.disabled,
    position: positions.get(entry.extension.name),
    hooks: registry.hooks.filter((hook) => hook.extension === entry.extension.name).map(({ kind, name }) => ({ kind, name })),
  })

  const sheaf: Sheaf = {
    options,
    config,
    registry,
    themes,
    assetNames: new Map(),
    enabled,
    extensions: [...enabled, ...loaded.filter((entry) => entry.disabled)].map(info),
    takeSiteMessages: () => messages.splice(0),
    contextFor,
    setupConfigKeys,
    takeSiteInputs() {
      const { record } = siteInputs
      siteInputs = new InputRecorder(config.root, config)
      return record
    },
    emit,
    async dispose() {
      if (disposed) return
      disposed = true
      await emit('dispose')
    },
  }
  try {
    await emit('config:loaded', config)
  } catch (error) {
    throw setupError(error)
  }
  return sheaf
}
