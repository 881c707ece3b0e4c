import { hash as hashOnce } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sep } from 'node:path'
import { sheafVersion } from '../package-info.js'
import type { Sheaf } from '../sheaf.js'
import { codeInputs } from './code-inputs.js'
import { siteWideKeys } from './dependencies.js'
import { hash, stableText } from './digest.js'

/** The contents of a module file, when there is one: code without a version is keyed by its text. */
const moduleText = (path: string | undefined): string => {
  if (path === undefined) return 'inline'
  try {
    return hash(readFileSync(path))
  } catch {
    return 'unreadable'
  }
}

/**
 * What every document and page depends on besides what it read itself:
 * Sheaf's version, the whole config (a hook may read any key of it, in setup
 * too), every enabled extension's name, version (or module text), options and
 * `cacheKey`, the themes, and the code inputs: every local module that the
 * config, local extensions, themes and layouts import, and the files declared
 * with `app.addWatchFile` (`codeInputs`).
 */
export function documentFingerprint(sheaf: Sheaf): string {
  const { config } = sheaf
  const extensions = sheaf.enabled.map((entry) => {
    const { extension } = entry
    // A package linked from elsewhere (a workspace, `npm link`) changes without its version changing: its module text counts too.
    const linked = entry.path !== undefined && !entry.path.split(sep).includes('node_modules')
    const code = extension.version === undefined ? moduleText(entry.path) : linked ? `${extension.version} ${moduleText(entry.path)}` : extension.version
    return [extension.name, code, entry.options, extension.cacheKey ? extension.cacheKey(config) : null]
  })
  const themes = sheaf.themes.map(({ theme, path }) => [theme.name, theme.version, moduleText(path)])
  // Site-wide keys count only where setup read them; hooks that read them record it themselves.
  const settings = Object.fromEntries(Object.entries(config).filter(([key]) => !siteWideKeys.has(key) || sheaf.setupConfigKeys.has(key)))
  return hash(`sheaf ${sheafVersion}`, stableText({ settings, extensions, themes }), codeInputs(sheaf).digest())
}

/** One document's key: the fingerprint, where it sits, and its bytes (one digest call: this runs for every document of every build). */
export const documentKey = (fingerprint: string, rel: string, bytes: Uint8Array): string =>
  hashOnce('sha256', Buffer.concat([Buffer.from(`${fingerprint}\0${rel}\0`), bytes]), 'hex')

/**
 * What every page's rendering depends on besides its own document and what it
 * read: the document fingerprint, the site-wide keys, which every layout is
 * given (`page.site`), and the names of the stylesheets and scripts pages
 * link (their digests: a changed stylesheet renames it in every page).
 */
export const renderFingerprint = (sheaf: Sheaf, fingerprint: string): string =>
  hash(fingerprint, stableText([...siteWideKeys].map((key) => (sheaf.config as unknown as Record<string, unknown>)[key])), stableText([...sheaf.assetNames]))
