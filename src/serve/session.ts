import { performance } from 'node:perf_hooks'
import { relative, resolve, sep } from 'node:path'
import type { Root } from 'hast'
import { glob } from 'tinyglobby'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { configFileNames } from '../config/load.js'
import type { SitePage } from '../extensions/types.js'
import { isWithin } from '../output/out-dir.js'
import { linkTargetsOf } from '../pipeline/links.js'
import { readDocument, renderPending, sitePageOf, type PendingPage, type PlannedPage } from '../pipeline/phases.js'
import { findSources, type Sources } from '../pipeline/sources.js'
import { outputFor } from '../pipeline/urls.js'
import { siteFailure } from '../report/failure.js'
import { createSheaf, type Sheaf, type SheafOptions } from '../sheaf.js'
import { runGenerators } from '../site-stages.js'
import { createSiteIndex, type SiteIndex } from '../site/site-index.js'

/** A read document, kept between rebuilds: its body is cloned for each render, never changed. */
interface DocumentState {
  page: PlannedPage
  file: VFile
  body: Root | undefined
  sitePage: SitePage | undefined
  /** Messages of the per-document stages; a render starts from these. */
  readMessages: VFileMessage[]
  /** What other pages can see of it: when this changes, every page is rendered again. */
  signature: string
}

/** What one rebuild did, for the terminal (`--verbose`) and the browser. */
export interface RebuildReport {
  /** Why it ran: the changed paths, relative to the site root, or "start" / "config". */
  reason: string
  /** Output paths rendered again. */
  rebuilt: string[]
  /** Every current problem: errors and warnings of the whole site. */
  messages: VFileMessage[]
  /** Only stylesheets changed: pages can swap them without reloading. */
  cssOnly: boolean
  durationMs: number
  /** The extension set was loaded again (config or extension code changed). */
  reloaded: boolean
}

export interface FileChange {
  kind: 'add' | 'change' | 'unlink'
  /** Absolute path. */
  path: string
}

const signatureOf = (page: SitePage | undefined, draft: boolean): string =>
  page === undefined
    ? `draft:${draft}`
    : JSON.stringify([page.url, page.title, page.data, page.headings, [...(page.anchors ?? [])].sort()])

/**
 * The state of `sheaf serve`: every document read once and kept, the output
 * in memory (pages and generated files) or as references to files on disk
 * (public/, assets). An edit re-reads only the documents that changed, then
 * renders again only their pages and the generated ones, unless what other
 * pages can see of them (title, URL, front matter, headings) changed: then
 * every page, still without reading anything again.
 */
export class DevSession {
  sheaf: Sheaf
  readonly options: SheafOptions
  /** Output path -> contents (pages, generated files, extension assets given as contents). */
  readonly files = new Map<string, string | Uint8Array>()
  /** Output path -> absolute source path (public/, content assets, theme and extension assets). */
  readonly statics = new Map<string, string>()
  readonly documents = new Map<string, DocumentState>()
  generated: PendingPage[] = []
  /** Problems outside documents (generators, extension logs), from the last rebuild. */
  siteMessages: VFileMessage[] = []
  generation = 1

  private constructor(sheaf: Sheaf, options: SheafOptions) {
    this.sheaf = sheaf
    this.options = options
  }

  static async start(options: SheafOptions): Promise<{ session: DevSession; report: RebuildReport }> {
    const session = new DevSession(await createSheaf(options), options)
    const report = await session.fullBuild('start')
    return { session, report }
  }

  get config() {
    return this.sheaf.config
  }

  /** Paths whose change means loading the extension set again: the config file and local extension, theme and layout modules. */
  isCodePath(path: string): boolean {
    const { config } = this.sheaf
    if (configFileNames.some((name) => path === resolve(config.root, name))) return true
    if (isWithin(path, config.paths.layouts)) return true
    const local = [...this.sheaf.extensions.map((ext) => ext.path), ...this.sheaf.themes.map((theme) => theme.path)]
    return local.some((module) => module !== undefined && !module.split(sep).includes('node_modules') && resolve(module) === path)
  }

  private isDocumentPath = (path: string): boolean => this.sheaf.registry.parsers.forPath(path) !== undefined

  private async collectStatics(sources: Sources): Promise<void> {
    this.statics.clear()
    for (const { assets } of this.sheaf.themes) {
      if (!assets) continue
      for (const rel of (await glob(['**/*'], { cwd: assets, dot: false, onlyFiles: true })).sort()) this.statics.set(`_sheaf/${rel}`, resolve(assets, rel))
    }
    for (const file of [...sources.assets, ...sources.publicFiles]) this.statics.set(file.rel, file.path)
    for (const asset of this.sheaf.registry.assets) {
      if (asset.from !== undefined) this.statics.set(asset.path, asset.from)
      else this.files.set(asset.path, asset.contents!)
    }
  }

  private async readOne(page: PlannedPage): Promise<DocumentState> {
    const { file, body, draft } = await readDocument(this.sheaf, page)
    const sitePage = body ? sitePageOf(page, file, body) : undefined
    return { page, file, body, sitePage, readMessages: [...file.messages], signature: signatureOf(sitePage, draft) }
  }

  private siteIndex(): SiteIndex {
    const site = createSiteIndex(this.sheaf.config)
    for (const state of this.documents.values()) if (state.sitePage) site.add(state.sitePage)
    return site
  }

  /** Render pages into memory; a page that fails keeps its last good version. */
  private async render(pages: PendingPage[], site: SiteIndex): Promise<string[]> {
    const rendered: string[] = []
    for (const pending of pages) {
      const html = await renderPending(this.sheaf, { ...pending, body: structuredClone(pending.body) }, site)
      if (html !== undefined) {
        this.files.set(pending.file.data.outPath!, html)
        rendered.push(pending.file.data.outPath!)
      }
    }
    return rendered
  }

  private pendingOf(state: DocumentState): PendingPage | undefined {
    if (!state.body) return undefined
    state.file.messages = [...state.readMessages]
    return { file: state.file, body: state.body, layout: undefined }
  }

  /** Generators of both stages; `read` pages replace the last ones, files go straight to memory. */
  private async generate(stage: 'read' | 'rendered', site: SiteIndex): Promise<VFileMessage[]> {
    const written = new Map<string, string>()
    for (const state of this.documents.values()) written.set(state.page.outPath, state.page.path)
    for (const [path, source] of this.statics) written.set(path, source)
    const writer = { write: async (path: string, contents: string | Uint8Array) => void this.files.set(path, contents) }
    const result = await runGenerators(this.sheaf, stage, site, writer, written)
    if (stage === 'read') {
      for (const old of this.generated) if (!result.pages.some((page) => page.file.data.outPath === old.file.data.outPath)) this.files.delete(old.file.data.outPath!)
      this.generated = result.pages
    }
    return result.messages
  }

  /** Read and render everything: at start, and when the extension set was loaded again. */
  async fullBuild(reason: string): Promise<RebuildReport> {
    const started = performance.now()
    const sources = await findSources(this.sheaf.config, this.isDocumentPath)
    this.files.clear()
    this.documents.clear()
    await this.collectStatics(sources)
    const siteMessages: VFileMessage[] = []
    try {
      await this.sheaf.emit('build:start', { config: this.sheaf.config, documents: sources.documents.length })
    } catch (error) {
      siteMessages.push(siteFailure(error))
    }
    for (const source of sources.documents) {
      const page = { ...source, ...outputFor(source.rel) }
      this.documents.set(source.rel, await this.readOne(page))
    }
    return this.finish({ reason, started, all: true, changed: [], siteMessages, reloaded: reason === 'config' })
  }

  private async finish(options: {
    reason: string
    started: number
    all: boolean
    changed: DocumentState[]
    siteMessages: VFileMessage[]
    reloaded: boolean
  }): Promise<RebuildReport> {
    const drafts = new Set([...this.documents.values()].filter((state) => state.signature === 'draft:true').map((state) => state.page.rel))
    this.sheaf.setLinkTargets({ ...linkTargetsOf(this.sourcesForLinks(), this.isDocumentPath), drafts })
    const site = this.siteIndex()
    const siteMessages = [...options.siteMessages, ...(await this.generate('read', site))]
    const documents = options.all ? [...this.documents.values()] : options.changed
    const pages = [...documents.map((state) => this.pendingOf(state)).filter((page) => page !== undefined), ...this.generated]
    const rebuilt = await this.render(pages, site)
    this.siteMessages = siteMessages
    this.outputsPending = { site, readMessages: siteMessages }
    // At start and after a reload everything is made before the first answer; after an
    // edit, pages first (the reload goes out), feeds, sitemaps and search indexes just after.
    if (options.all && options.reason !== 'edit') await this.completeOutputs()
    return { reason: options.reason, rebuilt, messages: this.problems(), cssOnly: false, durationMs: performance.now() - options.started, reloaded: options.reloaded }
  }

  private outputsPending: { site: SiteIndex; readMessages: VFileMessage[] } | undefined

  /**
   * Run the generators that need every page rendered (feeds, sitemap, search
   * index) for the last rebuild, if they have not run yet. Resolves to the
   * problems after them, or undefined when there was nothing to do.
   */
  async completeOutputs(): Promise<VFileMessage[] | undefined> {
    const pending = this.outputsPending
    if (!pending) return undefined
    this.outputsPending = undefined
    this.siteMessages = [...pending.readMessages, ...(await this.generate('rendered', pending.site)), ...this.sheaf.takeMessages()]
    return this.problems()
  }

  /** The copied files, for link resolution, from what the session already knows. */
  private sourcesForLinks(): Sources {
    const content = this.sheaf.config.paths.content
    const assets = [...this.statics.values()].filter((path) => isWithin(path, content)).map((path) => ({ path, rel: relative(content, path).split(sep).join('/') }))
    const publicFiles = [...this.statics.entries()]
      .filter(([, path]) => isWithin(path, this.sheaf.config.paths.public))
      .map(([rel, path]) => ({ path, rel }))
    return { documents: [], assets, publicFiles }
  }

  /** Every current problem: each document's messages, then the site's. */
  problems(): VFileMessage[] {
    return [...[...this.documents.values()].flatMap((state) => state.file.messages), ...this.generated.flatMap((page) => page.file.messages), ...this.siteMessages]
  }

  /** Load the extension set again (config or extension code changed). The old one gets `dispose`; on failure it stays. */
  async reload(): Promise<RebuildReport> {
    const started = performance.now()
    const next = await createSheaf({ ...this.options, generation: this.generation + 1 })
    await this.sheaf.dispose()
    this.sheaf = next
    this.generation += 1
    const report = await this.fullBuild('config')
    return { ...report, durationMs: performance.now() - started }
  }

  /** Apply a batch of file changes: the smallest rebuild that keeps every page right. */
  async update(changes: FileChange[]): Promise<RebuildReport> {
    const started = performance.now()
    const reason = [...new Set(changes.map((change) => relative(this.sheaf.config.root, change.path)))].join(', ')
    if (changes.some((change) => this.isCodePath(change.path))) return { ...(await this.reload()), reason }

    const content = this.sheaf.config.paths.content
    const publicDir = this.sheaf.config.paths.public
    const changedDocs: DocumentState[] = []
    let structural = false
    let staticsChanged = false
    let onlyCss = true
    for (const change of changes) {
      const inContent = isWithin(change.path, content)
      const rel = relative(inContent ? content : publicDir, change.path).split(sep).join('/')
      if (inContent && this.isDocumentPath(rel) && !rel.split('/').some((part) => part.startsWith('.'))) {
        onlyCss = false
        if (change.kind === 'unlink') {
          const old = this.documents.get(rel)
          if (old) {
            this.documents.delete(rel)
            this.files.delete(old.page.outPath)
            structural = true
          }
          continue
        }
        const state = await this.readOne({ path: change.path, rel, ...outputFor(rel) })
        const previous = this.documents.get(rel)
        if (!previous || previous.signature !== state.signature) structural = true
        this.documents.set(rel, state)
        changedDocs.push(state)
        continue
      }
      if (inContent || isWithin(change.path, publicDir)) {
        staticsChanged = true
        if (!change.path.endsWith('.css')) onlyCss = false
        if (change.kind === 'unlink') this.statics.delete(rel)
        else this.statics.set(rel, change.path)
        if (change.kind !== 'change') structural = true
      }
    }
    if (staticsChanged && onlyCss && changedDocs.length === 0 && !structural) {
      return { reason, rebuilt: [], messages: this.problems(), cssOnly: true, durationMs: performance.now() - started, reloaded: false }
    }
    if (changedDocs.length === 0 && !structural && !staticsChanged) {
      return { reason, rebuilt: [], messages: this.problems(), cssOnly: false, durationMs: performance.now() - started, reloaded: false }
    }
    const report = await this.finish({ reason: 'edit', started, all: structural, changed: changedDocs, siteMessages: [], reloaded: false })
    return { ...report, reason }
  }

  async dispose(): Promise<void> {
    await this.sheaf.dispose()
  }
}
