import { readFileSync } from 'node:fs'
import { extname, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sheafEntry } from './package-info.js'

/**
 * Import a user module (config, local extension or theme, layout): ESM,
 * CommonJS or TypeScript, without a build step. `import … from 'sheaf'` inside
 * it means the Sheaf that is running, so a site needs no install to use
 * `defineConfig`. The module is read and evaluated afresh on every call (Node's
 * module cache is not involved), so `sheaf serve` sees an edited config at once.
 */
export async function importModule(path: string): Promise<unknown> {
  const text = readFileSync(path, 'utf8')
  // A plain ES module that imports neither Sheaf nor a file beside it needs no loader: Node's own
  // starts much faster. A query makes Node evaluate it afresh, as the loader would.
  if (extname(path) === '.mjs' && !/['"](sheaf(\/[^'"]*)?|\.\.?\/[^'"]*)['"]/.test(text)) {
    const mod = (await import(`${pathToFileURL(path).href}?load=${(loads += 1)}`)) as { default?: unknown }
    return 'default' in mod ? mod.default : mod
  }
  // Loaded only for a module that needs it: most sites' extensions and themes are plain JavaScript.
  const { createJiti } = await import('jiti')
  const jiti = createJiti(import.meta.url, {
    alias: { sheaf: sheafEntry },
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
  })
  const exports = (await jiti.evalModule(text, { filename: path, id: path, async: true, forceTranspile: true })) as
    | { default?: unknown }
    | undefined
  return exports && typeof exports === 'object' && 'default' in exports ? exports.default : exports
}

let loads = 0

const typescript = new Set(['.ts', '.mts', '.cts', '.tsx'])

/**
 * Import an extension or theme module: TypeScript through the run-time loader,
 * JavaScript with Node's own `import()`, so a published package loads exactly
 * as Node would (and fast: no transpiling). A module's default export is the value.
 */
export async function importCode(path: string, generation: number | undefined): Promise<unknown> {
  if (typescript.has(extname(path))) return importModule(path)
  // When `sheaf serve` loads the extension set again, a local module may have
  // changed: a generation in its URL makes Node load it anew instead of from its cache.
  const local = !path.split(sep).includes('node_modules')
  const url = pathToFileURL(path).href + (local && generation !== undefined ? `?generation=${generation}` : '')
  const mod = (await import(url)) as { default?: unknown }
  // A CommonJS module's `module.exports` arrives as `default`; an ES module may also export `default`.
  const value = mod.default ?? mod
  return typeof value === 'object' && value !== null && 'default' in value && !('setup' in value)
    ? (value as { default: unknown }).default
    : value
}
