import type { Node } from 'unist'
import type { Processor, Transformer } from 'unified'
import type { VFile } from 'vfile'
import { SheafError } from '../errors.js'
import { attributeMessages, checkTree, guard } from '../hooks/guard.js'
import { setupError, wrapError, type CallSite } from '../extension-error.js'
import type { Sheaf } from '../sheaf.js'
import type { PluginEntry, TransformRegistry, TreeHookEntry } from '../hooks/transforms.js'
import type { HookContext, SyntaxSource, UnifiedPlugin } from '../extensions/types.js'
import { remarkEscapeHtml, sanitizers, type RawHtml } from './raw-html.js'

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

/** What remark plugins leave in the processor's data for the parser, and the record of who left it. */
interface SyntaxData {
  micromarkExtensions?: unknown[]
  fromMarkdownExtensions?: unknown[]
  sheafSyntax?: SyntaxSource[]
}

function syntaxCount(data: SyntaxData): number {
  return (data.micromarkExtensions?.length ?? 0) + (data.fromMarkdownExtensions?.length ?? 0)
}

/** The remark plugins that added syntax (micromark or mdast-util-from-markdown extensions) to a processor, in order. */
export function syntaxOf(processor: SheafProcessor): SyntaxSource[] {
  return (processor.data() as SyntaxData).sheafSyntax ?? []
}

const callSite = (entry: TreeHookEntry): CallSite => ({ extension: entry.extension, version: entry.version, hook: `${entry.kind}:${entry.name}` })

/** A plugin entry's function: itself, or what its lazy loader gives (a module's default export or the function). */
async function pluginOf(entry: PluginEntry): Promise<UnifiedPlugin> {
  if (typeof entry.plugin === 'function') return entry.plugin
  const site = callSite(entry)
  let loaded: unknown
  try {
    loaded = await entry.plugin.load()
  } catch (error) {
    throw wrapError(error, { ...site, hook: `${site.hook} (load)` })
  }
  const plugin = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown } | null)?.default
  if (typeof plugin !== 'function') {
    const who = `${entry.extension}${entry.version ? `@${entry.version}` : ''}`
    throw new SheafError('REGISTRATION_INVALID', `Extension "${who}" registered ${entry.kind} "${entry.name}" whose load() gave ${plugin === undefined ? 'no default export' : typeof plugin} instead of a plugin function.`)
  }
  return plugin as UnifiedPlugin
}

/** The unified attacher for one registered hook: its transformer is guarded and its messages attributed. */
function attacherFor(entry: TreeHookEntry, plugin: UnifiedPlugin | undefined, contextFor: (extension: string, file?: VFile) => HookContext, seconds: number | undefined) {
  const site = { ...callSite(entry), seconds }
  const guarded = (transformer: AnyTransformer): AnyTransformer =>
    async function sheafGuardedTransformer(tree: Node, file: VFile) {
      const before = file.messages.length
      try {
        return await guard(site, async () => checkTree(await runTransformer(transformer, tree, file)))
      } finally {
        attributeMessages(file, before, site)
      }
    } as AnyTransformer

  if (entry.kind === 'transform') {
    const transform = entry.transform
    return function sheafTransform() {
      return guarded(((tree: Node, file: VFile) => transform.run(tree as never, file, contextFor(entry.extension, file) as never)) as AnyTransformer)
    }
  }
  const { options } = entry
  return function sheafPlugin(this: SheafProcessor) {
    let transformer: unknown
    const data = this.data() as SyntaxData
    const before = syntaxCount(data)
    try {
      transformer = (plugin as (...args: unknown[]) => unknown).apply(this, options)
    } catch (error) {
      throw wrapError(error, { ...site, hook: `${entry.kind}:${entry.name} (attach)` })
    }
    if (syntaxCount(data) !== before) (data.sheafSyntax ??= []).push({ plugin: entry.name, extension: entry.extension, options: [...options] })
    return typeof transformer === 'function' ? guarded(transformer as AnyTransformer) : undefined
  }
}

/**
 * The build's one unified processor: every mdast hook in order, the bridge to
 * hast (raw HTML kept as is), then every hast hook in order; with
 * `markdown.html` set to `escape`, raw HTML becomes text before the first
 * mdast hook, and with `sanitize`, the body is parsed and cleaned after the
 * last hast hook (see `raw-html.ts`). Parsing happens
 * before it (the parser dispatcher) and serialising after it (layouts), so
 * `processor.run(mdast, file)` is the whole per-document transform stage.
 * It is made when the first document is read: unified, the bridge and lazy
 * plugins are imported then, so a build served from the cache never loads them.
 */
export async function createProcessor(
  transforms: TransformRegistry,
  contextFor: (extension: string, file?: VFile) => HookContext,
  seconds?: number,
  html: RawHtml = 'keep',
): Promise<SheafProcessor> {
  const [{ unified }, { default: remarkRehype }] = await Promise.all([import('unified'), import('remark-rehype')])
  const attachers = async (stage: 'mdast' | 'hast') => {
    const entries = transforms.ordered(stage)
    const plugins = await Promise.all(entries.map((entry) => (entry.kind === 'transform' ? undefined : pluginOf(entry))))
    return entries.map((entry, index) => attacherFor(entry, plugins[index], contextFor, seconds))
  }
  const [mdast, hast, cleaners] = await Promise.all([attachers('mdast'), attachers('hast'), html === 'sanitize' ? sanitizers() : []])
  const processor = unified() as unknown as SheafProcessor
  if (html === 'escape') processor.use(remarkEscapeHtml as never)
  for (const attacher of mdast) processor.use(attacher)
  processor.use(remarkRehype as never, { allowDangerousHtml: true })
  for (const attacher of hast) processor.use(attacher)
  for (const [plugin, ...options] of cleaners) processor.use(plugin as never, ...(options as never[]))
  return processor.freeze() as SheafProcessor
}

const processors = new WeakMap<Sheaf, Promise<SheafProcessor>>()

/**
 * The unified processor of every mdast and hast hook of a Sheaf, made (and its
 * lazy plugins imported) on the first call; later calls give the same one. A
 * plugin that fails to load or attach rejects it with a setup error.
 */
export function processorOf(sheaf: Sheaf): Promise<SheafProcessor> {
  let processor = processors.get(sheaf)
  if (processor === undefined) {
    processor = createProcessor(sheaf.registry.transforms, sheaf.contextFor, sheaf.registry.hookSeconds, sheaf.config.markdown.html).catch((error: unknown) => {
      throw setupError(error)
    })
    processors.set(sheaf, processor)
  }
  return processor
}
