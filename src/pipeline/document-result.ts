import { serialize } from 'node:v8'
import { VFile, type Data } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { SiteHeading } from '../extensions/types.js'
import type { PlannedPage, ReadDocument } from './phases.js'
import { outlineOf } from '../site/site-index.js'
import { inputsOf, type InputRecord } from './dependencies.js'
import { hash, stableText } from './digest.js'
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

/** Whether a value survives being copied to another thread or into the cache. */
export function isCopyable(value: unknown): boolean {
  try {
    serialize(value)
    return true
  } catch {
    return false
  }
}

/**
 * What reading made of a document, as plain data. `options.body: false` leaves
 * the body out (the thread that read it keeps the tree); `options.plain` says
 * the tree is known to be plain JSON.
 */
export function resultOf(read: ReadDocument, logs: VFileMessage[], options: { body?: boolean; plain?: boolean } = {}): DocumentResult {
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
    body: body && options.body !== false ? encodeBody(body, options.plain) : undefined,
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
