import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { deserialize, serialize } from 'node:v8'
import type { Root } from 'hast'
import { VFileMessage } from 'vfile-message'

/**
 * A document's body kept as bytes: the hast tree serialized by V8 and deflated
 * (about a sixth of the serialized size). Bodies cross from workers and live in
 * the cache this way, and a build holds them like this until it renders each page.
 */
export type StoredBody = Uint8Array

export const encodeBody = (tree: Root): StoredBody => deflateRawSync(serialize(tree), { level: 1 })

export const decodeBody = (body: StoredBody): Root => deserialize(inflateRawSync(body)) as Root

/** A message as plain data, for the cache and for crossing threads. */
export interface PlainMessage {
  reason: string
  place: VFileMessage['place']
  fatal: boolean | null | undefined
  file: string
  source: string | undefined
  ruleId: string | undefined
  url: string | undefined
  note: string | undefined
  expected: string[] | undefined
  actual: string | undefined
  /** The stack of what was thrown, when a hook crashed. */
  causeStack: string | undefined
  causeMessage: string | undefined
}

export function toPlainMessage(message: VFileMessage): PlainMessage {
  const cause = message.cause instanceof Error ? message.cause : undefined
  return {
    reason: message.reason,
    place: message.place,
    fatal: message.fatal,
    file: message.file ?? '',
    source: message.source,
    ruleId: message.ruleId,
    url: message.url,
    note: message.note,
    expected: message.expected,
    actual: message.actual,
    causeStack: cause?.stack,
    causeMessage: cause?.message,
  }
}

export function fromPlainMessage(plain: PlainMessage): VFileMessage {
  let cause: Error | undefined
  if (plain.causeMessage !== undefined || plain.causeStack !== undefined) {
    cause = new Error(plain.causeMessage ?? '')
    cause.stack = plain.causeStack
  }
  const message = new VFileMessage(plain.reason, { place: plain.place, source: plain.source, ruleId: plain.ruleId, cause })
  message.fatal = plain.fatal
  message.file = plain.file
  message.url = plain.url
  message.note = plain.note
  message.expected = plain.expected
  message.actual = plain.actual
  return message
}
