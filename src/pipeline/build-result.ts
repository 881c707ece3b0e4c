import type { VFileMessage } from 'vfile-message'

export interface BuiltPage {
  /** The source, relative to the content folder. */
  source: string
  url: string
  /** The written file, relative to the output folder. */
  outPath: string
}

export interface BuildResult {
  /** The output folder. */
  out: string
  pages: BuiltPage[]
  /** Files that generators wrote, relative to the output folder. */
  generated: string[]
  /** Extensions that did not run, and why (each reported once). */
  skipped: Array<{ name: string; reason: string }>
  /** Files copied as they are (content assets, `public/`, theme assets). */
  copied: number
  /** Drafts left out (build with `drafts` to include them). */
  drafts: number
  /** How the documents were read and rendered: afresh, or taken from the cache. */
  stats: BuildStats
  /** Every message of the build, documents' and extensions', in order. */
  messages: VFileMessage[]
  errors: number
  warnings: number
  durationMs: number
}

export interface BuildStats {
  /** Documents that went through the per-document stages. */
  read: number
  /** Documents whose per-document results came from the cache. */
  cached: number
  /** Pages rendered (site stage, layout). */
  rendered: number
  /** Pages whose last rendering the cache still held. */
  reused: number
  /** Threads that read or rendered documents (1: the main thread). */
  threads: number
  /** Output files written or replaced; the others were already in place with the same contents and were left alone. */
  written: number
}
