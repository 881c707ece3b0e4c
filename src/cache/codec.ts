import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { deserialize, serialize } from 'node:v8'
import type { Root } from 'hast'
import { VFileMessage } from 'vfile-message'

/**
 * A document's body kept as bytes: the hast tree as JSON (unist trees are JSON
 * by definition, and JSON.parse is three times faster than V8's deserializer
 * on them), deflated to about a sixth. A tree holding anything JSON would not
 * give back the same (a Map, a Date, a cycle in node data) is kept with V8's
 * serializer instead. The first byte says which. Bodies cross from workers and
 * live in the cache this way, and a build holds them like this until it renders each page.
 */
export type StoredBody = Uint8Array

const asJson = 0x4a
const asV8 = 0x56

class NotJson extends Error {}

/**
 * JSON.stringify's replacer: refuses any value that JSON would not give back
 * as it was. It looks at the value as it is in its holder, before `toJSON`
 * (a Date's) has turned it into something else.
 */
function plainOnly(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = key === '' ? value : this[key]
  switch (typeof raw) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      // NaN and the infinities would come back as null, -0 as 0.
      if (!Number.isFinite(raw) || Object.is(raw, -0)) throw new NotJson()
      return value
    case 'undefined':
      // An absent property reads the same; a hole in an array would come back as null.
      if (Array.isArray(this)) throw new NotJson()
      return value
    case 'object':
      if (raw === null || Array.isArray(raw) || Object.getPrototypeOf(raw) === Object.prototype) return value
      throw new NotJson()
    default:
      throw new NotJson()
  }
}

export function encodeBody(tree: Root): StoredBody {
  let tag = asJson
  let payload: Uint8Array
  try {
    payload = Buffer.from(JSON.stringify(tree, plainOnly))
  } catch {
    tag = asV8
    payload = serialize(tree)
  }
  const deflated = deflateRawSync(payload, { level: 1 })
  const body = new Uint8Array(deflated.length + 1)
  body[0] = tag
  body.set(deflated, 1)
  return body
}

export function decodeBody(body: StoredBody): Root {
  const payload = inflateRawSync(body.subarray(1))
  return (body[0] === asJson ? JSON.parse(payload.toString('utf8')) : deserialize(payload)) as Root
}

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
