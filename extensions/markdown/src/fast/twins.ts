import type { MarkdownIt } from 'markdown-it'
import type { PhrasingContent, RootContent } from 'mdast'
import type { UnifiedPlugin } from 'sheaf'

/** A token a twin's rules made, as its mapping gets it: markdown-it's fields. */
export interface TwinToken {
  type: string
  tag: string
  content: string
  markup: string
  info: string
  meta: unknown
}

/** Where a twin's token is in the document, and help to read it as micromark does. */
export interface TwinSpan {
  /** The document's text (front matter, if any, turned to spaces). */
  source: string
  /**
   * Offsets in `source`. A block token: from the first character of its first
   * line after indentation and container markers, to the end of its last line.
   * An inline token: from its first character to after its last.
   */
  start: number
  end: number
}

/**
 * A fast twin of a remark plugin that adds syntax: markdown-it rules that
 * read the syntax, and the mdast the plugin's micromark extension builds from
 * each token they make. With a twin for every plugin that adds syntax, a build
 * keeps the fast parser; the differential tests of `@sheaf/markdown` are the
 * way to check one builds the same tree.
 */
export interface FastTwin {
  /**
   * The remark plugin it stands for, by the name it was registered under
   * (`addRemarkPlugin`'s `name`, or the function's name for one in the config's
   * `markdown.remarkPlugins`); or the names it may be registered under.
   */
  plugin: string | readonly string[]
  /** Whether it reads the syntax the plugin adds with these options (what the plugin was given). Without it: with any. */
  accepts?(options: readonly unknown[]): boolean
  /** Add the rules that read the syntax to markdown-it (`md.block.ruler`, `md.inline.ruler`), given the plugin's options. */
  extend(md: MarkdownIt, options: readonly unknown[]): void
  /**
   * The mdast node, without its position (the driver places it at the span),
   * of each block token its block rules make, by token type. Tokens must be
   * leaves (no `_open` and `_close` pairs). Returning undefined hands the
   * document to micromark.
   */
  flow?: Record<string, (token: TwinToken, span: TwinSpan) => RootContent | undefined>
  /** The same for the inline tokens its inline rules make. */
  text?: Record<string, (token: TwinToken, span: TwinSpan) => PhrasingContent | undefined>
  /**
   * The characters its syntax in text starts with (`$` for math). Where one
   * opens nothing and is left as text, micromark has looked ahead from it, and
   * places the text before a line ending in a container as it does after an
   * unmatched backtick; the driver hands such documents to micromark.
   */
  textMarkers?: string
}

/** Whether a twin stands for the plugin registered under `name`. */
export const standsFor = (twin: FastTwin, name: string): boolean => (typeof twin.plugin === 'string' ? twin.plugin === name : twin.plugin.includes(name))

/** A twin with the options of the plugin it stands for in this build. */
export interface ActiveTwin {
  twin: FastTwin
  options: readonly unknown[]
}

/** Where twins are registered: a key of the unified processor's data. */
export const twinsKey = 'sheafFastTwins'

/**
 * A remark plugin that registers a fast twin with the fast parser, added like
 * any remark plugin, beside the one it stands for:
 *
 * ```js
 * app.addRemarkPlugin(remarkMyMath, options, { name: 'remark-my-math' })
 * app.addRemarkPlugin(fastTwin(myMathTwin), undefined, { name: 'remark-my-math twin' })
 * ```
 */
export function fastTwin(twin: FastTwin): UnifiedPlugin {
  return function registerTwin(this: { data(): unknown }) {
    const data = this.data() as Record<string, unknown>
    const twins = (data[twinsKey] ??= []) as FastTwin[]
    if (!twins.includes(twin)) twins.push(twin)
  }
}

/** The twins registered with a processor. */
export function registeredTwins(data: Record<string, unknown>): FastTwin[] {
  const twins = data[twinsKey]
  return Array.isArray(twins) ? (twins as FastTwin[]) : []
}
