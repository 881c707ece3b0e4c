import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { relative, resolve, sep } from 'node:path'
import { glob } from 'tinyglobby'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { configFileNames } from '../config/load.js'
import type { SitePage } from '../extensions/types.js'
import { isWithin } from '../output/out-dir.js'
import { linkTargetsOf, type LinkTargets } from '../pipeline/links.js'
import { decodeSource } from '../pipeline/encoding.js'
import { readDocument, renderDocument, renderPending, sitePageOf, type DecodedSource, type PendingPage, type PlannedPage } from '../pipeline/phases.js'
import { emptyInputs, inputsOf, logsOf, mergeInputs, type InputRecord } from '../pipeline/dependencies.js'
import { codeInputs, type CodeInputs } from '../pipeline/code-inputs.js'
import { nextView, plainAccess, SiteReader, type SiteReads, type SiteView } from '../site/site-reads.js'
import { RenderingCheck } from '../pipeline/rendering-check.js'
import { coreName } from '../sheaf.js'
import { findSources, type Sources } from '../pipeline/sources.js'
import { outputFor } from '../pipeline/urls.js'
import { siteFailure } from '../report/failure.js'
import { createSheaf, type Sheaf, type SheafOptions } from '../sheaf.js'
import { runGenerators, type OutputClaims } from '../site-stages.js'
import { createSiteIndex, outlineOf, type SiteIndex } from '../site/site-index.js'
import { encodeBody, fromPlainMessage, type StoredBody } from '../pipeline/codec.js'
import { documentFingerprint } from '../pipeline/fingerprint.js'
import { documentOfResult } from '../pipeline/read-documents.js'
import { DocumentClock, riskyLength, timedOutFile } from '../pipeline/threads/clock.js'
import { DocumentThreads } from '../pipeline/threads/threads.js'

/**
 * A read document, kept between rebuilds. Its body is kept as bytes, as a
 * build keeps it (off the JavaScript heap, so thousands of them do not slow
 * every garbage collection), and made anew for each render.
 */
interface DocumentState {
  page: PlannedPage
  /** The file as reading left it: the site index holds it, and rendering works on a copy. */
  file: VFile
  body: StoredBody | undefined
  sitePage: SitePage | undefined
  /** Messages of the per-document stages; a render starts from these. */
  readMessages: VFileMessage[]
  /** What reading read besides the source (files, variables, config keys): a change to one reads it again. */
  inputs: InputRecord
  /** Messages after its last rendering (or reading, until it is rendered). */
  messages: VFileMessage[]
  /** What its hooks logged while it was read. */
  readLogs: VFileMessage[]
  /** What its hooks logged while it was read and last rendered: problems of the document for as long as it stands. */
  logs: VFileMessage[]
  /** What its last good rendering read; undefined until it rendered. */
  rendered: { reads: SiteReads; inputs: InputRecord } | undefined
}

function stateOf(page: PlannedPage, file: VFile, body: StoredBody | undefined, sitePage: SitePage | undefined, inputs: InputRecord, logs: VFileMessage[]): DocumentState {
  const readMessages = [...file.messages]
  return { page, file, body, sitePage, readMessages, inputs, messages: readMessages, readLogs: logs, logs, rendered: undefined }
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

/**
 * The state of `sheaf serve`: every document read once and kept, the output
 * in memory (pages and generated files) or as references to files on disk
 * (public/, assets). An edit reads again the documents that changed (or whose
 * hooks read a file that changed), then renders again exactly the pages a
 * build would not take from its cache: by the same rule (`RenderingCheck`),
 * so what it serves equals a fresh build.
 */
export class DevSession {
  sheaf: Sheaf
  readonly options: SheafOptions
  /** Output path -> contents (pages, generated files, extension assets given as contents). */
  readonly files = new Map<string, string | Uint8Array>()
  /** Output path -> absolute source path (public/, content assets, theme and extension assets). */
  readonly statics = new Map<string, string>()
  readonly documents = new Map<string, DocumentState>()
  /** Output path -> source path of each document, for output conflicts. */
  private readonly documentOutputs = new Map<string, string>()
  generated: PendingPage[] = []
  /** The fields pages read of each other, and their digest over the site when they were rendered. */
  private view: SiteView | undefined
  /** What generators and `validate` read through their context, in the last rebuild. */
  private siteInputs: InputRecord = emptyInputs()
  /** Output paths generators claimed in the last rebuild. */
  private generatorClaims = new Map<string, string>()
  /** What the `rendered` generators wrote last time, and what they said. */
  private lateOutputs = new Set<string>()
  private lateMessages: VFileMessage[] = []
  /** Rebuilds and late outputs run one at a time. */
  private queue: Promise<unknown> = Promise.resolve()
  /** Problems outside documents (generators, extension logs), from the last rebuild. */
  siteMessages: VFileMessage[] = []
  generation = 1

  /** A thread for long documents, started on the first one (see `readOnThread`). */
  private threads: DocumentThreads | undefined

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

  /** The code inputs of the loaded extension set (`codeInputs`), worked out once per load. */
  private code: CodeInputs | undefined

  /**
   * Paths whose change means loading the extension set again: the config file,
   * the site's layouts, local extension and theme modules and every local
   * module they import, and the files extensions declared with `addWatchFile`.
   */
  isCodePath(path: string): boolean {
    const { config } = this.sheaf
    if (configFileNames.some((name) => path === resolve(config.root, name))) return true
    if (isWithin(path, config.paths.layouts)) return true
    return (this.code ??= codeInputs(this.sheaf)).covers(path)
  }

  /** Files outside the site root that the site depends on, for the watcher. */
  outsideFiles(): string[] {
    const root = this.sheaf.config.root
    const read = [...this.documents.values()].flatMap((state) => [...Object.keys(state.inputs.files), ...Object.keys(state.rendered?.inputs.files ?? {})])
    const all = [...(this.code ??= codeInputs(this.sheaf)).files, ...read, ...Object.keys(this.siteInputs.files)]
    return [...new Set(all)].filter((path) => !isWithin(path, root) && !path.split(sep).includes('node_modules'))
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

  private async readOne(page: PlannedPage, source?: DecodedSource): Promise<DocumentState> {
    let decoded = source
    if (decoded === undefined) {
      try {
        decoded = decodeSource(await readFile(page.path))
      } catch {
        // Unreadable: reading it says why, as a message on the document.
      }
    }
    if (decoded !== undefined && decoded.text.length > riskyLength) {
      const state = await this.readOnThread(page, decoded)
      if (state) return state
    }
    const { file, body } = await readDocument(this.sheaf, page, decoded)
    const sitePage = body ? sitePageOf(page, file, outlineOf(body)) : undefined
    return stateOf(page, file, body && encodeBody(body), sitePage, inputsOf(file), logsOf(file))
  }

  /**
   * A long document is read on a thread of its own, with the time budget of
   * `limits.documentSeconds`, so a pathological edit cannot hang the server;
   * undefined when threads cannot read it (the main thread does).
   */
  private async readOnThread(page: PlannedPage, { text, problems }: DecodedSource): Promise<DocumentState | undefined> {
    const threads = (this.threads ??= new DocumentThreads(this.sheaf, 1))
    if (threads.refusal !== undefined) return undefined
    const seconds = this.sheaf.config.limits.documentSeconds
    let run
    try {
      run = await new DocumentClock(seconds).run(await threads.pool(1), { documents: [{ page, text, key: '', problems }], fingerprint: documentFingerprint(this.sheaf), cache: undefined })
    } catch {
      return undefined
    }
    if ('culprit' in run) {
      return stateOf(page, timedOutFile(page, this.sheaf.config.root, text, seconds), undefined, undefined, emptyInputs(), [])
    }
    const result = run.reply.outcomes[0]!
    if ('uncopyable' in result) return undefined
    const { file, draft, sitePage } = documentOfResult(this.sheaf, page, text, result, { hasBody: result.body !== undefined })
    return stateOf(page, file, draft ? undefined : result.body, sitePage, result.inputs, result.logs.map(fromPlainMessage))
  }

  private keep(state: DocumentState): void {
    this.documents.set(state.page.rel, state)
    this.documentOutputs.set(state.page.outPath, state.page.path)
    this.noteMessages(state)
  }

  /** Documents with messages, so listing problems does not walk every document. */
  private readonly withMessages = new Set<string>()
  private noteMessages(state: DocumentState): void {
    if (state.messages.length > 0 || state.logs.length > 0) this.withMessages.add(state.page.rel)
    else this.withMessages.delete(state.page.rel)
  }

  /** The site index, its pages in the order a build lists them (sorted by source), however they came and went. */
  private siteIndex(targets: LinkTargets): SiteIndex {
    const site = createSiteIndex(this.sheaf.config, targets)
    for (const rel of [...this.documents.keys()].sort()) {
      const { sitePage } = this.documents.get(rel)!
      if (sitePage) site.add(sitePage)
    }
    return site
  }

  /** Render a generated page into memory; one that fails keeps its last good version. */
  private async renderGenerated(pending: PendingPage, site: SiteIndex): Promise<string | undefined> {
    const html = await renderPending(this.sheaf, pending, plainAccess(site))
    if (html === undefined) return undefined
    this.files.set(pending.file.data.outPath!, html)
    return pending.file.data.outPath
  }

  /** Render a read document into memory, on a copy of its file, as a build does; one that fails keeps its last good version. */
  private async renderState(state: DocumentState, reader: SiteReader): Promise<string | undefined> {
    const { file, body } = state
    const rendered = await renderDocument(this.sheaf, { path: file.path, cwd: file.cwd, value: String(file.value), data: file.data, messages: state.readMessages, body: body! }, reader)
    state.messages = rendered.file.messages
    state.logs = [...state.readLogs, ...logsOf(rendered.file)]
    this.noteMessages(state)
    if (rendered.html === undefined || rendered.file.messages.some((message) => message.fatal)) {
      state.rendered = undefined
      return undefined
    }
    state.rendered = { reads: rendered.reads, inputs: rendered.inputs }
    this.files.set(state.page.outPath, rendered.html)
    return state.page.outPath
  }

  /** Generators of both stages; `read` pages replace the last ones, files go straight to memory. */
  private async generate(stage: 'read' | 'rendered', site: SiteIndex): Promise<VFileMessage[]> {
    if (stage === 'read') {
      this.generatorClaims = new Map()
      this.siteInputs = emptyInputs()
    }
    const claims = this.generatorClaims
    const written: OutputClaims = {
      get: (path) => this.documentOutputs.get(path) ?? this.statics.get(path) ?? claims.get(path),
      set: (path, owner) => void claims.set(path, owner),
    }
    const writer = { write: async (path: string, contents: string | Uint8Array) => void this.files.set(path, contents) }
    const result = await runGenerators(this.sheaf, stage, site, writer, written)
    mergeInputs(this.siteInputs, this.sheaf.takeSiteInputs())
    if (stage === 'rendered') {
      const now = new Set(result.paths)
      for (const path of this.lateOutputs) if (!now.has(path)) this.files.delete(path)
      this.lateOutputs = now
    }
    if (stage === 'read') {
      const now = new Set(result.pages.map((page) => page.file.data.outPath))
      for (const old of this.generated) if (!now.has(old.file.data.outPath)) this.files.delete(old.file.data.outPath!)
      this.generated = result.pages
    }
    return result.messages
  }

  /** Read and render everything: at start, and when the extension set was loaded again. */
  private async fullBuild(reason: string): Promise<RebuildReport> {
    const started = performance.now()
    const sources = await findSources(this.sheaf.config, this.isDocumentPath)
    this.files.clear()
    this.documents.clear()
    this.documentOutputs.clear()
    this.withMessages.clear()
    this.lateOutputs.clear()
    this.lateMessages = []
    this.view = undefined
    await this.collectStatics(sources)
    const siteMessages: VFileMessage[] = []
    try {
      await this.sheaf.emit('build:start', { config: this.sheaf.config, documents: sources.documents.length })
    } catch (error) {
      siteMessages.push(siteFailure(error))
    }
    for (const source of sources.documents) {
      const page = { ...source, ...outputFor(source.rel) }
      this.keep(await this.readOne(page))
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
    // A site index of its own for every rebuild, as a build has: what extensions keep per site index is made anew.
    const drafts = new Set([...this.documents.values()].filter((state) => state.file.data.draft === true && state.body === undefined).map((state) => state.page.rel))
    const targets = { ...linkTargetsOf(this.sourcesForLinks(), this.isDocumentPath), drafts }
    const site = this.siteIndex(targets)
    const siteMessages = [...options.siteMessages, ...(await this.generate('read', site))]

    // The pages a build would render again rather than take from its cache: the same rules.
    const check = new RenderingCheck(site, this.view, this.sheaf.config as unknown as Record<string, unknown>)
    const changed = new Set(options.changed)
    const renderable = [...this.documents.values()].filter((state) => state.body !== undefined)
    const due = renderable.filter((state) => options.all || changed.has(state) || state.rendered === undefined || !check.current(state.rendered))
    const reader = new SiteReader(site, { exempt: coreName })
    const rebuilt: string[] = []
    const reads: SiteReads[] = []
    for (const state of due) {
      const path = await this.renderState(state, reader)
      if (path !== undefined) rebuilt.push(path)
      if (state.rendered) reads.push(state.rendered.reads)
    }
    this.view = nextView(site, this.view, reads, due.length === renderable.length)
    for (const state of changed) if (state.body === undefined) this.noteMessages(state)
    // Generated pages are made anew by every rebuild, after the view is taken (rendering changes their files).
    for (const pending of this.generated) {
      const path = await this.renderGenerated(pending, site)
      if (path !== undefined) rebuilt.push(path)
    }
    siteMessages.push(...this.sheaf.takeSiteMessages())
    this.siteMessages = [...siteMessages, ...this.lateMessages]
    this.outputsPending = { site, readMessages: siteMessages }
    // At start and after a reload everything is made before the first answer; after an
    // edit, only the pages: feeds, sitemaps and search indexes when next asked for.
    if (options.all && options.reason !== 'edit') await this.makeLateOutputs()
    return { reason: options.reason, rebuilt, messages: this.problems(), cssOnly: false, durationMs: performance.now() - options.started, reloaded: options.reloaded }
  }

  private outputsPending: { site: SiteIndex; readMessages: VFileMessage[] } | undefined

  /**
   * Whether the output at `path` (relative to the output folder) may be out of
   * date until the generators that need every page rendered run again: a
   * file they wrote last time, or one nothing has written yet.
   */
  outputStale(path: string): boolean {
    return this.outputsPending !== undefined && (this.lateOutputs.has(path) || (!this.files.has(path) && !this.statics.has(path)))
  }

  /**
   * Run the generators that need every page rendered (feeds, sitemap, search
   * index) for the last rebuild, if they have not run yet. `sheaf serve` does
   * this when one of their outputs is asked for, not after every edit: on a
   * large site they take seconds, and a writer saving again should not wait.
   * Resolves to the problems after them, or undefined when there was nothing to do.
   */
  completeOutputs(): Promise<VFileMessage[] | undefined> {
    return this.exclusive(() => this.makeLateOutputs())
  }

  private async makeLateOutputs(): Promise<VFileMessage[] | undefined> {
    const pending = this.outputsPending
    if (!pending) return undefined
    this.outputsPending = undefined
    this.lateMessages = [...(await this.generate('rendered', pending.site)), ...this.sheaf.takeSiteMessages()]
    this.siteMessages = [...pending.readMessages, ...this.lateMessages]
    return this.problems()
  }

  /** Run `task` after every rebuild and late output before it. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task)
    this.queue = result.catch(() => undefined)
    return result
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
    const found: VFileMessage[] = []
    const noisy = [...this.withMessages].sort()
    for (const rel of noisy) {
      const state = this.documents.get(rel)
      if (state) found.push(...state.messages, ...state.logs)
    }
    for (const page of this.generated) if (page.file.messages.length > 0) found.push(...page.file.messages)
    return [...found, ...this.siteMessages]
  }

  /** Load the extension set again (config or extension code changed). The old one gets `dispose`; on failure it stays. */
  private async reload(): Promise<RebuildReport> {
    const started = performance.now()
    const next = await createSheaf({ ...this.options, generation: this.generation + 1 })
    await this.threads?.close()
    this.threads = undefined
    await this.sheaf.dispose()
    this.sheaf = next
    this.code = undefined
    this.generation += 1
    const report = await this.fullBuild('config')
    return { ...report, durationMs: performance.now() - started }
  }

  /** A document's path relative to the content folder, or undefined when `path` is not a document. */
  private documentRel(path: string): string | undefined {
    const content = this.sheaf.config.paths.content
    if (!isWithin(path, content)) return undefined
    const rel = relative(content, path).split(sep).join('/')
    return this.isDocumentPath(rel) && !rel.split('/').some((part) => part.startsWith('.')) ? rel : undefined
  }

  /** Documents read ahead, while the watcher waits for a burst of changes to end. */
  private readonly prefetched = new Map<string, { generation: number; text: string; state: Promise<DocumentState> }>()

  /**
   * Start reading a changed document now, while the watcher waits to see
   * whether more files change: the per-document stages of a save then run in
   * time that is spent waiting anyway. The rebuild uses the result only if the
   * file still holds the same text and the extension set is the same.
   */
  prefetch(path: string): void {
    const rel = this.documentRel(path)
    if (rel === undefined || this.isCodePath(path)) return
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch {
      return
    }
    const text = bytes.toString('utf8')
    const state = this.readOne({ path, rel, ...outputFor(rel) }, decodeSource(bytes))
    state.catch(() => undefined)
    this.prefetched.set(path, { generation: this.generation, text, state })
  }

  private async takePrefetched(path: string): Promise<DocumentState | undefined> {
    const entry = this.prefetched.get(path)
    if (!entry) return undefined
    this.prefetched.delete(path)
    if (entry.generation !== this.generation) return undefined
    const text = await readFile(path, 'utf8').catch(() => undefined)
    return text === entry.text ? entry.state : undefined
  }

  /** Apply a batch of file changes: the smallest rebuild that keeps every page right. */
  update(changes: FileChange[]): Promise<RebuildReport> {
    return this.exclusive(() => this.applyChanges(changes))
  }

  private async applyChanges(changes: FileChange[]): Promise<RebuildReport> {
    const started = performance.now()
    const reason = [...new Set(changes.map((change) => relative(this.sheaf.config.root, change.path)))].join(', ')
    if (changes.some((change) => this.isCodePath(change.path))) return { ...(await this.reload()), reason }

    const content = this.sheaf.config.paths.content
    const publicDir = this.sheaf.config.paths.public
    const changedDocs: DocumentState[] = []
    // Whether anything a page or generator may read changed (a document came or went, a file read through the context).
    let touched = false
    let staticsChanged = false
    let onlyCss = true
    const readAgain = new Set<string>()
    for (const change of changes) {
      const inContent = isWithin(change.path, content)
      const rel = relative(inContent ? content : publicDir, change.path).split(sep).join('/')
      // Documents whose hooks read this file are read again; pages and generators that read it are seen to by `finish`.
      for (const state of this.documents.values()) if (change.path in state.inputs.files) readAgain.add(state.page.rel)
      if (change.path in this.siteInputs.files || [...this.documents.values()].some((state) => state.rendered !== undefined && change.path in state.rendered.inputs.files)) {
        touched = true
        onlyCss = false
      }
      if (this.documentRel(change.path) !== undefined) {
        onlyCss = false
        readAgain.delete(rel)
        if (change.kind === 'unlink') {
          const old = this.documents.get(rel)
          if (old) {
            this.documents.delete(rel)
            this.documentOutputs.delete(old.page.outPath)
            this.withMessages.delete(rel)
            this.files.delete(old.page.outPath)
            touched = true
          }
          continue
        }
        const state = (await this.takePrefetched(change.path)) ?? (await this.readOne({ path: change.path, rel, ...outputFor(rel) }))
        this.keep(state)
        changedDocs.push(state)
        continue
      }
      if (inContent || isWithin(change.path, publicDir)) {
        staticsChanged = true
        if (!change.path.endsWith('.css')) onlyCss = false
        if (change.kind === 'unlink') this.statics.delete(rel)
        else this.statics.set(rel, change.path)
        if (change.kind !== 'change') touched = true
      }
    }
    for (const rel of readAgain) {
      const previous = this.documents.get(rel)
      if (!previous) continue
      const state = await this.readOne(previous.page)
      this.keep(state)
      changedDocs.push(state)
      onlyCss = false
    }
    if (staticsChanged && onlyCss && changedDocs.length === 0 && !touched) {
      return { reason, rebuilt: [], messages: this.problems(), cssOnly: true, durationMs: performance.now() - started, reloaded: false }
    }
    if (changedDocs.length === 0 && !touched && !staticsChanged) {
      return { reason, rebuilt: [], messages: this.problems(), cssOnly: false, durationMs: performance.now() - started, reloaded: false }
    }
    const report = await this.finish({ reason: 'edit', started, all: false, changed: changedDocs, siteMessages: [], reloaded: false })
    return { ...report, reason }
  }

  async dispose(): Promise<void> {
    await this.threads?.close()
    await this.sheaf.dispose()
  }
}
