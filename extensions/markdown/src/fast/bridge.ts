import type { Nodes, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { decodeString } from 'micromark-util-decode-string'
import { normalizeIdentifier } from 'micromark-util-normalize-identifier'
import { Points } from './points.js'
import type { Segment, Token } from './tokenizer.js'

/**
 * Builds the mdast that mdast-util-from-markdown builds, from the stamped
 * tokens of `tokenizer.ts`. Throws `Bail` when the tokens say something the
 * bridge cannot turn into the exact tree: the caller parses with micromark.
 */

export class Bail extends Error {}

interface Open {
  node: Parent
  token: Token
}

/** Whether a blank line separates any two of these children (given as first line, line after the last). */
function spread(lines: Array<[number, number]>): boolean {
  for (let index = 1; index < lines.length; index++) {
    if (lines[index]![0] > lines[index - 1]![1]) return true
  }
  return false
}

/** markdown-it's link helpers, which the bridge uses to read destinations and titles back from the source. */
export interface LinkHelpers {
  parseLinkDestination(source: string, start: number, max: number): { ok: boolean; pos: number; str: string }
  parseLinkTitle(source: string, start: number, max: number): { ok: boolean; pos: number; str: string }
}

type Node = Nodes & { position?: unknown }

/** Offsets in one inline content, and their places in the source. */
class Content {
  constructor(
    readonly text: string,
    private readonly segments: Segment[],
  ) {}

  /** The source offset of the character at `at`. */
  start(at: number): number {
    for (const segment of this.segments) {
      if (at < segment.content + segment.length) return segment.source + (at - segment.content)
    }
    const last = this.segments[this.segments.length - 1]
    if (!last) throw new Bail('offset in empty content')
    return last.source + (at - last.content)
  }

  /** The source offset just after the character before `at`. */
  end(at: number): number {
    if (at === 0) return this.start(0)
    return this.start(at - 1) + 1
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09
}

export class Bridge {
  private readonly points: Points
  private setextEnd = 0
  private setextStart: number | undefined
  /** Where the run of definitions just before the current token starts. */
  private definitionsStart = 0
  private lastDefinition: Token | undefined

  constructor(
    private readonly source: string,
    private readonly helpers: LinkHelpers,
  ) {
    this.points = new Points(source)
  }

  private place<T extends Node>(node: T, start: number, end: number): T {
    node.position = this.points.position(start, end)
    return node
  }

  root(tokens: Token[]): Root {
    const root: Root = { type: 'root', children: [] }
    const stack: Open[] = []
    let parent: Parent = root
    /** Each open container's children's first and last lines: a blank line between two makes a list or item spread. */
    let lines: Array<[number, number]> = []
    const linesStack: Array<Array<[number, number]>> = []
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!
      if (token.nesting === 1) {
        const node = this.open(token, tokens[index + 1], tokens[index - 1])
        ;(parent.children as RootContent[]).push(node as RootContent)
        stack.push({ node: node as Parent, token })
        parent = node as Parent
        linesStack.push(lines)
        lines = []
      } else if (token.nesting === -1) {
        const open = stack.pop()
        if (!open) throw new Bail('unbalanced tokens')
        this.close(open.node, open.token, token)
        if (open.node.type === 'list' || open.node.type === 'listItem') (open.node as unknown as { spread: boolean }).spread = spread(lines)
        // micromark ends such a list at the quote marker of the blank line after it.
        if (open.node.type === 'list' && lines.length > 0 && open.token.map![1] > lines[lines.length - 1]![1] && stack.some((entry) => entry.node.type === 'blockquote')) throw new Bail('list before a blank line in a quote')
        const first = open.token.map![0]
        const last = lines.length > 0 ? lines[lines.length - 1]![1] : first + 1
        lines = linesStack.pop()!
        lines.push([first, open.node.type === 'list' || open.node.type === 'listItem' ? last : open.token.map![1]])
        parent = stack.length > 0 ? stack[stack.length - 1]!.node : root
      } else if (token.type === 'inline') {
        const content = new Content(token.content, token.segments ?? fail('inline content without segments'))
        ;(parent as Parent).children = this.phrasing(token.children ?? [], content) as Parent['children']
        if (token.content.length > 0) {
          const node = parent as Node
          if (node.type === 'paragraph') this.place(node, content.start(0), stack[stack.length - 1]!.token.rawEnd!)
          else if (node.type === 'heading' && !node.position) this.place(node, this.setextStart ?? content.start(0), this.setextEnd)
        }
      } else {
        ;(parent.children as RootContent[]).push(this.leaf(token))
        lines.push([token.map![0], token.map![1]])
      }
    }
    if (stack.length > 0) throw new Bail('unclosed tokens')
    this.place(root, 0, this.source.length)
    return root
  }

  private open(token: Token, next: Token | undefined, previous: Token | undefined): Node {
    const start = token.lineStart!
    switch (token.type) {
      case 'paragraph_open':
        return { type: 'paragraph', children: [] }
      case 'heading_open': {
        const node: Node = { type: 'heading', depth: Number(token.tag.slice(1)) as 1, children: [] }
        if (token.markup.startsWith('#')) this.place(node, start, token.rawEnd!)
        else if (next?.content === '') throw new Bail('empty setext heading')
        else {
          this.setextEnd = token.rawEnd!
          // micromark reads definitions just above a setext heading as part of it.
          this.setextStart = previous?.type === 'reference_definition' && previous.map![1] === token.map![0] ? this.definitionsStart : undefined
        }
        return node
      }
      case 'blockquote_open':
        return this.place({ type: 'blockquote', children: [] }, start, token.rawEnd!)
      case 'bullet_list_open':
        return this.place({ type: 'list', ordered: false, start: null, spread: false, children: [] }, start, start)
      case 'ordered_list_open': {
        const number = this.source.slice(start).match(/^\d+/)
        return this.place({ type: 'list', ordered: true, start: Number(number?.[0] ?? 1), spread: false, children: [] }, start, start)
      }
      case 'list_item_open':
        return this.place({ type: 'listItem', spread: false, checked: null, children: [] }, start, start)
      default:
        throw new Bail(`no mdast for ${token.type}`)
    }
  }

  private close(node: Parent, open: Token, _close: Token): void {
    const last = node.children[node.children.length - 1] as Node | undefined
    const position = (node as Node).position as { start: { offset: number }; end: { offset: number } } | undefined
    if (!position || (node.type !== 'list' && node.type !== 'listItem')) return
    if (last?.position) {
      this.place(node as Node, position.start.offset, (last.position as { end: { offset: number } }).end.offset)
    } else if (node.type === 'listItem') {
      this.place(node as Node, position.start.offset, this.source.indexOf('\n', open.lineStart!) === -1 ? this.source.length : this.source.indexOf('\n', open.lineStart!))
    }
  }

  private leaf(token: Token): RootContent {
    const start = token.lineStart!
    switch (token.type) {
      case 'hr':
        return this.place({ type: 'thematicBreak' }, start, token.rawEnd!)
      case 'code_block':
        return this.place({ type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, '') }, token.indentStart!, token.rawEnd!)
      case 'fence': {
        const info = decodeString(token.info.trim())
        const space = info.search(/[ \t]/)
        const lang = info === '' ? null : space === -1 ? info : info.slice(0, space)
        const meta = space === -1 ? null : info.slice(space).trim() || null
        return this.place({ type: 'code', lang, meta, value: token.content.replace(/\n$/, '') }, start, token.lineEnd!)
      }
      case 'html_block': {
        // An unclosed block runs to the end, its last line ending included.
        const value = token.rawEnd === this.source.length && this.source.endsWith('\n') ? token.content : token.content.replace(/\n$/, '')
        return this.place({ type: 'html', value }, token.indentStart!, token.rawEnd!)
      }
      case 'reference_definition': {
        const node = this.definition(token)
        if (!this.lastDefinition || this.lastDefinition.map![1] !== token.map![0]) this.definitionsStart = start
        this.lastDefinition = token
        return node
      }
      default:
        throw new Bail(`no mdast for ${token.type}`)
    }
  }

  private definition(token: Token): RootContent {
    const [first, after] = token.map!
    if (after - first > 1) throw new Bail('definition over several lines')
    const start = token.lineStart!
    const max = token.lineEnd!
    const source = this.source
    const labelEnd = source.indexOf(']:', start)
    if (labelEnd === -1 || labelEnd > max) throw new Bail('definition label')
    const raw = source.slice(start + 1, labelEnd)
    let pos = labelEnd + 2
    while (pos < max && isSpace(source.charCodeAt(pos))) pos++
    const destination = this.helpers.parseLinkDestination(source, pos, max)
    if (!destination.ok) throw new Bail('definition destination')
    let end = destination.pos
    pos = end
    while (pos < max && isSpace(source.charCodeAt(pos))) pos++
    let title: string | null = null
    if (pos > end && pos < max) {
      const parsed = this.helpers.parseLinkTitle(source, pos, max)
      if (!parsed.ok || parsed.pos !== max) throw new Bail('definition title')
      title = parsed.str
      end = parsed.pos
    }
    return this.place({ type: 'definition', identifier: normalizeIdentifier(raw).toLowerCase(), label: decodeString(raw), url: destination.str, title }, start, end)
  }

  private phrasing(tokens: Token[], content: Content): PhrasingContent[] {
    const root: { children: PhrasingContent[] } = { children: [] }
    const stack: Array<{ node: { children: PhrasingContent[] }; token?: Token }> = [{ node: root }]
    let text: Text | undefined
    let textStart = 0
    let textEnd = 0
    const flush = (): void => {
      if (text) this.place(text, content.start(textStart), content.end(textEnd))
      text = undefined
    }
    const add = (node: PhrasingContent): void => {
      flush()
      stack[stack.length - 1]!.node.children.push(node)
    }
    const addText = (value: string, start: number, end: number): void => {
      if (text) {
        text.value += value
        textEnd = end
        return
      }
      text = { type: 'text', value }
      textStart = start
      textEnd = end
      stack[stack.length - 1]!.node.children.push(text)
    }
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!
      const start = token.start
      const end = token.end
      switch (token.type) {
        case 'text':
          if (token.content === '') break
          if (start === undefined || end === undefined) throw new Bail('text without offsets')
          addText(token.content, start, end)
          break
        case 'text_special':
        case 'softbreak':
          if (start === undefined || end === undefined) throw new Bail(`${token.type} without offsets`)
          addText(token.type === 'softbreak' ? '\n' : token.content, start, end)
          break
        case 'hardbreak': {
          if (start === undefined) throw new Bail('break without offsets')
          let from = start
          let newline = start
          if (content.text[start] === '\\') newline = start + 1
          else while (from > 0 && content.text[from - 1] === ' ') from--
          add(this.place({ type: 'break' }, content.start(from), content.start(newline) + 1))
          break
        }
        case 'code_inline':
          if (start === undefined || end === undefined) throw new Bail('code without offsets')
          add(this.place({ type: 'inlineCode', value: codeText(content.text.slice(start + token.markup.length, end - token.markup.length)) }, content.start(start), content.end(end)))
          break
        case 'html_inline':
          if (start === undefined || end === undefined) throw new Bail('html without offsets')
          add(this.place({ type: 'html', value: token.content }, content.start(start), content.end(end)))
          break
        case 'em_open':
        case 'strong_open':
        case 's_open': {
          if (end === undefined) throw new Bail('delimiter without offsets')
          const type = token.type === 'em_open' ? 'emphasis' : token.type === 'strong_open' ? 'strong' : 'delete'
          const node = { type, children: [] } as unknown as PhrasingContent
          ;(node as Node).position = content.start(end - token.markup.length) as never
          add(node)
          stack.push({ node: node as unknown as { children: PhrasingContent[] }, token })
          break
        }
        case 'em_close':
        case 'strong_close':
        case 's_close': {
          if (start === undefined) throw new Bail('delimiter without offsets')
          flush()
          const open = stack.pop()!
          const node = open.node as unknown as Node
          this.place(node, node.position as unknown as number, content.end(start + token.markup.length))
          break
        }
        case 'link_open': {
          if (start === undefined) throw new Bail('link without offsets')
          if (token.markup === 'autolink') {
            const close = tokens[index + 2]
            if (close?.type !== 'link_close' || close.end === undefined) throw new Bail('autolink')
            const raw = content.text.slice(start + 1, close.end - 1)
            const url = (token.attrs?.[0]?.[1] ?? '').startsWith('mailto:') && !/^mailto:/i.test(raw) ? `mailto:${raw}` : raw
            const child = this.place({ type: 'text', value: raw } as Text, content.start(start + 1), content.end(close.end - 1))
            add(this.place({ type: 'link', title: null, url, children: [child] }, content.start(start), content.end(close.end)))
            index += 2
            break
          }
          flush()
          const node = { type: 'link', children: [] } as unknown as PhrasingContent
          ;(node as Node).position = start as never
          stack[stack.length - 1]!.node.children.push(node)
          stack.push({ node: node as unknown as { children: PhrasingContent[] }, token })
          break
        }
        case 'link_close': {
          if (token.at === undefined || end === undefined) throw new Bail('link without offsets')
          flush()
          const open = stack.pop()!
          const node = open.node as unknown as Node & Record<string, unknown>
          const linkStart = node.position as unknown as number
          this.reference(node, content, linkStart + 1, token.at, end)
          this.place(node, content.start(linkStart), content.end(end))
          break
        }
        case 'image': {
          if (start === undefined || end === undefined) throw new Bail('image without offsets')
          const labelEnd = start + 2 + token.content.length
          const alt = toString({ type: 'paragraph', children: this.phrasing(token.children ?? [], new Content(token.content, [{ content: 0, source: 0, length: token.content.length }])) })
          const node = { type: 'image', alt } as unknown as Node & Record<string, unknown>
          this.reference(node, content, start + 2, labelEnd, end)
          add(this.place(node, content.start(start), content.end(end)) as PhrasingContent)
          break
        }
        default:
          throw new Bail(`no mdast for ${token.type}`)
      }
    }
    flush()
    if (stack.length !== 1) throw new Bail('unclosed inline')
    return root.children
  }

  /** A link or image: with a resource (`(url "title")`), or a reference to a definition. */
  private reference(node: Record<string, unknown>, content: Content, labelStart: number, labelEnd: number, end: number): void {
    const text = content.text
    if (text[labelEnd + 1] === '(' && text[end - 1] === ')') {
      let pos = labelEnd + 2
      while (pos < end && /[ \t\n]/.test(text[pos]!)) pos++
      let url = ''
      let title: string | null = null
      if (pos < end - 1) {
        const destination = this.helpers.parseLinkDestination(text, pos, end - 1)
        if (destination.ok) {
          url = destination.str
          pos = destination.pos
        }
        const before = pos
        while (pos < end - 1 && /[ \t\n]/.test(text[pos]!)) pos++
        if (pos < end - 1) {
          const parsed = this.helpers.parseLinkTitle(text, pos, end - 1)
          if (!parsed.ok || pos === before) throw new Bail('link title')
          title = parsed.str
        }
      }
      node.url = url
      node.title = title
      return
    }
    let raw: string
    let referenceType: 'full' | 'collapsed' | 'shortcut'
    if (end > labelEnd + 1 && text[labelEnd + 1] === '[') {
      raw = text.slice(labelEnd + 2, end - 1)
      referenceType = raw === '' ? 'collapsed' : 'full'
      if (raw === '') raw = text.slice(labelStart, labelEnd)
    } else {
      raw = text.slice(labelStart, labelEnd)
      referenceType = 'shortcut'
    }
    node.type = `${node.type as string}Reference`
    node.identifier = normalizeIdentifier(raw).toLowerCase()
    node.label = decodeString(raw)
    node.referenceType = referenceType
  }
}

/** A code span's text as micromark keeps it: line endings stay, one space or line ending is taken off each side when both have one. */
function codeText(raw: string): string {
  const text = raw
  if (text.length > 2 && /^[ \n]/.test(text) && /[ \n]$/.test(text) && /[^ \n]/.test(text)) return text.slice(1, -1)
  return text
}

function fail(reason: string): never {
  throw new Bail(reason)
}
