import * as v from 'valibot'
import { createRequire } from 'node:module'
import type { Blockquote, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import { defineExtension } from 'sheaf'
import type { DirectiveNode, Extension } from 'sheaf'
import { rewriteContainers } from './other-containers.js'

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

/** A container's title (its label, else the kind's) and the rest of its children. */
function titled(node: DirectiveNode, fallback: string): { title: PhrasingContent[]; body: RootContent[] } {
  const [first, ...rest] = node.children as RootContent[]
  const hasLabel = first?.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel === true
  return hasLabel ? { title: (first as Paragraph).children, body: rest } : { title: [{ type: 'text', value: fallback }], body: node.children as RootContent[] }
}

function renderDirective(node: DirectiveNode, kind: AdmonitionKind): void {
  if (node.type !== 'containerDirective') return
  const { title, body } = titled(node, kinds[kind])
  node.children = [titleParagraph(title), ...body] as typeof node.children
  asAdmonition(node, kind)
}

/** `:::details[Title]`: a collapsible `<details>` with the title as its `<summary>`. */
function renderDetails(node: DirectiveNode): void {
  if (node.type !== 'containerDirective') return
  const { title, body } = titled(node, 'Details')
  const summary: Paragraph = { type: 'paragraph', children: title, data: { hName: 'summary' } as Paragraph['data'] }
  node.children = [summary, ...body] as typeof node.children
  node.data = { ...node.data, hName: 'details', hProperties: { className: ['admonition', 'admonition-details'] } } as typeof node.data
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

declare module 'vfile' {
  interface DataMap {
    /** Set by @sheaf/admonitions on a document with containers written as `::: tip Title`: how many, and the first. */
    spacedContainers: { count: number; line: number; written: string; canonical: string }
  }
}

export interface AdmonitionsOptions {
  /** Read GitHub's `> [!NOTE]` alerts too (default true). */
  githubAlerts?: boolean
  /** Read `::: tip Title` (a space after the colons, a title after the kind), as VitePress and older Docusaurus write containers (default true). */
  spacedContainers?: boolean
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      githubAlerts: v.optional(v.boolean('expected true or false')),
      spacedContainers: v.optional(v.boolean('expected true or false')),
    },
    'expected an object of options',
  ),
)

/**
 * Admonitions: `:::note`, `:::tip`, `:::info`, `:::important`, `:::warning`,
 * `:::caution` and `:::danger` (a title in brackets: `:::tip[Faster builds]`),
 * and GitHub's alerts, all as `<aside class="admonition admonition-KIND">`;
 * `:::details[Title]` as a collapsible `<details>`. `::: tip Title`, as
 * VitePress writes containers, is read as `:::tip[Title]`.
 */
const admonitions: Extension<AdmonitionsOptions | undefined> = defineExtension<AdmonitionsOptions | undefined>({
  name: '@sheaf/admonitions',
  version,
  optionsSchema,
  setup(app, options = {}) {
    for (const kind of Object.keys(kinds) as AdmonitionKind[]) {
      app.addDirective({ name: kind, kinds: ['container'], render: (node) => renderDirective(node, kind) })
    }
    app.addDirective({ name: 'details', kinds: ['container'], render: renderDetails })
    if (options.spacedContainers ?? true) {
      const known = new Set([...Object.keys(kinds), 'details'])
      app.on('document:read', (file) => {
        const rewritten = rewriteContainers(String(file.value), known)
        if (!rewritten) return
        file.value = rewritten.text
        file.data.spacedContainers = { count: rewritten.lines.length, ...rewritten.lines[0]! }
      })
    }
    if (options.githubAlerts ?? true) {
      app.addTransform({ name: 'github-alerts', stage: 'mdast', run: (tree) => visitQuotes(tree) })
    }
  },
  // Said once per build, from what documents recorded (so a warm build says it as a fresh one does): the canonical
  // form reads the same in every tool built on remark-directive.
  validate(site, ctx) {
    const pages = site.pages.filter((page) => page.file.data.spacedContainers !== undefined)
    if (pages.length === 0) return
    const first = pages[0]!
    const { line, written, canonical } = first.file.data.spacedContainers!
    const count = pages.reduce((sum, page) => sum + page.file.data.spacedContainers!.count, 0)
    ctx.logger.info(
      `${count === 1 ? 'A container is' : `${count} containers in ${pages.length} document${pages.length === 1 ? '' : 's'} are`} written as \`${written}\` (first at ${first.source}:${line}), read as \`${canonical}\`: write them so to be read the same by every tool built on remark-directive.`,
    )
  },
})

export default admonitions
