import { isAbsolute, resolve } from 'node:path'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { SheafError } from './errors.js'
import type { Root } from 'hast'
import type { GeneratedFile, GeneratedPage, Site, ValidationMessage } from './extensions/types.js'
import { outlineOf, type SiteIndex } from './site/site-index.js'
import { guard } from './hooks/guard.js'
import type { PendingPage } from './pipeline/phases.js'
import { siteFailure } from './report/failure.js'
import type { Sheaf } from './sheaf.js'

function toMessage(entry: ValidationMessage, extension: string, root: string): VFileMessage {
  const { reason, severity, file, line, column } = typeof entry === 'string' ? { reason: entry } : entry
  const vfile = new VFile(file === undefined ? {} : { path: isAbsolute(file) ? file : resolve(root, file) })
  const message = vfile.message(String(reason), {
    place: line === undefined ? undefined : { line, column: column ?? 1 },
    source: extension,
    ruleId: 'validate',
  })
  message.fatal = severity !== 'warning'
  return message
}

/** Every enabled extension's `validate(site)`, once every page is rendered and before anything is published. */
export async function validateSite(sheaf: Sheaf, site: Site): Promise<VFileMessage[]> {
  const messages: VFileMessage[] = []
  for (const { extension } of sheaf.enabled) {
    if (!extension.validate) continue
    try {
      const found = await guard({ extension: extension.name, version: extension.version, hook: 'validate', seconds: sheaf.registry.hookSeconds }, () =>
        extension.validate!(site, sheaf.contextFor(extension.name)),
      )
      if (found === undefined) continue
      if (!Array.isArray(found)) {
        throw new SheafError('REGISTRATION_INVALID', `Extension "${extension.name}" returned ${typeof found} from validate(); return a list of messages.`)
      }
      messages.push(...found.map((entry) => toMessage(entry, extension.name, sheaf.config.root)))
    } catch (error) {
      messages.push(siteFailure(error))
    }
  }
  return messages
}

/** A generated file's path, or why it is refused: it must stay inside the output folder. */
function checkGeneratedPath(path: unknown, what: string): string {
  if (typeof path !== 'string' || path === '') throw new Error(`a generated ${what} has no \`${what === 'page' ? 'url' : 'path'}\``)
  const clean = path.replace(/^\/+/, '')
  if (/^[A-Za-z]:/.test(clean) || clean.split(/[/\\]/).includes('..') || clean.includes('\0')) {
    throw new Error(`generated ${what} ${JSON.stringify(path)} would leave the output folder`)
  }
  return clean
}

/** A page's output file from its URL: `/a/b/` -> `a/b/index.html`, `/a/b.html` -> `a/b.html`. */
function outPathOfUrl(url: string): string {
  const clean = checkGeneratedPath(url, 'page')
  if (!url.startsWith('/')) throw new Error(`generated page URL ${JSON.stringify(url)} must start with /`)
  if (clean === '' || url.endsWith('/')) return `${clean}index.html`
  if (clean.endsWith('.html')) return clean
  throw new Error(`generated page URL ${JSON.stringify(url)} must end with / or .html`)
}


/** Who writes each output path: pages and copied files before generators run, then each generator's outputs. */
export interface OutputClaims {
  get(path: string): string | undefined
  set(path: string, owner: string): void
}

/**
 * Every generator, in order. Files go straight into the staging folder; pages
 * join the site index (so later generators, such as a sitemap, see them) and
 * come back to be rendered with their layout like documents. Anything that a
 * page, a copied file or an earlier generator already writes is an error
 * naming both.
 */
export async function runGenerators(
  sheaf: Sheaf,
  stage: 'read' | 'rendered',
  site: SiteIndex,
  writer: { write(path: string, contents: string | Uint8Array): Promise<void> },
  written: OutputClaims,
): Promise<{ messages: VFileMessage[]; paths: string[]; pages: PendingPage[] }> {
  const messages: VFileMessage[] = []
  const paths: string[] = []
  const pages: PendingPage[] = []
  for (const entry of sheaf.registry.generators.ordered()) {
    if ((entry.generator.stage ?? 'read') !== stage) continue
    const call = { extension: entry.extension, version: entry.version, hook: `generator:${entry.name}`, seconds: sheaf.registry.hookSeconds }
    const self = `generator "${entry.name}" (${entry.extension})`
    try {
      const outputs = await guard(call, async () => {
        const result = await entry.generator.generate(site, sheaf.contextFor(entry.extension))
        if (!Array.isArray(result)) throw new Error(`generate() returned ${result === null ? 'null' : typeof result}; return a list of files { path, contents } and pages { url, title }`)
        return result.map((output: GeneratedFile | GeneratedPage) => {
          if (typeof output === 'object' && output !== null && 'url' in output) {
            if (typeof output.title !== 'string') throw new Error(`generated page ${output.url} has no \`title\``)
            return { kind: 'page' as const, outPath: outPathOfUrl(output.url), page: output }
          }
          const path = checkGeneratedPath((output as GeneratedFile | null)?.path, 'file')
          const { contents } = output as GeneratedFile
          if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) {
            throw new Error(`generated file ${path} has contents that are neither a string nor bytes`)
          }
          return { kind: 'file' as const, outPath: path, contents }
        })
      })
      for (const output of outputs) {
        const owner = written.get(output.outPath)
        if (owner !== undefined) {
          messages.push(siteFailure(new SheafError('OUTPUT_CONFLICT', `${self} and ${owner} both write ${output.outPath}`)))
          continue
        }
        written.set(output.outPath, self)
        if (output.kind === 'page' && stage === 'rendered') {
          throw new Error(`generate() returned the page ${output.page.url} at stage 'rendered', which emits files only; use stage 'read' for pages`)
        }
        if (output.kind === 'file') {
          await writer.write(output.outPath, output.contents)
          paths.push(output.outPath)
          continue
        }
        const { page } = output
        const file = new VFile({ path: `${sheaf.config.paths.out}/${output.outPath}` })
        const body: Root = page.content ?? { type: 'root', children: [] }
        Object.assign(file.data, { url: page.url, outPath: output.outPath, title: page.title, matter: page.data ?? {} })
        const { headings, anchors } = outlineOf(body)
        site.add({ source: undefined, url: page.url, outPath: output.outPath, title: page.title, data: page.data ?? {}, headings, anchors, file, generator: entry.name })
        pages.push({ file, body, layout: page.layout })
      }
    } catch (error) {
      messages.push(siteFailure(error))
    }
  }
  return { messages, paths, pages }
}
