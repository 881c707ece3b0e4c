import { performance } from 'node:perf_hooks'
import { glob } from 'tinyglobby'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { SheafError } from './errors.js'
import { siteFailure } from './report/failure.js'
import { checkOutDir, checkReplaceable } from './output/out-dir.js'
import { Staging } from './output/staging.js'
import { linkTargetsOf } from './pipeline/links.js'
import { readDocument, renderPending, sitePageOf, type PendingPage, type PlannedPage } from './pipeline/phases.js'
import { findSources } from './pipeline/sources.js'
import { outputFor } from './pipeline/urls.js'
import { createSheaf, type Sheaf, type SheafOptions } from './sheaf.js'
import { runGenerators, validateSite } from './site-stages.js'
import { createSiteIndex } from './site/site-index.js'

export interface BuildOptions extends SheafOptions {
  /** Build on an existing instance instead of loading the config again. */
  sheaf?: Sheaf
  /** Go on after a document fails, to report every failure; the build still fails and publishes nothing. */
  keepGoing?: boolean
  /** Warnings fail the build too. */
  strict?: boolean
  /** Called after each document: `(done, total)`. */
  onProgress?: (done: number, total: number) => void
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
  /** Every message of the build, documents' and extensions', in order. */
  messages: VFileMessage[]
  errors: number
  warnings: number
  durationMs: number
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
  const drafts = new Set<string>()
  sheaf.setLinkTargets({ ...linkTargetsOf(sources, isDocumentPath), drafts })

  const result: BuildResult = {
    out: config.paths.out,
    pages: [],
    generated: [],
    skipped: sheaf.extensions.filter((ext) => ext.disabled).map((ext) => ({ name: ext.name, reason: ext.disabled! })),
    copied: 0,
    drafts: 0,
    messages,
    errors: 0,
    warnings: 0,
    durationMs: 0,
  }
  const site = createSiteIndex(config)
  const staging = await Staging.create(config.paths.out)
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

    // Read: every document through its per-document stages, into the site index.
    const files: VFile[] = []
    const pending: PendingPage[] = []
    let done = 0
    for (const page of planned) {
      if (failed && !options.keepGoing) break
      const { file, body, draft } = await readDocument(sheaf, page)
      files.push(file)
      if (draft) {
        result.drafts += 1
        drafts.add(page.rel)
      } else if (body) {
        site.add(sitePageOf(page, file, body))
        pending.push({ file, body, layout: undefined })
      }
      if (file.messages.some((message) => message.fatal)) failed = true
      options.onProgress?.((done += 1), planned.length)
    }

    // Generate: extra files, and pages that join the site index.
    const written = new Map<string, string>(claims.map((claim) => [claim.outPath, claim.source]))
    if (!failed || options.keepGoing) {
      const generated = await runGenerators(sheaf, 'read', site, staging, written)
      messages.push(...generated.messages)
      result.generated = generated.paths
      for (const page of generated.pages) {
        files.push(page.file)
        pending.push(page)
      }
    }

    // Render: the site stage and the layout of every page, now that the site index is whole.
    for (const page of pending) {
      if (failed && !options.keepGoing) break
      const { file } = page
      const html = await renderPending(sheaf, page, site)
      if (html !== undefined) {
        await staging.write(file.data.outPath!, html)
        result.pages.push({ source: file.data.sourcePath ?? '', url: file.data.url!, outPath: file.data.outPath! })
      }
      if (file.messages.some((message) => message.fatal)) failed = true
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
    messages.push(...sheaf.takeMessages())
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
    await staging.publish()
    // The output is published: a failing build:done listener is reported, but cannot unpublish it.
    await emitSafely('build:done', { out: result.out, pages: result.pages.length, durationMs: result.durationMs })
    result.errors = messages.filter((message) => message.fatal).length
    return result
  } catch (error) {
    await staging.discard()
    throw error
  }
}
