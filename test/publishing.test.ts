import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listFiles, repoRoot, sheaf, snapshotDir, tempDir } from './support/sites.js'

const modules = join(repoRoot, 'node_modules')

/** The environment of a child npm or vitest: this test run's own variables left out. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST|NODE_ENV$|npm_)/.test(key)))
  return { ...env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: { ...childEnv(), ...env }, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** What `npm install` would put in a new extension's node_modules, linked from this workspace: no network needed. */
function linkDevDependencies(dir: string): void {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true })
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true })
  symlinkSync(repoRoot, join(dir, 'node_modules/sheaf'))
  for (const name of ['typescript', 'valibot', 'vitest', 'vfile', '@types/hast', '@types/node']) symlinkSync(join(modules, name), join(dir, 'node_modules', name))
  symlinkSync(join(modules, 'typescript/bin/tsc'), join(dir, 'node_modules/.bin/tsc'))
  symlinkSync(join(modules, 'vitest/vitest.mjs'), join(dir, 'node_modules/.bin/vitest'))
}

describe('sheaf new', () => {
  it('writes a ready extension package, and never into a folder that is not empty', () => {
    const parent = tempDir()
    const created = sheaf(['new', 'extension', 'reading-time'], { cwd: parent })
    expect(created.code).toBe(0)
    expect(created.stdout).toBe(
      [
        'Created the extension sheaf-reading-time in reading-time:',
        '  .gitignore',
        '  README.md',
        '  package.json',
        '  src/index.ts',
        '  test/index.test.ts',
        '  tsconfig.build.json',
        '  tsconfig.json',
        '',
        'Next:',
        '  cd reading-time',
        '  npm install',
        '  npm test',
        '  npm pack',
        '',
      ].join('\n'),
    )
    const dir = join(parent, 'reading-time')
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({
      name: 'sheaf-reading-time',
      description: 'reading-time: an extension for Sheaf',
      keywords: ['sheaf-extension', 'sheaf'],
      sheaf: { extensions: { 'reading-time': './dist/index.js' } },
      // A published extension asks for a range; its author develops against this Sheaf (from its folder: it is not in the registry).
      peerDependencies: { sheaf: '^0.1.0' },
      devDependencies: { sheaf: `file:${realpathSync(repoRoot)}` },
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      scripts: { build: 'tsc -p tsconfig.build.json', test: 'vitest run', prepack: 'npm run build' },
    })
    const readme = readFileSync(join(dir, 'README.md'), 'utf8')
    expect(readme.match(/^## .+$/gm)).toEqual([
      '## What it is',
      '## When to use it',
      '## Install',
      '## Use',
      '## Options',
      '## Hooks it registers',
      '## Compatibility',
      '## Development',
    ])
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toContain("import { defineExtension } from 'sheaf'")
    expect(readFileSync(join(dir, 'test/index.test.ts'), 'utf8')).toContain("from 'sheaf/testing'")

    const before = snapshotDir(dir)
    const again = sheaf(['new', 'extension', 'reading-time'], { cwd: parent })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain(`${dir} is not empty (.gitignore, README.md, package.json, …); nothing was written.  [sheaf:SCAFFOLD_REFUSED]`)
    expect(snapshotDir(dir)).toEqual(before)
  })

  it('refuses a name npm would refuse and a kind it does not make, writing nothing', () => {
    const parent = tempDir()
    const badName = sheaf(['new', 'extension', 'x', '--name', 'Sheaf Thing'], { cwd: parent })
    expect(badName.code).toBe(2)
    expect(badName.stderr).toContain('"Sheaf Thing" is not a valid npm package name')
    const badKind = sheaf(['new', 'theme', 'x'], { cwd: parent })
    expect(badKind.code).toBe(2)
    expect(badKind.stderr).toBe('error: "theme" is not something sheaf new makes: give extension or site.\n')
    expect(readdirSync(parent)).toEqual([])
  })

  it('writes a site that installs this Sheaf (not in the registry: from its folders) and builds cleanly with the docs preset', { timeout: 120_000 }, () => {
    const parent = tempDir()
    const created = sheaf(['new', 'site', 'docs', '--title', 'Our docs', '--url', 'https://docs.example.org/'], { cwd: parent })
    expect(created.code).toBe(0)
    const dir = join(parent, 'docs')
    expect(listFiles(dir)).toEqual(['.gitignore', 'content/guide.md', 'content/index.md', 'package.json', 'sheaf.config.ts'])
    // Run from this checkout, the site names this checkout's packages, so `npm install` needs no registry.
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies).toEqual({
      '@sheaf/preset-docs': `file:${realpathSync(join(repoRoot, 'extensions/preset-docs'))}`,
      sheaf: `file:${realpathSync(repoRoot)}`,
    })
    // As the scaffold says: npm install (offline: nothing comes from the registry), then sheaf from the site's own bin.
    const installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund'], dir)
    expect(installed.stderr).not.toMatch(/ERR!/)
    expect(installed.code).toBe(0)
    expect(realpathSync(join(dir, 'node_modules/sheaf'))).toBe(realpathSync(repoRoot))
    const viaBin = run(join(dir, 'node_modules/.bin/sheaf'), ['--version'], dir)
    expect(viaBin.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version)
    const built = sheaf(['build'], { cwd: dir })
    expect(built.stderr).toBe('')
    expect(built.code).toBe(0)
    const guide = readFileSync(join(dir, '_site/guide/index.html'), 'utf8')
    expect(guide).toContain('<title>Guide · Our docs</title>')
    expect(guide).toContain('<aside class="admonition admonition-note" role="note">')
    expect(readFileSync(join(dir, '_site/sitemap.xml'), 'utf8')).toContain('<loc>https://docs.example.org/guide/</loc>')
  })
})

describe('the Sheaf a new site installs', () => {
  /** A project whose node_modules holds a copy of Sheaf's package.json, and npm's lockfile saying where it came from. */
  function installed(resolved: string | undefined, link = false): string {
    const project = tempDir()
    const folder = join(project, 'node_modules/sheaf')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'package.json'), readFileSync(join(repoRoot, 'package.json')))
    const entry = { version: '0.1.0', ...(resolved === undefined ? {} : { resolved }), ...(link ? { link: true } : {}) }
    writeFileSync(join(project, 'node_modules/.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/sheaf': entry } }))
    return folder
  }

  it('is named by version range when the running one came from a registry, and by its folder otherwise', async () => {
    const { dependencySpecs, fromRegistry } = await import('../src/scaffold/install-source.js')
    const fromNpm = installed('https://registry.npmjs.org/sheaf/-/sheaf-0.1.0.tgz')
    expect(fromRegistry(fromNpm)).toBe(true)
    expect(dependencySpecs(['sheaf'], fromNpm)).toEqual({ sheaf: '^0.1.0' })
    const fromTarball = installed('file:../sheaf-0.1.0.tgz')
    expect(fromRegistry(fromTarball)).toBe(false)
    expect(dependencySpecs(['sheaf'], fromTarball)).toEqual({ sheaf: `file:${realpathSync(fromTarball)}` })
    expect(fromRegistry(installed(undefined))).toBe(false)
    expect(fromRegistry(installed('https://registry.npmjs.org/sheaf/-/sheaf-0.1.0.tgz', true))).toBe(false)
    // A checkout is in no node_modules folder.
    expect(fromRegistry(repoRoot)).toBe(false)
  })
})

describe('installing Sheaf as the installation page says, from this checkout', () => {
  it('a new site: sheaf new site, npm install, npx sheaf build, with no warning', { timeout: 120_000 }, () => {
    const parent = tempDir()
    // `npx sheaf new site DIR` in the checkout, as its README says (npx with a cache of its own, offline: it finds this checkout).
    const dir = join(parent, 'my-docs')
    const created = run('npx', ['--offline', 'sheaf', 'new', 'site', dir], repoRoot, { npm_config_cache: join(parent, 'npm-cache') })
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    const installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund'], dir)
    expect(installed.stderr).not.toMatch(/ERR!/)
    expect(installed.code).toBe(0)
    const built = run('npx', ['--offline', 'sheaf', 'build'], dir)
    expect(built.code).toBe(0)
    // No url yet: one info line, and no warning; no blog without posts.
    expect(built.stderr).toBe('[@sheaf/sitemap] No sitemap.xml was written: it needs an absolute `url` in the config, such as url: "https://example.org/".\n')
    expect(built.stdout).toMatch(/^Built 3 pages, copied \d+ files in \d+\.\d\d s\nOutput: /)
    expect(existsSync(join(dir, '_site/blog'))).toBe(false)
  })

  it('into a project that has one: npm install --save-dev of the checkout (and the preset), then sheaf build', { timeout: 120_000 }, () => {
    const project = tempDir()
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'existing-project', version: '1.0.0', private: true }, null, 2))
    mkdirSync(join(project, 'content'))
    writeFileSync(join(project, 'content/index.md'), '# Home\n\n:::note\nA note.\n:::\n')
    for (const folder of [repoRoot, join(repoRoot, 'extensions/preset-docs')]) {
      const installed = run('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', folder], project)
      expect(installed.stderr).not.toMatch(/ERR!/)
      expect(installed.code).toBe(0)
    }
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies).toEqual({
      '@sheaf/preset-docs': `file:${relative(project, join(repoRoot, 'extensions/preset-docs')).split(sep).join('/')}`,
      sheaf: `file:${relative(project, repoRoot).split(sep).join('/')}`,
    })
    const built = run(join(project, 'node_modules/.bin/sheaf'), ['build'], project)
    expect(built.code).toBe(0)
    // The preset took part: the note is an admonition, not text.
    expect(readFileSync(join(project, '_site/index.html'), 'utf8')).toContain('<aside class="admonition admonition-note" role="note">')
  })
})

describe('publishing an extension, end to end', () => {
  it('scaffolds, tests, builds and packs an extension; a new site installs the tarball and sheaf finds it', { timeout: 240_000 }, () => {
    const work = tempDir()
    expect(sheaf(['new', 'extension', 'reading-time'], { cwd: work }).code).toBe(0)
    const dir = join(work, 'reading-time')
    linkDevDependencies(dir)

    // The extension's own tests, as its author runs them.
    const tested = run('npm', ['test'], dir)
    expect(tested.stdout + tested.stderr).toMatch(/Tests\s+4 passed \(4\)/)
    expect(tested.code).toBe(0)
    const typecheck = run(join(modules, '.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], dir)
    expect(typecheck.stdout).toBe('')
    expect(typecheck.code).toBe(0)

    // npm pack runs prepack (the build) and packs what `files` says.
    const packed = run('npm', ['pack', '--json', '--pack-destination', work], dir)
    expect(packed.code).toBe(0)
    const [tarball] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>
    expect(tarball!.files.map((file) => file.path).sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json'])

    // A new site, its dependencies from this workspace and the tarball, installed offline.
    expect(sheaf(['new', 'site', 'site', '--url', 'https://example.org/'], { cwd: work }).code).toBe(0)
    const site = join(work, 'site')
    const pkg = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8'))
    pkg.dependencies = {
      sheaf: `file:${repoRoot}`,
      '@sheaf/preset-docs': `file:${join(repoRoot, 'extensions/preset-docs')}`,
      'sheaf-reading-time': `file:${join(work, tarball!.filename)}`,
      // The extension's own dependency, from this workspace too: offline, npm has no registry metadata to resolve a range with.
      valibot: `file:${join(modules, 'valibot')}`,
    }
    writeFileSync(join(site, 'package.json'), JSON.stringify(pkg, null, 2))
    const installed = run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], site)
    expect(installed.stderr).not.toMatch(/ERR!/)
    expect(installed.code).toBe(0)
    expect(existsSync(join(site, 'node_modules/sheaf-reading-time/dist/index.js'))).toBe(true)

    // Installed is enough: the config does not name it.
    expect(readFileSync(join(site, 'sheaf.config.ts'), 'utf8')).not.toContain('reading-time')
    const listed = sheaf(['extensions'], { cwd: site })
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^\s*\d+\. sheaf-reading-time 0\.1\.0 {2}\(from the installed package sheaf-reading-time\)\n\s+transform {2}reading-time:reading-time$/m)
    const built = sheaf(['build'], { cwd: site })
    expect(built.stderr).toBe('')
    expect(built.code).toBe(0)
    expect(readFileSync(join(site, '_site/guide/index.html'), 'utf8')).toMatch(/<h1 id="guide">Guide<a class="heading-anchor"[^>]*>.*?<\/a><\/h1><p class="reading-time">1 min read<\/p>/)
  })
})
