import { hash as hashOnce } from 'node:crypto'
import { AsyncLocalStorage } from 'node:async_hooks'
import { readdirSync, readFileSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { stableText } from './digest.js'

/**
 * What one document's stages, or one page's rendering, read besides its own
 * source, through the hook context: files (`ctx.readFile`,
 * `ctx.addDependency`) and environment variables (`ctx.env`). Plain data: it
 * crosses threads and is kept in the cache, and a result is good again only
 * while every file has the same bytes and every variable the same value.
 */
export interface InputRecord {
  /** Absolute path -> digest of its bytes, or `missing`. */
  files: Record<string, string>
  /** Name -> value, or null when unset. */
  env: Record<string, string | null>
  /** Site-wide config keys read through `ctx.config` (`siteWideKeys`) -> their value as `stableText`. */
  config: Record<string, string>
}

export const emptyInputs = (): InputRecord => ({ files: {}, env: {}, config: {} })

/**
 * The config keys that only some hooks read: `title`, `url` and `lang`. Every
 * other key is part of the document fingerprint (a change to it makes every
 * document again); a change to one of these makes again only what read it
 * (pages, whose layout reads all three, and documents whose hooks read it
 * through `ctx.config`, or whose extensions read it in setup).
 */
export const siteWideKeys: ReadonlySet<string> = new Set(['title', 'url', 'lang'])

/**
 * The config as hooks see it: the frozen config itself behind a proxy that
 * tells `onRead` which site-wide key was read. Writing still fails as it does
 * on the frozen config.
 */
export function configView<T extends object>(config: T, onRead: (key: string) => void): T {
  return new Proxy(config, {
    get(target, key, receiver) {
      if (typeof key === 'string' && siteWideKeys.has(key)) onRead(key)
      return Reflect.get(target, key, receiver)
    },
    // Written to the config itself, which refuses with its own words ("Cannot add property …").
    set(target, key, value) {
      ;(target as Record<PropertyKey, unknown>)[key] = value
      return true
    },
  })
}

/**
 * A file's digest as the records keep it: of its bytes; of its entries' names
 * for a folder (what a hook that lists it depends on); `missing` when it
 * cannot be read.
 */
export function fileDigest(path: string): string {
  try {
    return hashOnce('sha1', readFileSync(path), 'hex')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR') return 'missing'
    try {
      return `folder:${hashOnce('sha1', readdirSync(path).sort().join('\0'), 'hex')}`
    } catch {
      return 'missing'
    }
  }
}

/** `fileDigest`, each file read once: a snippet that a thousand documents include is hashed once per build. */
export function fileDigests(): (path: string) => string {
  const known = new Map<string, string>()
  return (path) => {
    let digest = known.get(path)
    if (digest === undefined) known.set(path, (digest = fileDigest(path)))
    return digest
  }
}

/** Whether every input of a record still reads the same (a record from the cache is not trusted: anything odd is "changed"). */
export function inputsCurrent(record: InputRecord | undefined, config: Readonly<Record<string, unknown>>, digestOf: (path: string) => string = fileDigest): boolean {
  if (record === undefined || typeof record !== 'object' || record === null) return false
  const { files, env, config: keys } = record
  if ([files, env, keys].some((part) => typeof part !== 'object' || part === null)) return false
  for (const [path, digest] of Object.entries(files)) if (!isAbsolute(path) || digestOf(path) !== digest) return false
  for (const [name, value] of Object.entries(env)) if ((process.env[name] ?? null) !== value) return false
  for (const [key, value] of Object.entries(keys)) if (!siteWideKeys.has(key) || stableText(config[key]) !== value) return false
  return true
}

/** Merge `more` into `into` (later reads of a file in one run see the same bytes, so either digest will do). */
export function mergeInputs(into: InputRecord, more: InputRecord | undefined): void {
  if (more === undefined) return
  Object.assign(into.files, more.files)
  Object.assign(into.env, more.env)
  Object.assign(into.config, more.config)
}

/**
 * Records the inputs that hooks read for one document or one page, and reads
 * them: the three methods of the hook context that reach outside the document.
 */
export class InputRecorder {
  readonly record: InputRecord = emptyInputs()
  private readonly root: string

  private readonly settings: Readonly<Record<string, unknown>>
  /** The config as the hooks recorded here see it. */
  readonly config: Readonly<Record<string, unknown>>
  /** The warnings and errors its hooks logged (`ctx.logger`, or a logger kept from setup): they travel with the document. */
  readonly logs: VFileMessage[] = []

  constructor(root: string, config: Readonly<Record<string, unknown>>) {
    this.root = root
    this.settings = config
    this.config = configView(config, (key) => this.noteConfig(key))
  }

  /** Record that a site-wide config key was read. */
  noteConfig(key: string): void {
    this.record.config[key] ??= stableText(this.settings[key])
  }

  private path(path: unknown, method: string): string {
    if (typeof path !== 'string' || path === '') throw new TypeError(`ctx.${method}() takes a path (relative to the site root, or absolute), not ${JSON.stringify(path)}`)
    return resolve(this.root, path)
  }

  /** Read a file as UTF-8 text, and record it: the result is made again when the file changes, appears or goes. */
  readFile(path: string): string {
    const absolute = this.path(path, 'readFile')
    let bytes: Buffer
    try {
      bytes = readFileSync(absolute)
    } catch (error) {
      this.record.files[absolute] = 'missing'
      throw error
    }
    this.record.files[absolute] = hashOnce('sha1', bytes, 'hex')
    return bytes.toString('utf8')
  }

  /** Record a file read some other way (by a library, say). */
  addDependency(path: string): void {
    const absolute = this.path(path, 'addDependency')
    this.record.files[absolute] = fileDigest(absolute)
  }

  /** Read an environment variable, and record its value. */
  env(name: string): string | undefined {
    if (typeof name !== 'string' || name === '') throw new TypeError(`ctx.env() takes a variable's name, not ${JSON.stringify(name)}`)
    const value = process.env[name]
    this.record.env[name] = value ?? null
    return value
  }
}

/**
 * The recorder of the document or page whose stages are running, in this
 * asynchronous context: what hooks read through a config they kept from setup
 * (`app.config`) is recorded there.
 */
export const runningInputs = new AsyncLocalStorage<InputRecorder>()

const recorders = new WeakMap<VFile, InputRecorder>()

/** The recorder of a document or page: what hooks called with `file` read. */
export function recorderOf(file: VFile, root: string, config: Readonly<Record<string, unknown>>): InputRecorder {
  let recorder = recorders.get(file)
  if (recorder === undefined) recorders.set(file, (recorder = new InputRecorder(root, config)))
  return recorder
}

/** What hooks logged while this document or page was read or rendered, in order. */
export const logsOf = (file: VFile): VFileMessage[] => recorders.get(file)?.logs ?? []

/** What hooks read for this document or page so far (empty when they read nothing). */
export const inputsOf = (file: VFile): InputRecord => recorders.get(file)?.record ?? emptyInputs()
