import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { isSheafError, messageOf } from '../errors.js'
import { isExtensionError } from '../extension-error.js'

const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && /call stack size/i.test(error.message)

const stackOverflowReason =
  'The document nests too deeply to be processed (the call stack ran out): look for thousands of nested emphasis markers, brackets, block quotes or lists. Block nesting past limits.nestingDepth is refused before parsing; this is nesting of another kind.'

/** Turn whatever a document's stages threw into a fatal message on the document, with attribution. */
export function recordFailure(file: VFile, error: unknown): void {
  if (typeof error === 'object' && error !== null && file.messages.includes(error as VFileMessage)) return
  // `file.fail()` inside a hook: the message is on the file already, attributed by the guard.
  if (isExtensionError(error) && file.messages.includes(error.cause as VFileMessage)) {
    failures.set(error.cause as VFileMessage, error)
    return
  }
  let message: VFileMessage
  if (isExtensionError(error) && isStackOverflow(error.cause)) {
    // Too deep for a recursive walk: say what to look for rather than print a stack.
    const source = `${error.extension}${error.version ? `@${error.version}` : ''}`
    message = file.message(stackOverflowReason, { place: error.place, source, ruleId: error.hook })
  } else if (isStackOverflow(error)) {
    message = file.message(stackOverflowReason, { source: 'sheaf', ruleId: 'limits' })
  } else if (isExtensionError(error)) {
    const source = `${error.extension}${error.version ? `@${error.version}` : ''}`
    message = file.message(error.message, { place: error.place, source, ruleId: error.hook, cause: error.expected ? undefined : (error.cause as Error) })
  } else if (isSheafError(error)) {
    const place = error.line === undefined ? undefined : { line: error.line, column: error.column ?? 1 }
    message = file.message(error.message, { place, source: 'sheaf', ruleId: error.code.toLowerCase().replaceAll('_', '-') })
  } else {
    message = file.message(messageOf(error), { source: 'sheaf', ruleId: 'internal', cause: error as Error })
  }
  message.fatal = true
  failures.set(message, error)
}

/** The error each failure message was made from. */
const failures = new WeakMap<VFileMessage, unknown>()

/** The error a fatal message of `recordFailure` was made from: for callers that throw rather than report (`renderMarkdown`). */
export const failureOf = (message: VFileMessage): unknown => failures.get(message) ?? message

/** A message for a failure outside any document (a generator, `validate()`, an event listener). */
export function siteFailure(error: unknown): VFileMessage {
  const file = new VFile()
  recordFailure(file, error)
  return file.messages[0]!
}
