import { existsSync } from 'node:fs'
import { VFile } from 'vfile'
import { VFileMessage } from 'vfile-message'
import { assetNamesOf, themeAssetCopies, type AssetCopy } from '../output/asset-names.js'
import { contentHash } from '../output/staging.js'
import { siteFailure } from '../report/failure.js'
import { coreName, type Sheaf } from '../sheaf.js'
import { runGenerators, validateSite } from '../site-stages.js'
import { checkDataFiles } from '../site/data-files.js'
import { createSiteIndex } from '../site/site-index.js'
import { plainAccess, ViewFields } from '../site/site-reads.js'
import { fromPlainMessage, toPlainMessage, type HeldBody } from './codec.js'
import { applyChanges, type DataChanges } from './data-changes.js'
import { placeIncluded } from './included-places.js'
import type { DocumentStore, RenderedData, RenderedRecord } from './document-store.js'
import { renderFingerprint } from './fingerprint.js'
import { linkTargetsOf } from './links.js'
import { renderPending, type PendingPage, type PlannedPage } from './phases.js'
import { loadBody, readDocuments, type ReadOutcome } from './read-documents.js'
import { renderDocuments, type Rendering, type RenderJob } from './render-documents.js'
import { RenderingCheck } from './rendering-check.js'
import { findSources, type Sources } from './sources.js'
import { largeRead, workerFailedWarning, type DocumentThreads } from './threads/threads.js'
import { outputFor } from './urls.js'
import type { BuildResult } from './build-result.js'

/** Where a site build puts its output: the staging folder of `sheaf build`, or the memory `sheaf serve` answers from. */
export interface OutputSink {
  /** Write a file; `digest` is its `contentHash` when the caller has it already. */
  write(outPath: string, contents: string | Uint8Array, digest?: string): Promise<void>
  /** Whether the output already holds `outPath` with contents of this digest; if so it is kept. */
  unchanged(outPath: string, digest: string): boolean
  /** Copy a file as it is. */
  copy(from: string, outPath: string): Promise<void>
}

export interface SiteBuildOptions {
  /** What earlier builds made (the cache, or memory); undefined keeps nothing. */
  store: DocumentStore | undefined
  output: OutputSink
  threads: DocumentThreads
  /** Go on after a document fails, to report every failure. */
  keepGoing?: boolean
  /**
   * Make every output that can be made whatever failed, as `sheaf serve`
   * shows a site while it is being written. A build publishes nothing once
   * anything failed, so without this it makes no more than it must to say why.
   */
  everyOutput?: boolean
  /** Called as documents are read and pages rendered: `(done, total, phase)`, from 0 at the start of each phase. */
  onProgress?: (done: number, total: number, phase: 'reading' | 'rendering') => void
}

/** A site build whose pages are made; `complete` makes what needs every page rendered. */
export interface SiteBuild {
  result: BuildResult
  /** Whether anything failed so far. */
  readonly failed: boolean
  /** Output paths of the pages rendered (rather than taken from the store). */
  rendered: string[]
  /** Output paths of the pages that failed to be read or rendered. */
  failedPages: string[]
  /** Whether every document was read (a build without keepGoing stops at the first failure). */
  everyDocumentRead: boolean
  /** The generators that need every page rendered (feeds, sitemaps, search indexes), then every `validate`. */
  /** How many steps `complete` takes (each reported through its `onStep`). */
  completeSteps: number
  complete(onStep?: () => void): Promise<void>
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

/** Copy what goes out as it is (theme assets, content assets, `public/`, extension assets): how many files. Stylesheets and scripts go under their names with digests. */
async function copyFiles(sheaf: Sheaf, sources: Sources, output: OutputSink, themeCopies: AssetCopy[]): Promise<number> {
  const named = (path: string): string => sheaf.assetNames.get(path) ?? path
  const copies = [...themeCopies.map((copy) => ({ from: copy.from, to: named(copy.to) })), ...[...sources.assets, ...sources.publicFiles].map((file) => ({ from: file.path, to: file.rel }))]
  for (const copy of copies) await output.copy(copy.from, copy.to)
  for (const asset of sheaf.registry.assets) {
    if (asset.from !== undefined) await output.copy(asset.from, named(asset.path))
    else await output.write(named(asset.path), asset.contents!)
  }
  return new Set([...copies.map((copy) => copy.to), ...sheaf.registry.assets.map((asset) => named(asset.path))]).size
}

const fatal = (file: VFile): boolean => file.messages.some((message) => message.fatal)

/** Where a read document is written: where its front matter moved it, else where its file name puts it. */
const outPathOf = (outcome: ReadOutcome): string => outcome.file.data.outPath ?? outcome.page.outPath

/**
 * Check the places of documents their front matter moved: one that lands on
 * another document, a copied file or an asset is an error naming both. True
 * when there was one.
 */
function placeMoved(outcomes: readonly ReadOutcome[], claims: ReadonlyArray<{ outPath: string; source: string }>, messages: VFileMessage[]): boolean {
  const moved = outcomes.filter((outcome) => !outcome.draft && outcome.file.data.outPath !== undefined && outcome.file.data.outPath !== outcome.page.outPath)
  if (moved.length === 0) return false
  const movedSources = new Set(moved.map((outcome) => outcome.page.path))
  const owners = new Map<string, string>()
  for (const claim of claims) if (!movedSources.has(claim.source) && !owners.has(claim.outPath)) owners.set(claim.outPath, claim.source)
  let clash = false
  for (const outcome of moved) {
    const outPath = outPathOf(outcome)
    const owner = owners.get(outPath)
    if (owner === undefined) {
      owners.set(outPath, outcome.page.path)
      continue
    }
    const message = new VFile({ path: outcome.page.path }).message(`${outcome.page.path} and ${owner} both write ${outPath} (its front matter puts it there)`, { source: 'sheaf', ruleId: 'output-conflict' })
    message.fatal = true
    messages.push(message)
    clash = true
  }
  return clash
}

/**
 * The one site build behind `sheaf build` and `sheaf serve`: sources, read
 * (each document through its per-document stages, or from the store), the site
 * index, generators, render (the site stage and layout of every page whose
 * last rendering does not hold), the copies; then, in `complete`, what needs
 * every page rendered. Outputs go to `options.output`; what the caller does
 * with them (publish, serve) and with the store is its own.
 */
export async function buildSite(sheaf: Sheaf, options: SiteBuildOptions): Promise<SiteBuild> {
  const { config } = sheaf
  const { store, output, threads } = options
  const keepGoing = options.keepGoing || options.everyOutput
  const isDocumentPath = (path: string): boolean => sheaf.registry.parsers.forPath(path) !== undefined
  const sources = await findSources(config, isDocumentPath)
  // Written out, not spread: V8 gives each object spread from two others a hidden class of its own (15 MB at 40,000 pages).
  const planned: PlannedPage[] = sources.documents.map(({ path, rel }) => {
    const { url, outPath } = outputFor(rel)
    return { path, rel, url, outPath }
  })

  const messages: VFileMessage[] = []
  // The names stylesheets and scripts are written under, with their digests: known before any claim or page.
  const themeCopies = await themeAssetCopies(sheaf)
  sheaf.assetNames = await assetNamesOf(sheaf, themeCopies)
  const claims = [
    ...planned.map((page) => ({ outPath: page.outPath, source: page.path })),
    ...sources.assets.map((file) => ({ outPath: file.rel, source: file.path })),
    ...sources.publicFiles.map((file) => ({ outPath: file.rel, source: file.path })),
    ...sheaf.registry.assets.map((asset) => ({ outPath: sheaf.assetNames.get(asset.path) ?? asset.path, source: `asset of extension "${asset.extension}"` })),
  ]
  claimOutputs(claims, messages)
  // Data files that do not parse fail the build at their line, whether or not a page reads them.
  messages.push(...checkDataFiles(config))
  if (planned.length === 0) {
    // Most likely the wrong folder, or content not written yet: a site of no pages is not a success to pass over in silence.
    const where = existsSync(config.paths.content) ? `The content folder ${config.paths.content} holds no documents` : `There is no content folder at ${config.paths.content}`
    const message = new VFileMessage(`${where}, so the site has no pages; write markdown files there, or set \`content\` in the config to the folder that holds them.`, { source: 'sheaf', ruleId: 'no-documents' })
    message.fatal = false
    messages.push(message)
  }
  for (const name of sources.unreadableNames) {
    const message = new VFile({ path: name }).message(`The file name ${name} is not valid UTF-8, so it cannot be read by name nor given a URL; it was skipped (rename it)`, { source: 'sheaf', ruleId: 'file-name-encoding' })
    message.fatal = false
    messages.push(message)
  }
  for (const { link, target } of sources.linksOut) {
    const message = new VFile({ path: link }).message(
      `This symbolic link leads out of the site (to ${target}), so it was skipped; set followSymlinks: true in the config to follow links that leave the site`,
      { source: 'sheaf', ruleId: 'symlink-outside' },
    )
    message.fatal = false
    messages.push(message)
  }
  // Drafts left out are filled in as documents are read: links to them are told apart from broken ones.
  const drafts = new Set<string>()
  const site = createSiteIndex(config, { ...linkTargetsOf(sources, isDocumentPath), drafts })
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
  let failed = messages.some((message) => message.fatal)
  const stopped = (): boolean => failed && !keepGoing
  try {
    await sheaf.emit('build:start', { config, documents: planned.length })
  } catch (error) {
    messages.push(siteFailure(error))
    failed = true
  }
  const logger = sheaf.contextFor(coreName).logger

  // Read: every document through its per-document stages (or from the store), into the site index.
  const toRead = stopped() ? [] : planned
  options.onProgress?.(0, toRead.length, 'reading')
  const read = await readDocuments(sheaf, toRead, { store, threads, keepGoing, onProgress: options.onProgress && ((done, total) => options.onProgress!(done, total, 'reading')) })
  Object.assign(result.stats, { read: read.stats.read, cached: read.stats.cached, threads: read.stats.threads })
  if (read.stats.serialReason) logger.info(`Reading on one thread: ${read.stats.serialReason}.`)
  messages.push(...read.logs)
  const files: VFile[] = []
  const documents: ReadOutcome[] = []
  const failedPages: string[] = []
  for (const outcome of read.outcomes) {
    files.push(outcome.file)
    if (outcome.draft) {
      result.drafts += 1
      drafts.add(outcome.page.rel)
    } else if (outcome.sitePage) {
      site.add(outcome.sitePage)
      documents.push(outcome)
    } else failedPages.push(outPathOf(outcome))
    if (fatal(outcome.file)) failed = true
  }
  // Pages their front matter moved (`permalink`, `slug`) may land where another output is: an error naming both.
  failed = placeMoved(read.outcomes, claims, messages) || failed

  // Generate: extra files, and pages that join the site index.
  const written = new Map<string, string>(claims.map((claim) => [claim.outPath, claim.source]))
  const generatedPages: PendingPage[] = []
  if (!stopped()) {
    const generated = await runGenerators(sheaf, 'read', site, output, written)
    messages.push(...generated.messages)
    result.generated = generated.paths
    for (const page of generated.pages) {
      files.push(page.file)
      generatedPages.push(page)
    }
  }

  // Render: the site stage and the layout of every page, now that the site index is whole.
  // A page whose document is unchanged keeps its last rendering while everything it read
  // (lookups, the fields pages read of each other, files, variables) reads the same.
  const pageFingerprint = renderFingerprint(sheaf, read.fingerprint)
  const lastView = store?.getSiteView()
  const check = new RenderingCheck(site, lastView, config as unknown as Record<string, unknown>)
  const renderingCurrent = (outcome: ReadOutcome): outcome is ReadOutcome & { rendered: RenderedRecord } => {
    const { rendered } = outcome
    return rendered !== undefined && rendered.documentKey === outcome.key && rendered.fingerprint === pageFingerprint && check.current(rendered)
  }
  const rendered: string[] = []
  const listPage = (file: VFile): void => {
    result.pages.push({ source: file.data.sourcePath ?? '', url: file.data.url!, outPath: file.data.outPath! })
  }
  /** What rendering made of a file, put in place once every page is rendered. */
  const settle = (file: VFile, changes: DataChanges, fileMessages: VFileMessage[]): void => {
    applyChanges(file.data, changes)
    file.messages = fileMessages
  }

  // Each document's last rendering, where nothing it depends on changed: kept in place when the
  // output still holds it, else written from the store. The others are rendered.
  type Step = { outcome: ReadOutcome; reused: RenderedData } | { outcome: ReadOutcome; job: number }
  const steps: Step[] = []
  const jobs: RenderJob[] = []
  const jobOutcomes: ReadOutcome[] = []
  for (const outcome of stopped() ? [] : documents) {
    const { file, page } = outcome
    const reused = renderingCurrent(outcome) ? store!.getRenderedData(page.rel) : undefined
    if (reused !== undefined) {
      const { htmlHash } = outcome.rendered!
      let html: string | undefined
      if (output.unchanged(outPathOf(outcome), htmlHash) || (html = store!.getHtml(htmlHash)) !== undefined) {
        if (html !== undefined) await output.write(outPathOf(outcome), html, htmlHash)
        store!.keepRendered(page.rel)
        result.stats.reused += 1
        steps.push({ outcome, reused })
        continue
      }
    }
    steps.push({ outcome, job: jobs.length })
    // The body is had (from memory or the store) when the page is about to be rendered, and let go of then.
    const load = async (): Promise<{ text: string; body: HeldBody } | undefined> => {
      const text = String(outcome.file.value)
      const body = await loadBody(sheaf, outcome, store, text)
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
  // What rendering made of each page, put in place once every page is rendered; what it read is pooled at once.
  const renderings: Array<Pick<Rendering, 'changes' | 'messages' | 'logs'> | undefined> = new Array(jobs.length)
  const viewFields = new ViewFields()
  const pagesWritten = new Set<number>()
  // Rendering counts the pages rendered anew: those whose document changed or read something that did, and generated pages.
  const toRender = jobs.length + generatedPages.length
  let renderedCount = 0
  const renderedOne = (): void => options.onProgress?.((renderedCount += 1), toRender, 'rendering')
  options.onProgress?.(0, toRender, 'rendering')
  const rendering = await renderDocuments(sheaf, jobs, site, {
    threads,
    fingerprint: read.fingerprint,
    keepGoing,
    async onRendered(index, done) {
      const outcome = jobOutcomes[index]!
      const { rel } = outcome.page
      const outPath = outPathOf(outcome)
      const { html } = done
      renderings[index] = { changes: done.changes, messages: done.messages, logs: done.logs }
      renderedOne()
      viewFields.note(done.reads)
      if (html === undefined) return
      const digest = contentHash(html)
      await output.write(outPath, html, digest)
      // What rendering made of the file's data is kept now (a later stage may change it).
      if (store && outcome.cacheable && !done.messages.some((message) => message.fatal)) {
        // The fields extensions read are kept once, in the site view, not with every page.
        const reads = { lookups: done.reads.lookups, uses: done.reads.uses, fields: {} }
        const record = { documentKey: outcome.key, fingerprint: pageFingerprint, htmlHash: digest, reads, inputs: done.inputs }
        store.setRendered(rel, record, { changes: done.changes, messages: done.messages.map(toPlainMessage), logs: done.logs.map(toPlainMessage) }, html)
      }
      pagesWritten.add(index)
    },
  })
  await threads.close()
  result.stats.rendered += jobs.length
  if (rendering.threads > 1) result.stats.threads = Math.max(result.stats.threads, rendering.threads)
  if (rendering.serialReason && !read.stats.serialReason) logger.info(`Rendering on one thread: ${rendering.serialReason}.`)
  if (rendering.workerFailure !== undefined) messages.push(workerFailedWarning(rendering.workerFailure, 'its pages were rendered'))

  // The fields pages read of each other, pooled, and their digest over the site as reading left it
  // (before what rendering made of each page is put in place): what the next build checks.
  store?.setSiteView(viewFields.view(site, lastView, steps.length === jobs.length))

  // In document order: what rendering made of each page, up to the first failure without keepGoing.
  for (const step of steps) {
    const { file } = step.outcome
    if ('reused' in step) {
      settle(file, step.reused.changes, step.reused.messages.map(fromPlainMessage))
      messages.push(...step.reused.logs.map(fromPlainMessage))
      listPage(file)
    } else {
      const done = renderings[step.job]
      if (done === undefined) break
      settle(file, done.changes, done.messages)
      messages.push(...done.logs)
      if (pagesWritten.has(step.job)) {
        listPage(file)
        rendered.push(outPathOf(step.outcome))
      } else failedPages.push(outPathOf(step.outcome))
    }
    if (fatal(file)) {
      failed = true
      if (!keepGoing) break
    }
  }
  // Generated pages are rendered by every build: what they show is made anew each time.
  for (const page of generatedPages) {
    if (stopped()) break
    result.stats.rendered += 1
    const html = await renderPending(sheaf, page, plainAccess(site))
    renderedOne()
    const { outPath } = page.file.data
    if (html !== undefined) {
      await output.write(outPath!, html)
      listPage(page.file)
      rendered.push(outPath!)
    } else failedPages.push(outPath!)
    if (fatal(page.file)) failed = true
  }
  // A message about text a document took from another file (an include) names that file.
  for (const file of files) messages.push(...file.messages.map((message) => placeIncluded(file, message)))
  failed ||= messages.some((message) => message.fatal)

  if (!failed || options.everyOutput) result.copied = await copyFiles(sheaf, sources, output, themeCopies)
  messages.push(...sheaf.takeSiteMessages())

  const build: SiteBuild = {
    result,
    get failed() {
      return failed
    },
    rendered,
    failedPages,
    everyDocumentRead: read.outcomes.length === planned.length,
    completeSteps: 2,
    async complete(onStep) {
      // What needs every page rendered: feeds, sitemaps, search indexes; then every extension's `validate`.
      // A build that failed publishes nothing, so it makes no more; `serve` shows what it can.
      if (!failed || options.everyOutput) {
        const generated = await runGenerators(sheaf, 'rendered', site, output, written)
        messages.push(...generated.messages)
        result.generated.push(...generated.paths)
        failed ||= messages.some((message) => message.fatal)
      }
      onStep?.()
      if (!failed || options.everyOutput) messages.push(...(await validateSite(sheaf, site)))
      onStep?.()
      messages.push(...sheaf.takeSiteMessages())
      failed ||= messages.some((message) => message.fatal)
      result.errors = messages.filter((message) => message.fatal).length
      result.warnings = messages.filter((message) => message.fatal === false).length
    },
  }
  return build
}
