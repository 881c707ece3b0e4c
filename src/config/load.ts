import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as v from 'valibot'
import { SheafError, messageOf } from '../errors.js'
import { importModule } from '../modules.js'
import { declaredKeys } from '../extensions/options.js'
import { didYouMean } from '../suggest.js'
import { configKeys, configSchema, type ResolvedConfig, type SheafConfig } from './schema.js'

/** The config file names Sheaf looks for in the site root, in this order. */
export const configFileNames = [
  'sheaf.config.ts',
  'sheaf.config.mts',
  'sheaf.config.cts',
  'sheaf.config.mjs',
  'sheaf.config.js',
  'sheaf.config.cjs',
]

export interface LoadConfigOptions {
  /** The site root; defaults to the current folder. */
  root?: string
  /** A config to use instead of reading the site's config file. */
  config?: SheafConfig
  /** Values that win over the config file (CLI flags, library callers). */
  overrides?: Partial<SheafConfig>
  /** An output folder that wins over config `out`, resolved against the current folder. */
  out?: string
  drafts?: boolean
}

export function findConfigFile(root: string): string | undefined {
  for (const name of configFileNames) {
    const path = join(root, name)
    if (existsSync(path)) return path
  }
  return undefined
}

/** How long a config file may take to load, its exported function included: `SHEAF_CONFIG_SECONDS`, else 60. */
export function configSeconds(): number {
  const seconds = Number(process.env.SHEAF_CONFIG_SECONDS)
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 60
}

const isConfigObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value)

/** What a value is, for a message that says what a config exported instead of an object. */
function described(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing (undefined)'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`
  return `a ${typeof value}`
}

/**
 * Load a config file: its module, then the function it exports, if it does.
 * Either may return a promise that never settles (a forgotten `resolve`, a
 * top-level `await` on something that never comes), which would hold the
 * command forever: past `configSeconds()` it fails, naming the file.
 */
async function readConfigFile(path: string): Promise<unknown> {
  const seconds = configSeconds()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SheafError('CONFIG_LOAD_FAILED', `Could not load ${path}: it did not finish within ${seconds} second${seconds === 1 ? '' : 's'} (a promise in the module, or returned by the function it exports, never settled). If it is only slow, set SHEAF_CONFIG_SECONDS to allow longer.`, { file: path })), seconds * 1000)
  })
  let exported: 'exports' | 'returned' = 'exports'
  const load = async (): Promise<unknown> => {
    const value = await importModule(path)
    if (typeof value !== 'function') return value
    exported = 'returned'
    return (value as () => unknown)()
  }
  let value: unknown
  try {
    value = await Promise.race([load(), late])
  } catch (error) {
    if (error instanceof SheafError) throw error
    throw new SheafError('CONFIG_LOAD_FAILED', `Could not load ${path}: ${messageOf(error)}`, { cause: error, file: path })
  } finally {
    clearTimeout(timer)
  }
  if (!isConfigObject(value)) {
    const what = exported === 'exports' ? `it exports ${described(value)}` : `the function it exports returned ${described(value)}`
    throw new SheafError('CONFIG_INVALID', `The config must export an object, or a function that returns one (export default defineConfig({ … })), but ${what}.`, { file: path })
  }
  return value
}

/** The keys an object in the config may have, for "did you mean": whatever the schema declares at that path. */
const knownKeys = (path: readonly string[]): string[] => declaredKeys(configSchema, path) ?? []

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => String(item.key))
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    // An unknown key: the path ends with it.
    const key = path.pop()!
    const prefix = path.length > 0 ? `${path.join('.')}.` : ''
    return `Unknown config key \`${prefix}${key}\`.${didYouMean(key, knownKeys(path)).replace(/`([^`]+)`/, (_, k: string) => `\`${prefix}${k}\``)}`
  }
  // What was there: for a wrong type, and for a string that is not a URL (a length says nothing).
  const received = issue.kind === 'schema' || issue.type === 'url' ? `, got ${issue.received}` : ''
  return `Config key \`${path.join('.') || '(root)'}\`: ${issue.message}${received}`
}

/**
 * Validate a config object's core keys and apply defaults; errors name the key.
 * Top-level keys core does not know are returned apart: extensions claim them
 * with `addConfig`, and whatever is left unclaimed after setup is an error.
 */
export function parseConfig(value: unknown, file: string | undefined): { core: v.InferOutput<typeof configSchema>; rest: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SheafError('CONFIG_INVALID', `${file ?? 'The config'} must export a config object (export default defineConfig({ … })).`, { file })
  }
  const core: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value)) (configKeys.includes(key) ? core : rest)[key] = entry
  const result = v.safeParse(configSchema, core)
  if (!result.success) {
    const problems = result.issues.map(describeIssue)
    const message = problems.length === 1 ? problems[0]! : `The config has ${problems.length} problems:\n${problems.join('\n')}`
    throw new SheafError('CONFIG_INVALID', message, { file })
  }
  return { core: result.output, rest }
}

/** Find, load and validate the site's config, then resolve its folders. */
/** Freeze plain objects and arrays all the way down; anything else (functions, class instances) is left as it is. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  const proto = Object.getPrototypeOf(value)
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value
  Object.freeze(value)
  for (const item of Object.values(value)) deepFreeze(item)
  return value
}

/** A list of plugins, `[plugin, options]` pairs frozen too (not the plugins, nor their options). */
const frozenPlugins = <T>(list: T[]): T[] => Object.freeze(list.map((entry) => (Array.isArray(entry) ? Object.freeze([...entry]) : entry))) as T[]

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const root = resolve(options.root ?? '.')
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new SheafError('ROOT_NOT_FOUND', `No site folder at ${root}.`)
  }
  const configFile = options.config === undefined ? findConfigFile(root) : undefined
  if (options.config !== undefined && !isConfigObject(options.config)) {
    throw new SheafError('CONFIG_INVALID', `The config must be an object, but it is ${described(options.config)}.`)
  }
  const fromFile = options.config ?? (configFile === undefined ? {} : await readConfigFile(configFile))
  const merged = { ...(fromFile as object), ...options.overrides }
  const { core: parsed, rest } = parseConfig(merged, configFile)

  // A plain folder of documents builds as it is: with no `content` setting and
  // no `content/` folder, the site root itself holds the documents.
  const contentSet = 'content' in merged && merged.content !== undefined
  let content = resolve(root, parsed.content)
  if (!existsSync(content)) {
    if (contentSet) {
      throw new SheafError('CONTENT_NOT_FOUND', `The content folder ${content} does not exist (config \`content\`).`)
    }
    content = root
  }
  const out = options.out !== undefined ? resolve(options.out) : resolve(root, parsed.out)
  const { markdown, extensions, disable, limits } = parsed
  const [theme, themeOptions] = typeof parsed.theme === 'string' ? [parsed.theme, undefined] : parsed.theme
  return Object.freeze({
    ...parsed,
    theme,
    themeOptions: deepFreeze(themeOptions),
    // Frozen all the way down, so a hook that writes to the config fails where it writes. Extensions and
    // plugins themselves, and the options handed to a plugin, are not frozen: they are code and its own state.
    extensions: Object.freeze([...extensions]) as typeof extensions,
    disable: Object.freeze([...disable]) as typeof disable,
    limits: Object.freeze({ ...limits }),
    markdown: Object.freeze({
      remarkPlugins: frozenPlugins(markdown.remarkPlugins),
      rehypePlugins: frozenPlugins(markdown.rehypePlugins),
      html: markdown.html,
    }),
    root,
    configFile,
    drafts: options.drafts ?? false,
    extensionKeys: deepFreeze(rest),
    paths: Object.freeze({
      content,
      out,
      public: resolve(root, parsed.public),
      layouts: resolve(root, parsed.layouts),
      data: resolve(root, parsed.data),
    }),
  })
}
