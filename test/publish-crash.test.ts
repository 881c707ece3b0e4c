import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeSite, sheaf, snapshotDir, tempDir } from './support/sites.js'

/**
 * A build stopped half-way through publishing (SHEAF_TEST_PUBLISH_STOP sends
 * the signal after the Nth step: the journal written, a file moved or
 * deleted, a folder renamed) must never cost the output: the next build
 * leaves the complete old output or the complete new one, whatever it does
 * itself, and removes what the stopped one left beside it.
 */

const leftovers = (root: string): string[] => readdirSync(root).filter((name) => name.includes('.sheaf-'))

/** A site built once (the old output), then edited: a page changed, one removed, one added, the home page changed. */
function editedSite(): { root: string; restore: () => void; old: Record<string, string> } {
  const root = makeSite({
    'content/index.md': '# Home\n\n[A](a.md), [B](b.md).\n',
    'content/a.md': '# A\n\nOld text.\n',
    'content/b.md': '# B\n',
    'content/deep/c.md': '# C\n',
    'public/robots.txt': 'User-agent: *\n',
  })
  expect(sheaf(['build', root, '--workers', '1']).code).toBe(0)
  const old = snapshotDir(join(root, '_site'))
  // The old output and the cache that recorded it, to go back to before each stopped build.
  const saved = tempDir('sheaf-saved-')
  cpSync(join(root, '_site'), join(saved, '_site'), { recursive: true, preserveTimestamps: true })
  cpSync(join(root, '.sheaf'), join(saved, '.sheaf'), { recursive: true, preserveTimestamps: true })
  writeFileSync(join(root, 'content/index.md'), '# Home\n\n[A](a.md), [D](d.md).\n')
  writeFileSync(join(root, 'content/a.md'), '# A\n\nNew text.\n')
  rmSync(join(root, 'content/b.md'))
  rmSync(join(root, 'content/deep'), { recursive: true })
  writeFileSync(join(root, 'content/d.md'), '# D\n')
  const restore = (): void => {
    for (const name of leftovers(root)) rmSync(join(root, name), { recursive: true, force: true })
    for (const name of ['_site', '.sheaf']) {
      rmSync(join(root, name), { recursive: true, force: true })
      cpSync(join(saved, name), join(root, name), { recursive: true, preserveTimestamps: true })
    }
  }
  return { root, restore, old }
}

/** Build with a page that fails: the build publishes nothing, so the output is what the start of the build made of it. */
function failingBuild(root: string, flags: string[]): void {
  writeFileSync(join(root, 'content/broken.md'), '---\ntitle: [\n---\n# Broken\n')
  const result = sheaf(['build', root, '--workers', '1', ...flags])
  rmSync(join(root, 'content/broken.md'))
  expect(result.code, result.stderr).toBe(1)
}

describe('a publish stopped half-way', () => {
  const modes: Array<[string, string[]]> = [
    ['moving the changed files in', []],
    ['swapping in a whole folder', ['--no-cache']],
  ]
  for (const [mode, flags] of modes) {
    it(`is finished by the next build, after a kill at any step, ${mode}`, () => {
      const { root, restore, old } = editedSite()
      restore()
      expect(sheaf(['build', root, '--workers', '1', ...flags]).code).toBe(0)
      const fresh = snapshotDir(join(root, '_site'))
      expect(fresh).not.toEqual(old)
      let stopped = 0
      for (let step = 1; ; step++) {
        restore()
        const run = sheaf(['build', root, '--workers', '1', ...flags], { env: { SHEAF_TEST_PUBLISH_STOP: `${step}:SIGKILL` } })
        if (run.code === 0) break // Past the last step: it published.
        expect(run.signal, run.stderr).toBe('SIGKILL')
        stopped++
        // The stopped build left its journal (and staging folder) beside the output.
        expect(leftovers(root)).toContain('._site.sheaf-publish')
        failingBuild(root, flags)
        expect(existsSync(join(root, '_site')), `after step ${step}`).toBe(true)
        expect(snapshotDir(join(root, '_site')), `after step ${step}`).toEqual(fresh)
        expect(leftovers(root), `after step ${step}`).toEqual([])
      }
      // The journal, then each file moved in and each deleted (or the two renames of a swap).
      expect(stopped).toBeGreaterThanOrEqual(flags.length === 0 ? 6 : 3)
    })
  }

  it('finishes publishing on Ctrl-C before it exits, then exits as interrupted', () => {
    const { root, restore } = editedSite()
    restore()
    expect(sheaf(['build', root, '--workers', '1']).code).toBe(0)
    const fresh = snapshotDir(join(root, '_site'))
    for (const step of [1, 3]) {
      restore()
      const run = sheaf(['build', root, '--workers', '1'], { env: { SHEAF_TEST_PUBLISH_STOP: `${step}:SIGINT` } })
      expect(run.signal, run.stderr).toBe('SIGINT')
      expect(snapshotDir(join(root, '_site'))).toEqual(fresh)
      expect(leftovers(root)).toEqual([])
    }
  })

  it('never acts on a planted journal that names anything outside the output folder', () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    expect(sheaf(['build', root]).code).toBe(0)
    const before = snapshotDir(join(root, '_site'))
    const outside = tempDir('sheaf-victim-')
    writeFileSync(join(outside, 'victim.txt'), 'keep me\n')
    const planted = [
      { owner: '999999999', kind: 'moves', staging: '._site.sheaf-tmp-999999999-x', moves: [], stale: [`../../${outside}/victim.txt`] },
      { owner: '999999999', kind: 'moves', staging: '._site.sheaf-tmp-999999999-x', moves: [], stale: [join(outside, 'victim.txt')] },
      { owner: '999999999', kind: 'moves', staging: '../victim', moves: [], stale: [] },
      { owner: '999999999', kind: 'swap', staging: '._site.sheaf-tmp-999999999-x', old: `../${outside}` },
      { owner: '999999999', kind: 'swap', staging: outside, old: '._site.sheaf-old-999999999-x' },
    ]
    for (const journal of planted) {
      writeFileSync(join(root, '._site.sheaf-publish'), JSON.stringify(journal))
      failingBuild(root, [])
      expect(readFileSync(join(outside, 'victim.txt'), 'utf8'), JSON.stringify(journal)).toBe('keep me\n')
      expect(snapshotDir(join(root, '_site'))).toEqual(before)
      expect(leftovers(root)).toEqual([])
    }
  })

  it('removes the staging folder of a build killed before it published, and leaves the output as it was', () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    expect(sheaf(['build', root]).code).toBe(0)
    const before = snapshotDir(join(root, '_site'))
    // What a build killed while rendering leaves: a staging folder whose process is gone, in the old form and the new.
    for (const name of ['._site.sheaf-tmp-a1b2c3d4e5f6', '._site.sheaf-tmp-999999999-a1b2c3d4e5f6', '._site.sheaf-old-999999999.1-a1b2c3d4e5f6']) {
      cpSync(join(root, '_site'), join(root, name), { recursive: true })
    }
    failingBuild(root, [])
    expect(leftovers(root)).toEqual([])
    expect(snapshotDir(join(root, '_site'))).toEqual(before)
  })
})
