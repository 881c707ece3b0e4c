import { isDeepStrictEqual } from 'node:util'
import type { Data } from 'vfile'

/**
 * What rendering changed of a file's data: the fields it set to another
 * value, and those it removed (or set to undefined). Rendering leaves most
 * fields as reading made them, so a build carries this, not a second copy of
 * every page's data, from the threads to the store and into place.
 */
export interface DataChanges {
  set: Record<string, unknown>
  removed: string[]
}

/** The fields of `after` that differ from `before` (by deep equality), and those of `before` that `after` lacks. */
export function changesOf(before: Data, after: Data): DataChanges {
  const set: Record<string, unknown> = {}
  const removed: string[] = []
  const was = before as Record<string, unknown>
  const now = after as Record<string, unknown>
  for (const [name, value] of Object.entries(now)) {
    if (value === undefined) {
      if (was[name] !== undefined) removed.push(name)
    } else if (!isDeepStrictEqual(value, was[name])) set[name] = value
  }
  for (const name of Object.keys(was)) if (!Object.hasOwn(now, name) && was[name] !== undefined) removed.push(name)
  return { set, removed }
}

/** Apply `changes` to `data` in place. */
export function applyChanges(data: Data, changes: DataChanges): void {
  const fields = data as Record<string, unknown>
  for (const name of changes.removed) delete fields[name]
  Object.assign(fields, changes.set)
}

/** Whether a value read back from a store is shaped as `DataChanges` (its values are checked where they are used). */
export function isDataChanges(value: unknown): value is DataChanges {
  const changes = value as Partial<DataChanges> | null | undefined
  return typeof changes === 'object' && changes !== null && typeof changes.set === 'object' && changes.set !== null && Array.isArray(changes.removed) && changes.removed.every((name) => typeof name === 'string')
}
