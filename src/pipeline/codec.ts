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

/**
 * A read document's body as a build holds it until its page is rendered: stored,
 * or the tree itself where it is rendered on the thread that read it and
 * nothing keeps it (no cache), so it is neither encoded nor decoded.
 */
export type HeldBody = StoredBody | Root

/** The first byte of an encoded value: JSON follows, or V8's serialization. */
export const asJson = 0x4a
export const asV8 = 0x56

/**
 * Whether JSON gives `value` back as it is: strings, booleans, finite numbers
 * (not -0), null, arrays without holes or undefined, and plain objects of
 * those (a property set to undefined is dropped, and reads the same), with no
 * cycle. A walk in JavaScript, several times faster than a replacer that
 * JSON.stringify calls back for every key. `path` holds the objects above;
 * with `once`, every object met so far, so an object met twice (shared by two
 * nodes, which JSON would copy apart) is not plain either.
 */
function isPlain(value: unknown, path: Set<object>, once: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      // NaN and the infinities would come back as null, -0 as 0.
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object': {
      if (value === null) return true
      if (path.has(value)) return false
      path.add(value)
      try {
        if (Array.isArray(value)) {
          for (let index = 0; index < value.length; index++) {
            const item: unknown = value[index]
            // A hole or undefined in an array would come back as null.
            if (item === undefined || !isPlain(item, path, once)) return false
          }
          return true
        }
        if (Object.getPrototypeOf(value) !== Object.prototype) return false
        for (const key in value) {
          const item = (value as Record<string, unknown>)[key]
          if (item !== undefined && !isPlain(item, path, once)) return false
        }
        return true
      } finally {
        if (!once) path.delete(value)
      }
    }
    default:
      return false
  }
}

/** Whether `value` can be kept as JSON; a tree too deep to walk is left to V8. */
export function isJson(value: unknown): boolean {
  try {
    return isPlain(value, new Set(), false)
  } catch {
    return false
  }
}

/**
 * Whether a tree may be used as it is where it would otherwise be encoded and
 * decoded: it is plain JSON (see `isPlain`) and no object in it is reached
 * twice, so the tree and its copy through JSON behave the same under any change.
 */
export function isPlainTree(value: unknown): boolean {
  try {
    return isPlain(value, new Set(), true)
  } catch {
    return false
  }
}

/** A value as a tag and a payload: JSON where JSON gives the value back unchanged, else V8's serialization. */
function encodePayload(value: unknown, plain?: boolean): { tag: number; payload: Uint8Array } {
  if (plain ?? isJson(value)) return { tag: asJson, payload: Buffer.from(JSON.stringify(value)) }
  return { tag: asV8, payload: serialize(value) }
}

/** The value of a payload of either kind, by its tag. */
export function decodePayload(tag: number | undefined, payload: Uint8Array): unknown {
  if (tag === asJson) return JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'))
  if (tag === asV8) return deserialize(payload)
  throw new Error('not an encoded value')
}

const tagged = (tag: number, payload: Uint8Array): Uint8Array => {
  const bytes = Buffer.allocUnsafe(payload.length + 1)
  bytes[0] = tag
  bytes.set(payload, 1)
  return bytes
}

/** A value as bytes (a tag byte, then JSON or V8's serialization), for the cache's records. */
export function encodeValue(value: unknown): Uint8Array {
  const { tag, payload } = encodePayload(value)
  return tagged(tag, payload)
}

/** The value of `encodeValue`'s bytes; throws on bytes that are not. */
export const decodeValue = (bytes: Uint8Array): unknown => decodePayload(bytes[0], bytes.subarray(1))

/** A tree as a body: encoded as `encodeValue` does, the payload deflated. `plain`: the tree is known to be plain JSON. */
export function encodeBody(tree: Root, plain?: boolean): StoredBody {
  const { tag, payload } = encodePayload(tree, plain)
  return tagged(tag, deflateRawSync(payload, { level: 1 }))
}

/** A held body as stored: encoded if it is a tree. */
export const storedBody = (body: HeldBody): StoredBody => (body instanceof Uint8Array ? body : encodeBody(body))

export function decodeBody(body: StoredBody): Root {
  return decodePayload(body[0], inflateRawSync(body.subarray(1))) as Root
}

/** A message as plain data, for the cache and for crossing threads. */
export interface PlainMessage {
  /** What the message prints before its reason: the file and place, `guide/intro.md:3:1-3:9`. */
  name: string
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
    name: message.name,
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
  message.name = plain.name ?? message.name
  message.fatal = plain.fatal
  message.file = plain.file
  message.url = plain.url
  message.note = plain.note
  message.expected = plain.expected
  message.actual = plain.actual
  return message
}
