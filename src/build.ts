import { performance } from 'node:perf_hooks'
import { glob } from 'tinyglobby'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { SheafError } from './errors.js'
import { siteFailure } from './report/failure.js'
import { checkOutDir, checkReplaceable } from './output/out-dir.js'
import { contentHash, Staging } from './output/staging.js'
import { linkTargetsOf } from './pipeline/links.js'
import { fromPlainMessage, toPlainMessage, type StoredBody } from './pipeline/codec.js'
import type { RenderedData, RenderedRecord } from './cache/store.js'
import { BuildCache } from './cache/store.js'
import { renderPending, type PendingPage, type PlannedPage } from './pipeline/phases.js'
import { renderDocuments, type Rendering, type RenderJob } from './pipeline/render-documents.js'
import { loadBody, readDocuments, type ReadOutcome } from './pipeline/read-documents.js'
import { defaultWorkers, DocumentThreads, largeRead, workerFailedWarning } from './pipeline/threads/threads.js'
import { findSources } from './pipeline/sources.js'
import { outputFor } from './pipeline/urls.js'
import { coreName, createSheaf, type Sheaf, type SheafOptions } from './sheaf.js'
import { runGenerators, validateSite } from './site-stages.js'
import { createSiteIndex } from './site/site-index.js'
import { nextView, plainAccess } from './site/site-reads.js'
import { RenderingCheck } from './pipeline/rendering-check.js'
import { renderFingerprint } from './pipeline/fingerprint.js'

export interface BuildOptions extends SheafOptions {
  /** Build on an existing instance instead of loading the config again. */
  sheaf?: Sheaf
  /** Go on after a document fails, to report every failure; the build still fails and publishes nothing. */
  keepGoing?: boolean
  /** Warnings fail the build too. */
  strict?: boolean
  /** Called after each document is read: `(done, total)`. */
  onProgress?: (done: number, total: number) => void
  /**
   * The persistent cache in `.sheaf/cache`: `true` (default) reads and writes
   * it, `false` neither reads nor writes it, `'clean'` deletes it first and
   * writes it anew.
   */
  cache?: boolean | 'clean'
  /** Threads that read and render documents (default: the machine's available parallelism); 1 keeps them on the main thread. */
  workers?: number
}

export interface BuiltPage {
  /** The source, relative to the content folder. */
  source: string
  url: string
  /** The written file, relative to the output folder. */
  outPath: string
}

export interface BuildResult {
  /** The output folder. */
  out: string
  pages: BuiltPage[]
  /** Files that generators wrote, relative to the output folder. */
  generated: string[]
  /** Extensions that did not run, and why (each reported once). */
  skipped: Array<{ name: string; reason: string }>
  /** Files copied as they are (content assets, `public/`, theme assets). */
  copied: number
  /** Drafts left out (build with `drafts` to include them). */
  drafts: number
  /** How the documents were read and rendered: afresh, or taken from the cache. */
  stats: BuildStats
  /** Every message of the build, documents' and extensions', in order. */
  messages: VFileMessage[]
  errors: number
  warnings: number
  durationMs: number
}

export interface BuildStats {
  /** Documents that went through the per-document stages. */
  read: number
  /** Documents whose per-document results came from the cache. */
  cached: number
  /** Pages rendered (site stage, layout). */
  rendered: number
  /** Pages whose last rendering the cache still held. */
  reused: number
  /** Threads that read or rendered documents (1: the main thread). */
  threads: number
  /** Output files written or replaced; the others were already in place with the same contents and were left alone. */
  written: number
}

/** The build failed: nothing was published, `result.messages` says why. */
export class BuildFailedError extends SheafError {
  readonly result: BuildResult
  constructor(result: BuildResult, reason: string) {
    super('BUILD_FAILED', reason)
    this.result = result
  }
}

/** Which source writes each output path; a second claim is an error naming both. */
function claimOutputs(claims: Array<{ outPath: string; source: string }>, messages: VFileMessage[]): void {
  const owners = new Map<string, string>()
  for (const claim of claims) {
    const owner = owners.get(claim.outPath)
    if (owner === undefined) {
      owners.set(claim.outPath, claim.source)
      continue
    }
    const file = new VFile({ path: claim.source })
    const message = file.message(`${claim.source} and ${owner} both write ${claim.outPath}`, { source: 'sheaf', ruleId: 'output-conflict' })
    message.fatal = true
    messages.push(message)
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
  checkOutDir(config)
  checkReplaceable(config.paths.out)

  const isDocumentPath = (path: string): boolean => sheaf.registry.parsers.forPath(path) !== undefined
  const sources = await findSources(config, isDocumentPath)
  const planned: PlannedPage[] = sources.documents.map((source) => ({ ...source, ...outputFor(source.rel) }))
  const themeAssets = (
    await Promise.all(
      sheaf.themes.map(async ({ assets }) =>
        assets ? (await glob(['**/*'], { cwd: assets, dot: false, onlyFiles: true })).sort().map((rel) => ({ path: `${assets}/${rel}`, rel })) : [],
      ),
    )
  ).flat()

  const messages: VFileMessage[] = []
  const claims = [
    ...planned.map((page) => ({ outPath: page.outPath, source: page.path })),
    ...sources.assets.map((file) => ({ outPath: file.rel, source: file.path })),
    ...sources.publicFiles.map((file) => ({ outPath: file.rel, source: file.path })),
    ...sheaf.registry.assets.map((asset) => ({ outPath: asset.path, source: `asset of extension "${asset.extension}"` })),
  ]
  claimOutputs(claims, messages)
  // Drafts left out are filled in as documents are read: links to them are told apart from broken ones.
  const drafts = new Set<string>()
  const targets = { ...linkTargetsOf(sources, isDocumentPath), drafts }

  const result: BuildResult = {
    out: config.paths.out,
    pages: [],
    generated: [],
    skipped: sheaf.extensions.filter((ext) => ext.disabled).map((ext) => ({ name: ext.name, reason: ext.disabled! })),
    copied: 0,
    drafts: 0,
    stats: { read: 0, cached: 0, rendered: 0, reused: 0, threads: 1, written: 0 },
    messages,
    errors: 0,
    warnings: 0,
    durationMs: 0,
  }
  const site = createSiteIndex(config, targets)
  const cache = options.cache === false ? undefined : await BuildCache.open(config.root, { clean: options.cache === 'clean' })
  const staging = await Staging.create(config.paths.out, { record: cache?.outputRecordPath(config.paths.out) })
  const threads = new DocumentThreads(sheaf, options.workers ?? defaultWorkers(), { chosen: options.workers !== undefined })
  try {
    let failed = messages.some((message) => message.fatal)
    const emitSafely = async (event: string, ...args: unknown[]): Promise<void> => {
      try {
        await sheaf.emit(event, ...args)
      } catch (error) {
        messages.push(siteFailure(error))
        failed = true
      }
    }
    await emitSafely('build:start', { config, documents: planned.length })

    // Read: every document through its per-document stages (or from the cache), into the site index.
    const read = await readDocuments(sheaf, failed && !options.keepGoing ? [] : planned, {
      cache,
      threads,
      keepGoing: options.keepGoing,
      onProgress: options.onProgress,
    })
    Object.assign(result.stats, { read: read.stats.read, cached: read.stats.cached, threads: read.stats.threads })
    if (read.stats.serialReason) sheaf.contextFor(coreName).logger.info(`Reading on one thread: ${read.stats.serialReason}.`)
    messages.push(...read.logs)
    const files: VFile[] = []
    const documents: ReadOutcome[] = []
    for (const outcome of read.outcomes) {
      files.push(outcome.file)
      if (outcome.draft) {
        result.drafts += 1
        drafts.add(outcome.page.rel)
      } else if (outcome.sitePage) {
        site.add(outcome.sitePage)
        documents.push(outcome)
      }
      if (outcome.file.messages.some((message) => message.fatal)) failed = true
    }

    // Generate: extra files, and pages that join the site index.
    const written = new Map<string, string>(claims.map((claim) => [claim.outPath, claim.source]))
    const generatedPages: PendingPage[] = []
    if (!failed || options.keepGoing) {
      const generated = await runGenerators(sheaf, 'read', site, staging, written)
      messages.push(...generated.messages)
      result.generated = generated.paths
      for (const page of generated.pages) {
        files.push(page.file)
        generatedPages.push(page)
      }
    }

    // Render: the site stage and the layout of every page, now that the site index is whole.
    // A page whose document is unchanged takes its last rendering from the cache while everything
    // it read (lookups, the fields pages read of each other, files, variables) reads the same.
    const pageFingerprint = renderFingerprint(sheaf, read.fingerprint)
    const lastView = cache?.getSiteView()
    const check = new RenderingCheck(site, lastView, config as unknown as Record<string, unknown>)
    const renderingCurrent = (outcome: ReadOutcome): outcome is ReadOutcome & { rendered: RenderedRecord } => {
      const { rendered } = outcome
      return rendered !== undefined && rendered.documentKey === outcome.key && rendered.fingerprint === pageFingerprint && check.current(rendered)
    }
    const fatal = (file: VFile): boolean => file.messages.some((message) => message.fatal)
    const listPage = (file: VFile): void => {
      result.pages.push({ source: file.data.sourcePath ?? '', url: file.data.url!, outPath: file.data.outPath! })
    }
    /** What rendering made of a file, put in place once every page is rendered. */
    const settle = (file: VFile, data: VFile['data'], messages: VFileMessage[]): void => {
      for (const name of Object.keys(file.data)) delete file.data[name as keyof typeof file.data]
      Object.assign(file.data, data)
      file.messages = messages
    }

    // Each document's last rendering, where nothing it depends on changed: kept in place when the
    // output folder still holds it, else written from the cache. The others are rendered.
    type Step = { outcome: ReadOutcome; reused: RenderedData } | { outcome: ReadOutcome; job: number }
    const steps: Step[] = []
    const jobs: RenderJob[] = []
    const jobOutcomes: ReadOutcome[] = []
    for (const outcome of failed && !options.keepGoing ? [] : documents) {
      const { file, page } = outcome
      const reused = renderingCurrent(outcome) ? cache!.getRenderedData(page.rel) : undefined
      if (reused !== undefined) {
        const { htmlHash } = outcome.rendered!
        let html: string | undefined
        if (staging.unchanged(page.outPath, htmlHash) || (html = cache!.getHtml(htmlHash)) !== undefined) {
          if (html !== undefined) await staging.write(page.outPath, html, htmlHash)
          cache!.keepRendered(page.rel)
          result.stats.reused += 1
          steps.push({ outcome, reused })
          continue
        }
      }
      steps.push({ outcome, job: jobs.length })
      // The body is had (from memory or the cache) when the page is about to be rendered, and let go of then.
      const load = async (): Promise<{ text: string; body: StoredBody } | undefined> => {
        const text = String(outcome.file.value)
        const body = await loadBody(sheaf, outcome, cache, text)
        outcome.body = undefined
        return body === undefined ? undefined : { text, body }
      }
      jobs.push({ source: page.rel, file, load })
      jobOutcomes.push(outcome)
    }

    // Threads that read many documents hold heaps the size of what they read: fresh ones render
    // (starting them costs little next to reading that much), so memory holds the site index, not both.
    if (read.stats.read >= largeRead) await threads.close()
    // Extension log lines so far belong to the build; from here on, to the page being rendered.
    messages.push(...sheaf.takeSiteMessages())
    const renderings: Array<Rendering | undefined> = new Array(jobs.length)
    const pagesWritten = new Set<number>()
    const rendering = await renderDocuments(sheaf, jobs, site, {
      threads,
      fingerprint: read.fingerprint,
      keepGoing: options.keepGoing,
      async onRendered(index, done) {
        const outcome = jobOutcomes[index]!
        const { outPath, rel } = outcome.page
        const { html } = done
        renderings[index] = { ...done, html: undefined }
        if (html === undefined) return
        const digest = contentHash(html)
        await staging.write(outPath, html, digest)
        // What rendering made of the file's data is written into the cache now (a later stage may change it).
        if (cache && outcome.cacheable && !done.messages.some((message) => message.fatal)) {
          // The fields extensions read are kept once, in the site view, not with every page.
          const reads = { lookups: done.reads.lookups, uses: done.reads.uses, fields: {} }
          cache.setRendered(rel, { documentKey: outcome.key, fingerprint: pageFingerprint, htmlHash: digest, reads, inputs: done.inputs }, { data: done.data, messages: done.messages.map(toPlainMessage), logs: done.logs.map(toPlainMessage) }, html)
        }
        pagesWritten.add(index)
      },
    })
    await threads.close()
    result.stats.rendered += jobs.length
    if (rendering.threads > 1) result.stats.threads = Math.max(result.stats.threads, rendering.threads)
    if (rendering.serialReason && !read.stats.serialReason) sheaf.contextFor(coreName).logger.info(`Rendering on one thread: ${rendering.serialReason}.`)
    if (rendering.workerFailure !== undefined) messages.push(workerFailedWarning(rendering.workerFailure, 'its pages were rendered'))

    // The fields pages read of each other, pooled, and their digest over the site as reading left it
    // (before what rendering made of each page is put in place): what the next build checks.
    if (cache) cache.setSiteView(nextView(site, lastView, renderings.map((done) => done?.reads), steps.length === jobs.length))

    // In document order: what rendering made of each page, up to the first failure without keepGoing.
    for (const step of steps) {
      const { file } = step.outcome
      if ('reused' in step) {
        settle(file, step.reused.data, step.reused.messages.map(fromPlainMessage))
        messages.push(...step.reused.logs.map(fromPlainMessage))
        listPage(file)
      } else if ('job' in step) {
        const done = renderings[step.job]
        if (done === undefined) break
        settle(file, done.data, done.messages)
        messages.push(...done.logs)
        if (pagesWritten.has(step.job)) listPage(file)
      }
      if (fatal(file)) {
        failed = true
        if (!options.keepGoing) break
      }
    }
    for (const page of generatedPages) {
      if (failed && !options.keepGoing) break
      result.stats.rendered += 1
      const html = await renderPending(sheaf, page, plainAccess(site))
      if (html !== undefined) {
        await staging.write(page.file.data.outPath!, html)
        listPage(page.file)
      }
      if (fatal(page.file)) failed = true
    }
    for (const file of files) messages.push(...file.messages)
    failed ||= messages.some((message) => message.fatal)

    // Generate what needs every page rendered: feeds, sitemaps, search indexes.
    if (!failed) {
      const generated = await runGenerators(sheaf, 'rendered', site, staging, written)
      messages.push(...generated.messages)
      result.generated.push(...generated.paths)
    }
    failed ||= messages.some((message) => message.fatal)

    if (!failed) messages.push(...(await validateSite(sheaf, site)))
    failed ||= messages.some((message) => message.fatal)

    if (!failed) {
      const copies = [
        ...themeAssets.map((file) => ({ from: file.path, to: `_sheaf/${file.rel}` })),
        ...sources.assets.map((file) => ({ from: file.path, to: file.rel })),
        ...sources.publicFiles.map((file) => ({ from: file.path, to: file.rel })),
      ]
      for (const copy of copies) await staging.copy(copy.from, copy.to)
      for (const asset of sheaf.registry.assets) {
        if (asset.from !== undefined) await staging.copy(asset.from, asset.path)
        else await staging.write(asset.path, asset.contents!)
      }
      result.copied = new Set([...copies.map((copy) => copy.to), ...sheaf.registry.assets.map((asset) => asset.path)]).size
    }
    if (cache) {
      await cache.finish({ complete: !failed && read.outcomes.length === planned.length })
      const logger = sheaf.contextFor(coreName).logger
      if (cache.writeProblem !== undefined) logger.warn(`The cache in ${cache.dir} could not be written (${cache.writeProblem}); the build went on without it.`)
      if (cache.rejected > 0) logger.info(`${cache.rejected} cache entr${cache.rejected === 1 ? 'y was' : 'ies were'} damaged or of another version, and made again.`)
    }
    messages.push(...sheaf.takeSiteMessages())
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
    // The output is published: a failing build:done listener is reported, but cannot unpublish it.
    await emitSafely('build:done', { out: result.out, pages: result.pages.length, durationMs: result.durationMs })
    result.errors = messages.filter((message) => message.fatal).length
    return result
  } catch (error) {
    await staging.discard()
    throw error
  } finally {
    await threads.close()
  }
}
