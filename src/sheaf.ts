import { VFileMessage } from 'vfile-message'
import { SheafError, isSheafError, messageOf } from './errors.js'
import { loadConfig, type LoadConfigOptions } from './config/load.js'
import type { ResolvedConfig } from './config/schema.js'
import { discoverExtensions, type Origin } from './extensions/discover.js'
import { loadExtensions, type LoadedExtension } from './extensions/load.js'
import { Registry } from './extensions/registry.js'
import { loadSiteLayouts, loadThemeChain, type LoadedTheme } from './extensions/theme.js'
import type { HookContext } from './extensions/types.js'
import { guard, isExtensionError } from './hooks/guard.js'
import { createProcessor, type SheafProcessor } from './pipeline/processor.js'
import { rewriteLinks, type LinkTargets } from './pipeline/links.js'
import { createLogger, type LogLevel, type Logger } from './report/logger.js'
import { sheafVersion } from './package-info.js'

export interface SheafOptions extends LoadConfigOptions {
  /** Core and markdown only: no installed or configured extensions, no theme. */
  safe?: boolean
  /** Take part the site's installed extension packages (default true). */
  discover?: boolean
  /** Load the theme (default true); without one, pages get a minimal built-in layout. */
  theme?: boolean
  /** Where log lines of level `info` and `debug` go; warnings and errors are collected as messages. */
  onLog?: (level: LogLevel, source: string, message: string) => void
}

/** An extension as `sheaf extensions` shows it. */
export interface ExtensionInfo {
  name: string
  version: string | undefined
  origin: Origin
  path: string | undefined
  disabled: string | undefined
}

/**
 * One configured Sheaf: config loaded, extensions discovered and set up, the
 * registry frozen, the processor built. Builds and renders run on it; two
 * instances in one process share nothing.
 */
export interface Sheaf {
  readonly config: ResolvedConfig
  readonly registry: Registry
  readonly processor: SheafProcessor
  readonly extensions: readonly ExtensionInfo[]
  readonly themes: readonly LoadedTheme[]
  /** Messages not tied to a document (extension log warnings), collected since the last `takeMessages()`. */
  takeMessages(): VFileMessage[]
  /** The per-document hook context for an extension. */
  contextFor(extension: string): HookContext
  /** Set what link rewriting resolves against; a build sets it before rendering. */
  setLinkTargets(targets: LinkTargets | undefined): void
}

/** The name core registers its own hooks under. */
export const coreName = 'sheaf'

export async function createSheaf(options: SheafOptions = {}): Promise<Sheaf> {
  const config = await loadConfig(options)
  const messages: VFileMessage[] = []
  const sink = (level: LogLevel, source: string, text: string): void => {
    if (level === 'warn' || level === 'error') {
      const message = new VFileMessage(text, { source, ruleId: 'log' })
      message.fatal = level === 'error'
      messages.push(message)
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
  const contexts = new Map<string, HookContext>()
  const contextFor = (extension: string): HookContext => {
    let ctx = contexts.get(extension)
    if (!ctx) contexts.set(extension, (ctx = Object.freeze({ config, logger: loggerFor(extension) })))
    return ctx
  }

  const safe = options.safe ?? false
  const requests = discoverExtensions(config, { safe, implicit: options.discover ?? true })
  const loaded = await loadExtensions(requests, config)
  const themes = safe || options.theme === false ? [] : await loadThemeChain(config)
  const registry = new Registry()
  let linkTargets: LinkTargets | undefined

  const core = registry.createApp({ name: coreName, version: sheafVersion }, config, loggerFor(coreName))
  core.addTransform({
    name: 'links',
    stage: 'hast',
    order: 'post',
    run(tree, file) {
      if (linkTargets) rewriteLinks(tree, file, linkTargets)
    },
  })
  for (const [index, entry] of config.markdown.remarkPlugins.entries()) {
    const [plugin, pluginOptions] = Array.isArray(entry) ? entry : [entry, undefined]
    core.addRemarkPlugin(plugin, pluginOptions, { name: plugin.name || `config:remark-plugin-${index}` })
  }
  for (const [index, entry] of config.markdown.rehypePlugins.entries()) {
    const [plugin, pluginOptions] = Array.isArray(entry) ? entry : [entry, undefined]
    core.addRehypePlugin(plugin, pluginOptions, { name: plugin.name || `config:rehype-plugin-${index}` })
  }

  for (const entry of loaded) {
    if (entry.disabled) continue
    await runSetup(entry, registry, config, loggerFor)
  }
  for (const { theme } of themes) {
    const app = registry.createApp({ name: theme.name, version: theme.version, layoutLayer: 'theme' }, config, loggerFor(theme.name))
    for (const [name, layout] of Object.entries(theme.layouts)) app.addLayout(name, layout)
    if (theme.setup) await setupCall(theme.name, theme.version, () => theme.setup!(app, undefined))
  }
  for (const { name, layout, path } of await loadSiteLayouts(config)) {
    registry.createApp({ name: `site layout ${path}`, layoutLayer: 'site' }, config, loggerFor('site')).addLayout(name, layout)
  }
  registry.freeze()

  let processor: SheafProcessor
  try {
    processor = createProcessor(registry.transforms, contextFor)
  } catch (error) {
    throw toSetupError(error)
  }

  return {
    config,
    registry,
    processor,
    themes,
    extensions: loaded.map((entry) => ({
      name: entry.extension.name,
      version: entry.extension.version,
      origin: entry.origin,
      path: entry.path,
      disabled: entry.disabled,
    })),
    takeMessages: () => messages.splice(0),
    contextFor,
    setLinkTargets(targets) {
      linkTargets = targets
    },
  }
}

function toSetupError(error: unknown): unknown {
  if (isSheafError(error)) return error
  if (isExtensionError(error)) {
    // Core's own complaints about a registration are precise already.
    if (isSheafError(error.cause)) return error.cause
    const who = `${error.extension}${error.version ? `@${error.version}` : ''}`
    return new SheafError('SETUP_FAILED', `Extension "${who}" failed in ${error.hook}: ${error.message}`, { cause: error.cause })
  }
  return new SheafError('SETUP_FAILED', messageOf(error), { cause: error })
}

async function setupCall(name: string, version: string | undefined, fn: () => unknown): Promise<void> {
  try {
    await guard({ extension: name, version, hook: 'setup' }, fn)
  } catch (error) {
    throw toSetupError(error)
  }
}

async function runSetup(
  entry: LoadedExtension,
  registry: Registry,
  config: ResolvedConfig,
  loggerFor: (name: string) => Logger,
): Promise<void> {
  const { extension } = entry
  const app = registry.createApp({ name: extension.name, version: extension.version }, config, loggerFor(extension.name))
  await setupCall(extension.name, extension.version, () => extension.setup(app, entry.options))
}
