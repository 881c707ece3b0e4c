import { relative, resolve } from 'node:path'
import { readFile } from 'node:fs/promises'
import type { Root } from 'hast'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { SheafConfig } from './config/schema.js'
import { isWithin } from './output/out-dir.js'
import { readDocumentData, transformDocument } from './pipeline/document.js'
import { toHtml } from './pipeline/page.js'
import { linkTargetsOf } from './pipeline/links.js'
import { runSiteTransforms } from './pipeline/site-transforms.js'
import { findSources } from './pipeline/sources.js'
import { outputFor } from './pipeline/urls.js'
import { recordFailure } from './report/failure.js'
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

/** The per-document stages, then the site stage with `site`, to which the document is added. */
async function renderBody(sheaf: Sheaf, file: VFile, site: SiteIndex): Promise<Root> {
  const body = await transformDocument(sheaf, file)
  const { headings, anchors } = outlineOf(body)
  const existing = file.data.sourcePath === undefined ? undefined : site.bySource(file.data.sourcePath)
  const page = { source: file.data.sourcePath, url: file.data.url ?? '/', outPath: file.data.outPath ?? 'index.html', title: file.data.title ?? '', data: file.data.matter ?? {}, headings, anchors, file }
  if (existing) Object.assign(existing, page)
  else site.add(page)
  return runSiteTransforms(sheaf, body, file, plainAccess(site))
}

/**
 * Render markdown to an HTML body through the default pipeline and every
 * transform, with no layout and no site: no config file is read and no
 * installed package takes part.
 */
export async function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): Promise<string> {
  const sheaf = await createSheaf({
    config: { ...options.config, extensions: options.extensions ?? [] },
    discover: false,
    theme: false,
  })
  try {
    const file = new VFile({ value: markdown, path: options.path ?? 'document.md' })
    return await toHtml(await renderBody(sheaf, file, createSiteIndex(sheaf.config)), { allowDangerousHtml: true })
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
  const sheaf = options.sheaf ?? (await createSheaf(options))
  const absolute = resolve(path)
  const file = new VFile({ path: absolute, cwd: sheaf.config.root, value: await readFile(absolute, 'utf8') })
  const content = sheaf.config.paths.content
  const isDocumentPath = (p: string): boolean => sheaf.registry.parsers.forPath(p) !== undefined
  const sources = isWithin(absolute, content) ? await findSources(sheaf.config, isDocumentPath) : undefined
  // Links are checked only for a document of the site, against the site's files.
  const site = createSiteIndex(sheaf.config, sources && linkTargetsOf(sources, isDocumentPath))
  if (sources) {
    for (const source of sources.documents) {
      const { url, outPath } = outputFor(source.rel)
      const stem = source.rel.replace(/\.[^./]+$/, '')
      site.add({ source: source.rel, url, outPath, title: stem, data: {}, headings: [], anchors: undefined, file: new VFile({ path: source.path }) })
    }
    const rel = relative(content, absolute).split('\\').join('/')
    Object.assign(file.data, { sourcePath: rel, ...outputFor(rel) })
  }
  let html = ''
  try {
    readDocumentData(file)
    html = await toHtml(await renderBody(sheaf, file, site), { allowDangerousHtml: true })
  } catch (error) {
    recordFailure(file, error)
  } finally {
    if (!options.sheaf) await sheaf.dispose()
  }
  const messages = [...file.messages, ...sheaf.takeSiteMessages()]
  return { html, file, messages, failed: messages.some((message) => message.fatal) }
}
