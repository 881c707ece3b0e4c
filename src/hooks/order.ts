import { SheafError } from '../errors.js'
import type { HookOrder } from '../extensions/types.js'

export interface Orderable {
  name: string
  extension: string
  order?: HookOrder | undefined
  before?: string[] | undefined
  after?: string[] | undefined
}

const rank = (order: HookOrder | undefined): number => (order === 'pre' ? 0 : order === 'post' ? 2 : 1)

/**
 * Sort hooks of one kind. The order is: explicit `before` / `after` edges first
 * (a hook named in them but not registered is ignored: its extension may be
 * disabled), then `order` (`pre`, unmarked, `post`), then registration order.
 * A hint moves only the hook that gives it: one with `before: ['x']` runs
 * where `x` would (just before it) if that is earlier than its own place,
 * one with `after: ['x']` just after `x` if that is later, and every other
 * hook keeps its place. A cycle of `before` / `after` is an error that lists it.
 */
export function orderHooks<T extends Orderable>(
  entries: readonly T[],
  kind: string,
  cycleMessage: (cycle: T[]) => string = (cycle) =>
    `The ${kind} hooks have a cycle in their before/after hints: ${cycle.map((e) => `${e.name} (${e.extension})`).join(' -> ')}.`,
): T[] {
  const byName = new Map<string, number>()
  entries.forEach((entry, index) => byName.set(entry.name, index))
  const successors: number[][] = entries.map(() => [])
  const incoming = entries.map(() => 0)
  const edge = (from: number, to: number): void => {
    successors[from]!.push(to)
    incoming[to]! += 1
  }
  entries.forEach((entry, index) => {
    for (const name of entry.before ?? []) {
      const other = byName.get(name)
      if (other !== undefined && other !== index) edge(index, other)
    }
    for (const name of entry.after ?? []) {
      const other = byName.get(name)
      if (other !== undefined && other !== index) edge(other, index)
    }
  })
  // Each hook's place without hints, then moved by its own hints: earlier to the place of the earliest
  // hook it must precede (and of those that one must precede), later to that of the latest it must follow.
  const base = entries.map((entry, index) => rank(entry.order) * entries.length + index)
  const beforeOf = entries.map((entry) => (entry.before ?? []).map((name) => byName.get(name)).filter((other): other is number => other !== undefined))
  const afterOf = entries.map((entry) => (entry.after ?? []).map((name) => byName.get(name)).filter((other): other is number => other !== undefined))
  const settle = (links: number[][], pick: (a: number, b: number) => number, from: number[]): number[] => {
    const place: Array<number | undefined> = entries.map(() => undefined)
    const visit = (index: number, path: Set<number>): number => {
      const known = place[index]
      if (known !== undefined) return known
      let value = from[index]!
      path.add(index)
      // A cycle is reported below; here it only must not recurse forever.
      for (const other of links[index]!) if (!path.has(other)) value = pick(value, visit(other, path))
      path.delete(index)
      place[index] = value
      return value
    }
    return entries.map((_, index) => visit(index, new Set()))
  }
  const pulled = settle(beforeOf, Math.min, base)
  const placed = settle(afterOf, Math.max, pulled)
  const key = (index: number): number => placed[index]! * entries.length + base[index]!
  const ready = entries.map((_, index) => index).filter((index) => incoming[index] === 0)
  const sorted: T[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => key(a) - key(b))
    const next = ready.shift()!
    sorted.push(entries[next]!)
    for (const successor of successors[next]!) {
      incoming[successor]! -= 1
      if (incoming[successor] === 0) ready.push(successor)
    }
  }
  if (sorted.length < entries.length) {
    throw new SheafError('REGISTRATION_INVALID', cycleMessage(findCycle(entries, successors, incoming)), {
      hint: 'Remove one of the before/after hints or requirements named in the cycle.',
    })
  }
  return sorted
}

function findCycle<T extends Orderable>(entries: readonly T[], successors: number[][], incoming: number[]): T[] {
  // Every node left with incoming edges lies on or behind a cycle: walk until a node repeats.
  const left = new Set(entries.map((_, index) => index).filter((index) => incoming[index]! > 0))
  let current = [...left][0]!
  const seen: number[] = []
  while (!seen.includes(current)) {
    seen.push(current)
    current = successors[current]!.find((next) => left.has(next))!
  }
  const cycle = seen.slice(seen.indexOf(current))
  return [...cycle, current].map((index) => entries[index]!)
}
