import type { VFile } from 'vfile'
import type { Point, Position } from 'unist'
import { SheafError } from '../errors.js'
import { wrapError, type CallSite } from '../extension-error.js'

/**
 * Call extension code; a throw or a rejection comes back wrapped with the call
 * site, and with `place` (the node being handled) when the error has no position of its own.
 */
export async function guard<T>(site: CallSite, fn: () => T | Promise<T>, place?: Point | Position): Promise<Awaited<T>> {
  let timer: NodeJS.Timeout | undefined
  try {
    const result = fn()
    if (site.seconds === undefined || !isPromiseLike(result)) return await result
    // A promise that never settles must not hold the build: it loses a race against the clock.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(hookTimeout(site.seconds!)), site.seconds! * 1000)
    })
    return await Promise.race([result as Promise<Awaited<T>>, timeout])
  } catch (error) {
    throw wrapError(error, site, place)
  } finally {
    clearTimeout(timer)
  }
}

/** How a value reads in a message: `a string ("…")`, `number 42`, `an object that is not a node`. */
function described(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type
    return typeof type === 'string' ? `a node of type "${type}"` : 'an object that is not a node'
  }
  return `${typeof value} ${String(value)}`
}

/** Whether a value is a unist node: an object with a string `type`. */
export const isNode = (value: unknown): boolean => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'

/**
 * Check what a hook returned, inside its `guard` call: one that returned
 * something Sheaf cannot use fails there, attributed to the extension and
 * hook, instead of breaking a later stage that did nothing wrong.
 */
export function checkResult<T>(value: T, ok: boolean, expected: string): T {
  if (!ok) throw new SheafError('HOOK_RESULT_INVALID', `The hook returned ${described(value)}; ${expected}.`)
  return value
}

/** What a transform may return: nothing (it changed the tree in place) or a new tree. */
export const checkTree = <T>(value: T): T =>
  checkResult(value, value === undefined || (isNode(value) && (value as { type: string }).type === 'root'), 'a transform changes the tree in place and returns nothing, or returns a new tree (a node of type "root")')

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

function hookTimeout(seconds: number): SheafError {
  return new SheafError(
    'HOOK_TIMEOUT',
    `The hook did not finish within ${seconds} s (limits.hookSeconds): a promise that never settles? If it needs longer, raise limits.hookSeconds in the config.`,
  )
}

/**
 * Give every message an extension left on a file since `from` a source, so a
 * report says who sent it: `[ext:hook]`, with the version for errors (`file.fail()`).
 */
export function attributeMessages(file: VFile, from: number, site: CallSite): void {
  for (const message of file.messages.slice(from)) {
    if (!message.source) message.source = message.fatal && site.version ? `${site.extension}@${site.version}` : site.extension
    if (!message.ruleId) message.ruleId = site.hook
  }
}
