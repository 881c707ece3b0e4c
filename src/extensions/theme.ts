import { existsSync, readdirSync } from 'node:fs'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolve as resolveModule } from 'import-meta-resolve'
import { fileURLToPath } from 'node:url'
import { loadFailure } from './load-failure.js'
import { SheafError, messageOf } from '../errors.js'
import { importCode, importModule } from '../modules.js'
import { sheafRoot } from '../package-info.js'
import type { ResolvedConfig } from '../config/schema.js'
import type { Layout, Theme } from './types.js'
import { findPackageDir, isPathSpecifier, nodeModulesDirs, packageNameOf, readPackageJson } from './packages.js'

export interface LoadedTheme {
  theme: Theme
  /** The module it came from. */
  path: string
  /** The theme's assets folder, absolute, if it has one. */
  assets: string | undefined
}

function checkTheme(value: unknown, where: string): Theme {
  const fail = (problem: string): never => {
    throw new SheafError('THEME_INVALID', `${where} ${problem}.`)
  }
  if (typeof value !== 'object' || value === null) fail('does not export a theme')
  const theme = value as Partial<Theme>
  if (typeof theme.name !== 'string' || !theme.name) fail('exports a theme without a `name`')
  if (typeof theme.layouts !== 'object' || theme.layouts === null) fail(`exports theme "${theme.name}" without \`layouts\``)
  for (const [name, layout] of Object.entries(theme.layouts!)) {
    if (typeof layout !== 'function') fail(`exports theme "${theme.name}" whose layout "${name}" is not a function`)
  }
  if (theme.extends !== undefined && typeof theme.extends !== 'string') fail(`exports theme "${theme.name}" whose \`extends\` is not a theme name`)
  if (theme.assets !== undefined && typeof theme.assets !== 'string') fail(`exports theme "${theme.name}" whose \`assets\` is not a folder path`)
  return theme as Theme
}

/** Find the module of a theme named by package name (`@sheaf/theme-default`, `pkg#key`) or by path. */
function locateTheme(reference: string, fromDirs: string[]): string {
  if (isPathSpecifier(reference)) {
    const path = resolve(fromDirs[0]!, reference)
    if (!existsSync(path)) throw new SheafError('THEME_NOT_FOUND', `Theme "${reference}" was not found at ${path}.`)
    return path
  }
  const [specifier, key] = reference.split('#') as [string, string | undefined]
  const name = packageNameOf(specifier)
  let dir: string | undefined
  for (const from of fromDirs) {
    dir = findPackageDir(name, from)
    if (dir) break
  }
  if (dir === undefined) {
    const looked = [...new Set(fromDirs.flatMap(nodeModulesDirs))]
    throw new SheafError('THEME_NOT_FOUND', `Theme "${reference}" was not found. Looked in:\n${looked.map((p) => `  ${p}`).join('\n')}`)
  }
  const themes = readPackageJson(dir)?.sheaf?.themes
  if (specifier === name && themes && Object.keys(themes).length > 0) {
    const keys = Object.keys(themes)
    const chosen = key ?? (keys.length === 1 ? keys[0] : undefined)
    if (chosen === undefined || themes[chosen] === undefined) {
      throw new SheafError('THEME_NOT_FOUND', `Package ${name} has several themes (${keys.join(', ')}); name one as "${name}#${keys[0]}".`)
    }
    const path = resolve(dir, themes[chosen]!)
    if (!existsSync(path)) throw new SheafError('THEME_NOT_FOUND', `Package ${name} declares theme "${chosen}" at ${themes[chosen]}, but ${path} does not exist.`)
    return path
  }
  try {
    return fileURLToPath(resolveModule(specifier, pathToFileURL(join(dir, 'noop.js')).href))
  } catch (error) {
    throw new SheafError('THEME_NOT_FOUND', `Theme "${reference}" could not be resolved from ${dir}: ${messageOf(error)}`, { cause: error })
  }
}

async function loadThemeModule(path: string, reference: string, generation: number | undefined): Promise<LoadedTheme> {
  let value: unknown
  try {
    value = await importCode(path, generation)
  } catch (error) {
    throw loadFailure('THEME_LOAD_FAILED', `Theme "${reference}"`, path, error)
  }
  const theme = checkTheme(value, `Theme "${reference}" at ${path}`)
  const assets = theme.assets === undefined ? undefined : isAbsolute(theme.assets) ? theme.assets : resolve(dirname(path), theme.assets)
  return { theme, path, assets }
}

/**
 * The configured theme and every theme it extends, base first. A theme's
 * parent is looked up from the theme's own package, then from the site.
 */
export async function loadThemeChain(config: ResolvedConfig, generation?: number): Promise<LoadedTheme[]> {
  const chain: LoadedTheme[] = []
  let reference: string | undefined = config.theme
  let fromDirs = [config.root, sheafRoot]
  while (reference !== undefined) {
    if (chain.some((entry) => entry.theme.name === reference)) {
      throw new SheafError('THEME_INVALID', `Themes extend each other in a loop: ${[...chain.map((e) => e.theme.name), reference].join(' -> ')}.`)
    }
    const loaded = await loadThemeModule(locateTheme(reference, fromDirs), reference, generation)
    chain.unshift(loaded)
    reference = loaded.theme.extends
    fromDirs = [dirname(loaded.path), config.root, sheafRoot]
  }
  return chain
}

const layoutExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'])

/** The site's own layouts: `layouts/NAME.ts` (or .js, .mjs …) exporting a layout function. */
export async function loadSiteLayouts(config: ResolvedConfig): Promise<Array<{ name: string; layout: Layout; path: string }>> {
  const dir = config.paths.layouts
  if (!existsSync(dir)) return []
  const files = readdirSync(dir)
    .filter((file) => layoutExtensions.has(extname(file)) && !file.endsWith('.d.ts'))
    .sort()
  const layouts = []
  for (const file of files) {
    const path = join(dir, file)
    let value: unknown
    try {
      value = await importModule(path)
    } catch (error) {
      throw new SheafError('CONFIG_LOAD_FAILED', `The layout ${path} could not be loaded: ${messageOf(error)}`, { cause: error, file: path })
    }
    if (typeof value !== 'function') {
      throw new SheafError('CONFIG_INVALID', `The layout ${path} must export a function as its default (page) => hast.`, { file: path })
    }
    layouts.push({ name: basename(file, extname(file)), layout: value as Layout, path })
  }
  return layouts
}
