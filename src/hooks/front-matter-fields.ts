import type { VFile } from 'vfile'
import { SheafError } from '../errors.js'
import { isMissing, keyOf, missingReason, shown, valueAt } from '../extensions/options.js'
import type { FrontMatterFieldSpec, StandardResult } from '../extensions/types.js'
import type { FrontMatter } from '../pipeline/front-matter.js'

export interface FrontMatterFieldEntry {
  key: string
  /** Who declared it: `sheaf` for core's own fields. */
  extension: string
  spec: FrontMatterFieldSpec
}

/**
 * The front matter fields core and extensions read, each with its schema
 * (`app.addFrontMatter`). Every document's front matter is checked against
 * them when it is read; a bad value is an error at the key's line and column.
 * Keys nobody declares are left alone: layouts may read anything.
 */
export class FrontMatterFieldRegistry {
  readonly #fields = new Map<string, FrontMatterFieldEntry>()

  declare(key: string, spec: FrontMatterFieldSpec, extension: string): void {
    const existing = this.#fields.get(key)
    if (existing) {
      const owner = existing.extension === 'sheaf' ? 'Sheaf itself' : `extension "${existing.extension}"`
      throw new SheafError('REGISTRATION_INVALID', `Extension "${extension}" declares front matter field \`${key}\`, which ${owner} declares already: read it as it is, or give yours another name.`)
    }
    this.#fields.set(key, { key, extension, spec })
  }

  entries(): FrontMatterFieldEntry[] {
    return [...this.#fields.values()]
  }

  /**
   * Check a document's front matter: every declared field it sets. Each
   * problem is a fatal message at the key (the first bad one is thrown, so
   * the document fails with all of them listed).
   */
  check(matter: FrontMatter, file: VFile): void {
    const problems: Array<{ reason: string; place: { line: number; column: number }; source: string }> = []
    for (const [key, value] of Object.entries(matter.data)) {
      const field = this.#fields.get(key)
      if (!field || value === undefined) continue
      const result = field.spec.schema['~standard'].validate(value) as StandardResult<unknown> | Promise<unknown>
      const owner = field.extension === 'sheaf' ? '' : ` (read by ${field.extension})`
      if (result instanceof Promise) {
        throw new SheafError('REGISTRATION_INVALID', `Front matter field \`${key}\`${owner} has an asynchronous schema; front matter schemas must validate synchronously.`)
      }
      for (const issue of result.issues ?? []) {
        const path = (issue.path ?? []).map(keyOf)
        const written = [key, ...path]
        const name = written.map((part, at) => (at === 0 ? String(part) : typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')
        problems.push({
          reason: isMissing(value, path) ? `Front matter \`${name}\`${owner} ${missingReason(issue.message, field.spec.schema, path)}` : `Front matter \`${name}\`${owner}: ${issue.message}, not ${shown(valueAt(value, path))}`,
          place: matter.placeOf(written),
          source: field.extension,
        })
      }
    }
    if (problems.length === 0) return
    const last = problems.pop()!
    for (const problem of problems) file.message(problem.reason, { place: problem.place, source: problem.source, ruleId: 'front-matter' }).fatal = true
    file.fail(last.reason, { place: last.place, source: last.source, ruleId: 'front-matter' })
  }
}
