import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { SheafError } from './errors.js'
import { siteFailure } from './report/failure.js'
import { checkOutDir, outputFolder } from './output/out-dir.js'
import { Staging } from './output/staging.js'
import { BuildCache } from './cache/store.js'
import type { BuildResult } from './pipeline/build-result.js'
import { buildSite } from './pipeline/site-build.js'
import { defaultWorkers, DocumentThreads } from './pipeline/threads/threads.js'
import { coreName, createSheaf, type Sheaf, type SheafOptions } from './sheaf.js'

export type { BuildResult, BuildStats, BuiltPage } from './pipeline/build-result.js'

/** A phase of a build, as `onProgress` names it. */
export type BuildPhase = 'reading' | 'rendering' | 'writing'

export interface BuildOptions extends SheafOptions {
  /** Build on an existing instance instead of loading the config again. */
  sheaf?: Sheaf
  /** Go on after a document fails, to report every failure; the build still fails and publishes nothing. */
  keepGoing?: boolean
  /** Warnings fail the build too. */
  strict?: boolean
  /**
   * Called as the build goes: `(done, total, phase)`. Each phase starts with
   * `done` 0, so a progress line has its n/N from the start: `reading`
   * documents, `rendering` pages, then `writing` (what needs every page:
   * feeds, sitemaps, search indexes, checks, the cache and the output).
   */
  onProgress?: (done: number, total: number, phase: BuildPhase) => void
  /**
   * The persistent cache in `.sheaf/cache`: `true` (default) reads and writes
   * it, `false` neither reads nor writes it, `'clean'` deletes it first and
   * writes it anew.
   */
  cache?: boolean | 'clean'
  /** Threads that read and render documents (default: the machine's available parallelism); 1 keeps them on the main thread. */
  workers?: number
}

/** A build that would replace files Sheaf did not write (or write through a link Sheaf did not make) fails, naming what would write each and where. */
function foreignWrites(staging: Staging, result: BuildResult, content: string): VFileMessage[] {
  const sources = new Map(result.pages.map((page) => [page.outPath, page.source]))
  return staging.foreignWrites().map(({ outPath, foreign, link }) => {
    const source = sources.get(outPath)
    const file = new VFile({ path: source ? join(content, source) : join(staging.out, outPath) })
    const what = link ? 'a symbolic link Sheaf did not make, and Sheaf does not write through one' : 'a file Sheaf did not write'
    const message = file.message(
      `${source ? `${source} writes ${outPath}` : `This build writes ${outPath}`}, but ${join(staging.out, foreign)} is ${what}; move it out of the output folder (or delete it) and build again`,
      { source: 'sheaf', ruleId: 'output-foreign' },
    )
    message.fatal = true
    return message
  })
}

/** The build failed: nothing was published, `result.messages` says why. */
export class BuildFailedError extends SheafError {
  readonly result: BuildResult
  constructor(result: BuildResult, reason: string) {
    super('BUILD_FAILED', reason)
    this.result = result
  }
}

/**
 * Build a site: read and render every document, copy the rest, and swap the
 * result in as the output folder, only if nothing failed.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now()
  const sheaf = options.sheaf ?? (await createSheaf(options))
  try {
    return await buildWith(sheaf, options, started)
  } finally {
    if (!options.sheaf) await sheaf.dispose()
  }
}

async function buildWith(sheaf: Sheaf, options: BuildOptions, started: number): Promise<BuildResult> {
  const { config } = sheaf
  // An output folder that is a symbolic link is built into the folder it points to; the link stays.
  const out = outputFolder(config.paths.out)
  checkOutDir(config)
  if (out !== config.paths.out) checkOutDir(config, out)
  const cache = options.cache === false ? undefined : await BuildCache.open(config.root, { clean: options.cache === 'clean' })
  const staging = await Staging.create(out, { record: cache?.outputRecordPath(out) })
  const threads = new DocumentThreads(sheaf, options.workers ?? defaultWorkers(), { chosen: options.workers !== undefined })
  try {
    const site = await buildSite(sheaf, { store: cache, output: staging, threads, keepGoing: options.keepGoing, onProgress: options.onProgress })
    // Writing: what needs every page (generators, checks), the cache, then the output swapped in.
    const steps = site.completeSteps + (cache ? 1 : 0) + 1
    let step = 0
    const wrote = (): void => options.onProgress?.((step += 1), steps, 'writing')
    options.onProgress?.(0, steps, 'writing')
    await site.complete(wrote)
    const { result } = site
    if (cache) {
      await cache.finish({ complete: !site.failed && site.everyDocumentRead })
      wrote()
      const logger = sheaf.contextFor(coreName).logger
      if (cache.writeProblem !== undefined) logger.warn(`The cache in ${cache.dir} could not be written (${cache.writeProblem}); the build went on without it.`)
      if (cache.rejected > 0) logger.info(`${cache.rejected} cache entr${cache.rejected === 1 ? 'y was' : 'ies were'} damaged or of another version, and made again.`)
    }
    const { messages } = result
    messages.push(...sheaf.takeSiteMessages())
    messages.push(...foreignWrites(staging, result, config.paths.content))
    result.errors = messages.filter((message) => message.fatal).length
    result.warnings = messages.filter((message) => message.fatal === false).length
    result.durationMs = performance.now() - started
    if (result.errors > 0 || (options.strict && result.warnings > 0)) {
      await staging.discard()
      const reason =
        result.errors > 0
          ? `The build failed with ${result.errors} error${result.errors === 1 ? '' : 's'}; the previous output was left as it was.`
          : `The build has ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, and --strict makes them fail it; the previous output was left as it was.`
      throw new BuildFailedError(result, reason)
    }
    result.stats.written = staging.changed
    await staging.publish()
    wrote()
    // The output is published: a failing build:done listener is reported, but cannot unpublish it.
    try {
      await sheaf.emit('build:done', { out: result.out, pages: result.pages.length, durationMs: result.durationMs })
    } catch (error) {
      messages.push(siteFailure(error))
    }
    result.errors = messages.filter((message) => message.fatal).length
    return result
  } catch (error) {
    await staging.discard()
    throw error
  } finally {
    await threads.close()
  }
}
