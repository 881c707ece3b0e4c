import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { checkSources, registerSite, sourcesOf } from './sources.js'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const fixturesDir = join(repoRoot, 'test/fixtures/sites')
const bin = join(repoRoot, 'bin/sheaf.js')

const made: string[] = []
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = 'sheaf-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  registerSite(dir)
  return dir
}

/** Write files (path -> contents) into a fresh temp site and return its root. */
export function makeSite(files: Record<string, string | Uint8Array>): string {
  const root = tempDir()
  writeFiles(root, files)
  return root
}

/** Let a temporary site load the workspace's packages (`@sheaf/*`), as a site that installed them would. */
export function linkPackages(root: string): string {
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir')
  return root
}

export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), contents)
  }
}

/** A copy of a fixture site (`test/fixtures/sites/NAME`) in a temp folder. */
export function copyFixture(name: string): string {
  const root = tempDir(`sheaf-${name}-`)
  cpSync(join(fixturesDir, name), root, { recursive: true })
  return root
}

export interface CliResult {
  code: number | null
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Run the real `sheaf` binary. */
export function sheaf(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): CliResult {
  // A build must leave the site's own files as they were (see sources.ts).
  const cwd = options.cwd ?? repoRoot
  const site = args[0] === 'build' ? resolve(cwd, args[1] !== undefined && !args[1].startsWith('-') ? args[1] : '.') : undefined
  const outAt = args.indexOf('--out')
  const before = site === undefined ? undefined : sourcesOf(site)
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    timeout: 60_000,
  })
  if (site !== undefined) checkSources(site, before, outAt === -1 ? undefined : resolve(cwd, args[outAt + 1]!))
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

/** Every file under a folder (relative, sorted) with its bytes, for byte-for-byte comparisons. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name)
      if (statSync(path).isDirectory()) walk(path)
      else out[relative(dir, path).split('\\').join('/')] = readFileSync(path).toString('base64')
    }
  }
  walk(dir)
  return out
}

/** Every file under a folder, relative and sorted. */
export function listFiles(dir: string): string[] {
  return Object.keys(snapshotDir(dir))
}

/** A digest in an asset's name (`_sheaf/theme.3f9a1c2b.css`): stylesheets and scripts are written under their content's digest. */
const digestInName = /(_sheaf\/[\w./-]*?)\.[0-9a-f]{8}(\.(?:css|js|mjs))\b/g

/** Text (HTML, a list of paths) with the digests taken out of asset names, for tests about something else: `_sheaf/theme.css`. */
export const withoutDigests = (text: string): string => text.replace(digestInName, '$1$2')

/** The files of a folder, the digests taken out of asset names (`withoutDigests`). */
export const listPlainFiles = (dir: string): string[] => listFiles(dir).map(withoutDigests).sort()

/** An asset of the output by its plain name (`_sheaf/theme.css`): the text of the file written under its name with a digest. */
export function readAsset(out: string, plain: string): string {
  const match = listFiles(out).filter((path) => withoutDigests(path) === plain)
  if (match.length !== 1) throw new Error(`expected one asset ${plain} in ${out}, found ${match.length}: ${match.join(', ')}`)
  return readFileSync(join(out, match[0]!), 'utf8')
}

export const packagesDir = join(repoRoot, 'test/fixtures/packages')

/**
 * A site whose package.json depends on fixture packages through `file:`
 * dependencies, installed with a real, offline `npm install`.
 */
export function installSite(files: Record<string, string>, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): string {
  const root = makeSite(files)
  const spec = (deps: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(deps).map(([name, dir]) => [name, `file:${join(packagesDir, dir)}`]))
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'fixture-site', private: true, dependencies: spec(dependencies), devDependencies: spec(devDependencies) }, null, 2),
  )
  const result = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (result.status !== 0) throw new Error(`npm install failed in ${root}:\n${result.stderr}`)
  return root
}
