import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyFixture, makeSite, repoRoot, sheaf } from './support/sites.js'

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version

describe('sheaf build', () => {
  it('exits 0 and prints one summary line', () => {
    const root = copyFixture('clean-urls')
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Built 4 pages, copied 6 files in \d+\.\d\d s\nOutput: .*_site\n$/)
    expect(result.stderr).toBe('')
  })

  it('warns about a content folder with no documents, and counts the warnings in the summary', () => {
    const root = makeSite({ 'content/notes.txt': 'not markdown\n', 'sheaf.config.mjs': 'export default {}\n' })
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe(
      `warning  The content folder ${join(root, 'content')} holds no documents, so the site has no pages; write markdown files there, or set \`content\` in the config to the folder that holds them.  [sheaf:no-documents]\n`,
    )
    expect(result.stdout).toMatch(/^Built 0 pages, copied \d+ files in \d+\.\d\d s; 1 warning \(above\)\nOutput: /)
    // --strict makes the warning fail the build.
    expect(sheaf(['build', '--strict'], { cwd: root }).code).toBe(1)
  })

  it('prints no progress line when output is not a terminal, and nothing on stdout with --quiet', () => {
    const root = copyFixture('clean-urls')
    const result = sheaf(['build', root, '--quiet'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).not.toContain('Rendering')
  })

  it('shows one live progress line on a terminal, erased before the summary', () => {
    const root = copyFixture('clean-urls')
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const run = (flags: string) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'bin/sheaf.js'))} build ${flags}`, '/dev/null'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      }).stdout
    const shown = run('')
    // Each phase is named with its n/N from its start, in order.
    const lines = ['Reading 0/4', 'Reading 4/4', 'Rendering 0/4', 'Rendering 4/4', 'Writing 0/4', 'Writing 4/4'].map((line) => shown.indexOf(`\r\x1b[2K${line}`))
    expect(lines.every((at) => at >= 0)).toBe(true)
    expect([...lines].sort((a, b) => a - b)).toEqual(lines)
    expect(shown).toMatch(/\r\x1b\[2KBuilt 4 pages, copied 6 files in \d+\.\d\d s\r\n/)
    expect(run('--quiet')).not.toContain('Rendering')
  })

  it('writes to --out, resolved against the current folder', () => {
    const root = copyFixture('plain-folder')
    const result = sheaf(['build', '.', '--out', 'elsewhere/site'], { cwd: root })
    expect(result.code).toBe(0)
    expect(existsSync(join(root, 'elsewhere/site/index.html'))).toBe(true)
  })

  it('exits 2 and suggests the nearest key for an unknown config key', () => {
    const root = copyFixture('unknown-config-key')
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'sheaf.config.mjs  error  Unknown config key `titel`. Did you mean `title`?  [sheaf:CONFIG_INVALID]\n' +
        '  hint: See the configuration reference for every key and its type.\n',
    )
  })

  it('exits 2 naming the key for a config value of the wrong type', () => {
    const root = makeSite({ 'sheaf.config.mjs': "export default { title: 42, out: '_site' }\n", 'content/index.md': '# Hi\n' })
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('sheaf.config.mjs  error  Config key `title`: expected a string, got 42  [sheaf:CONFIG_INVALID]')
  })

  it('exits 2 when the config file throws, naming it', () => {
    const root = makeSite({ 'sheaf.config.ts': "throw new Error('no config today')\n", 'content/index.md': '# Hi\n' })
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`sheaf.config.ts  error  Could not load ${join(root, 'sheaf.config.ts')}: no config today  [sheaf:CONFIG_LOAD_FAILED]`)
  })

  it('exits 2 for a config that is not an object, saying what it got', () => {
    const cases: Array<[string, string]> = [
      ['export default 42', 'it exports the number 42'],
      ['export default null', 'it exports null'],
      ["export default ['a']", 'it exports an array'],
      ['export default () => undefined', 'the function it exports returned nothing (undefined)'],
      ["export default async () => 'x'", 'the function it exports returned the string "x"'],
    ]
    for (const [source, what] of cases) {
      const root = makeSite({ 'sheaf.config.mjs': `${source}\n`, 'content/index.md': '# Hi\n' })
      const result = sheaf(['build'], { cwd: root })
      expect(result.code, source).toBe(2)
      expect(result.stderr, source).toContain(`sheaf.config.mjs  error  The config must export an object, or a function that returns one (export default defineConfig({ … })), but ${what}.  [sheaf:CONFIG_INVALID]`)
      expect(existsSync(join(root, '_site')), source).toBe(false)
    }
  })

  it('exits 2 naming the config file when it never finishes loading, even with a timer left running', () => {
    for (const source of ['setInterval(() => {}, 1000)\nexport default () => new Promise(() => {})', 'await new Promise(() => {})\nexport default {}']) {
      const root = makeSite({ 'sheaf.config.mjs': `${source}\n`, 'content/index.md': '# Hi\n' })
      const result = sheaf(['build'], { cwd: root, env: { SHEAF_CONFIG_SECONDS: '1' } })
      expect(result.code, source).toBe(2)
      expect(result.stderr, source).toContain(
        `sheaf.config.mjs  error  Could not load ${join(root, 'sheaf.config.mjs')}: it did not finish within 1 second (a promise in the module, or returned by the function it exports, never settled). If it is only slow, set SHEAF_CONFIG_SECONDS to allow longer.  [sheaf:CONFIG_LOAD_FAILED]`,
      )
    }
  })

  it('exits 2 for a site folder that does not exist', () => {
    const result = sheaf(['build', 'no/such/site'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error  No site folder at ${join(repoRoot, 'no/such/site')}.  [sheaf:ROOT_NOT_FOUND]`)
  })

  it('exits 2 for an unsafe output folder', () => {
    const root = makeSite({ 'content/index.md': '# Hi\n' })
    const result = sheaf(['build', root, '--out', root])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error  The output folder ${root} is the site root; Sheaf replaces its output folder on every build.  [sheaf:OUT_DIR_UNSAFE]`)
  })

  it('exits 1 and names the extension, its version, the hook, file, line and column when a transform throws', () => {
    const root = copyFixture('transform-throws')
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('content/page.md:3:1  error  Headings are not allowed here  [shout@1.2.0:transform:no-headings]\n')
    expect(result.stderr).toContain('  > 3 | ## Not allowed')
    expect(result.stderr).toMatch(/at Object\.run \(file:\/\/.*ext\/shout\.mjs:11:\d+\)/)
    expect(result.stderr.trimEnd().endsWith('The build failed with 1 error; the previous output was left as it was.')).toBe(true)
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('turns warnings into a failure with --strict', () => {
    const root = makeSite({ 'content/index.md': '# Home\n\n[gone](gone.md)\n' })
    const loose = sheaf(['build', root])
    expect(loose.code).toBe(0)
    expect(loose.stderr).toContain(`${join(root, 'content/index.md')}:3:1  warning  Link to a missing document: gone.md  [sheaf:link]`)
    const strict = sheaf(['build', root, '--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('The build has 1 warning, and --strict makes them fail it; the previous output was left as it was.')
  })
})

describe('sheaf render', () => {
  it("prints the document's HTML body, without a layout", () => {
    const root = copyFixture('clean-urls')
    const result = sheaf(['render', 'content/guide/intro.md'], { cwd: root })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      '<h1 id="intro">Intro<a class="heading-anchor" href="#intro" aria-label="Link to this section: Intro"></a></h1>\n' +
        '<p><img src="../img/diagram.svg" alt="Diagram">\n<a href="../../">Home</a> and <a href="../deep/page/?x=1#top">deep</a> and <a href="#intro">self</a></p>\n',
    )
  })

  it('runs the transforms of the extensions the site uses, and exits 1 when one fails', () => {
    const root = copyFixture('transform-throws')
    expect(sheaf(['render', join(root, 'content/index.md')]).stdout).toBe('<p>Fine.</p>\n')
    const failing = sheaf(['render', join(root, 'content/page.md')])
    expect(failing.code).toBe(1)
    expect(failing.stdout).toBe('')
    expect(failing.stderr).toContain('  error  Headings are not allowed here  [shout@1.2.0:transform:no-headings]')
  })

  it('exits 2 for a file that does not exist', () => {
    const result = sheaf(['render', 'nope.md'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('error  No such file: nope.md\n')
  })
})

describe('usage', () => {
  it('prints the version', () => {
    expect(sheaf(['--version'])).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' })
  })

  it('lists the commands with --help', () => {
    const result = sheaf(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: sheaf [options] [command]')
    expect(result.stdout).toMatch(/build \[options\] \[root\]\s+build the site/)
    expect(result.stdout).toMatch(/render \[options\] <file>\s+print one document's HTML body/)
  })

  it('exits 2 for an unknown command, suggesting the nearest', () => {
    const result = sheaf(['biuld'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe("error: unknown command 'biuld'\n(Did you mean build?)\n")
  })

  it('exits 2 for an unknown option', () => {
    const result = sheaf(['build', '--nope'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe("error: unknown option '--nope'\n")
  })
})
