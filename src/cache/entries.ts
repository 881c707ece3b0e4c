import { serialize } from 'node:v8'
import { VFile, type Data } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { SiteHeading } from '../extensions/types.js'
import type { PlannedPage, ReadDocument } from '../pipeline/phases.js'
import { outlineOf } from '../site/site-index.js'
import { inputsOf, type InputRecord } from '../pipeline/dependencies.js'
import type { SiteReads } from '../site/site-reads.js'
import { hash, stableText } from '../pipeline/digest.js'
import { encodeBody, fromPlainMessage, toPlainMessage, type PlainMessage, type StoredBody } from './codec.js'

/**
 * What the per-document stages made of one document, as plain data: what
 * workers send back and what the cache keeps. `body` is undefined for a draft
 * left out and for a document that failed.
 */
export interface DocumentResult {
  /** `file.data` after the per-document stages. */
  data: Data
  messages: PlainMessage[]
  /** Warnings extensions logged while reading it. */
  logs: PlainMessage[]
  draft: boolean
  headings: SiteHeading[]
  anchors: string[]
  /**
   * A digest of everything other pages can see of this one (`file.data` with its
   * title and front matter, its headings and anchors), for the render key:
   * made once when the document is read, not by every build.
   */
  siteDigest: string
  /** Files and environment variables its hooks read through the context: the result is good while they read the same. */
  inputs: InputRecord
  body: StoredBody | undefined
}

/**
 * A page's last rendering, as the cache's index keeps it: valid while its
 * document key and the build's fingerprint are the same, every lookup into
 * the site index answers the same, every file and variable read while
 * rendering reads the same, and the fields pages read of each other (the
 * cache's site view) are unchanged. What rendering made of the file
 * (`RenderedData`) is a record of its own, read only for a page that keeps
 * its rendering; the HTML is kept apart by its digest, read only when the
 * output folder no longer holds it; the document's result is its document
 * key's entry.
 */
export interface RenderedRecord {
  documentKey: string
  /** The document fingerprint of the build that rendered it. */
  fingerprint: string
  /** The digest of the HTML (`contentHash`). */
  htmlHash: string
  /** What the rendering looked up in the site index. */
  reads: SiteReads
  /** Files and environment variables its hooks read. */
  inputs: InputRecord
}

/** `file.data` and the messages after rendering. */
export interface RenderedData {
  data: Data
  messages: PlainMessage[]
}

/** Whether a value survives being copied to another thread or into the cache. */
export function isCopyable(value: unknown): boolean {
  try {
    serialize(value)
    return true
  } catch {
    return false
  }
}

export function resultOf(read: ReadDocument, logs: VFileMessage[]): DocumentResult {
  const { file, body, draft } = read
  const outline = body ? outlineOf(body) : undefined
  const headings = outline?.headings ?? []
  const anchors = outline ? [...outline.anchors] : []
  return {
    data: file.data,
    messages: file.messages.map(toPlainMessage),
    logs: logs.map(toPlainMessage),
    draft,
    headings,
    anchors,
    siteDigest: hash(stableText([file.data, headings, [...anchors].sort()])),
    inputs: inputsOf(file),
    body: body && encodeBody(body),
  }
}

/** The outline of a document, from its result. */
export const outlineFrom = (result: Omit<DocumentResult, 'body'>): { headings: SiteHeading[]; anchors: Set<string> } => ({
  headings: result.headings,
  anchors: new Set(result.anchors),
})

/** The document's file again, from a result: its text, data and messages. */
export function fileOf(page: PlannedPage, cwd: string, text: string, result: Omit<DocumentResult, 'body'>): VFile {
  const file = new VFile({ path: page.path, cwd, value: text })
  Object.assign(file.data, result.data)
  file.messages = result.messages.map(fromPlainMessage)
  return file
}
