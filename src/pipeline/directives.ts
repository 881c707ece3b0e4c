import type { Parent, Root, RootContent } from 'mdast'
import type { VFile } from 'vfile'
import { attributeMessages, checkResult, guard, isNode } from '../hooks/guard.js'
import type { NamedRegistry } from '../hooks/named.js'
import type { DirectiveHook, DirectiveNode, HookContext } from '../extensions/types.js'
import { didYouMean } from '../suggest.js'

const kindOf = (node: DirectiveNode): 'container' | 'leaf' | 'text' =>
  node.type === 'containerDirective' ? 'container' : node.type === 'leafDirective' ? 'leaf' : 'text'

const syntaxOf = (node: DirectiveNode): string => `${node.type === 'containerDirective' ? ':::' : node.type === 'leafDirective' ? '::' : ':'}${node.name}`

interface Use {
  node: DirectiveNode
  parent: Parent
}

/** How deep directives may return directives that return directives: past it, one most likely returns itself. */
const maxDepth = 32

/** The directives in a tree (or in nodes a directive returned), each with its parent. */
function usesIn(tree: Parent): Use[] {
  const uses: Use[] = []
  // A plain walk in document order (each node before its children): unist-util-visit's general one took a
  // tenth of the time of reading a document here.
  const walk = (parent: Parent): void => {
    for (const node of parent.children) {
      if (node.type === 'containerDirective' || node.type === 'leafDirective' || node.type === 'textDirective') uses.push({ node: node as DirectiveNode, parent })
      if ('children' in node && Array.isArray(node.children)) walk(node)
    }
  }
  walk(tree)
  return uses
}

/**
 * The directive dispatcher, an mdast transform: each `:::name`, `::name` and
 * `:name` goes to the directive registered under that name. An unknown text
 * directive is put back as the text it was written as (`see:this` is prose, not
 * a directive); an unknown container or leaf directive is a warning that
 * suggests the nearest name. Inner directives render before the ones around them,
 * and directives in the nodes a directive returns (an included file's, say) are
 * rendered in turn.
 */
export async function renderDirectives(
  tree: Root,
  file: VFile,
  directives: NamedRegistry<DirectiveHook>,
  contextFor: (extension: string, file?: VFile) => HookContext,
  seconds?: number,
): Promise<void> {
  await renderUses(usesIn(tree), file, directives, contextFor, seconds, 0)
}

async function renderUses(
  uses: Use[],
  file: VFile,
  directives: NamedRegistry<DirectiveHook>,
  contextFor: (extension: string, file?: VFile) => HookContext,
  seconds: number | undefined,
  depth: number,
  /** Where the directive that returned these was written: a returned node has no place of its own. */
  origin?: DirectiveNode['position'],
): Promise<void> {
  // Last first: inner and later directives are replaced before the ones that contain or precede them.
  for (const { node, parent } of uses.reverse()) {
    const index = parent.children.indexOf(node as RootContent)
    if (index === -1) continue
    const place = node.position ?? origin
    const entry = directives.get(node.name)
    if (!entry) {
      if (node.type === 'textDirective') {
        const start = node.position?.start.offset
        const end = node.position?.end.offset
        // Offsets past the document's text belong to text from another file (an include): not sliced from this one.
        const value = String(file.value)
        const text = start !== undefined && end !== undefined && end <= value.length ? value.slice(start, end) : `:${node.name}`
        parent.children.splice(index, 1, { type: 'text', value: text })
      } else {
        file.message(`Unknown directive \`${syntaxOf(node)}\`.${didYouMean(node.name, directives.names())}`, {
          place,
          source: 'sheaf',
          ruleId: 'directive',
        })
      }
      continue
    }
    const { item: directive, extension, version } = entry
    if (directive.kinds && !directive.kinds.includes(kindOf(node))) {
      const forms = directive.kinds.map((kind) => (kind === 'container' ? ':::' : kind === 'leaf' ? '::' : ':') + node.name).join(', ')
      file.message(`Directive \`${node.name}\` is not used as ${kindOf(node)} (\`${syntaxOf(node)}\`); write ${forms}.`, {
        place,
        source: extension,
        ruleId: `directive:${node.name}`,
      })
      continue
    }
    const site = { extension, version, hook: `directive:${node.name}`, seconds }
    const before = file.messages.length
    let result: Awaited<ReturnType<DirectiveHook['render']>>
    try {
      result = await guard(
        site,
        async () => {
          const out = await directive.render(node, file, contextFor(extension, file))
          const ok = out === undefined || isNode(out) || (Array.isArray(out) && out.every(isNode))
          return checkResult(out, ok, 'a directive returns nothing (it changed the node in place), a node, or a list of nodes')
        },
        place,
      )
    } finally {
      attributeMessages(file, before, site)
    }
    if (result === undefined) continue
    const nodes = (Array.isArray(result) ? result : [result]) as RootContent[]
    parent.children.splice(index, 1, ...nodes)
    const inner = usesIn({ type: 'root', children: nodes } as Root).map((use) => (use.parent.type === 'root' && nodes.includes(use.node as RootContent) ? { ...use, parent } : use))
    if (inner.length === 0) continue
    if (depth >= maxDepth) {
      file.message(`Directive \`${node.name}\` returned directives nested ${maxDepth} deep (does one return itself?); the innermost were left as they are.`, {
        place,
        source: extension,
        ruleId: `directive:${node.name}`,
      })
      continue
    }
    await renderUses(inner, file, directives, contextFor, seconds, depth + 1, place)
  }
}
