import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'

/** Where the offsets of text from other files start: past any document's own text. */
const firstOffset = 2 ** 40

/**
 * Reserve a range of offsets in `document` for `length` characters of text
 * from the file `path`, and give where it starts: nodes parsed from that text
 * carry offsets in the range, and `placeIncluded` names `path` for a message
 * about one of them. The ranges go with the document's data (and the cache).
 */
export function reserveOffsets(document: VFile, path: string, length: number): number {
  const ranges = (document.data.included ??= [])
  const start = ranges.reduce((end, [, to]) => Math.max(end, to), firstOffset)
  ranges.push([start, start + length, path])
  return start
}

/**
 * A message about a node parsed from another file (an included one) names
 * that file, with the offset in it; its line and column are that file's
 * already. Other messages are left as they are.
 */
export function placeIncluded(document: VFile, message: VFileMessage): VFileMessage {
  const ranges = document.data.included
  const place = message.place
  if (ranges === undefined || place === undefined) return message
  const points = 'start' in place ? [place.start, place.end] : [place]
  const offset = points[0]?.offset
  if (offset === undefined || offset < firstOffset) return message
  const range = ranges.find(([from, to]) => offset >= from && offset < to)
  if (range === undefined) return message
  message.file = range[2]
  for (const point of points) if (point.offset !== undefined) point.offset -= range[0]
  return message
}
