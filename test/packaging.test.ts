import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './support/sites.js'

const packageDirs = [
  repoRoot,
  ...['extensions', 'themes'].flatMap((group) => readdirSync(join(repoRoot, group)).map((name) => join(repoRoot, group, name))),
]

interface PackageJson {
  name: string
  exports: Record<string, string | { types: string; default: string }>
  bin?: Record<string, string>
  sheaf?: Record<string, Record<string, string>>
}

/** The files `npm pack` would put in the tarball (the code is built by `npm test` first, so its scripts are skipped). */
function packed(dir: string): string[] {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' })
  expect(result.status, result.stderr).toBe(0)
  const [report] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ files: Array<{ path: string }> }>
  return report!.files.map((file) => file.path).sort()
}

describe('every first-party package packs cleanly', () => {
  it.each(packageDirs.map((dir) => [dir.slice(repoRoot.length) || 'sheaf', dir]))('%s', { timeout: 60_000 }, (_name, dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
    const files = packed(dir)
    expect(files).toContain('README.md')
    expect(files).toContain('package.json')
    // What its exports, bin and "sheaf" field point at: built code and types.
    const targets = [
      ...Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : [target.types, target.default])),
      ...Object.values(pkg.bin ?? {}),
      // The "sheaf" field's module paths (a value may also name another package, as sheaf's own defaults do).
      ...Object.values(pkg.sheaf ?? {}).flatMap((map) => Object.values(map).filter((target) => target.startsWith('./'))),
    ]
    for (const target of targets) expect(files, `${pkg.name}: ${target}`).toContain(target.replace(/^\.\//, ''))
    expect(files.some((file) => file.endsWith('.d.ts'))).toBe(true)
    // No sources, tests, fixtures, build state or maps to sources that are not shipped.
    const unwanted = files.filter((file) => /(^|\/)(src|test|tests|__tests__|fixtures)\/|\.test\.|\.tsbuildinfo$|\.map$|^tsconfig/.test(file))
    expect(unwanted).toEqual([])
  })
})
