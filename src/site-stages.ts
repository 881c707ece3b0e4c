import { isAbsolute, resolve } from 'node:path'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { SheafError } from './errors.js'
import type { GeneratedFile, Site, ValidationMessage } from './extensions/types.js'
import { guard } from './hooks/guard.js'
import type { Staging } from './output/staging.js'
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
      const found = await guard({ extension: extension.name, version: extension.version, hook: 'validate' }, () =>
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
function checkGeneratedPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw new Error('a generated file has no `path`')
  const clean = path.replace(/^\/+/, '')
  if (/^[A-Za-z]:/.test(clean) || clean.split(/[/\\]/).includes('..') || clean.includes('\0')) {
    throw new Error(`generated path ${JSON.stringify(path)} would leave the output folder`)
  }
  return clean
}

/**
 * Every generator, in order, writing into the staging folder. A file that a
 * page, a copied file or an earlier generator already writes is an error
 * naming both.
 */
export async function runGenerators(
  sheaf: Sheaf,
  site: Site,
  staging: Staging,
  written: Map<string, string>,
): Promise<{ messages: VFileMessage[]; paths: string[] }> {
  const messages: VFileMessage[] = []
  const paths: string[] = []
  for (const entry of sheaf.registry.generators.ordered()) {
    const call = { extension: entry.extension, version: entry.version, hook: `generator:${entry.name}` }
    try {
      const files = await guard(call, async () => {
        const result = await entry.generator.generate(site, sheaf.contextFor(entry.extension))
        if (!Array.isArray(result)) throw new Error(`generate() returned ${result === null ? 'null' : typeof result}; return a list of { path, contents }`)
        return result.map((file: GeneratedFile) => {
          const path = checkGeneratedPath(file?.path)
          if (typeof file.contents !== 'string' && !(file.contents instanceof Uint8Array)) {
            throw new Error(`generated file ${path} has contents that are neither a string nor bytes`)
          }
          return { path, contents: file.contents }
        })
      })
      for (const file of files) {
        const owner = written.get(file.path)
        const self = `generator "${entry.name}" (${entry.extension})`
        if (owner !== undefined) {
          const message = siteFailure(new SheafError('OUTPUT_CONFLICT', `${self} and ${owner} both write ${file.path}`))
          messages.push(message)
          continue
        }
        written.set(file.path, self)
        await staging.write(file.path, file.contents)
        paths.push(file.path)
      }
    } catch (error) {
      messages.push(siteFailure(error))
    }
  }
  return { messages, paths }
}
