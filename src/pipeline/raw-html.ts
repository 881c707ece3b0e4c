import type { Html, Nodes as MdastNodes, Paragraph, Parent as MdastParent, Text } from 'mdast'
import type { Root as HastRoot } from 'hast'
import type { Options as Schema } from 'rehype-sanitize'
import type { Plugin } from 'unified'
import { visit } from 'unist-util-visit'

/**
 * What happens to raw HTML written in markdown (`markdown.html`):
 * - `keep` (the default, as CommonMark says): it goes into the page as written;
 * - `sanitize`: the page's body is parsed as HTML and cleaned by
 *   `rehype-sanitize` after every hast hook, keeping what is safe (GitHub's
 *   rules) and what Sheaf's own extensions emit, and dropping scripts, event
 *   handlers, styles and `javascript:` URLs;
 * - `escape`: it is shown as text, before any hook sees it, and links
 *   whose URL would run script (`javascript:`) lose it.
 */
export type RawHtml = 'keep' | 'sanitize' | 'escape'

/** Nodes whose children are blocks: an `html` node in one is block HTML, shown as a paragraph of its text (elsewhere it is inline, shown as text in place). */
const flowParents = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'containerDirective'])

/**
 * Whether a URL would run script when followed: `javascript:` or `vbscript:`
 * (browsers ignore control characters and spaces in a scheme, so those are
 * ignored here too), or `data:` where it is navigated to (a link, not an image).
 */
export function isScriptUrl(url: string, image = false): boolean {
  // eslint-disable-next-line no-control-regex
  const scheme = /^([^:/?#]*):/.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase()
  return scheme === 'javascript' || scheme === 'vbscript' || (scheme === 'data' && !image)
}

/**
 * `markdown.html: 'escape'`: every `html` node of the document's mdast
 * becomes text, and links and images whose URL would run script lose it,
 * before any mdast hook runs.
 */
export const remarkEscapeHtml: Plugin<[], MdastNodes> = () => (tree: MdastNodes) => {
  visit(tree, (node, index, parent) => {
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && isScriptUrl(node.url, node.type === 'image')) node.url = ''
    if (node.type !== 'html' || parent === undefined || index === undefined) return
    const { value, position } = node as Html
    const text: Text = { type: 'text', value, ...(position ? { position } : {}) }
    const paragraph: Paragraph = { type: 'paragraph', children: [text], ...(position ? { position } : {}) }
    ;(parent as MdastParent).children[index] = (flowParents.has(parent.type) ? paragraph : text) as MdastParent['children'][number]
  })
}

/** Add allowed attribute values to a schema's list for one element, keeping GitHub's. */
function withAttributes(schema: Schema, tagName: string, extra: NonNullable<Schema['attributes']>[string]): NonNullable<Schema['attributes']>[string] {
  return [...(schema.attributes?.[tagName] ?? []), ...extra]
}

/**
 * The schema of `markdown.html: 'sanitize'`: GitHub's (hast-util-sanitize's
 * default), plus what Sheaf's first-party extensions put in a page's body
 * (admonitions, heading ids and anchors, highlighted code, code titles and
 * marked lines). Ids are kept as written, not prefixed with `user-content-`,
 * so links to a section keep working.
 */
export async function sanitizeSchema(): Promise<Schema> {
  const { defaultSchema } = await import('rehype-sanitize')
  return {
    ...defaultSchema,
    clobberPrefix: '',
    clobber: [],
    tagNames: [...(defaultSchema.tagNames ?? []), 'aside', 'figure', 'figcaption'],
    attributes: {
      ...defaultSchema.attributes,
      aside: [['className', 'admonition', /^admonition-[\w-]+$/], ['role', 'note']],
      p: withAttributes(defaultSchema, 'p', [['className', 'admonition-title']]),
      a: [...withAttributes(defaultSchema, 'a', []).filter((entry) => !(Array.isArray(entry) && entry[0] === 'className')), ['className', 'data-footnote-backref', 'heading-anchor']],
      figure: [['className', 'code-block']],
      figcaption: [['className', 'code-title']],
      pre: withAttributes(defaultSchema, 'pre', ['dataLanguage']),
      code: [['className', /^language-./, 'hljs']],
      span: withAttributes(defaultSchema, 'span', [['className', /^hljs-[\w-]+$/, /^[a-z]+_$/, 'line', 'highlighted']]),
    },
  }
}

/** `markdown.html: 'sanitize'`: the raw HTML of a document's hast parsed, then the whole body cleaned, after every hast hook. */
export async function sanitizers(): Promise<Array<[Plugin<never[], HastRoot>, ...unknown[]]>> {
  const [{ default: rehypeRaw }, { default: rehypeSanitize }, schema] = await Promise.all([import('rehype-raw'), import('rehype-sanitize'), sanitizeSchema()])
  return [[rehypeRaw as never], [rehypeSanitize as never, schema]]
}
