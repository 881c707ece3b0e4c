import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { isSheafError, messageOf } from '../errors.js'
import { isExtensionError } from '../hooks/guard.js'

/** Turn whatever a document's stages threw into a fatal message on the document, with attribution. */
export function recordFailure(file: VFile, error: unknown): void {
  if (typeof error === 'object' && error !== null && file.messages.includes(error as VFileMessage)) return
  // `file.fail()` inside a hook: the message is on the file already, attributed by the guard.
  if (isExtensionError(error) && file.messages.includes(error.cause as VFileMessage)) return
  let message: VFileMessage
  if (isExtensionError(error)) {
    const source = `${error.extension}${error.version ? `@${error.version}` : ''}`
    message = file.message(error.message, { place: error.place, source, ruleId: error.hook, cause: error.expected ? undefined : (error.cause as Error) })
  } else if (isSheafError(error)) {
    const place = error.line === undefined ? undefined : { line: error.line, column: error.column ?? 1 }
    message = file.message(error.message, { place, source: 'sheaf', ruleId: error.code.toLowerCase().replaceAll('_', '-') })
  } else {
    message = file.message(messageOf(error), { source: 'sheaf', ruleId: 'internal', cause: error as Error })
  }
  message.fatal = true
}

/** A message for a failure outside any document (a generator, `validate()`, an event listener). */
export function siteFailure(error: unknown): VFileMessage {
  const file = new VFile()
  recordFailure(file, error)
  return file.messages[0]!
}
