import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { sheafRoot } from '../package-info.js'
import { sheafRange } from './write.js'

/**
 * What a new site's package.json names for each of Sheaf's packages: a version
 * range when the running Sheaf was installed from the npm registry, else the
 * folder the running package is in (`file:`), so that `npm install` in the new
 * site installs this same Sheaf: from a checkout, a packed tarball or a link,
 * before Sheaf is in the registry at all.
 */
export function dependencySpecs(names: readonly string[], root: string = sheafRoot): Record<string, string> {
  const range = sheafRange()
  if (fromRegistry(root)) return Object.fromEntries(names.map((name) => [name, range]))
  return Object.fromEntries(names.map((name) => [name, `file:${packageFolder(name, root)}`]))
}

/** The real folder of one of Sheaf's packages as the Sheaf at `root` finds it. */
function packageFolder(name: string, root: string): string {
  if (name === 'sheaf') return realpathSync(root)
  const require = createRequire(join(root, 'package.json'))
  return realpathSync(dirname(require.resolve(`${name}/package.json`)))
}

/**
 * Whether the Sheaf at `sheaf` came from a registry: it sits in a `node_modules`
 * folder (not behind a link), and the lockfile npm keeps there says it was
 * resolved from a registry URL, not a tarball or a folder.
 */
export function fromRegistry(sheaf: string = sheafRoot): boolean {
  const root = realpathSync(sheaf)
  const at = root.lastIndexOf(`${sep}node_modules${sep}`)
  if (at === -1) return false
  const modules = root.slice(0, at + `${sep}node_modules`.length)
  const lockfile = join(modules, '.package-lock.json')
  if (!existsSync(lockfile)) return false
  try {
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages?: Record<string, { resolved?: string; link?: boolean }> }
    const key = `node_modules/${root.slice(at + `${sep}node_modules${sep}`.length).split(sep).join('/')}`
    const entry = lock.packages?.[key]
    return entry !== undefined && !entry.link && /^https?:\/\//.test(entry.resolved ?? '')
  } catch {
    return false
  }
}
