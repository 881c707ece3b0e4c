import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join } from 'node:path'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { ResolvedConfig } from '../config/schema.js'
import { runningInputs } from '../pipeline/dependencies.js'
import { readYaml } from '../pipeline/front-matter.js'

const require = createRequire(import.meta.url)
const dataExtensions = ['.json', '.yaml', '.yml']

/** What a data file holds, or where it cannot be read. */
type Parsed = { ok: true; value: unknown } | { ok: false; reason: string; line: number; column: number }

/** Freeze plain objects and arrays all the way down: every page reads the same value, and none may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  Object.freeze(value)
  for (const item of Object.values(value)) deepFreeze(item)
  return value
}

/** Line and column (1-based) of an offset into a text. */
function placeAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}

/** Read a data file: JSON, or YAML read as strictly as front matter (duplicate keys are errors, at most 100 aliases expanded). */
export function parseDataFile(path: string, text: string): Parsed {
  if (extname(path).toLowerCase() === '.json') {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch (error) {
      // JSON.parse does not say where (in this Node): jsonc-parser, strict, finds the place and what was expected there.
      const { parse, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser')
      const errors: import('jsonc-parser').ParseError[] = []
      parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
      const first = errors[0]
      if (!first) return { ok: false, reason: `Invalid JSON in a data file: ${error instanceof Error ? error.message : String(error)}`, line: 1, column: 1 }
      const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
      return { ok: false, reason: `Invalid JSON in a data file: ${what}`, ...placeAt(text, first.offset) }
    }
  }
  const read = readYaml(text)
  if (read.ok) return { ok: true, value: read.value }
  return { ok: false, reason: read.kind === 'syntax' ? `Invalid YAML in a data file: ${read.reason}` : `A data file could not be read: ${read.reason}`, line: read.line, column: read.column }
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The data files of a folder, by name: `team.yaml` is `team`. Files in subfolders are not read. */
function listDataFiles(dir: string): Map<string, string[]> {
  const byName = new Map<string, string[]>()
  let entries: string[]
  try {
    entries = readdirSync(dir).sort()
  } catch {
    return byName
  }
  for (const entry of entries) {
    // As site.data looks them up: `NAME.json`, `NAME.yaml`, `NAME.yml`, in lower case.
    const extension = extname(entry)
    if (!dataExtensions.includes(extension) || entry.startsWith('.')) continue
    const path = join(dir, entry)
    if (!isFile(path)) continue
    const name = entry.slice(0, -extension.length)
    byName.set(name, [...(byName.get(name) ?? []), path])
  }
  return byName
}

/** Parsed files, kept while their size and time of change stay the same (a file saved while `sheaf serve` runs is read again). */
const parsedFiles = new Map<string, { stamp: string; parsed: Parsed }>()

function readData(path: string): Parsed {
  let stamp: string
  try {
    const stat = statSync(path)
    stamp = `${stat.size}:${stat.mtimeMs}`
  } catch {
    return { ok: false, reason: 'The data file is gone', line: 1, column: 1 }
  }
  const known = parsedFiles.get(path)
  if (known?.stamp === stamp) return known.parsed
  let parsed: Parsed
  try {
    parsed = parseDataFile(path, readFileSync(path, 'utf8'))
  } catch (error) {
    parsed = { ok: false, reason: `The data file could not be read: ${error instanceof Error ? error.message : String(error)}`, line: 1, column: 1 }
  }
  if (parsed.ok) deepFreeze(parsed.value)
  parsedFiles.set(path, { stamp, parsed })
  return parsed
}

/**
 * Every problem of the site's data files, as build errors at the file, line
 * and column: a file that does not parse, and two files of one name.
 */
export function checkDataFiles(config: ResolvedConfig): VFileMessage[] {
  const messages: VFileMessage[] = []
  for (const [name, paths] of listDataFiles(config.paths.data)) {
    if (paths.length > 1) {
      const message = new VFile({ path: paths[1] }).message(`Two data files are named "${name}" (${paths.map((path) => path.slice(config.paths.data.length + 1)).join(', ')}): keep one`, {
        source: 'sheaf',
        ruleId: 'data',
      })
      message.fatal = true
      messages.push(message)
      continue
    }
    const parsed = readData(paths[0]!)
    if (parsed.ok) continue
    const message = new VFile({ path: paths[0] }).message(parsed.reason, { place: { line: parsed.line, column: parsed.column }, source: 'sheaf', ruleId: 'data' })
    message.fatal = true
    messages.push(message)
  }
  return messages
}

/**
 * `site.data`: each data file by name, read when first asked for. What a
 * page's layout or site transform reads of it is an input of that page (as
 * `ctx.addDependency` would record it), so an edit renders again exactly the
 * pages that read the file; a name with no file records the files it could
 * be, and listing the names records the folder, so the page is rendered again
 * when one appears.
 */
export function siteData(config: ResolvedConfig): Readonly<Record<string, unknown>> {
  let data = dataViews.get(config)
  if (!data) dataViews.set(config, (data = makeSiteData(config)))
  return data
}

const dataViews = new WeakMap<ResolvedConfig, Readonly<Record<string, unknown>>>()

function makeSiteData(config: ResolvedConfig): Readonly<Record<string, unknown>> {
  const dir = config.paths.data
  const candidates = (name: string): string[] => dataExtensions.map((extension) => join(dir, `${name}${extension}`))
  const lookup = (name: string): unknown => {
    const paths = candidates(name)
    const recorder = runningInputs.getStore()
    for (const path of paths) recorder?.addDependency(path)
    // The files it could be, not the whole folder listed: a layout may read site.data on every page.
    const present = paths.filter(isFile)
    if (present.length !== 1) return undefined
    const parsed = readData(present[0]!)
    return parsed.ok ? parsed.value : undefined
  }
  const refuse = (): boolean => {
    throw new TypeError('site.data is read-only: change the data file instead')
  }
  return new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => (typeof name === 'string' && !name.startsWith('__') && name !== 'then' ? lookup(name) : undefined),
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    has: (_target, name) => typeof name === 'string' && lookup(name) !== undefined,
    ownKeys: () => {
      // Listing the data names reads the folder (a file that appears renders the page again) and every file.
      runningInputs.getStore()?.addDependency(dir)
      const names = [...listDataFiles(dir).keys()]
      for (const name of names) lookup(name)
      return names
    },
    getOwnPropertyDescriptor: (_target, name) => {
      if (typeof name !== 'string') return undefined
      const value = lookup(name)
      return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false }
    },
  })
}
