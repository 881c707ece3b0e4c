import { didYouMean } from '../suggest.js'
import type { StandardResult, StandardSchema } from './types.js'

type IssuePath = ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>

/** A Standard Schema issue with what valibot and zod add to it (both hand over their own issue objects). */
interface VendorIssue {
  readonly message: string
  readonly path?: IssuePath
  /** valibot: `strict_object` with `expected: 'never'` is a key the object does not declare. */
  readonly type?: string
  readonly expected?: string | null
  /** zod: `unrecognized_keys` with the keys. */
  readonly code?: string
  readonly keys?: readonly string[]
}

/** A Standard Schema issue's path part as a key: vendors give a key, or an object holding it. */
export const keyOf = (part: PropertyKey | { readonly key: PropertyKey }): PropertyKey => (typeof part === 'object' && part !== null ? part.key : part)

/** The schema an object schema (valibot or zod, through optional and nullable wrappers) has at `key`, if it can be seen. */
function unwrap(schema: unknown): unknown {
  let current = schema as Record<string, unknown> | undefined
  for (let depth = 0; depth < 8 && current; depth++) {
    // valibot: optional, nullable, nullish, pipe
    if ('wrapped' in current) current = current.wrapped as Record<string, unknown>
    else if (current.type === 'pipe' || (Array.isArray(current.pipe) && !('entries' in current))) current = (current.pipe as unknown[])[0] as Record<string, unknown>
    // zod 4: optional, nullable, default
    else if (current._zod && (current._zod as { def?: { innerType?: unknown } }).def?.innerType) current = (current._zod as { def: { innerType: Record<string, unknown> } }).def.innerType
    else break
  }
  return current
}

/** The schema at `path` inside an object or array schema (valibot or zod), if it can be seen. */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let current = unwrap(schema) as Record<string, unknown> | undefined
  for (const key of path) {
    if (!current) return undefined
    const fields = fieldsOf(current)
    const item = current.item ?? (current._zod as { def?: { element?: unknown } } | undefined)?.def?.element
    current = unwrap(fields ? fields[String(key)] : typeof key === 'number' || /^\d+$/.test(String(key)) ? item : undefined) as Record<string, unknown> | undefined
  }
  return current
}

/** The keys an object schema declares (valibot `entries`, zod `shape`), or undefined when the schema does not show them. */
export function declaredKeys(schema: unknown, path: readonly string[] = []): string[] | undefined {
  let current = unwrap(schema) as Record<string, unknown> | undefined
  for (const key of path) {
    const fields = fieldsOf(current)
    current = fields ? (unwrap(fields[key]) as Record<string, unknown> | undefined) : undefined
  }
  const fields = fieldsOf(current)
  return fields ? Object.keys(fields) : undefined
}

function fieldsOf(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined
  if (typeof schema.entries === 'object' && schema.entries !== null) return schema.entries as Record<string, unknown>
  const zodShape = (schema._zod as { def?: { shape?: unknown } } | undefined)?.def?.shape
  if (typeof zodShape === 'object' && zodShape !== null) return zodShape as Record<string, unknown>
  return undefined
}

/** The value at `path` in `value`, for saying what was there. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<PropertyKey, unknown>)[key as string]
  }
  return current
}

/** Whether `path` names a key its object does not have: a required value left out, rather than a wrong one. */
export function isMissing(value: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return value === undefined
  let parent = value
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false
    parent = (parent as Record<PropertyKey, unknown>)[key as string]
  }
  return typeof parent === 'object' && parent !== null && !Array.isArray(parent) && !(String(path.at(-1)) in parent)
}

/** The schema's message, without valibot's wording for a missing key (`Invalid key: Expected "x" but received undefined`). */
const missingMessage = (message: string): string | undefined => (/^Invalid key: Expected .* but received undefined$/.test(message) ? undefined : message)

/** What to say of a key left out: what belongs there, as the key's own schema says it (else the message given). */
export function missingReason(message: string, schema?: unknown, path: readonly PropertyKey[] = []): string {
  let said = missingMessage(message)
  const field = schema === undefined ? undefined : (schemaAt(schema, path) as StandardSchema | undefined)
  if (field?.['~standard']) {
    const result = field['~standard'].validate(undefined) as StandardResult<unknown> | Promise<unknown>
    if (!(result instanceof Promise) && result.issues?.[0]) said = missingMessage(result.issues[0].message) ?? said
  }
  return said ? `is missing: ${said}` : 'is missing'
}

/** A value as the config would show it, cut short when long. */
export function shown(value: unknown): string {
  let text: string
  try {
    text = typeof value === 'function' ? 'a function' : value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

/**
 * Check options against the schema an extension or theme declares: every
 * problem, each naming the option (and for a key the schema does not
 * declare, the nearest declared one). Empty when the options are good; the
 * validated value is `value`.
 */
export function checkOptions(schema: StandardSchema, options: unknown): { value: unknown; problems: string[] } {
  const result = schema['~standard'].validate(options) as StandardResult<unknown> | Promise<unknown>
  if (result instanceof Promise) return { value: options, problems: ['its options schema validates asynchronously; an options schema must validate synchronously'] }
  if (!result.issues) return { value: result.value, problems: [] }
  const problems: string[] = []
  for (const issue of result.issues as readonly VendorIssue[]) {
    const path = (issue.path ?? []).map((part) => String(keyOf(part)))
    const unknownKeys = issue.code === 'unrecognized_keys' && issue.keys ? [...issue.keys] : issue.type === 'strict_object' && issue.expected === 'never' ? [path.pop()!] : []
    if (unknownKeys.length > 0) {
      const known = declaredKeys(schema, path) ?? []
      const prefix = path.length > 0 ? `${path.join('.')}.` : ''
      for (const key of unknownKeys) {
        const hint = didYouMean(key, known).replace(/`([^`]+)`/, (_, k: string) => `\`${prefix}${k}\``)
        const list = hint
          ? ''
          : known.length > 0
            ? ` Its options${prefix ? ` in \`${prefix.slice(0, -1)}\`` : ''} are ${known.map((k) => `\`${k}\``).join(', ')}.`
            : path.length === 0 && declaredKeys(schema) !== undefined
              ? ' It takes no options.'
              : ''
        problems.push(`no option \`${prefix}${key}\`.${hint}${list}`)
      }
      continue
    }
    if (path.length > 0 && isMissing(options, path)) problems.push(`option \`${path.join('.')}\` ${missingReason(issue.message, schema, path)}.`)
    else if (path.length === 0 && options === undefined) problems.push(`needs options, and none are given (${issue.message}): give them as [name, { … }] in the config.`)
    else if (path.length === 0) problems.push(`options: ${issue.message}, not ${shown(options)}.`)
    else problems.push(`option \`${path.join('.')}\`: ${issue.message}, not ${shown(valueAt(options, path))}.`)
  }
  return { value: options, problems }
}
