import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, relative } from 'node:path'
import pc from 'picocolors'
import type { VFileMessage } from 'vfile-message'
import { isSheafError, messageOf } from '../errors.js'
import { isExtensionError } from '../extension-error.js'

const require = createRequire(import.meta.url)

export interface FormatOptions {
  /** Paths are shown relative to this folder. */
  cwd: string
  /** Show whole stacks for crashes (otherwise a few frames). */
  verbose?: boolean
  /** Show a code frame of the source where a position is known (default true). */
  codeFrame?: boolean
  colors?: boolean
}

function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path
  const rel = relative(cwd, path)
  return rel.startsWith('..') ? path : rel
}

/** A few frames of a stack, or all of it. */
export function stackOf(error: unknown, verbose: boolean): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line))
  if (frames.length === 0) return undefined
  return (verbose ? frames : frames.slice(0, 4)).map((line) => `    ${line.trim()}`).join('\n')
}

function frameFor(path: string, line: number, column: number, colors: boolean): string | undefined {
  if (!isAbsolute(path) || !existsSync(path)) return undefined
  const source = readFileSync(path, 'utf8')
  // Required (it is CommonJS) only when an error has a place to show: a build that succeeds never loads it.
  const { codeFrameColumns } = require('@babel/code-frame') as typeof import('@babel/code-frame')
  return codeFrameColumns(source, { start: { line, column } }, { highlightCode: colors, forceColor: colors, linesAbove: 2, linesBelow: 1 })
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')
}

/**
 * One message as `path:line:column  severity  reason  [source:rule]`, with a
 * code frame of the source where a position is known, and a short stack when
 * extension code crashed.
 */
export function formatMessage(message: VFileMessage, options: FormatOptions): string {
  const colors = options.colors ?? false
  const c = pc.createColors(colors)
  const severity = message.fatal === true ? c.red('error') : message.fatal === false ? c.yellow('warning') : c.blue('info')
  const line = message.place ? ('start' in message.place ? message.place.start.line : message.place.line) : undefined
  const column = message.place ? ('start' in message.place ? message.place.start.column : message.place.column) : undefined
  const path = message.file ? displayPath(message.file, options.cwd) : ''
  const where = path ? `${path}${line !== undefined ? `:${line}:${column ?? 1}` : ''}` : ''
  const tag = message.source ? `  ${c.dim(`[${message.source}${message.ruleId ? `:${message.ruleId}` : ''}]`)}` : ''
  const parts = [`${where ? `${c.bold(where)}  ` : ''}${severity}  ${message.reason}${tag}`]
  if (options.codeFrame !== false && message.file && line !== undefined) {
    const frame = frameFor(message.file, line, column ?? 1, colors)
    if (frame) parts.push(frame)
  }
  const cause = message.cause
  if (cause && !isSheafError(cause)) {
    const stack = stackOf(cause, options.verbose ?? false)
    if (stack) parts.push(c.dim(stack))
  }
  return parts.join('\n')
}

/** A thrown error (config, extension loading) as the CLI prints it. */
export function formatError(error: unknown, options: FormatOptions): string {
  const c = pc.createColors(options.colors ?? false)
  if (isSheafError(error)) {
    const where = error.file ? `${displayPath(error.file, options.cwd)}${error.line ? `:${error.line}:${error.column ?? 1}` : ''}  ` : ''
    const [first, ...rest] = error.message.split('\n')
    const lines = [
      `${c.bold(where)}${c.red('error')}  ${first}  ${c.dim(`[sheaf:${error.code}]`)}`,
      ...rest.map((line) => `  ${line}`),
      `  ${c.dim('hint:')} ${error.hint}`,
    ]
    const stack = error.cause && !isSheafError(error.cause) ? stackOf(error.cause, options.verbose ?? false) : undefined
    if (stack && options.verbose) lines.push(c.dim(stack))
    return lines.join('\n')
  }
  if (isExtensionError(error)) {
    const tag = c.dim(`[${error.extension}${error.version ? `@${error.version}` : ''}:${error.hook}]`)
    const stack = error.expected ? undefined : stackOf(error.cause, options.verbose ?? false)
    return [`${c.red('error')}  ${error.message}  ${tag}`, stack ? c.dim(stack) : ''].filter(Boolean).join('\n')
  }
  const stack = stackOf(error, true)
  return [`${c.red('error')}  ${messageOf(error)}`, stack ? c.dim(stack) : ''].filter(Boolean).join('\n')
}

/** 1234567 -> "1,234,567", as `toLocaleString('en-US')` gives, without loading the locale data (tens of milliseconds). */
export const groupDigits = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** `Built 42 pages, copied 7 files in 0.61 s`, with what the cache kept and how many warnings were printed. */
export function formatSummary(result: {
  pages: unknown[]
  copied: number
  drafts: number
  durationMs: number
  stats?: { read: number; cached: number; reused: number; written: number; threads?: number }
  /** Warnings printed above the summary. */
  warnings?: number
}): string {
  const plural = (n: number, word: string): string => `${groupDigits(n)} ${word}${n === 1 ? '' : 's'}`
  const drafts = result.drafts > 0 ? ` (left out ${plural(result.drafts, 'draft')}; --drafts builds them)` : ''
  const stats = result.stats
  const cache =
    stats && stats.cached > 0
      ? `; ${plural(stats.read, 'document')} read, ${groupDigits(stats.cached)} from the cache, ${plural(stats.reused, 'page')} unchanged, ${plural(stats.written, 'file')} written`
      : ''
  const threads = stats?.threads !== undefined && stats.threads > 1 ? ` on ${stats.threads} threads` : ''
  const warnings = result.warnings ? `; ${plural(result.warnings, 'warning')} (above)` : ''
  return `Built ${plural(result.pages.length, 'page')}, copied ${plural(result.copied, 'file')} in ${(result.durationMs / 1000).toFixed(2)} s${threads}${drafts}${cache}${warnings}`
}
