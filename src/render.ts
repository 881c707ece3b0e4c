import { relative, resolve } from 'node:path'
import { readFile } from 'node:fs/promises'
import { toHtml } from 'hast-util-to-html'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { SheafConfig } from './config/schema.js'
import { isWithin } from './output/out-dir.js'
import { readDocumentData, transformDocument } from './pipeline/document.js'
import { linkTargetsOf } from './pipeline/links.js'
import { findSources } from './pipeline/sources.js'
import { outputFor } from './pipeline/urls.js'
import { createSheaf, type Sheaf, type SheafOptions } from './sheaf.js'
import { recordFailure } from './report/failure.js'

export interface RenderMarkdownOptions {
  /** Extensions to use besides markdown: as in the config's `extensions`. */
  extensions?: SheafConfig['extensions']
  /** Further config (markdown plugins, for instance). */
  config?: Omit<SheafConfig, 'extensions'>
  /** A path to give the document, for parsers that go by file extension and for messages. */
  path?: string
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
  const file = new VFile({ value: markdown, path: options.path ?? 'document.md' })
  return toHtml(await transformDocument(sheaf, file), { allowDangerousHtml: true })
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
 */
export async function renderFile(path: string, options: SheafOptions & { sheaf?: Sheaf } = {}): Promise<RenderFileResult> {
  const sheaf = options.sheaf ?? (await createSheaf(options))
  const absolute = resolve(path)
  const file = new VFile({ path: absolute, cwd: sheaf.config.root, value: await readFile(absolute, 'utf8') })
  const content = sheaf.config.paths.content
  if (isWithin(absolute, content)) {
    const rel = relative(content, absolute).split('\\').join('/')
    const isDocumentPath = (p: string): boolean => sheaf.registry.parsers.forPath(p) !== undefined
    const { url, outPath } = outputFor(rel)
    Object.assign(file.data, { sourcePath: rel, url, outPath })
    sheaf.setLinkTargets(linkTargetsOf(await findSources(sheaf.config, isDocumentPath), isDocumentPath))
  }
  let html = ''
  try {
    readDocumentData(file)
    html = toHtml(await transformDocument(sheaf, file), { allowDangerousHtml: true })
  } catch (error) {
    recordFailure(file, error)
  }
  const messages = [...file.messages, ...sheaf.takeMessages()]
  return { html, file, messages, failed: messages.some((message) => message.fatal) }
}
