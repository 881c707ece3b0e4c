import { isUtf8 } from 'node:buffer'

/** Something wrong with a document's bytes, where it first happens (1-based line and column). */
export interface SourceProblem {
  line: number
  column: number
  reason: string
}

/** The length of a valid UTF-8 sequence at `at`, or 0 when the bytes there are not one. */
function sequenceAt(bytes: Uint8Array, at: number): number {
  const first = bytes[at]!
  if (first < 0x80) return 1
  const [length, min, max] =
    first >= 0xc2 && first <= 0xdf
      ? [2, 0x80, 0xbf]
      : first === 0xe0
        ? [3, 0xa0, 0xbf]
        : first === 0xed
          ? [3, 0x80, 0x9f]
          : first >= 0xe1 && first <= 0xef
            ? [3, 0x80, 0xbf]
            : first === 0xf0
              ? [4, 0x90, 0xbf]
              : first === 0xf4
                ? [4, 0x80, 0x8f]
                : first >= 0xf1 && first <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : [0, 0, 0]
  if (length === 0 || at + length > bytes.length) return 0
  const second = bytes[at + 1]!
  if (second < min || second > max) return 0
  for (let i = 2; i < length; i++) if (bytes[at + i]! < 0x80 || bytes[at + i]! > 0xbf) return 0
  return length
}

/** Line and column (in characters, as the decoded text has them) of byte `offset`. */
function placeOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let at = 0; at < offset; at++) {
    if (bytes[at] === 0x0a) {
      line += 1
      lineStart = at + 1
    }
  }
  let column = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1
  // A byte order mark is dropped from the text: it takes no column.
  if (lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) column -= 1
  return { line, column }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * A document's text from its bytes, as UTF-8. Bytes that are not UTF-8 become
 * U+FFFD (as a browser shows them), and so do NUL characters (as CommonMark
 * asks); either is a warning at the first place it happens, with how many
 * there are. A byte order mark is dropped, and CRLF line ends are read as line
 * ends, both without a word.
 */
export function decodeSource(bytes: Uint8Array): { text: string; problems: SourceProblem[] } {
  const problems: SourceProblem[] = []
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (!isUtf8(buffer)) {
    let first = -1
    let count = 0
    for (let at = 0; at < bytes.length; ) {
      const length = sequenceAt(bytes, at)
      if (length > 0) {
        at += length
        continue
      }
      if (first === -1) first = at
      count += 1
      at += 1
    }
    problems.push({
      ...placeOf(bytes, first),
      reason: `The document is not valid UTF-8: ${plural(count, 'byte')} not part of any character, shown as U+FFFD (�), the first here. Save the file as UTF-8.`,
    })
  }
  const nul = buffer.indexOf(0)
  if (nul !== -1) {
    let count = 0
    for (let at = nul; at !== -1; at = buffer.indexOf(0, at + 1)) count += 1
    problems.push({ ...placeOf(bytes, nul), reason: `The document holds ${plural(count, 'NUL character')}, shown as U+FFFD (�), the first here: is it a text file?` })
  }
  let text = buffer.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return { text, problems }
}
