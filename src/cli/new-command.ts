import { basename, relative, resolve } from 'node:path'
import { checkPackageName, writeScaffold } from '../scaffold/write.js'

export type ScaffoldKind = 'extension' | 'site'

export interface NewFlags {
  /** The package name; by default the folder's name (`sheaf-` added for an extension without it). */
  name?: string
  /** A site's title; by default its folder's name. */
  title?: string
  /** A site's public URL. */
  url?: string
}

/** The name a new package gets from its folder when `--name` is not given. */
function defaultName(kind: ScaffoldKind, dir: string): string {
  const base = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._~]+|-+$/g, '')
  return kind === 'extension' && !base.startsWith('sheaf-') ? `sheaf-${base}` : base || 'site'
}

/**
 * `sheaf new extension|site <dir>`: write a ready package into a folder that
 * does not exist yet or is empty, offline; returns what to tell the user.
 */
export async function runNew(kind: ScaffoldKind, target: string, flags: NewFlags, cwd: string): Promise<string> {
  const dir = resolve(cwd, target)
  const name = checkPackageName(flags.name ?? defaultName(kind, dir))
  const files =
    kind === 'extension'
      ? (await import('../scaffold/extension.js')).extensionFiles(name)
      : (await import('../scaffold/site.js')).siteFiles(name, flags.title ?? basename(dir), flags.url)
  const written = writeScaffold(dir, files)
  const shown = relative(cwd, dir) || '.'
  const next = kind === 'extension' ? ['npm install', 'npm test', 'npm pack'] : ['npm install', 'npm run serve']
  return [
    `Created ${kind === 'extension' ? 'the extension' : 'the site'} ${name} in ${shown}:`,
    ...written.map((path) => `  ${path}`),
    '',
    'Next:',
    ...(shown === '.' ? [] : [`  cd ${shown}`]),
    ...next.map((command) => `  ${command}`),
    '',
  ].join('\n')
}
