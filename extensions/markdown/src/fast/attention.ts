import type { Token } from './tokenizer.js'

/* eslint-disable @typescript-eslint/no-explicit-any -- markdown-it's rule states are untyped internals */

/**
 * Emphasis, strong emphasis and GFM strikethrough for markdown-it, matched as
 * micromark matches them, which is not quite as markdown-it does:
 *
 * - the "multiple of 3" rule counts what is left of each run, not its length;
 * - `~` runs of one or two strike through (GFM), longer ones are text;
 * - resolution goes as micromark's resolvers go: the kind that appears first
 *   is matched first over the whole text, and inside each span the spans
 *   within are matched (emphasis, then strikethrough) and the rest is text.
 *
 * The tokenizer pushes one text token per marker character, as markdown-it
 * does, and records each run; the resolver turns matched characters into
 * `em_open`, `strong_open`, `s_open` (and their closes) where markdown-it
 * would put them, and leaves the rest as text.
 */

interface Run {
  marker: number
  /** Index of the run's first character's token. */
  token: number
  /** The characters not yet used, as token indices [low, high). */
  low: number
  high: number
  open: boolean
  close: boolean
}

type Kind = 'attention' | 'strike'

const kindOf = (run: Run): Kind => (run.marker === 0x7e ? 'strike' : 'attention')

/** micromark's classifyCharacter on one UTF-16 unit: 1 for white space (or none), 2 for punctuation or a symbol. */
function classify(character: string | undefined): 1 | 2 | undefined {
  if (character === undefined || /\s/.test(character)) return 1
  if (/[\p{P}\p{S}]/u.test(character)) return 2
  return undefined
}

/** The inline rule for `*`, `_` and (with GFM) `~` runs. */
export function attentionRule(strikethrough: boolean) {
  return function attention(state: any, silent: boolean): boolean {
    const source: string = state.src
    const start: number = state.pos
    const marker = source.charCodeAt(start)
    if (marker !== 0x2a && marker !== 0x5f && !(strikethrough && marker === 0x7e)) return false
    if (silent) return false
    let end = start
    while (end < state.posMax && source.charCodeAt(end) === marker) end++
    const previous = start > 0 ? source[start - 1] : undefined
    const next = end < state.posMax ? source[end] : undefined
    const before = classify(previous)
    const after = classify(next)
    if (marker === 0x7e) {
      // A `~` right after a `~` starts nothing (unless that one was escaped), and a run of three or more is text.
      const escaped = previous === '~' && state.tokens[state.tokens.length - 1]?.type === 'text_special' && state.tokens[state.tokens.length - 1]?.end === start
      if (end - start > 2 || (previous === '~' && !escaped)) {
        state.pending += source.slice(start, end)
        state.pos = end
        return true
      }
    }
    let open: boolean
    let close: boolean
    if (marker === 0x7e) {
      open = !after || (after === 2 && Boolean(before))
      close = !before || (before === 2 && Boolean(after))
    } else {
      // micromark loosens flanking next to other constructs' markers (`~` with GFM).
      const loose = (character: string | undefined) => strikethrough && character === '~'
      const opens = !after || (after === 2 && Boolean(before)) || loose(next)
      const closes = !before || (before === 2 && Boolean(after)) || loose(previous)
      open = marker === 0x2a ? opens : opens && (Boolean(before) || !closes)
      close = marker === 0x2a ? closes : closes && (Boolean(after) || !opens)
    }
    if (state.pending) state.pushPending()
    const first = state.tokens.length
    for (let at = start; at < end; at++) {
      const token = state.push('text', '', 0)
      token.content = source[at]
    }
    const run: Run = { marker, token: first, low: first, high: first + (end - start), open, close }
    state.delimiters.push(run)
    state.pos = end
    return true
  }
}

/** The post-processing rule: match the runs of each nesting level (the text, and each link's label). */
export function resolveAttention(state: any): void {
  resolveTop(state.delimiters as Run[], state.tokens as Token[])
  for (const meta of state.tokens_meta as Array<{ delimiters?: Run[] } | null>) {
    if (meta?.delimiters) resolveTop(meta.delimiters, state.tokens as Token[])
  }
}

function resolveTop(runs: Run[], tokens: Token[]): void {
  if (runs.length === 0) return
  // micromark runs each construct's resolver in the order the constructs first appear.
  const first = kindOf(runs[0]!)
  resolveKind(first, runs, 0, runs.length, tokens)
  resolveKind(first === 'attention' ? 'strike' : 'attention', runs, 0, runs.length, tokens)
}

function alive(run: Run): boolean {
  return run.high > run.low
}

function resolveKind(kind: Kind, runs: Run[], from: number, to: number, tokens: Token[]): void {
  for (let index = from; index < to; index++) {
    const closer = runs[index]!
    if (kindOf(closer) !== kind || !closer.close || !alive(closer)) continue
    for (let back = index - 1; back >= from; back--) {
      const opener = runs[back]!
      if (kindOf(opener) !== kind || !opener.open || !alive(opener) || opener.marker !== closer.marker) continue
      const openSize = opener.high - opener.low
      const closeSize = closer.high - closer.low
      if (kind === 'attention') {
        if ((opener.close || closer.open) && closeSize % 3 && !((openSize + closeSize) % 3)) continue
      } else if (openSize !== closeSize) {
        continue
      }
      const use = kind === 'strike' ? closeSize : openSize > 1 && closeSize > 1 ? 2 : 1
      mark(tokens, opener.high - use, use, kind, opener.marker, 1)
      mark(tokens, closer.low, use, kind, closer.marker, -1)
      opener.high -= use
      closer.low += use
      // The runs inside the span are matched among themselves, and what is left of them is text.
      resolveKind('attention', runs, back + 1, index, tokens)
      resolveKind('strike', runs, back + 1, index, tokens)
      for (let inner = back + 1; inner < index; inner++) runs[inner]!.high = runs[inner]!.low
      // What is left of this closer may close another opener.
      if (alive(closer)) index--
      break
    }
  }
}

/** Turn `use` marker characters from `at` into an opening or closing token, as markdown-it's own rules would. */
function mark(tokens: Token[], at: number, use: number, kind: Kind, marker: number, nesting: 1 | -1): void {
  const character = String.fromCharCode(marker)
  const name = kind === 'strike' ? 's' : use === 2 ? 'strong' : 'em'
  // Opening: the last character carries the token; closing: the first.
  const carrier = nesting === 1 ? at + use - 1 : at
  for (let index = at; index < at + use; index++) tokens[index]!.content = ''
  const token = tokens[carrier]!
  token.type = `${name}_${nesting === 1 ? 'open' : 'close'}`
  token.tag = name
  token.nesting = nesting
  token.markup = character.repeat(use)
}
