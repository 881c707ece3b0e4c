import type { Node } from 'unist'
import remarkRehype from 'remark-rehype'
import { unified, type Processor, type Transformer } from 'unified'
import type { VFile } from 'vfile'
import { attributeMessages, guard, wrapError, type CallSite } from '../hooks/guard.js'
import type { TransformRegistry, TreeHookEntry } from '../hooks/transforms.js'
import type { HookContext } from '../extensions/types.js'

export type SheafProcessor = Processor<undefined, undefined, undefined, undefined, undefined>

type AnyTransformer = Transformer<Node, Node>

/** Run a unified transformer (sync, promise or callback style) as a promise. */
function runTransformer(transformer: AnyTransformer, tree: Node, file: VFile): Promise<Node | undefined> {
  return new Promise((resolve, reject) => {
    if (transformer.length > 2) {
      const next = (error?: Error | null, output?: Node): void => (error ? reject(error) : resolve(output))
      ;(transformer as (tree: Node, file: VFile, next: unknown) => void)(tree, file, next)
      return
    }
    Promise.resolve((transformer as (tree: Node, file: VFile) => unknown)(tree, file)).then((output) => {
      if (output instanceof Error) reject(output)
      else resolve(output as Node | undefined)
    }, reject)
  })
}

/** The unified attacher for one registered hook: its transformer is guarded and its messages attributed. */
function attacherFor(entry: TreeHookEntry, contextFor: (extension: string) => HookContext) {
  const site: CallSite = { extension: entry.extension, version: entry.version, hook: `${entry.kind}:${entry.name}` }
  const guarded = (transformer: AnyTransformer): AnyTransformer =>
    async function sheafGuardedTransformer(tree: Node, file: VFile) {
      const before = file.messages.length
      try {
        return await guard(site, () => runTransformer(transformer, tree, file))
      } finally {
        attributeMessages(file, before, site)
      }
    } as AnyTransformer

  if (entry.kind === 'transform') {
    const transform = entry.transform
    return function sheafTransform() {
      return guarded(((tree: Node, file: VFile) => transform.run(tree as never, file, contextFor(entry.extension) as never)) as AnyTransformer)
    }
  }
  const { plugin, options } = entry
  return function sheafPlugin(this: SheafProcessor) {
    let transformer: unknown
    try {
      transformer = (plugin as (...args: unknown[]) => unknown).apply(this, options)
    } catch (error) {
      throw wrapError(error, { ...site, hook: `${entry.kind}:${entry.name} (attach)` })
    }
    return typeof transformer === 'function' ? guarded(transformer as AnyTransformer) : undefined
  }
}

/**
 * The build's one unified processor: every mdast hook in order, the bridge to
 * hast (raw HTML kept as is), then every hast hook in order. Parsing happens
 * before it (the parser dispatcher) and serialising after it (layouts), so
 * `processor.run(mdast, file)` is the whole per-document transform stage.
 */
export function createProcessor(transforms: TransformRegistry, contextFor: (extension: string) => HookContext): SheafProcessor {
  const processor = unified() as unknown as SheafProcessor
  for (const entry of transforms.ordered('mdast')) processor.use(attacherFor(entry, contextFor))
  processor.use(remarkRehype as never, { allowDangerousHtml: true })
  for (const entry of transforms.ordered('hast')) processor.use(attacherFor(entry, contextFor))
  return processor.freeze() as SheafProcessor
}
