import { SheafError } from '../errors.js'
import type { ParserHook } from '../extensions/types.js'

export interface ParserEntry {
  extension: string
  version?: string | undefined
  parser: ParserHook
}

/**
 * The parser dispatcher: exactly one parser per file extension. A second claim
 * on an extension is an error naming both, unless the later one says `override`.
 */
export class ParserRegistry {
  readonly #byExtension = new Map<string, ParserEntry>()

  add(entry: ParserEntry): void {
    for (const raw of entry.parser.extensions) {
      const ext = raw.toLowerCase()
      const existing = this.#byExtension.get(ext)
      if (existing && !entry.parser.override) {
        throw new SheafError(
          'PARSER_CONFLICT',
          `Parsers "${existing.parser.name}" (${existing.extension}) and "${entry.parser.name}" (${entry.extension}) both claim ${ext} files.`,
        )
      }
      this.#byExtension.set(ext, entry)
    }
  }

  /** The parser for a file path, by its extension (case-insensitive). */
  forPath(path: string): ParserEntry | undefined {
    const dot = path.lastIndexOf('.')
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
    if (dot <= slash + 1) return undefined
    return this.#byExtension.get(path.slice(dot).toLowerCase())
  }

  /** Every claimed file extension, sorted. */
  extensions(): string[] {
    return [...this.#byExtension.keys()].sort()
  }

  entries(): ParserEntry[] {
    return [...new Set(this.#byExtension.values())]
  }
}
