import { readFileSync } from 'node:fs'
import { createJiti } from 'jiti'
import { sheafEntry } from './package-info.js'

/**
 * Import a user module (config, local extension or theme, layout): ESM,
 * CommonJS or TypeScript, without a build step. `import … from 'sheaf'` inside
 * it means the Sheaf that is running, so a site needs no install to use
 * `defineConfig`. The module is read and evaluated afresh on every call (Node's
 * module cache is not involved), so `sheaf serve` sees an edited config at once.
 */
export async function importModule(path: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    alias: { sheaf: sheafEntry },
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
  })
  const exports = (await jiti.evalModule(readFileSync(path, 'utf8'), { filename: path, id: path, async: true, forceTranspile: true })) as
    | { default?: unknown }
    | undefined
  return exports && typeof exports === 'object' && 'default' in exports ? exports.default : exports
}
