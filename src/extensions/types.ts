import type { Root as MdastRoot } from 'mdast'
import type { Root as HastRoot, Element as HastElement } from 'hast'
import type { Plugin, Processor } from 'unified'
import type { VFile } from 'vfile'
import type { ResolvedConfig } from '../config/schema.js'
import type { Logger } from '../report/logger.js'

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

/** What every call into an extension receives besides its own arguments. */
export interface HookContext {
  /** The resolved, frozen site config. */
  config: ResolvedConfig
  /** A logger whose lines are prefixed with the extension's name. */
  logger: Logger
}

export interface ParseContext extends HookContext {
  /**
   * The build's unified processor, with every remark plugin attached. A markdown
   * parser reads syntax extensions from `processor.data()` the way remark-parse does.
   */
  processor: Processor<undefined, undefined, undefined, undefined, undefined>
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
   * `file.data.matter`; the parser should skip it (or leave a `yaml` node that renders nothing).
   */
  parse(file: VFile, ctx: ParseContext): MdastRoot | Promise<MdastRoot>
}

export type TransformStage = 'mdast' | 'hast'

interface TransformBase<Tree> extends OrderHints {
  /** A name, unique among transforms; `before` and `after` refer to it. */
  name: string
  /**
   * Transform one document's tree. Return nothing to keep the (possibly mutated)
   * tree, or a new tree to replace it. Report content problems with `file.message()`.
   */
  run(tree: Tree, file: VFile, ctx: HookContext): Tree | undefined | void | Promise<Tree | undefined | void>
}

export interface MdastTransform extends TransformBase<MdastRoot> {
  stage: 'mdast'
}
export interface HastTransform extends TransformBase<HastRoot> {
  stage: 'hast'
}
/** A transform on one document's tree; the iterator runs all of them in order. */
export type TransformHook = MdastTransform | HastTransform

/** Any unified plugin (a remark or rehype plugin, used unchanged). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UnifiedPlugin = Plugin<any[], any, any>

export interface PluginRegistration extends OrderHints {
  /** The name used in ordering hints and messages; defaults to the plugin function's name. */
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
  site: {
    title: string | undefined
    url: string | undefined
    lang: string
  }
  /** Turn a site-absolute path (`/_sheaf/theme.css`) into a URL relative to this page. */
  relative(path: string): string
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
  /** Use a remark plugin unchanged, as an mdast transform. Syntax extensions reach the markdown parser. */
  addRemarkPlugin(plugin: UnifiedPlugin, options?: unknown, registration?: PluginRegistration): void
  /** Use a rehype plugin unchanged, as a hast transform. */
  addRehypePlugin(plugin: UnifiedPlugin, options?: unknown, registration?: PluginRegistration): void
  /** Register a layout by name; the theme and the site's `layouts/` folder take precedence. */
  addLayout(name: string, layout: Layout): void
}

/** What `enabled()` receives. */
export interface EnabledContext {
  config: ResolvedConfig
}

/** A unit of code that registers hooks through `setup(app, options)`. */
export interface Extension<Options = unknown> {
  /** Unique name; it appears in every message the extension causes. */
  name: string
  /** The extension's version; part of every cache key. */
  version?: string
  /** `true` to run, or a reason string to be skipped (reported once). */
  enabled?(ctx: EnabledContext): true | string | Promise<true | string>
  /** Register hooks. Runs once per build, before any document is read. */
  setup(app: App, options: Options): void | Promise<void>
}

/** A theme: the one layout driver of a build, chosen by config `theme`. */
export interface Theme<Options = unknown> {
  /** Unique name, usually the package name. */
  name: string
  version?: string
  /** The name of a theme this one builds on: its layouts and assets are used where this theme has none. */
  extends?: string
  /** Layouts by name; `page` is the default layout of every document. */
  layouts: Record<string, Layout>
  /** A folder whose files are copied to `_sheaf/` in the output (stylesheets, scripts, fonts). */
  assets?: string
  /** Register hooks like an extension does (transforms a theme relies on). */
  setup?(app: App, options: Options): void | Promise<void>
}
