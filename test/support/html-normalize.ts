import type { Element, Nodes, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'

/** Elements around which whitespace is insignificant when comparing HTML. */
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
])

function isBlock(node: Nodes | undefined): boolean {
  return node !== undefined && node.type === 'element' && blocks.has(node.tagName)
}

function serialise(node: Nodes, inPre: boolean, parent: Root | Element | undefined, index: number): string {
  switch (node.type) {
    case 'root':
      return node.children.map((child, i) => serialise(child, inPre, node, i)).join('')
    case 'element': {
      const attributes = Object.entries(node.properties)
        .map(([key, value]) => `${key}=${JSON.stringify(Array.isArray(value) ? value.join(' ') : value)}`)
        .sort()
      const pre = inPre || node.tagName === 'pre'
      const children = (node.tagName === 'template' && node.content ? node.content.children : node.children)
        .map((child, i) => serialise(child, pre, node, i))
        .join('')
      return `<${node.tagName}${attributes.length ? ' ' + attributes.join(' ') : ''}>${children}</${node.tagName}>`
    }
    case 'text': {
      if (inPre) return node.value
      let value = node.value.replace(/\s+/g, ' ')
      const siblings = parent?.children ?? []
      const atStart = index === 0 || isBlock(siblings[index - 1])
      const atEnd = index === siblings.length - 1 || isBlock(siblings[index + 1])
      if (atStart && (parent === undefined || parent.type === 'root' || isBlock(parent) || isBlock(siblings[index - 1]))) value = value.trimStart()
      if (atEnd && (parent === undefined || parent.type === 'root' || isBlock(parent) || isBlock(siblings[index + 1]))) value = value.trimEnd()
      return value
    }
    case 'comment':
      return `<!--${node.value}-->`
    case 'doctype':
      return '<!doctype html>'
    default:
      return ''
  }
}

/**
 * HTML as a canonical string: parsed into a tree (so entity and quoting
 * choices vanish), attributes sorted, whitespace collapsed outside `<pre>` and
 * dropped next to block elements, where it is insignificant.
 */
export function normalizeHtml(html: string): string {
  return serialise(fromHtml(html.trim(), { fragment: true }), false, undefined, 0)
}
