import { readFile } from 'node:fs/promises'
import type { Root } from 'hast'
import { VFile } from 'vfile'
import type { SiteHeading, SitePage } from '../extensions/types.js'
import { recordFailure } from '../report/failure.js'
import type { Sheaf } from '../sheaf.js'
import { decodeBody, type HeldBody } from './codec.js'
import type { VFileMessage } from 'vfile-message'
import { readDocumentData, transformDocument } from './document.js'
import { decodeSource, type SourceProblem } from './encoding.js'
import { renderPage } from './page.js'
import { runSiteTransforms } from './site-transforms.js'
import { inputsOf, recorderOf, runningInputs, type InputRecord } from './dependencies.js'
import { changesOf, type DataChanges } from './data-changes.js'
import type { SiteAccess, SiteReader, SiteReads } from '../site/site-reads.js'

/** A document to read: its source file and where it goes. */
export interface PlannedPage {
  path: string
  rel: string
  url: string
  outPath: string
}

/** A page ready for the site stage: a read document, or a page a generator made. */
export interface PendingPage {
  file: VFile
  body: Root
  layout: string | undefined
}

/** A document's text, and what was wrong with its bytes (`decodeSource`). */
export interface DecodedSource {
  text: string
  problems: SourceProblem[]
}

/** What reading one document gave: its body, or nothing for a draft left out or a failure (messages on the file). */
export interface ReadDocument {
  file: VFile
  body: Root | undefined
  draft: boolean
}

/**
 * The per-document stages of one document: read the file, front matter,
 * `document:read`, parse and every mdast and hast transform. Failures become
 * fatal messages on the file; nothing is thrown. `text` is the file's
 * contents when the caller has read them already.
 */
export async function readDocument(sheaf: Sheaf, page: PlannedPage, source?: DecodedSource): Promise<ReadDocument> {
  const file = new VFile({ path: page.path, cwd: sheaf.config.root })
  Object.assign(file.data, { sourcePath: page.rel, url: page.url, outPath: page.outPath })
  return runningInputs.run(recorderOf(file, sheaf.config.root, sheaf.config), () => readStages(sheaf, file, source))
}

async function readStages(sheaf: Sheaf, file: VFile, source: DecodedSource | undefined): Promise<ReadDocument> {
  try {
    const { text, problems } = source ?? decodeSource(await readFile(file.path))
    file.value = text
    for (const problem of problems) {
      file.message(problem.reason, { place: { line: problem.line, column: problem.column }, source: 'sheaf', ruleId: 'encoding' }).fatal = false
    }
    readDocumentData(file, sheaf.registry.frontMatter)
    if (file.data.draft && !sheaf.config.drafts) return { file, body: undefined, draft: true }
    await sheaf.emit('document:read', file)
    return { file, body: await transformDocument(sheaf, file), draft: false }
  } catch (error) {
    recordFailure(file, error)
    return { file, body: undefined, draft: false }
  }
}

/** A read document's entry in the site index, from its outline (`outlineOf` its body, or what the cache kept of it). */
export function sitePageOf(page: PlannedPage, file: VFile, outline: { headings: SiteHeading[]; anchors: Set<string> }): SitePage {
  // Where the page went: its front matter may have moved it (`permalink`, `slug`).
  return { source: page.rel, url: file.data.url ?? page.url, outPath: file.data.outPath ?? page.outPath, title: file.data.title ?? '', data: file.data.matter ?? {}, headings: outline.headings, anchors: outline.anchors, file }
}

/**
 * The site stage and the layout of one page, then `document:rendered`: the
 * page's HTML, or undefined when it failed (messages on the file).
 */
export async function renderPending(sheaf: Sheaf, pending: PendingPage, site: SiteAccess): Promise<string | undefined> {
  const { file, body, layout } = pending
  try {
    const tree = await runSiteTransforms(sheaf, body, file, site)
    return (await sheaf.emit('document:rendered', await renderPage(sheaf, file, tree, site, layout), file)) as string
  } catch (error) {
    recordFailure(file, error)
    return undefined
  }
}

/** What a read document's rendering starts from: its file as reading left it, and its body as bytes. */
export interface DocumentToRender {
  path: string | undefined
  cwd: string
  value: string
  data: VFile['data']
  messages: VFileMessage[]
  body: HeldBody
}

/** What rendering a read document made: its HTML (undefined when it failed), its file, and what it read. */
export interface DocumentRendering {
  html: string | undefined
  file: VFile
  /** What rendering changed of the file's data. */
  changes: DataChanges
  /** What it looked up in the site index, and the fields of pages read through the reader so far. */
  reads: SiteReads
  /** Files and environment variables its hooks read. */
  inputs: InputRecord
}

/**
 * The site stage and the layout of a read document, on a copy of its file:
 * the site index keeps what reading made of every page until every page is
 * rendered, so no page sees another's rendering, whatever order (or thread)
 * they are rendered in. The copy holds what rendering made of the file. What
 * the page reads of the site goes through `reader`, one per thread and build.
 */
export async function renderDocument(sheaf: Sheaf, document: DocumentToRender, reader: SiteReader): Promise<DocumentRendering> {
  const file = new VFile({ path: document.path, cwd: document.cwd, value: document.value })
  let data = document.data
  try {
    data = structuredClone(data)
  } catch {
    // Data that cannot be copied (a function in it) is shared, as it is.
  }
  Object.assign(file.data, data)
  file.messages = [...document.messages]
  reader.begin()
  let body: Root
  try {
    body = document.body instanceof Uint8Array ? decodeBody(document.body) : document.body
  } catch (error) {
    recordFailure(file, error)
    return { html: undefined, file, changes: changesOf(document.data, file.data), reads: reader.end(), inputs: inputsOf(file) }
  }
  const inputs = recorderOf(file, sheaf.config.root, sheaf.config)
  const html = await runningInputs.run(inputs, () => renderPending(sheaf, { file, body, layout: undefined }, reader))
  return { html, file, changes: changesOf(document.data, file.data), reads: reader.end(), inputs: inputs.record }
}
