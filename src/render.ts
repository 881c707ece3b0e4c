import { basename, relative, resolve } from 'node:path'
import { readFile } from 'node:fs/promises'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { SheafConfig } from './config/schema.js'
import { isWithin } from './output/out-dir.js'
import { decodeSource } from './pipeline/encoding.js'
import { toHtml } from './pipeline/page.js'
import { linkTargetsOf } from './pipeline/links.js'
import { readDocument, sitePageOf, type DecodedSource, type PlannedPage } from './pipeline/phases.js'
import { runSiteTransforms } from './pipeline/site-transforms.js'
import { findSources } from './pipeline/sources.js'
import { outputFor } from './pipeline/urls.js'
import { failureOf, recordFailure } from './report/failure.js'
import { createSheaf, type Sheaf, type SheafOptions } from './sheaf.js'
import { createSiteIndex, outlineOf, type SiteIndex } from './site/site-index.js'
import { plainAccess } from './site/site-reads.js'

export interface RenderMarkdownOptions {
  /** Extensions to use besides markdown: as in the config's `extensions`. */
  extensions?: SheafConfig['extensions']
  /** Further config (markdown plugins, for instance). */
  config?: Omit<SheafConfig, 'extensions'>
  /** A path to give the document, for parsers that go by file extension and for messages. */
  path?: string
}

/**
 * One document through the stages a build runs on it (per-document stages,
 * then the site stage against `site`, which it joins), with no layout: its
 * body's HTML, or undefined when it failed (messages on the file).
 */
async function renderAlone(sheaf: Sheaf, page: PlannedPage, source: DecodedSource | undefined, site: SiteIndex): Promise<{ html: string | undefined; file: VFile }> {
  const { file, body } = await readDocument(sheaf, page, source)
  if (body === undefined) return { html: undefined, file }
  const existing = site.bySource(page.rel)
  const entry = sitePageOf(page, file, outlineOf(body))
  if (existing) Object.assign(existing, entry)
  else site.add(entry)
  try {
    return { html: await toHtml(await runSiteTransforms(sheaf, body, file, plainAccess(site)), { allowDangerousHtml: true }), file }
  } catch (error) {
    recordFailure(file, error)
    return { html: undefined, file }
  }
}

/** What `renderMarkdown` throws for a failure: the error behind the file's first fatal message. */
function failure(file: VFile): unknown {
  const message = file.messages.find((entry) => entry.fatal)
  return message === undefined ? new Error('the document gave no body') : failureOf(message)
}

/**
 * Render markdown to an HTML body through the default pipeline and every
 * transform, with no layout and no site: no config file is read and no
 * installed package takes part. Drafts are rendered.
 */
export async function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): Promise<string> {
  const sheaf = await createSheaf({ config: { ...options.config, extensions: options.extensions ?? [] }, discover: false, theme: false, drafts: true })
  try {
    const path = resolve(sheaf.config.paths.content, options.path ?? 'document.md')
    const rel = relative(sheaf.config.paths.content, path).split('\\').join('/')
    const { html, file } = await renderAlone(sheaf, { path, rel, ...outputFor(rel) }, { text: markdown, problems: [] }, createSiteIndex(sheaf.config))
    if (html === undefined) throw failure(file)
    return html
  } finally {
    await sheaf.dispose()
  }
}

export interface RenderFileResult {
  html: string
  file: VFile
  messages: VFileMessage[]
  /** Whether rendering failed (the messages say why). */
  failed: boolean
}

/**
 * Render one document of a site as `sheaf render` does: the site's config and
 * extensions, every transform, links resolved against the site, no layout.
 * Other documents are not read, so links into them are checked for the
 * document only, not for its anchors.
 */
export async function renderFile(path: string, options: SheafOptions & { sheaf?: Sheaf } = {}): Promise<RenderFileResult> {
  const sheaf = options.sheaf ?? (await createSheaf({ drafts: true, ...options }))
  try {
    const absolute = resolve(path)
    const source = decodeSource(await readFile(absolute))
    const content = sheaf.config.paths.content
    const isDocumentPath = (p: string): boolean => sheaf.registry.parsers.forPath(p) !== undefined
    const sources = isWithin(absolute, content) ? await findSources(sheaf.config, isDocumentPath) : undefined
    // Links are checked only for a document of the site, against the site's files.
    const site = createSiteIndex(sheaf.config, sources && linkTargetsOf(sources, isDocumentPath))
    for (const other of sources?.documents ?? []) {
      const stem = other.rel.replace(/\.[^./]+$/, '')
      site.add({ source: other.rel, ...outputFor(other.rel), title: stem, data: {}, headings: [], anchors: undefined, file: new VFile({ path: other.path }) })
    }
    const rel = sources ? relative(content, absolute).split('\\').join('/') : basename(absolute)
    const { html, file } = await renderAlone(sheaf, { path: absolute, rel, ...outputFor(rel) }, source, site)
    const messages = [...file.messages, ...sheaf.takeSiteMessages()]
    return { html: html ?? '', file, messages, failed: html === undefined || messages.some((message) => message.fatal) }
  } finally {
    if (!options.sheaf) await sheaf.dispose()
  }
}
