import type { Root } from 'mdast'
import type { Logger, SyntaxSource } from 'sheaf'
import type { FastResult, Features } from './fast/index.js'
import { mathTwin } from './fast/math.js'
import { standsFor, type ActiveTwin, type FastTwin } from './fast/twins.js'

/** Twins the fast driver has of its own, besides those registered with `fastTwin`. */
const builtInTwins: readonly FastTwin[] = [mathTwin]

/**
 * The syntax the fast driver reads as micromark does: the plugins this
 * extension and core attach, with their options, and those of other plugins a
 * twin reads; or the first plugin whose syntax it does not read.
 */
function featuresOf(syntax: readonly SyntaxSource[], twins: readonly FastTwin[]): Features | SyntaxSource {
  const features: Features = { gfm: false, frontmatter: false, directive: false, twins: [] }
  const active: ActiveTwin[] = []
  for (const source of syntax) {
    const [options, ...rest] = source.options
    if (source.plugin === 'remark-gfm' && source.extension === '@sheaf/markdown' && rest.length === 0 && isEmptyObject(options)) features.gfm = true
    else if (source.plugin === 'remark-frontmatter' && source.extension === '@sheaf/markdown' && rest.length === 0 && JSON.stringify(options) === '["yaml"]') features.frontmatter = true
    else if (source.plugin === 'remark-directive' && source.extension === 'sheaf' && source.options.length === 0) features.directive = true
    else {
      const twin = twins.find((candidate) => standsFor(candidate, source.plugin) && (candidate.accepts?.(source.options) ?? true))
      if (!twin) return source
      active.push({ twin, options: source.options })
    }
  }
  return { ...features, twins: active }
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0
}

/**
 * The fast parser driver, as the parser hook uses it: it reads a document
 * when every remark plugin that adds syntax is one it reads as micromark does,
 * and hands the document back (`undefined`) otherwise, or when the document
 * has something it cannot bridge exactly. It says once, naming the plugin,
 * when a plugin makes the build use micromark.
 */
export class FastDriver {
  private parser: Promise<((source: string) => FastResult) | undefined> | undefined
  private said = false

  /** `twins`: the fast twins registered with the processor (`fastTwin`). */
  async parse(source: string, syntax: readonly SyntaxSource[], logger: Logger, twins: readonly FastTwin[] = []): Promise<Root | undefined> {
    const parse = await (this.parser ??= this.create(syntax, logger, twins))
    const result = parse?.(source)
    return result?.tree
  }

  private async create(syntax: readonly SyntaxSource[], logger: Logger, twins: readonly FastTwin[]): Promise<((source: string) => FastResult) | undefined> {
    const features = featuresOf(syntax, [...twins, ...builtInTwins])
    if ('plugin' in features) {
      if (!this.said) {
        this.said = true
        // Core registers only remark-directive itself: any other plugin it registered came from the config.
        const from = features.extension === 'sheaf' ? "the config's markdown.remarkPlugins" : features.extension
        logger.info(`Documents are parsed with micromark, not the fast parser: the remark plugin "${features.plugin}" (from ${from}) adds syntax the fast parser does not read, and no fast twin of it is registered.`)
      }
      return undefined
    }
    const { createFastParser } = await import('./fast/index.js')
    return createFastParser(features)
  }
}
