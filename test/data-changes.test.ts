import { describe, expect, it } from 'vitest'
import type { Data } from 'vfile'
import { applyChanges, changesOf, isDataChanges } from '../src/pipeline/data-changes.js'

describe('what rendering changed of a file\'s data', () => {
  it('holds only the fields set to another value and those removed, and gives the rendered data back when applied', () => {
    const before = { title: 'T', toc: [{ depth: 2, text: 'A', id: 'a' }], extra: { items: [1] }, draft: false, gone: 'x', cleared: 1 } as Data
    const after = { title: 'T', toc: [{ depth: 2, text: 'A', id: 'a' }], extra: { items: [1, 2] }, draft: false, cleared: undefined, added: new Date(5) } as Data
    const changes = changesOf(before, after)
    expect(changes).toEqual({ set: { extra: { items: [1, 2] }, added: new Date(5) }, removed: ['cleared', 'gone'] })
    const data = structuredClone(before)
    applyChanges(data, changes)
    expect(data).toEqual({ title: 'T', toc: [{ depth: 2, text: 'A', id: 'a' }], extra: { items: [1, 2] }, draft: false, added: new Date(5) })
    expect(Object.keys(data)).not.toContain('cleared')
  })

  it('is empty when rendering changed nothing, and tells a value of its shape from one read back damaged', () => {
    const data = { a: 1, b: { c: [1] } } as Data
    expect(changesOf(data, structuredClone(data))).toEqual({ set: {}, removed: [] })
    expect(isDataChanges({ set: {}, removed: [] })).toBe(true)
    for (const damaged of [null, {}, { set: null, removed: [] }, { set: {}, removed: [1] }, { set: {}, removed: 'a' }]) expect(isDataChanges(damaged)).toBe(false)
  })
})
