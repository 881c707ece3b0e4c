import type { ListItem, Nodes, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { decodeString } from 'micromark-util-decode-string'
import { normalizeIdentifier } from 'micromark-util-normalize-identifier'
import { codeText } from './code-text.js'
import { Points } from './points.js'
import type { Features, Segment, Token } from './tokenizer.js'

/**
 * Builds the mdast that mdast-util-from-markdown builds, from the stamped
 * tokens of `tokenizer.ts`. Throws `Bail` when the tokens say something the
 * bridge cannot turn into the exact tree: the caller parses with micromark.
 */

export class Bail extends Error {}

interface Open {
  node: Parent
  token: Token
  /** `thead` and `tbody`, which mdast does not have. */
  transparent?: boolean
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
  /** Whether lines after the first start after a container's prefix (`>`, a list item's indentation). */
  readonly prefixed: boolean

  constructor(
    readonly text: string,
    private readonly segments: Segment[],
    source = '',
  ) {
    this.prefixed = segments.some((segment, index) => index > 0 && segment.source > 0 && source[segment.source - 1] !== '\n')
  }

  /** The source offset of the character at `at`. */
  start(at: number): number {
    // The segment holding `at`: the last one that starts at or before it (they are in order).
    const segments = this.segments
    if (segments.length === 0) throw new Bail('offset in empty content')
    let low = 0
    let high = segments.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (segments[middle]!.content <= at) low = middle
      else high = middle - 1
    }
    const segment = segments[low]!
    return segment.source + (at - segment.content)
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
  private footnotes = 0
  private setextStart: number | undefined
  /** Where the run of definitions just before the current token starts. */
  private definitionsStart = 0
  private lastDefinition: Token | undefined
  private lastCode: Token | undefined
  /** The type of the last leaf block token read: after indented code, micromark reads the next blocks as if a paragraph were open. */
  private lastLeaf: string | undefined

  /** Characters that open twins' syntax in text: one that opens nothing ends text as an unmatched backtick does. */
  private readonly textMarkers: string[]

  constructor(
    private readonly source: string,
    private readonly helpers: LinkHelpers,
    private readonly features: Features,
  ) {
    this.points = new Points(source)
    this.textMarkers = features.twins.flatMap(({ twin }) => [...(twin.textMarkers ?? '')])
  }

  place<T extends Node>(node: T, start: number, end: number): T {
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
      if (token.meta?.added) {
        // A cell markdown-it added to a short table row: skip it, up to its close.
        while (tokens[index]!.type !== 'td_close' && tokens[index]!.type !== 'th_close') index++
        continue
      }
      if (token.nesting === 1 && (token.type === 'thead_open' || token.type === 'tbody_open')) {
        stack.push({ node: parent, token, transparent: true })
      } else if (token.nesting === -1 && stack[stack.length - 1]?.transparent) {
        stack.pop()
      } else if (token.nesting === 1) {
        const node = this.open(tokens, index)
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
        const first = open.token.map?.[0] ?? 0
        const last = lines.length > 0 ? lines[lines.length - 1]![1] : first + 1
        lines = linesStack.pop()!
        // A list, item or footnote definition ends at its last child's last line, not at blank lines after it.
        const endsAtChild = open.node.type === 'list' || open.node.type === 'listItem' || open.node.type === 'footnoteDefinition'
        if (open.token.map) lines.push([first, endsAtChild ? last : open.token.map[1]])
        parent = stack.length > 0 ? stack[stack.length - 1]!.node : root
        if (open.node.type === 'footnoteDefinition') this.footnotes--
        // micromark ends a list in a quote at the next line's quote marker when more of the quote follows.
        const quoteEnd = (open.node as Node & { position?: { end: { line: number } } }).position?.end.line ?? 0
        if (
          open.node.type === 'blockquote' &&
          open.node.children.some((child, index) => (child.type === 'list' || child.type === 'footnoteDefinition') && (index < open.node.children.length - 1 || child.position!.end.line < quoteEnd))
        ) {
          throw new Bail('list followed by more in a quote')
        }
      } else if (token.type === 'inline') {
        const content = new Content(token.content, token.segments ?? fail('inline content without segments'), this.source)
        ;(parent as Parent).children = this.phrasing(token.children ?? [], content) as Parent['children']
        if (token.content.length > 0) {
          const node = parent as Node
          if (node.type === 'paragraph') this.place(node, content.start(0), stack[stack.length - 1]!.token.rawEnd!)
          else if (node.type === 'heading' && !node.position) this.place(node, this.setextStart ?? content.start(0), this.setextEnd)
        }
      } else {
        // micromark reads indented code after a list whose last item is empty one line at a time.
        const previous = parent.children[parent.children.length - 1]
        if (token.type === 'code_block' && previous?.type === 'list' && (previous.children[previous.children.length - 1] as Parent | undefined)?.children.length === 0) {
          throw new Bail('indented code after an empty list item')
        }
        ;(parent.children as RootContent[]).push(this.leaf(token))
        lines.push([token.map![0], token.map![1]])
      }
    }
    if (stack.length > 0) throw new Bail('unclosed tokens')
    this.place(root, 0, this.source.length)
    return root
  }

  private open(tokens: Token[], index: number): Node {
    const token = tokens[index]!
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
      this.afterDefinition(token)
      // micromark places the ends of list items in a footnote after the next item's marker.
      if (this.footnotes > 0) throw new Bail('list in a footnote')
    }
    if (token.type === 'footnote_open') this.footnotes++
    const next = tokens[index + 1]
    const previous = tokens[index - 1]
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
        // Under a line of text, micromark may take a list not starting at 1 for text, even nested in an item.
        if (Number(number?.[0] ?? 1) !== 1 && (this.previousLineHasText(start) || this.lastLeaf === 'code_block')) throw new Bail('list not starting at 1 under text')
        return this.place({ type: 'list', ordered: true, start: Number(number?.[0] ?? 1), spread: false, children: [] }, start, start)
      }
      case 'footnote_open': {
        const label = (token.meta as { label: string }).label
        return this.place({ type: 'footnoteDefinition', identifier: normalizeIdentifier(label).toLowerCase(), label: decodeString(label), children: [] }, start, start)
      }
      case 'table_open':
        return this.place({ type: 'table', align: this.align(tokens, index), children: [] }, start, token.rawEnd!)
      case 'tr_open':
      case 'th_open':
      case 'td_open':
        return this.place({ type: token.type === 'tr_open' ? 'tableRow' : 'tableCell', children: [] } as Node, start, token.rawEnd!)
      case 'list_item_open':
        if ((next?.type === 'list_item_close' || this.blankAfterMarker(start)) && (previous?.type === 'bullet_list_open' || previous?.type === 'ordered_list_open') && (this.previousLineHasText(start) || this.lastLeaf === 'code_block')) {
          // An empty first item right under text: micromark reads it as a paragraph in some places (after code, in a quote after a paragraph).
          throw new Bail('empty list item under text')
        }
        return this.place({ type: 'listItem', spread: false, checked: null, children: [] }, start, start)
      default:
        throw new Bail(`no mdast for ${token.type}`)
    }
  }

  private close(node: Parent, open: Token, _close: Token): void {
    const last = node.children[node.children.length - 1] as Node | undefined
    const position = (node as Node).position as { start: { offset: number }; end: { offset: number } } | undefined
    if (!position || (node.type !== 'list' && node.type !== 'listItem' && node.type !== 'footnoteDefinition')) return
    if (last?.position) {
      this.place(node as Node, position.start.offset, (last.position as { end: { offset: number } }).end.offset)
      if (node.type === 'listItem' && this.features.gfm) this.taskListItem(node as ListItem)
    } else if (node.type === 'listItem' || node.type === 'footnoteDefinition') {
      // micromark reads an empty item on the last line as a paragraph in some places (after code, in a footnote).
      if (node.type === 'listItem' && !/[^ \t\n]/.test(this.source.slice(open.lineStart! + 1))) throw new Bail('empty list item at the end')
      this.place(node as Node, position.start.offset, this.source.indexOf('\n', open.lineStart!) === -1 ? this.source.length : this.source.indexOf('\n', open.lineStart!))
    }
  }

  /** A table's column alignments, from the styles markdown-it gives its header cells. */
  private align(tokens: Token[], index: number): Array<'left' | 'right' | 'center' | null> {
    const align: Array<'left' | 'right' | 'center' | null> = []
    for (let at = index + 1; at < tokens.length && tokens[at]!.type !== 'thead_close'; at++) {
      const token = tokens[at]!
      if (token.type !== 'th_open') continue
      const style = token.attrs?.find(([name]) => name === 'style')?.[1]
      align.push(style ? (style.slice('text-align:'.length) as 'left' | 'right' | 'center') : null)
    }
    return align
  }

  /** A GFM task list item: `[ ]` or `[x]` and white space opening its first paragraph. */
  private taskListItem(item: ListItem): void {
    const paragraph = item.children[0]
    if (paragraph?.type !== 'paragraph') return
    const head = paragraph.children[0]
    if (head?.type !== 'text') return
    const start = head.position!.start.offset!
    const rest = head.value.slice(3)
    if (start !== paragraph.position!.start.offset || !/^\[[ xX]\]$/.test(this.source.slice(start, start + 3)) || !head.value.startsWith(this.source.slice(start, start + 3))) return
    if (rest === '' && paragraph.children[1]?.type === 'break') throw new Bail('task check before a line ending')
    if (!/^[ \t\n]/.test(rest) || (!/[^ \t]/.test(rest) && paragraph.children.length === 1)) return
    item.checked = this.source[start + 1] !== ' '
    // As mdast-util-gfm-task-list-item does: the check goes, then one character of the text after it,
    // which starts at the white space after the check, or at the line ending when only spaces come before it.
    let after = start + 3
    while (this.source[after] === ' ' || this.source[after] === '\t') after++
    // A check followed by a line ending makes micromark end the paragraph in some cases; not worth following.
    if (this.source[after] === '\n') throw new Bail('task check before a line ending')
    after = start + 3
    head.value = rest.slice(1)
    if (head.value.length === 0) {
      paragraph.children.shift()
      return
    }
    const point = this.points.point(after)
    head.position!.start = { ...point, column: point.column + 1, offset: after + 1 }
    paragraph.position!.start = { ...head.position!.start }
  }

  /**
   * micromark reads a definition and the lines after it as one paragraph-like
   * block, so the next line continues it unless it can interrupt a paragraph;
   * markdown-it starts afresh. Lists, code and HTML right after a definition
   * are where the two differ.
   */
  private afterDefinition(token: Token): void {
    if (this.lastDefinition && token.map && this.lastDefinition.map![1] === token.map[0]) throw new Bail('block right after a definition')
    // After indented code, micromark reads the next line as if it might continue a paragraph: a list there may not start.
    if (this.lastCode && token.map && this.lastCode.map![1] === token.map[0] && (token.type === 'bullet_list_open' || token.type === 'ordered_list_open')) {
      throw new Bail('list right after indented code')
    }
  }

  private leaf(token: Token): RootContent {
    const start = token.lineStart!
    if (token.type === 'code_block' || token.type === 'html_block') this.afterDefinition(token)
    if (token.type === 'code_block') this.lastCode = token
    this.lastLeaf = token.type
    switch (token.type) {
      case 'hr':
        return this.place({ type: 'thematicBreak' }, start, token.rawEnd!)
      case 'code_block':
        return this.place({ type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, '') }, token.indentStart!, token.rawEnd!)
      case 'fence': {
        if (token.unclosed) return this.unclosedFence(token)
        const info = /^[ \t]*([^ \t]*)[ \t]*(.*)$/.exec(token.info)!
        const lang = info[1] ? decodeString(info[1]) : null
        const meta = info[2] ? decodeString(info[2]) : null
        return this.place({ type: 'code', lang, meta, value: token.content.replace(/\n$/, '') }, start, token.rawEnd!)
      }
      case 'html_block': {
        if (unicodeSpace.test(token.content)) throw new Bail('HTML with Unicode white space')
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
      default: {
        const twin = this.features.twins.find(({ twin }) => twin.flow?.[token.type])?.twin
        if (!twin) throw new Bail(`no mdast for ${token.type}`)
        const node = twin.flow![token.type]!(token, { source: this.source, start, end: token.rawEnd! })
        if (node === undefined) throw new Bail(`its fast twin hands over ${token.type}`)
        return this.place(node, start, token.rawEnd!)
      }
    }
  }

  /** Whether a list item's first line has nothing after its marker. */
  private blankAfterMarker(offset: number): boolean {
    const lineEnd = this.source.indexOf('\n', offset)
    return /^(?:[-+*]|\d{1,9}[.)])[ \t]*$/.test(this.source.slice(offset, lineEnd === -1 ? this.source.length : lineEnd))
  }

  private previousLineHasText(offset: number): boolean {
    const lineStart = this.source.lastIndexOf('\n', offset - 1)
    if (lineStart <= 0) return false
    const previousStart = this.source.lastIndexOf('\n', lineStart - 1) + 1
    return /[^ \t]/.test(this.source.slice(previousStart, lineStart))
  }

  /** A fence that runs to the end of the document: its value is every line after the opening one, as written. */
  private unclosedFence(token: Token): RootContent {
    const start = token.lineStart!
    const lineStart = this.source.lastIndexOf('\n', start - 1) + 1
    if (start !== lineStart) throw new Bail('indented unclosed fence')
    const opening = this.source.indexOf('\n', start)
    const value = opening === -1 ? '' : this.source.slice(opening + 1).replace(/\n$/, '')
    const info = /^[ \t]*([^ \t]*)[ \t]*(.*)$/.exec(token.info)!
    return this.place({ type: 'code', lang: info[1] ? decodeString(info[1]) : null, meta: info[2] ? decodeString(info[2]) : null, value }, start, this.source.length)
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
    const destinationStart = pos
    const destination = this.helpers.parseLinkDestination(source, pos, max)
    if (!destination.ok) throw new Bail('definition destination')
    if (/\\[ \t\n]/.test(source.slice(pos, destination.pos))) throw new Bail('backslash before white space in a destination')
    const end = destination.pos
    pos = end
    while (pos < max && isSpace(source.charCodeAt(pos))) pos++
    let title: string | null = null
    if (pos > end && pos < max) {
      const parsed = this.helpers.parseLinkTitle(source, pos, max)
      if (!parsed.ok || parsed.pos !== max) throw new Bail('definition title')
      // An empty title is no title in mdast.
      title = decodeString(source.slice(pos + 1, parsed.pos - 1)) || null
    }
    if (this.features.gfm && raw.startsWith('^')) throw new Bail('footnote')
    // Without a title, a next line that opens one may be the title to micromark (one markdown-it refuses, `(()` say).
    if (title === null && /^\n[ \t]*["'(]/.test(source.slice(token.rawEnd!, token.rawEnd! + 16))) throw new Bail('definition over several lines')
    return this.place({ type: 'definition', identifier: normalizeIdentifier(raw).toLowerCase(), label: decodeString(raw), url: destinationOf(source.slice(destinationStart, end)), title }, start, token.rawEnd!)
  }

  private phrasing(tokens: Token[], content: Content): PhrasingContent[] {
    const root: { children: PhrasingContent[] } = { children: [] }
    const stack: Array<{ node: { children: PhrasingContent[] }; token?: Token }> = [{ node: root }]
    let text: Text | undefined
    let textStart = 0
    let textEnd = 0
    const flush = (): void => {
      if (text) {
        this.checkText(text.value)
        // Text that ends with a line ending before other content, in a container: micromark ends it after the
        // line ending, except after an unmatched backtick, a `[` that opens no link or a `](` that opens no
        // resource (micromark looked ahead from them, or merged them back into text), where it takes the next
        // line's prefix too.
        if (text.value.endsWith('\n') && content.prefixed && (sawBacktick || /\[|\]\(/.test(text.value))) throw new Bail('line ending before inline content in a container')
        // markdown-it gives up on `[a](` at the end of a paragraph, where micromark finds a reference.
        if (textEnd === content.text.length && /\]\([ \t\n]*$/.test(text.value)) throw new Bail('bracket before a parenthesis')
        // A resource with a parenthesis in a parenthesized title: markdown-it refuses the link, micromark takes it.
        // The title may come after other nodes (an autolink in angle brackets as the destination): the source from the text on says.
        if (text.value.includes('](') && /\]\([^)]*\(/.test(content.text.slice(textStart))) throw new Bail('bracket before a parenthesis')
        this.place(text, content.start(textStart), content.end(textEnd))
      }
      text = undefined
    }
    const add = (node: PhrasingContent): void => {
      flush()
      stack[stack.length - 1]!.node.children.push(node)
    }
    /** micromark leaves white space at the end of a line out of the text; markdown-it leaves tabs in. */
    const trimBeforeBreak = (previous: Token | undefined, breakStart: number, hard: boolean): void => {
      // Raw text, or a backslash that escapes nothing (white space after a backslash is still white space).
      const literal = previous?.type === 'text' || (previous?.type === 'text_special' && previous.info === 'escape' && previous.content.length === 2)
      if (!text || !literal) return
      const trimmed = text.value.replace(/[ \t]+$/, '')
      textEnd -= text.value.length - trimmed.length
      text.value = trimmed
      if (trimmed !== '') return
      // Nothing but white space before the break: the text starts at the line ending, or is not there.
      if (hard) {
        const siblings = stack[stack.length - 1]!.node.children
        siblings.splice(siblings.indexOf(text), 1)
        text = undefined
      } else {
        textStart = breakStart
      }
    }
    /** Whether a backtick that opens no code span (or a twin's marker that opens nothing) is in the text so far. */
    let sawBacktick = false
    const addText = (value: string, start: number, end: number): void => {
      if (value.includes('`') || this.textMarkers.some((marker) => value.includes(marker))) sawBacktick = true
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
          if (token.type === 'softbreak') trimBeforeBreak(tokens[index - 1], start, false)
          // A line ending ends its text: the next line's indentation is not in it.
          addText(token.type === 'softbreak' ? '\n' : token.content, start, token.type === 'softbreak' ? start + 1 : end)
          break
        case 'hardbreak': {
          if (start === undefined) throw new Bail('break without offsets')
          let from = start
          let newline = start
          if (content.text[start] === '\\') newline = start + 1
          else while (from > 0 && content.text[from - 1] === ' ') from--
          if (content.text[start] !== '\\' && content.text[from - 1] === '\t') {
            // micromark breaks a line hard only after spaces alone: with a tab among them, the break is soft.
            trimBeforeBreak(tokens[index - 1], start, false)
            addText('\n', start, start + 1)
            break
          }
          // Before a backslash break, white space is text.
          if (content.text[start] !== '\\') trimBeforeBreak(tokens[index - 1], start, true)
          // In a container, micromark ends a break after its line ending, except after an unmatched backtick.
          if (content.prefixed && sawBacktick) throw new Bail('line break in a container')
          add(this.place({ type: 'break' }, content.start(from), content.start(newline) + 1))
          break
        }
        case 'code_inline':
          if (start === undefined || end === undefined) throw new Bail('code without offsets')
          this.checkSpan(content.text.slice(start, end))
          add(this.place({ type: 'inlineCode', value: codeText(content.text.slice(start + token.markup.length, end - token.markup.length)) }, content.start(start), content.end(end)))
          break
        case 'html_inline':
          if (start === undefined || end === undefined) throw new Bail('html without offsets')
          // micromark takes up to three columns of a continuation line's indentation out of HTML; markdown-it none.
          if (/\n[ \t]/.test(token.content)) throw new Bail('HTML over indented lines')
          if (unicodeSpace.test(token.content)) throw new Bail('HTML with Unicode white space')
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
        case 'footnote_ref': {
          if (start === undefined || end === undefined) throw new Bail('footnote call without offsets')
          const label = (token.meta as { label: string }).label
          add(this.place({ type: 'footnoteReference', identifier: normalizeIdentifier(label).toLowerCase(), label: decodeString(label) }, content.start(start), content.end(end)))
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
        default: {
          const twin = this.features.twins.find(({ twin }) => twin.text?.[token.type])?.twin
          if (!twin) throw new Bail(`no mdast for ${token.type}`)
          if (start === undefined || end === undefined) throw new Bail(`${token.type} without offsets`)
          this.checkSpan(content.text.slice(start, end))
          const from = content.start(start)
          const to = content.end(end)
          const node = twin.text![token.type]!(token, { source: this.source, start: from, end: to })
          if (node === undefined) throw new Bail(`its fast twin hands over ${token.type}`)
          add(this.place(node, from, to))
        }
      }
    }
    flush()
    if (stack.length !== 1) throw new Bail('unclosed inline')
    return root.children
  }

  /**
   * Syntax that micromark reads in text and the fast driver does not read
   * yet. Each is looked for in the text the tree ends up with: what micromark
   * would read as one of them is text here, never code or HTML.
   */
  private checkText(value: string): void {
    if (this.features.gfm) {
      // What GFM may link: `www.`, `http://`, `https://`, or an email address (`mailto:` and `xmpp:` ones have one too).
      if (/www\.|https?:\/\/|[\w+.-]@[\w-]+\./i.test(value)) throw new Bail('autolink literal')
      if (value.includes('[^')) throw new Bail('footnote')
      if (value.includes('|')) throw new Bail('table')
    }

    if (this.features.directive && hasDirectiveName(value)) throw new Bail('directive')
  }

  /**
   * Code or other literal text over lines: micromark finds a table's
   * delimiter row among its lines before it reads text (a GFM table is
   * flow), where markdown-it reads the lines as one paragraph.
   */
  private checkSpan(raw: string): void {
    if (this.features.gfm && raw.includes('\n') && raw.includes('|')) throw new Bail('table')
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
        if (destination.ok && /\\[ \t\n]/.test(text.slice(pos, destination.pos))) throw new Bail('backslash before white space in a destination')
        if (destination.ok) {
          url = destinationOf(text.slice(pos, destination.pos))
          pos = destination.pos
        }
        const before = pos
        while (pos < end - 1 && /[ \t\n]/.test(text[pos]!)) pos++
        if (pos < end - 1) {
          const parsed = this.helpers.parseLinkTitle(text, pos, end - 1)
          if (!parsed.ok || pos === before) throw new Bail('link title')
          title = decodeString(text.slice(pos + 1, parsed.pos - 1)) || null
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

/**
 * White space that JavaScript's `\s` matches and CommonMark does not: markdown-it's HTML patterns take it for
 * white space (`<span\u00a0>`, `</div>\u3000` on its own line), micromark does not.
 */
const unicodeSpace = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/

/** A link destination as micromark keeps it: without its angle brackets, escapes and character references decoded. */
function destinationOf(raw: string): string {
  return decodeString(raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw)
}

/** Whether a colon is followed by a character that may start a directive name (judged by UTF-16 unit, as micromark does). */
function hasDirectiveName(value: string): boolean {
  for (let at = value.indexOf(':'); at !== -1 && at + 1 < value.length; at = value.indexOf(':', at + 1)) {
    const next = value[at + 1]!
    if (!/\s/.test(next) && !/[\p{P}\p{S}]/u.test(next)) return true
  }
  return false
}

function fail(reason: string): never {
  throw new Bail(reason)
}
