import * as v from 'valibot'
import { createRequire } from 'node:module'
import type { Blockquote, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import { defineExtension } from 'sheaf'
import type { DirectiveNode, Extension } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** The kinds of admonition, with the title each gets when none is written. */
export const kinds = {
  note: 'Note',
  tip: 'Tip',
  info: 'Info',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
  danger: 'Danger',
} as const

export type AdmonitionKind = keyof typeof kinds

/** GitHub's alert markers and the kind each becomes. */
const alerts: Record<string, AdmonitionKind> = { NOTE: 'note', TIP: 'tip', IMPORTANT: 'important', WARNING: 'warning', CAUTION: 'caution' }

function titleParagraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children, data: { hProperties: { className: ['admonition-title'] } } as Paragraph['data'] }
}

/** Turn a node into `<aside class="admonition admonition-KIND">` with its title first. */
function asAdmonition(node: { data?: object }, kind: AdmonitionKind): void {
  node.data = { ...node.data, hName: 'aside', hProperties: { className: ['admonition', `admonition-${kind}`], role: 'note' } }
}

function renderDirective(node: DirectiveNode, kind: AdmonitionKind): void {
  if (node.type !== 'containerDirective') return
  const [first, ...rest] = node.children
  const hasLabel = first?.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel === true
  const title = titleParagraph(hasLabel ? (first as Paragraph).children : [{ type: 'text', value: kinds[kind] }])
  node.children = [title, ...(hasLabel ? rest : node.children)]
  asAdmonition(node, kind)
}

/** `> [!NOTE]` as the first line of a block quote, as GitHub writes alerts. */
function convertAlert(quote: Blockquote): void {
  const first = quote.children[0]
  if (first?.type !== 'paragraph') return
  const text = first.children[0]
  if (text?.type !== 'text') return
  const match = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\r?\n|$)/.exec(text.value)
  if (!match) return
  const kind = alerts[match[1]!]!
  text.value = text.value.slice(match[0].length)
  if (text.value === '') first.children.shift()
  if (first.children[0]?.type === 'break') first.children.shift()
  const body = first.children.length === 0 ? quote.children.slice(1) : quote.children
  quote.children = [titleParagraph([{ type: 'text', value: kinds[kind] }]), ...body]
  asAdmonition(quote, kind)
}

function visitQuotes(node: Root | RootContent): void {
  if (!('children' in node)) return
  for (const child of node.children) {
    if (child.type === 'blockquote') convertAlert(child)
    visitQuotes(child)
  }
}

export interface AdmonitionsOptions {
  /** Read GitHub's `> [!NOTE]` alerts too (default true). */
  githubAlerts?: boolean
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      githubAlerts: v.optional(v.boolean('expected true or false')),
    },
    'expected an object of options',
  ),
)

/**
 * Admonitions: `:::note`, `:::tip`, `:::info`, `:::important`, `:::warning`,
 * `:::caution` and `:::danger` (a title in brackets: `:::tip[Faster builds]`),
 * and GitHub's alerts, all as `<aside class="admonition admonition-KIND">`.
 */
const admonitions: Extension<AdmonitionsOptions | undefined> = defineExtension<AdmonitionsOptions | undefined>({
  name: '@sheaf/admonitions',
  version,
  optionsSchema,
  setup(app, options = {}) {
    for (const kind of Object.keys(kinds) as AdmonitionKind[]) {
      app.addDirective({ name: kind, kinds: ['container'], render: (node) => renderDirective(node, kind) })
    }
    if (options.githubAlerts ?? true) {
      app.addTransform({ name: 'github-alerts', stage: 'mdast', run: (tree) => visitQuotes(tree) })
    }
  },
})

export default admonitions
