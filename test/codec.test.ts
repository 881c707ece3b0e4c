import type { Root } from 'hast'
import { describe, expect, it } from 'vitest'
import { decodeBody, decodeValue, encodeBody, encodeValue, isPlainTree } from '../src/pipeline/codec.js'
import { DocumentThreads, largeRead, parallelThreshold } from '../src/pipeline/threads/threads.js'
import type { Sheaf } from '../src/sheaf.js'

const tree = (data: Record<string, unknown> = {}): Root =>
  ({
  type: 'root',
  children: [{ type: 'element', tagName: 'p', properties: { className: ['x'], hidden: false }, children: [{ type: 'text', value: 'é ✓' }], data }],
  position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 4, offset: 3 } },
  }) as unknown as Root

describe('stored bodies', () => {
  it('keep a plain tree as JSON and give it back equal', () => {
    const body = encodeBody(tree())
    expect(String.fromCharCode(body[0]!)).toBe('J')
    expect(decodeBody(body)).toEqual(tree())
  })

  it('keep a tree with values JSON would change through V8, and give it back equal', () => {
    for (const data of [{ seen: new Map([['a', 1]]) }, { when: new Date(0) }, { list: [1, undefined, 3] }, { big: 10n }, { ratio: Number.NaN }, { far: -Infinity }]) {
      const original = tree(data)
      const body = encodeBody(original)
      expect(String.fromCharCode(body[0]!)).toBe('V')
      expect(decodeBody(body)).toEqual(original)
    }
  })

  it('treat an absent property and one set to undefined alike, as JSON does', () => {
    const body = encodeBody(tree({ note: undefined }))
    expect(String.fromCharCode(body[0]!)).toBe('J')
    expect(decodeBody(body)).toEqual(tree({}))
  })
})

describe('trees kept as they are, not encoded', () => {
  it('are plain JSON trees in which no object is reached twice', () => {
    expect(isPlainTree(tree())).toBe(true)
    expect(isPlainTree(tree({ when: new Date(0) }))).toBe(false)
    // Two nodes sharing one object: a change to one would show in the other, which a copy through JSON would not.
    const shared = { line: 1, column: 1, offset: 0 }
    const twice = tree()
    twice.position = { start: shared, end: shared }
    expect(isPlainTree(twice)).toBe(false)
    const cycle = tree() as unknown as { data: unknown }
    cycle.data = { self: cycle }
    expect(isPlainTree(cycle)).toBe(false)
  })
})

describe('threads', () => {
  const threads = (count: number, chosen?: boolean): DocumentThreads => new DocumentThreads({} as Sheaf, count, { chosen })
  it('on two cores, unless chosen, are worth it only for a large build; on more, and when chosen, from the threshold', () => {
    expect([threads(2).worth(parallelThreshold), threads(2).worth(largeRead - 1), threads(2).worth(largeRead)]).toEqual([false, false, true])
    expect([threads(2, true).worth(parallelThreshold - 1), threads(2, true).worth(parallelThreshold)]).toEqual([false, true])
    expect([threads(3).worth(parallelThreshold - 1), threads(3).worth(parallelThreshold)]).toEqual([false, true])
    expect(threads(1).worth(largeRead)).toBe(false)
  })
})

describe('cache records', () => {
  it('are JSON when the value is plain and V8 otherwise, and come back equal', () => {
    const plain = { documents: { 'a.md': 'key' }, rendered: { 'a.md': { data: { title: 'A', tags: ['x'] } } } }
    const encoded = encodeValue(plain)
    expect(String.fromCharCode(encoded[0]!)).toBe('J')
    expect(Buffer.from(encoded.subarray(1)).toString()).toBe(JSON.stringify(plain))
    expect(decodeValue(encoded)).toEqual(plain)
    const dated = { data: { date: new Date(0) } }
    expect(String.fromCharCode(encodeValue(dated)[0]!)).toBe('V')
    expect(decodeValue(encodeValue(dated))).toEqual(dated)
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    expect(String.fromCharCode(encodeValue(cyclic)[0]!)).toBe('V')
    expect(decodeValue(encodeValue(cyclic))).toEqual(cyclic)
    // Deep but acyclic: JSON, which reads back what V8's deserializer could not (its stack runs out).
    let deep: Record<string, unknown> = { leaf: true }
    for (let level = 0; level < 2000; level++) deep = { child: deep }
    expect(String.fromCharCode(encodeValue(deep)[0]!)).toBe('J')
    let back = decodeValue(encodeValue(deep)) as Record<string, unknown>
    let levels = 0
    while (back.child) (back = back.child as Record<string, unknown>), levels++
    expect([levels, back]).toEqual([2000, { leaf: true }])
    expect(() => decodeValue(Uint8Array.of(0x51, 1, 2))).toThrow('not an encoded value')
  })
})
