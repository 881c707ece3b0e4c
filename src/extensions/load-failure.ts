import { messageOf, SheafError, type ErrorCode } from '../errors.js'

/**
 * The error for a module (an extension, a theme) that failed while it was
 * imported: its own error first. When what failed is an import of its own
 * that cannot be found, it says which module imports what, and the hint says
 * to install it, rather than the hint about the module's shape or code.
 */
export function loadFailure(code: ErrorCode, who: string, path: string, error: unknown): SheafError {
  const text = messageOf(error)
  const missing = /Cannot find (?:package|module) '([^']+)'(?: imported from (\S+))?/.exec(text)
  const errorCode = (error as { code?: unknown } | null)?.code
  if (missing && (errorCode === 'ERR_MODULE_NOT_FOUND' || errorCode === 'MODULE_NOT_FOUND')) {
    const [, name, importer] = missing
    const pkg = name!.startsWith('.') || name!.startsWith('/') ? undefined : name!.split('/').slice(0, name!.startsWith('@') ? 2 : 1).join('/')
    return new SheafError(code, `${who} failed to load from ${path}: ${importer ?? path} imports "${name}", which cannot be found (${text}).`, {
      cause: error,
      file: importer ?? path,
      hint: pkg ? `Install it where that module can find it (npm install ${pkg}), or list it in the dependencies of the package that imports it.` : 'Fix the import: the file it names does not exist.',
    })
  }
  return new SheafError(code, `${who} failed to load from ${path}: ${text}`, { cause: error, file: path })
}
