import { createJiti } from 'jiti'
import { sheafEntry } from './package-info.js'

/**
 * Import a user module (config, local extension, layout): ESM, CommonJS or
 * TypeScript, without a build step. `import … from 'sheaf'` inside it means the
 * Sheaf that is running, so a site needs no install to use `defineConfig`.
 * Nothing is cached between calls, so an edited module is read anew.
 */
export async function importModule(path: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    alias: { sheaf: sheafEntry },
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
  })
  return jiti.import(path, { default: true })
}
