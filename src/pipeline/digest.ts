import { createHash } from 'node:crypto'

/** A SHA-256 digest of the parts, each ended by a NUL so that parts cannot run into each other. */
export const hash = (...parts: Array<string | Uint8Array>): string => {
  const h = createHash('sha256')
  for (const part of parts) {
    h.update(part)
    h.update('\0')
  }
  return h.digest('hex')
}

/**
 * A JSON-like text of any value, with object keys sorted and properties that
 * are undefined left out, so equal values give equal text. Functions stand for their source text (a config's inline plugin
 * changes its key when its code changes); cycles and unknown objects are named.
 */
export function stableText(value: unknown): string {
  const seen = new Set<object>()
  const walk = (v: unknown): string => {
    if (v === undefined) return 'undefined'
    if (typeof v === 'function') return `function:${v.name}:${hash(String(v))}`
    if (typeof v === 'bigint') return `${v}n`
    if (typeof v === 'symbol') return String(v)
    if (v === null || typeof v !== 'object') return JSON.stringify(v)
    if (seen.has(v)) return '[cycle]'
    seen.add(v)
    try {
      if (Array.isArray(v)) return `[${v.map(walk).join(',')}]`
      if (v instanceof Date) return `date:${v.toISOString()}`
      if (v instanceof RegExp) return `regexp:${String(v)}`
      if (v instanceof Map) return `map:${walk([...v.entries()])}`
      if (v instanceof Set) return `set:${walk([...v.values()])}`
      if (ArrayBuffer.isView(v)) return `bytes:${hash(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}`
      // A property set to undefined reads the same as an absent one (and the cache keeps JSON, which drops it).
      const record = v as Record<string, unknown>
      const keys = Object.keys(v)
        .filter((key) => record[key] !== undefined)
        .sort()
      return `{${keys.map((key) => `${JSON.stringify(key)}:${walk(record[key])}`).join(',')}}`
    } finally {
      seen.delete(v)
    }
  }
  return walk(value)
}

