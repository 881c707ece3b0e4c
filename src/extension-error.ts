import { VFileMessage } from 'vfile-message'
import type { Point, Position } from 'unist'
import { isSheafError, messageOf, SheafError } from './errors.js'

/** Who is being called: the extension, its version, and the hook. */
export interface CallSite {
  extension: string
  version?: string | undefined
  /** The hook, as `kind` or `kind:name`: `transform:toc`, `layout:page`, `setup`. */
  hook: string
  /** Seconds the hook may take to settle (`limits.hookSeconds`); none for hooks that may run as long as they like (commands). */
  seconds?: number | undefined
}

const brand = Symbol.for('sheaf.extension-error')

/**
 * An error thrown by extension code, wrapped once at the boundary where core
 * called it. It keeps the original as `cause`; an already-wrapped error passes
 * through untouched.
 */
export class ExtensionError extends Error {
  readonly extension: string
  readonly version: string | undefined
  readonly hook: string
  readonly place: Point | Position | undefined
  /** An expected failure (`file.fail()`, a SheafError): printed without a stack. */
  readonly expected: boolean

  constructor(site: CallSite, cause: unknown, fallbackPlace?: Point | Position) {
    super(messageOf(cause), { cause })
    this.name = 'ExtensionError'
    this.extension = site.extension
    this.version = site.version
    this.hook = site.hook
    this.place = placeOf(cause) ?? fallbackPlace
    this.expected = cause instanceof VFileMessage || isSheafError(cause)
    Object.defineProperty(this, brand, { value: true })
  }

  /** `@acme/toc@1.2.0 (transform:toc)` */
  get culprit(): string {
    return `${this.extension}${this.version ? `@${this.version}` : ''} (${this.hook})`
  }
}

export function isExtensionError(value: unknown): value is ExtensionError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
}

/** A position carried by a thrown value: a vfile message's `place`, or `line`/`column` fields. */
function placeOf(cause: unknown): Point | Position | undefined {
  if (cause instanceof VFileMessage) return cause.place ?? undefined
  if (typeof cause === 'object' && cause !== null) {
    const { place, line, column } = cause as { place?: Point | Position; line?: unknown; column?: unknown }
    if (place) return place
    if (typeof line === 'number') return { line, column: typeof column === 'number' ? column : 1 }
  }
  return undefined
}

export function wrapError(error: unknown, site: CallSite, fallbackPlace?: Point | Position): ExtensionError {
  return isExtensionError(error) ? error : new ExtensionError(site, error, fallbackPlace)
}

/** An error of setting up an extension, as a build reports it: a SheafError naming the extension and the hook. */
export function setupError(error: unknown): unknown {
  if (isSheafError(error)) return error
  if (isExtensionError(error)) {
    // Core's own complaints about a registration are precise already; a time-out needs the extension named.
    if (isSheafError(error.cause) && error.cause.code !== 'HOOK_TIMEOUT') return error.cause
    const who = `${error.extension}${error.version ? `@${error.version}` : ''}`
    return new SheafError('SETUP_FAILED', `Extension "${who}" failed in ${error.hook}: ${error.message}`, { cause: error.cause })
  }
  return new SheafError('SETUP_FAILED', messageOf(error), { cause: error })
}
