/**
 * Sheaf's API for the tests, with `build` checked: a build never changes,
 * adds or removes a file of the site outside its output folder and the cache.
 * Every test that builds a site gets the check by importing `build` from here.
 */
import { build as buildSite, BuildFailedError, type BuildOptions, type BuildResult } from '../../src/index.js'
import { checkSources, sourcesOf } from './sources.js'

export * from '../../src/index.js'

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = options.root ?? options.sheaf?.config.root ?? process.cwd()
  const before = sourcesOf(root)
  let out: string | undefined
  try {
    const result = await buildSite(options)
    out = result.out
    return result
  } catch (error) {
    if (error instanceof BuildFailedError) out = error.result.out
    throw error
  } finally {
    checkSources(root, before, out)
  }
}
