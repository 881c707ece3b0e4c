import type { Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown'
import type { Extension as MicromarkExtension } from 'micromark-util-types'
import { createFastParser } from '../src/fast/index.js'
import type { Features, FastResult } from '../src/fast/index.js'

/** A tree as text, keys sorted and `undefined` fields left out, so two trees compare as strings and a difference shows where it is. */
export function canonical(tree: unknown): string {
  return JSON.stringify(
    tree,
    (_key, value: unknown) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
      const record = value as Record<string, unknown>
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .filter((key) => record[key] !== undefined)
          .map((key) => [key, record[key]]),
      )
    },
    1,
  )
}

export interface Comparison {
  /** The fast driver's outcome. */
  fast: FastResult
  /** micromark's tree. */
  micromark: Root
}

/** Parses one document with both drivers, for one feature set. */
export function differ(features: Features, micromarkExtensions: MicromarkExtension[], mdastExtensions: FromMarkdownExtension[]): (source: string) => Comparison {
  const fast = createFastParser(features)
  return (source) => ({ fast: fast(source), micromark: fromMarkdown(source, { extensions: micromarkExtensions, mdastExtensions }) })
}
