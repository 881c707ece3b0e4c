import { readdirSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import picomatch from 'picomatch'
import { globSync, isDynamicPattern } from 'tinyglobby'
import type { Sheaf } from '../sheaf.js'
import { fileDigest } from './dependencies.js'
import { localModuleGraph } from './module-graph.js'

/**
 * The inputs of every output that are not documents: the config file, every
 * local module that the config, local extensions, themes and the site's
 * layouts load (followed through their imports), and the files extensions
 * declared with `app.addWatchFile`. A change to any of them makes the whole
 * site again; under `sheaf serve` the extension set is loaded anew.
 */
export interface CodeInputs {
  /** Every such file that exists now, absolute, sorted. */
  files: string[]
  /** Whether a path (absolute) is one of them, or would be one were it created (a watched glob matches it). */
  covers(path: string): boolean
  /** One digest of every file's bytes, and of the watched patterns that match nothing. */
  digest(): string
}

/** Every file of the site's `layouts/` folder: layouts and whatever lies beside them. */
function siteLayoutFiles(dir: string): string[] {
  try {
    return readdirSync(dir).map((name) => join(dir, name))
  } catch {
    return []
  }
}

const isLocal = (path: string): boolean => !path.split(sep).includes('node_modules')

export function codeInputs(sheaf: Sheaf): CodeInputs {
  const { config } = sheaf
  const root = config.root
  const entries = [
    config.configFile,
    ...sheaf.enabled.map((entry) => entry.path).filter((path): path is string => path !== undefined && isLocal(path)),
    ...sheaf.themes.map((theme) => theme.path).filter((path) => isLocal(path)),
    ...siteLayoutFiles(config.paths.layouts),
  ]
  // The config's values are in the fingerprint already, functions by their text; its own text counts
  // only when it holds code that may call helpers written beside it (inline extensions or plugins).
  const inline = sheaf.enabled.some((entry) => entry.path === undefined) || config.markdown.remarkPlugins.length + config.markdown.rehypePlugins.length > 0
  const modules = localModuleGraph(entries).filter((module) => inline || module !== config.configFile)
  const patterns = sheaf.registry.watchFiles.map(({ pattern }) => (isAbsolute(pattern) ? relative(root, pattern) : pattern).split(sep).join('/'))
  const watched = patterns.flatMap((pattern) =>
    isDynamicPattern(pattern) ? globSync(pattern, { cwd: root, absolute: true, dot: true, onlyFiles: true }) : [resolve(root, pattern)],
  )
  const files = [...new Set([...modules, ...watched])].sort()
  const matchers = patterns.filter((pattern) => isDynamicPattern(pattern)).map((pattern) => picomatch(pattern, { dot: true }))
  const known = new Set(files)
  return {
    files,
    covers: (path) => known.has(path) || matchers.some((matches) => matches(relative(root, path).split(sep).join('/'))),
    digest: () => files.map((file) => `${file}\0${fileDigest(file)}`).join('\0') + `\0${patterns.join('\0')}`,
  }
}
