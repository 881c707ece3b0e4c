import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import type { VFileMessage } from 'vfile-message'
import { configFileNames } from '../config/load.js'
import { SheafError } from '../errors.js'
import { isWithin } from '../output/out-dir.js'
import { codeInputs, type CodeInputs } from '../pipeline/code-inputs.js'
import { logsOf } from '../pipeline/dependencies.js'
import { resultOf } from '../pipeline/document-result.js'
import { MemoryStore } from '../pipeline/document-store.js'
import { decodeSource } from '../pipeline/encoding.js'
import { documentFingerprint, documentKey } from '../pipeline/fingerprint.js'
import { readDocument } from '../pipeline/phases.js'
import { buildSite, type SiteBuild } from '../pipeline/site-build.js'
import { riskyLength } from '../pipeline/threads/clock.js'
import { defaultWorkers, DocumentThreads } from '../pipeline/threads/threads.js'
import { outputFor } from '../pipeline/urls.js'
import { createSheaf, type Sheaf, type SheafOptions } from '../sheaf.js'
import { MemoryOutput } from './memory-output.js'

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
 * The state of `sheaf serve`: the site build of `sheaf build`, run again on
 * every change against a store in memory (`MemoryStore`) and an output in
 * memory (`MemoryOutput`). The store decides what is read and rendered again
 * by the rules a warm build decides by, so what `serve` shows equals a fresh
 * build. What serve adds: loading the extension set again when code changes,
 * reading a saved document ahead while the watcher waits, making feeds,
 * sitemaps and search indexes only when asked for, and keeping the last good
 * version of a page that fails until it is fixed.
 */
export class DevSession {
  sheaf: Sheaf
  readonly options: SheafOptions
  private readonly output = new MemoryOutput()
  private store = new MemoryStore()
  private threads: DocumentThreads
  /** The last rebuild, whose late outputs (`completeOutputs`) may not be made yet. */
  private last: SiteBuild | undefined
  private latePending = false
  /** Files generators and `validate` read through their context. */
  private siteFiles = new Set<string>()
  /** Rebuilds and late outputs run one at a time. */
  private queue: Promise<unknown> = Promise.resolve()
  generation = 1
  /** The code inputs of the loaded extension set (`codeInputs`), worked out once per load. */
  private code: CodeInputs | undefined

  private constructor(sheaf: Sheaf, options: SheafOptions) {
    this.sheaf = sheaf
    this.options = options
    this.threads = new DocumentThreads(sheaf, defaultWorkers())
  }

  static async start(options: SheafOptions): Promise<{ session: DevSession; report: RebuildReport }> {
    const session = new DevSession(await createSheaf(options), options)
    const report = await session.rebuild('start', performance.now())
    return { session, report }
  }

  get config() {
    return this.sheaf.config
  }

  /** Output path -> contents (pages, generated files, extension assets given as contents). */
  get files(): ReadonlyMap<string, string | Uint8Array> {
    return this.output.files
  }

  /** Output path -> absolute source path (public/, content assets, theme and extension assets). */
  get statics(): ReadonlyMap<string, string> {
    return this.output.statics
  }

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

  /** Files the site was last built with that hooks read through their context. */
  private inputFiles(): Set<string> {
    return new Set([...this.store.inputFiles(), ...this.siteFiles])
  }

  /** Files outside the site root that the site depends on, for the watcher. */
  outsideFiles(): string[] {
    const root = this.sheaf.config.root
    const all = [...(this.code ??= codeInputs(this.sheaf)).files, ...this.inputFiles()]
    return [...new Set(all)].filter((path) => !isWithin(path, root) && !path.split(sep).includes('node_modules'))
  }

  /** Build the site again, into memory; at start and after a reload, the late outputs too. */
  private async rebuild(reason: string, started: number, reloaded = false): Promise<RebuildReport> {
    this.output.begin('pages')
    const build = await buildSite(this.sheaf, { store: this.store, output: this.output, threads: this.threads, everyOutput: true })
    await this.store.finish({ complete: build.everyDocumentRead })
    this.output.settle(build.failedPages)
    this.last = build
    this.latePending = true
    this.noteSiteInputs(true)
    // At start and after a reload everything is made before the first answer; after an
    // edit, only the pages: feeds, sitemaps and search indexes when next asked for.
    if (reason === 'start' || reloaded) await this.makeLateOutputs()
    return { reason, rebuilt: build.rendered, messages: this.problems(), cssOnly: false, durationMs: performance.now() - started, reloaded }
  }

  private noteSiteInputs(afresh: boolean): void {
    if (afresh) this.siteFiles = new Set()
    for (const path of Object.keys(this.sheaf.takeSiteInputs().files)) this.siteFiles.add(path)
  }

  /**
   * Whether the output at `path` (relative to the output folder) may be out of
   * date until the generators that need every page rendered run again: a
   * file they wrote last time, or one nothing has written yet.
   */
  outputStale(path: string): boolean {
    return this.latePending && (this.output.isLate(path) || (!this.output.files.has(path) && !this.output.statics.has(path)))
  }

  /**
   * Run the generators that need every page rendered (feeds, sitemap, search
   * index), and every `validate`, for the last rebuild, if they have not run
   * yet. `sheaf serve` does this when one of their outputs is asked for, not
   * after every edit: on a large site they take seconds, and a writer saving
   * again should not wait. Resolves to the problems after them, or undefined
   * when there was nothing to do.
   */
  completeOutputs(): Promise<VFileMessage[] | undefined> {
    return this.exclusive(() => this.makeLateOutputs())
  }

  private async makeLateOutputs(): Promise<VFileMessage[] | undefined> {
    if (!this.latePending || this.last === undefined) return undefined
    this.latePending = false
    this.output.begin('late')
    await this.last.complete()
    this.output.settle()
    this.noteSiteInputs(false)
    return this.problems()
  }

  /** Run `task` after every rebuild and late output before it. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task)
    this.queue = result.catch(() => undefined)
    return result
  }

  /** Every current problem: the last rebuild's messages, documents' then the site's. */
  problems(): VFileMessage[] {
    return [...(this.last?.result.messages ?? [])]
  }

  /** Gives up on the extension set being loaded again, if one is, saying why. */
  private abandonReload: ((why: string) => void) | undefined

  /**
   * A batch of changes is waiting: if it changes code while the extension set
   * is being loaded again (a config whose promise has not settled yet, say),
   * that load is given up on, so the batch (a fix, perhaps) is loaded at once.
   */
  changesWaiting(changes: FileChange[]): void {
    if (this.abandonReload !== undefined && changes.some((change) => this.isCodePath(change.path))) this.abandonReload('it had not finished when it changed again, and the new version is loaded instead')
  }

  /** The server is closing: a load of the extension set that has not settled is not waited for. */
  closing(): void {
    this.abandonReload?.('the server closed before it finished')
  }

  /** Load the extension set again (config or extension code changed). The old one gets `dispose`; on failure it stays. */
  private async reload(reason: string, started: number): Promise<RebuildReport> {
    const loading = createSheaf({ ...this.options, generation: this.generation + 1 })
    const abandoned = new Promise<never>((_, reject) => {
      this.abandonReload = (why) => reject(new SheafError('CONFIG_LOAD_FAILED', `Loading ${reason} again was given up: ${why}.`))
    })
    let next: Sheaf
    try {
      next = await Promise.race([loading, abandoned])
    } catch (error) {
      // Should the abandoned load finish after all, what it made is let go.
      loading.then((late) => late.dispose(), () => undefined)
      throw error
    } finally {
      this.abandonReload = undefined
    }
    await this.threads.close()
    await this.sheaf.dispose()
    this.sheaf = next
    this.threads = new DocumentThreads(next, defaultWorkers())
    this.store = new MemoryStore()
    this.code = undefined
    this.generation += 1
    this.output.clear()
    return this.rebuild(reason, started, true)
  }

  /** A document's path relative to the content folder, or undefined when `path` is not a document. */
  private documentRel(path: string): string | undefined {
    const content = this.sheaf.config.paths.content
    if (!isWithin(path, content)) return undefined
    const rel = relative(content, path).split(sep).join('/')
    const isDocument = this.sheaf.registry.parsers.forPath(rel) !== undefined
    return isDocument && !rel.split('/').some((part) => part.startsWith('.')) ? rel : undefined
  }

  /**
   * Start reading a changed document now, while the watcher waits to see
   * whether more files change: the per-document stages of a save then run in
   * time that is spent waiting anyway. The store keeps the result under the
   * document's key, which the rebuild reads with only if the file still holds
   * the same bytes with the same extension set. A long document is left to
   * the rebuild, which reads it on a thread with its time budget.
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
    const source = decodeSource(bytes)
    if (source.text.length > riskyLength) return
    const { sheaf, store } = this
    const key = documentKey(documentFingerprint(sheaf), rel, bytes)
    readDocument(sheaf, { path, rel, ...outputFor(rel) }, source).then(
      (read) => {
        if (read.body && !read.file.messages.some((message) => message.fatal)) store.readAhead(key, resultOf(read, logsOf(read.file)))
      },
      () => undefined,
    )
  }

  /** Apply a batch of file changes: build again, unless no page can see them. */
  update(changes: FileChange[]): Promise<RebuildReport> {
    return this.exclusive(() => this.applyChanges(changes))
  }

  private async applyChanges(changes: FileChange[]): Promise<RebuildReport> {
    const started = performance.now()
    const reason = [...new Set(changes.map((change) => relative(this.sheaf.config.root, change.path)))].join(', ')
    if (changes.some((change) => this.isCodePath(change.path))) return this.reload(reason, started)
    // A copied file changed in place, or a file outside the site's sources, that no hook read:
    // nothing to build (copied files are served from disk as they are).
    const { content, public: publicDir } = this.sheaf.config.paths
    const read = this.inputFiles()
    const copied = (path: string): boolean => isWithin(path, content) || isWithin(path, publicDir)
    const unseen = changes.every((change) => this.documentRel(change.path) === undefined && !read.has(change.path) && (change.kind === 'change' || !copied(change.path)))
    if (unseen) {
      const cssOnly = changes.every((change) => copied(change.path) && change.path.endsWith('.css'))
      return { reason, rebuilt: [], messages: this.problems(), cssOnly, durationMs: performance.now() - started, reloaded: false }
    }
    return this.rebuild(reason, started)
  }

  async dispose(): Promise<void> {
    await this.threads.close()
    await this.sheaf.dispose()
  }
}
