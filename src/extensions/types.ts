import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast'
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive'
import type { Root as HastRoot, Element as HastElement } from 'hast'
import type { Plugin, Processor } from 'unified'
import type { VFile } from 'vfile'
import type { ResolvedConfig } from '../config/schema.js'
import type { Logger } from '../report/logger.js'

/** What Sheaf records about every document in `file.data`; extensions augment it the same way. */
declare module 'vfile' {
  interface DataMap {
    /** The document's front matter. */
    matter: Record<string, unknown>
    /** The page title: front matter `title`, else the first h1, else the file name. */
    title: string
    /** Whether front matter says `draft: true`. */
    draft: boolean
    /** The source path relative to the content folder, with forward slashes. */
    sourcePath: string
    /** The page's site-absolute URL. */
    url: string
    /** The output file, relative to the output folder. */
    outPath: string
    /** The layout an extension chose for the document; front matter `layout` wins over it. */
    layout: string
    /**
     * Where nodes parsed from other files (by `ctx.parseMarkdown` with a
     * `path`) sit: `[from, to, path]` ranges of offsets, far past the
     * document's own text, so that a message about such a node names that
     * file. Set by Sheaf.
     */
    included: Array<[number, number, string]>
  }
}

/** Where a hook sits relative to others of its kind: `pre` runs first, `post` last. */
export type HookOrder = 'pre' | 'post'

/** Ordering hints shared by every iterator hook (transforms, remark and rehype plugins). */
export interface OrderHints {
  /** `pre` hooks run before unmarked ones, `post` hooks after. */
  order?: HookOrder
  /** Names of hooks of the same kind that this one must run before. */
  before?: string[]
  /** Names of hooks of the same kind that this one must run after. */
  after?: string[]
}

/** How a listener is registered with `app.on`: ordered like any hook, and optionally only if the hook exists. */
export interface ListenOptions extends OrderHints {
  /**
   * Listen to a hook that another extension defines with `defineHook`, only
   * if that extension is part of the build: without it the listener is
   * dropped, where a listener of a hook nobody defines is otherwise an error.
   */
  optional?: boolean
}

/** What every call into an extension receives besides its own arguments. */
export interface HookContext {
  /** The resolved, frozen site config. */
  config: ResolvedConfig
  /** A logger whose lines are prefixed with the extension's name. */
  logger: Logger
  /**
   * Read a file as UTF-8 text (a path relative to the site root, or absolute)
   * and record it as an input of what this hook makes: the document, page or
   * generated output is made again when the file changes, appears or goes, in
   * warm builds and under `sheaf serve` alike. Throws as `fs.readFileSync`
   * does when the file cannot be read (and still records it, so creating it
   * later counts as a change).
   *
   * @example
   * ```ts
   * const snippet = ctx.readFile(`snippets/${node.attributes.file}`)
   * ```
   */
  readFile(path: string): string
  /**
   * Record a file that the hook read some other way (through a library, say)
   * as an input, exactly as `readFile` would.
   */
  addDependency(path: string): void
  /**
   * Read an environment variable and record its value as an input: a warm
   * build makes the output again when the value differs. Read variables only
   * this way in hooks that run per document or per page.
   *
   * @example
   * ```ts
   * const edition = ctx.env('DOCS_EDITION') ?? 'community'
   * ```
   */
  env(name: string): string | undefined
  /**
   * Parse markdown with the site's markdown parser and syntax (GFM,
   * directives, and what remark plugins add): the mdast a document of that
   * text would have before any transform. Lines and columns are in the file
   * named by `path` (the document's own when not given), counting from
   * `line` there when the text is a piece of it. For text from another file
   * than the document, offsets lie in a range of their own, past the
   * document's text, so that a message about one of its nodes names that
   * file (with its offset there). Read the file with `ctx.readFile` first,
   * so that a change to it makes this output again.
   *
   * @example
   * ```ts
   * const path = join(dirname(file.path), node.attributes.file)
   * const tree = await ctx.parseMarkdown(ctx.readFile(path), { path })
   * return tree.children
   * ```
   */
  parseMarkdown(text: string, options?: ParseMarkdownOptions): Promise<MdastRoot>
}

/** Where a piece of markdown given to `ctx.parseMarkdown` comes from, for the positions of its nodes. */
export interface ParseMarkdownOptions {
  /** The file it is from (default: the document being read). */
  path?: string
  /** The line of that file where the text starts, 1-based (default 1). */
  line?: number
  /** The offset in that file where the text starts, 0-based (default 0). */
  offset?: number
}

export interface ParseContext extends HookContext {
  /**
   * The build's unified processor, with every remark plugin attached. A markdown
   * parser reads syntax extensions from `processor.data()` the way remark-parse does.
   */
  processor: Processor<undefined, undefined, undefined, undefined, undefined>
  /**
   * The document's body: its text past the front matter (which is read into
   * `file.data.matter` already), and where that starts in the file. A parser
   * that reads `body.value` adds `body.line - 1` to the lines it reports (and
   * `body.offset` to offsets) so that positions point into the file.
   */
  body: DocumentBody
  /**
   * The remark plugins that added syntax to the parser (micromark extensions,
   * or mdast-util-from-markdown extensions, in `processor.data()`), in the
   * order they were attached. A parser that reads markdown some other way than
   * micromark checks here that it knows every one, and uses micromark if not.
   */
  syntax: readonly SyntaxSource[]
}

/** A remark plugin that added syntax to the markdown parser. */
export interface SyntaxSource {
  /** The plugin's registered name, such as `remark-gfm`. */
  plugin: string
  /** The extension that registered it (`sheaf` for core, which registers the config's `markdown.remarkPlugins` too). */
  extension: string
  /** The options it was attached with. */
  options: readonly unknown[]
}

/** A document's text past its front matter, and where it starts in the file (line and column 1-based, offset 0-based). */
export interface DocumentBody {
  /** The text past the front matter (all of it without front matter). */
  value: string
  /** Where it starts in the file's text, 0-based. */
  offset: number
  /** The line it starts on, 1-based. */
  line: number
  /** The column it starts at, 1-based (always 1: the body starts a line). */
  column: number
}

/** A parser: the dispatcher picks one per document by file extension. */
export interface ParserHook {
  /** A name for messages, unique among parsers. */
  name: string
  /** File extensions this parser handles, with the dot: `['.md', '.markdown']`. */
  extensions: string[]
  /** Take this extension even if another parser already claimed it. */
  override?: boolean
  /**
   * Turn a document into mdast. Front matter has already been read into
   * `file.data.matter`: parse `ctx.body` (the text past it, with where it
   * starts), or skip it in `file.value` (or leave a `yaml` node that renders nothing).
   */
  parse(file: VFile, ctx: ParseContext): MdastRoot | Promise<MdastRoot>
}

export type TransformStage = 'mdast' | 'hast' | 'site'

interface TransformBase<Tree> extends OrderHints {
  /** A name, unique among transforms; `before` and `after` refer to it. */
  name: string
  /**
   * Transform one document's tree. Return nothing to keep the (possibly mutated)
   * tree, or a new tree to replace it. Report content problems with `file.message()`.
   */
  run(tree: Tree, file: VFile, ctx: HookContext): Tree | undefined | void | Promise<Tree | undefined | void>
}

/** A transform on a document's mdast, before it becomes hast: syntax-level changes. */
export interface MdastTransform extends TransformBase<MdastRoot> {
  /** Runs on mdast, once per document, on a worker thread when there are many. */
  stage: 'mdast'
}
/** A transform on a document's hast, after mdast became hast: HTML-level changes. */
export interface HastTransform extends TransformBase<HastRoot> {
  /** Runs on hast, once per document, on a worker thread when there are many. */
  stage: 'hast'
}

/** What a site transform receives besides the tree: the site index. */
export interface SiteContext extends HookContext {
  /** The whole site index: every page's URL, title, front matter and headings. */
  site: Site
}

/**
 * A site-aware transform on a page's hast, run once every document has been
 * read (cross-references, navigation). Every page is rendered against the site
 * index as reading left it: what a site transform records in one page's
 * `file.data` shows in `site.pages` only once every page is rendered (to
 * generators of stage `'rendered'` and to `validate`), never to another page's
 * site transforms or layout, so pages can be rendered in any order and on
 * worker threads.
 */
export interface SiteTransform extends OrderHints {
  /** A name for messages and for other hooks' `before` / `after`. */
  name: string
  /** Runs once every document is read, before the layout (on a worker thread when the build has many pages to render). */
  stage: 'site'
  /** Change the page's hast in place (return nothing) or return a new tree; `ctx.site` is the site index. */
  run(tree: HastRoot, file: VFile, ctx: SiteContext): HastRoot | undefined | void | Promise<HastRoot | undefined | void>
}

/** A transform on one document's tree; the iterator runs all of them in order. */
export type TransformHook = MdastTransform | HastTransform | SiteTransform

/** Any unified plugin (a remark or rehype plugin, used unchanged). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UnifiedPlugin = Plugin<any[], any, any>

/**
 * A plugin loaded only when a document is first read, so that a build whose
 * documents all come from the cache never loads it:
 * `app.addRemarkPlugin({ load: () => import('remark-gfm') }, options, { name: 'remark-gfm' })`.
 * `load` may resolve to the plugin or to a module whose default export is the plugin.
 */
export interface LazyPlugin {
  /** Import the plugin: `() => import('remark-gfm')`. Called once, when the first document is read. */
  load(): Promise<UnifiedPlugin | { default: UnifiedPlugin }>
}

export interface PluginRegistration extends OrderHints {
  /** The name used in ordering hints and messages; defaults to the plugin function's name, and is required for a `LazyPlugin`. */
  name?: string
}

/** Everything a layout needs to render one page. */
export interface Page {
  /** The document's rendered body. */
  content: HastRoot
  /** The page title: front matter `title`, else the first h1, else the file name. */
  title: string
  /** The page's site-absolute URL, such as `/guide/intro/`. */
  url: string
  /** The document's front matter. */
  data: Record<string, unknown>
  /** The document itself. */
  file: VFile
  /** The site's `title`, `url` and `lang` from the config. */
  site: {
    title: string | undefined
    url: string | undefined
    lang: string
  }
  /** The site index: every page, with titles, headings and front matter. */
  index: Site
  /** Stylesheets and scripts that extensions ask every page to load (`app.addAsset`), relative to this page, under their names with digests. */
  assets: ReadonlyArray<{ kind: AssetLink; href: string }>
  /**
   * Turn a site-absolute path (`/_sheaf/theme.css`) into a URL relative to
   * this page. A theme's or extension's stylesheet or script is written under
   * a name with its content's digest (`_sheaf/theme.3f9a1c2b.css`), so that
   * browsers can keep it for ever; its plain path here gives that name.
   */
  relative(path: string): string
  /**
   * Render this page with the layout of the same name that this one
   * replaces (a theme's, when a site's `layouts/page.ts` overrides it; the
   * theme it extends, for a child theme's), to wrap or change what it makes.
   * Under the last `page` layout is Sheaf's own plain one; for a layout of
   * another name with nothing under it, this throws.
   *
   * @example
   * ```ts
   * export default async function page(page) {
   *   const html = await page.parent()
   *   // …add a banner to the theme's own page
   * }
   * ```
   */
  parent(): Promise<HastRoot | HastElement | string>
}

/**
 * A layout turns a page into a whole HTML document: hast (a root or an `<html>`
 * element) so that later stages can post-process it, or a string of HTML.
 */
export type Layout = (page: Page, ctx: HookContext) => HastRoot | HastElement | string | Promise<HastRoot | HastElement | string>

/** The registry handed to `setup()`. One per build; frozen once every setup() has run. */
export interface App {
  /** The resolved site config (read-only). */
  readonly config: ResolvedConfig
  /** A logger prefixed with the extension's name. */
  readonly logger: Logger
  /** Register a parser for one or more file extensions (dispatcher by file extension). */
  addParser(parser: ParserHook): void
  /** Register a transform on mdast or hast (iterator, ordered by `order`, `before`, `after`). */
  addTransform(transform: TransformHook): void
  /**
   * Use a remark plugin unchanged, as an mdast transform. Syntax extensions reach the markdown parser.
   * A `LazyPlugin` (`{ load: () => import('remark-gfm') }`) is imported only when a document is first read.
   */
  addRemarkPlugin(plugin: UnifiedPlugin | LazyPlugin, options?: unknown, registration?: PluginRegistration): void
  /** Use a rehype plugin unchanged, as a hast transform; a `LazyPlugin` is imported only when a document is first read. */
  addRehypePlugin(plugin: UnifiedPlugin | LazyPlugin, options?: unknown, registration?: PluginRegistration): void
  /** Register a layout by name; the theme and the site's `layouts/` folder take precedence. */
  addLayout(name: string, layout: Layout): void
  /** Register a directive (`:::name`, `::name`, `:name`) by name (dispatcher by name). */
  addDirective(directive: DirectiveHook): void
  /** Register a generator of extra pages and files (iterator, once every document is read). */
  addGenerator(generator: GeneratorHook): void
  /** Copy a file into the output, and optionally have every page load it (`link`). */
  addAsset(asset: AssetSpec): void
  /** Register a CLI command (`sheaf NAME`), listed in `sheaf --help`. */
  addCommand(command: CommandHook): void
  /**
   * Claim a top-level config key with a default and a schema (any Standard
   * Schema: zod, valibot, arktype …). Returns the validated value.
   */
  addConfig<T>(key: string, spec: ConfigKeySpec<T>): T
  /**
   * Declare a front matter field this extension reads, with a schema (any
   * Standard Schema). Sheaf checks it in every document that sets it, when the
   * document is read: a bad value fails the document with an error at the
   * key's line and column, naming this extension. Sheaf declares the fields it
   * reads itself (`title`, `description`, `draft`, `date`, `order`,
   * `layout`, `tags`, `nav`); two declarations of one field are an error.
   */
  addFrontMatter<T>(key: string, spec: FrontMatterFieldSpec<T>): void
  /**
   * Whether an extension of this name is part of the build (installed or
   * listed, and not disabled), for an integration with it that is optional.
   *
   * @example
   * ```ts
   * if (app.has('@sheaf/search')) app.on('search:document', (doc) => ({ ...doc, boost: 2 }))
   * ```
   */
  has(name: string): boolean
  /**
   * Listen to a lifecycle event or a hook another extension defined. Add a
   * hook's handler type to `SheafEvents` (`declare module 'sheaf'`) and its
   * handlers are checked. With `{ optional: true }`, listening to a hook
   * that no extension of the build defines is not an error: the listener is
   * dropped.
   */
  on<E extends string>(event: E, handler: E extends keyof SheafEvents ? SheafEvents[E] : (...args: never[]) => unknown, options?: ListenOptions): void
  /**
   * Offer a hook to other extensions, which listen with `app.on(name, handler)`.
   * A hook whose handler type is in `SheafEvents` gets its argument and result
   * types from there.
   */
  defineHook<N extends keyof SheafEvents>(name: N, options: { strategy: HookStrategy }): DefinedHook<Parameters<SheafEvents[N]>, Awaited<ReturnType<SheafEvents[N]>>>
  defineHook<Args extends unknown[] = unknown[], Result = unknown>(name: string, options: { strategy: HookStrategy }): DefinedHook<Args, Result>
  /** Offer a service to the extensions that `require` this one. */
  provide(name: string, service: unknown): void
  /** A service provided by an extension named in this extension's `requires`. */
  service<T = unknown>(name: string): T
  /**
   * Declare a file (relative to the site root, or absolute) or a glob of files
   * that `setup`, a generator or a layout reads outside the hook context: a
   * change to any of them makes every document and page again (the extension
   * set is loaded anew under `sheaf serve`). Inputs of per-document and
   * per-page hooks are better read with `ctx.readFile`, which redoes only what
   * read them.
   *
   * @example
   * ```ts
   * app.addWatchFile('data/authors.yml')
   * app.addWatchFile('snippets/**\/*.md')
   * ```
   */
  addWatchFile(pathOrGlob: string): void
}

/**
 * How the handlers of a hook combine: `first` (the first result that is not
 * undefined wins), `sequential` (each gets the value the previous returned, in
 * order), `parallel` (all run at once; the results come back as a list).
 */
export type HookStrategy = 'first' | 'sequential' | 'parallel'

/** A hook an extension defined for others; `call` runs their handlers with its strategy. */
export interface DefinedHook<Args extends unknown[], Result> {
  /** The hook's name, which other extensions pass to `app.on`. */
  readonly name: string
  /** How handlers are combined: the `first` result, `sequential` in order, or `parallel`. */
  readonly strategy: HookStrategy
  /** Run every handler with these arguments. */
  call(...args: Args): Promise<Result>
}

/** The built-in lifecycle events and what their handlers receive. */
export interface SheafEvents {
  /** Every extension is set up and the registry frozen (parallel). */
  'config:loaded': (config: ResolvedConfig) => void | Promise<void>
  /** A build starts (parallel). */
  'build:start': (info: { config: ResolvedConfig; documents: number }) => void | Promise<void>
  /** A document's front matter has been read, before it is parsed (sequential). */
  'document:read': (file: VFile) => void | Promise<void>
  /** A page's HTML is ready to write; return new HTML to replace it (sequential). */
  'document:rendered': (html: string, file: VFile) => string | undefined | void | Promise<string | undefined | void>
  /** The build published its output (parallel). */
  'build:done': (result: { out: string; pages: number; durationMs: number }) => void | Promise<void>
  /** The instance is being disposed: release what setup() acquired (in reverse order of setup). */
  dispose: () => void | Promise<void>
}

export type EventHandler<E extends keyof SheafEvents> = SheafEvents[E]

export type DirectiveNode = ContainerDirective | LeafDirective | TextDirective

/** A directive: `:::name[label]{attrs}` (container), `::name` (leaf), `:name` (text). */
export interface DirectiveHook {
  /** The directive's name, as written after the colons. */
  name: string
  /** The forms it accepts; all three by default. */
  kinds?: Array<'container' | 'leaf' | 'text'>
  /** Take the name even if another extension registered it. */
  override?: boolean
  /**
   * Render one use: change the node in place (`node.data.hName` …) and return
   * nothing, or return mdast node(s) to replace it.
   */
  render(node: DirectiveNode, file: VFile, ctx: HookContext): MdastContent | MdastContent[] | undefined | void | Promise<MdastContent | MdastContent[] | undefined | void>
}

/** A heading of a page. */
export interface SiteHeading {
  /** 1 for `h1` to 6 for `h6`. */
  depth: number
  /** Its text, without markup. */
  text: string
  /** Its id, if a transform gave it one (`@sheaf/headings` does). */
  id: string | undefined
}

/** One page of the site, as site transforms, generators, layouts and `validate()` see it. */
export interface SitePage {
  /** The source, relative to the content folder; undefined for a generated page. */
  source: string | undefined
  /** Its site-absolute URL, such as `/guide/intro/`. */
  url: string
  /** The file it is written to, relative to the output folder: `guide/intro/index.html`. */
  outPath: string
  /** Its title: front matter `title`, else the first h1, else the file name. */
  title: string
  /** The front matter (for a generated page, what its generator gave). */
  data: Record<string, unknown>
  /** Its headings, in order. */
  headings: readonly SiteHeading[]
  /** Every id in the page, for `#anchor` checks; undefined when not known (the page was not read). */
  anchors: ReadonlySet<string> | undefined
  /** The document; extensions record what they learn about it in `file.data`. */
  file: VFile
  /** For a generated page, the generator that made it. */
  generator?: string
}

/**
 * The site index: every page once every document has been read, made anew by
 * every build and by every rebuild of `sheaf serve`. What an extension derives
 * from it (a navigation tree) may be cached in a `WeakMap` keyed by the site:
 * the cache lasts one build or rebuild.
 *
 * What a page's site transforms and layout read through it is recorded: which
 * pages they looked up (`bySource`, `byUrl`, `resolve`), and which fields of
 * pages they read (`title`, `data`, `file.data.terms`, …). A page is rendered
 * again, in a warm build or under `sheaf serve`, when a lookup would answer
 * otherwise, or when a field that some page read changes on any page.
 */
/**
 * The site's data files by name (`data/team.yaml` is `team`), as `site.data`.
 * Augment it to type yours: `declare module 'sheaf' { interface SiteData { team: Member[] } }`.
 */
export interface SiteData {
  [name: string]: unknown
}

export interface Site {
  /** The resolved site config. */
  config: ResolvedConfig
  /**
   * The data files of the `data` folder (`NAME.json`, `NAME.yaml`, `NAME.yml`),
   * parsed and frozen, by name. What a page's layout or site transform reads
   * here is an input of that page: editing the file renders it again.
   */
  data: Readonly<SiteData>
  /** Documents (in source order), then generated pages as generators add them. */
  pages: readonly SitePage[]
  /** A page by its source path, relative to the content folder (`guide/intro.md`). */
  bySource(source: string): SitePage | undefined
  /** A page by its URL (`/guide/intro/`). */
  byUrl(url: string): SitePage | undefined
  /** A page by URL (a reference that starts with `/`), else by front matter `id`, else by source path, else by title (case-insensitive). */
  resolve(reference: string): SitePage | undefined
}

/** A file a generator emits, at `path` inside the output folder. */
export interface GeneratedFile {
  /** Where in the output folder: `feed.xml`, `search/index.json`. */
  path: string
  /** What it holds. */
  contents: string | Uint8Array
}

/** A page a generator emits: rendered with a layout like any document. */
export interface GeneratedPage {
  /** Its URL: `/blog/tags/news/` (written as `…/index.html`) or `/blog/archive.html`. */
  url: string
  /** Its title, as layouts and the site index see it. */
  title: string
  /** The layout; `page` by default. */
  layout?: string
  /** What the layout reads as `page.data`. */
  data?: Record<string, unknown>
  /** The body, as hast. */
  content?: HastRoot
}

/** A generator of extra pages and files: feeds, tag pages, sitemaps, search indexes. */
export interface GeneratorHook extends OrderHints {
  /** A name for messages and for other generators' `before` / `after`. */
  name: string
  /**
   * When it runs: `read` (the default), once every document is read, and may
   * emit pages as well as files; `rendered`, once every page has been through
   * the site stage, for outputs that need what site transforms recorded
   * (feeds, sitemaps, search indexes); it emits files only.
   */
  stage?: 'read' | 'rendered'
  /** What to emit, from the site index. Two outputs with one path are an error naming both. */
  generate(site: Site, ctx: HookContext): Array<GeneratedFile | GeneratedPage> | Promise<Array<GeneratedFile | GeneratedPage>>
}

/** How every page loads an asset: a stylesheet, a classic deferred script, or a module script. */
export type AssetLink = 'stylesheet' | 'script' | 'module'

/** A file an extension adds to the output: from a file on disk or from contents. */
export interface AssetSpec {
  /** Where in the output: `_sheaf/search/search.js`. */
  path: string
  /** An absolute path to copy from: a file, or a folder, whose files are copied under `path` (`link` is for files). */
  from?: string
  /** Its contents, when it is not copied from a file. */
  contents?: string | Uint8Array
  /** Load it from every page. */
  link?: AssetLink
}

export interface CommandContext extends HookContext {
  /** Where the command writes its output. */
  stdout: NodeJS.WritableStream
  /** Where it writes problems. */
  stderr: NodeJS.WritableStream
}

/** A command of the `sheaf` CLI that an extension adds. */
export interface CommandHook {
  /** The command's name: `sheaf NAME`. */
  name: string
  /** One line for `sheaf --help`. */
  description: string
  /** Run it with the words after the name; resolve to an exit code (0 by default). */
  run(args: string[], ctx: CommandContext): number | void | Promise<number | void>
}

/** The Standard Schema interface that zod 4, valibot 1 and others implement. */
export interface StandardSchema<T = unknown> {
  /** The interface's properties, under the name every implementation uses. */
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    validate(value: unknown): StandardResult<T> | Promise<StandardResult<T>>
  }
}
/** What a Standard Schema's `validate` gives: the value, or the issues. */
export type StandardResult<T> =
  | { readonly value: T; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> }> }

/** A top-level config key an extension claims with `app.addConfig(key, spec)`. */
export interface ConfigKeySpec<T> {
  /** The value when the config does not set the key. */
  default: T
  /** Validates the value the config sets. */
  schema?: StandardSchema<T>
  /** What the key is for, for error messages and docs. */
  description?: string
}

/** A front matter field an extension reads, declared with `app.addFrontMatter(key, spec)`. */
export interface FrontMatterFieldSpec<T = unknown> {
  /** Checks the value a document gives the field; a problem is an error at the key. */
  schema: StandardSchema<T>
  /** What the field is for, for `sheaf extensions` and docs. */
  description?: string
}

/** A problem `validate()` found; a string is an error. */
export type ValidationMessage =
  | string
  | { reason: string; severity?: 'error' | 'warning'; file?: string; line?: number; column?: number }

/** What `enabled()` receives. */
export interface EnabledContext {
  /** The resolved site config. */
  config: ResolvedConfig
}

/** A unit of code that registers hooks through `setup(app, options)`. */
export interface Extension<Options = unknown> {
  /** Unique name; it appears in every message the extension causes. */
  name: string
  /** The extension's version; part of every cache key. */
  version?: string
  /** Extensions (and `sheaf` itself) this one needs, by name, with semver ranges. They are set up first. */
  requires?: Record<string, string>
  /** Extensions this one's setup must run before (when they are present). */
  before?: string[]
  /** Extensions this one's setup must run after (when they are present). */
  after?: string[]
  /** `true` to run, or a reason string to be skipped (reported once). */
  enabled?(ctx: EnabledContext): true | string | Promise<true | string>
  /**
   * The options it takes, as a Standard Schema (valibot, zod, arktype …).
   * Sheaf checks the options it is given (`undefined` when none are) before
   * `setup` runs, and hands `setup` the validated value (with the schema's
   * defaults). A key the schema does not declare is an error naming the
   * nearest declared one when the schema is a strict object (valibot
   * `strictObject`, zod `strictObject`), so declare every option.
   */
  optionsSchema?: StandardSchema<Options>
  /** Register hooks. Runs once per build, before any document is read. */
  setup(app: App, options: Options): void | Promise<void>
  /** Check the config and the site once every page is rendered, before anything is published. */
  validate?(site: Site, ctx: HookContext): ValidationMessage[] | undefined | void | Promise<ValidationMessage[] | undefined | void>
  /**
   * A last resort, for an input Sheaf cannot see: the result joins the key of
   * every document and page, so any change to it makes the whole site again.
   * Sheaf already follows the extension's name, version (or module text and
   * every local module it imports), options and the config, and whatever its
   * hooks read through `ctx.readFile`, `ctx.addDependency` and `ctx.env` or
   * declare with `app.addWatchFile`; prefer those, which redo only what read
   * the input. Must be plain data.
   */
  cacheKey?(config: ResolvedConfig): unknown
  /**
   * `false` when the extension's hooks that run per page (parsers, mdast, hast
   * and site transforms, layouts, `document:read` and `document:rendered`)
   * must run on the main thread: they keep state across pages or share it with
   * other hooks (a generator that reads what they collected). Sheaf then reads
   * and renders every page on one thread and says once which extension asked
   * for it. Default `true`: each worker thread sets the extension up once and
   * runs its hooks there.
   */
  parallelSafe?: boolean
}

/** A preset member: an extension (by name, path or object), optionally with options. */
export type PresetMember = string | Extension<never> | [string | Extension<never>, unknown]

/** A reusable bundle of extensions with options. Presets compose; each extension is set up once. */
export interface Preset {
  /** Unique name, usually the package name. */
  name: string
  /** The preset's version. */
  version?: string
  /** The extensions it bundles. */
  extensions?: PresetMember[]
  /** Other presets it includes. */
  presets?: Array<string | Preset>
  /** Options for member extensions, by extension name. */
  options?: Record<string, unknown>
}

/** A theme: the one layout driver of a build, chosen by config `theme`. */
export interface Theme<Options = unknown> {
  /** Unique name, usually the package name. */
  name: string
  /** The theme's version; part of every cache key. */
  version?: string
  /** The name of a theme this one builds on: its layouts and assets are used where this theme has none. */
  extends?: string
  /** Layouts by name; `page` is the default layout of every document. */
  layouts: Record<string, Layout>
  /** A folder whose files are copied to `_sheaf/` in the output (stylesheets, scripts, fonts). */
  assets?: string
  /** The options it takes (config `theme: [name, options]`), checked as an extension's `optionsSchema` is. */
  optionsSchema?: StandardSchema<Options>
  /** Register hooks like an extension does (transforms a theme relies on). */
  setup?(app: App, options: Options): void | Promise<void>
}
