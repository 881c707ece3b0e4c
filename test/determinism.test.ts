import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { linkPackages, repoRoot, sheaf, snapshotDir, tempDir } from './support/sites.js'

/** A copy of site-example, with a post dated half an hour before a new year, eight hours behind UTC. */
function siteWithLatePost(): string {
  const root = tempDir('sheaf-determinism-')
  cpSync(join(repoRoot, 'site-example'), root, { recursive: true, filter: (path) => !/[\\/](_site|\.sheaf|node_modules)$/.test(path) })
  linkPackages(root)
  writeFileSync(
    join(root, 'content/blog/2024-12-31-late.md'),
    '---\ntitle: Late on new year\'s eve\ndate: 2024-12-31T23:30:00-08:00\ntags: [release]\n---\n\nWritten half an hour before midnight in California.\n',
  )
  return root
}

describe('determinism', () => {
  it('builds the same bytes in any time zone and locale, and shows a post on the day its author wrote', () => {
    const root = siteWithLatePost()
    const runs = [
      { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
      { TZ: 'America/Los_Angeles', LANG: 'C', LC_ALL: 'C' },
      { TZ: 'UTC', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' },
    ].map((env) => {
      rmSync(join(root, '_site'), { recursive: true, force: true })
      const run = sheaf(['build', root, '--no-cache'], { env })
      expect(run.code).toBe(0)
      return snapshotDir(join(root, '_site'))
    })
    expect(runs[1]).toEqual(runs[0])
    expect(runs[2]).toEqual(runs[0])

    const post = readFileSync(join(root, '_site/blog/2024-12-31-late/index.html'), 'utf8')
    expect(post).toContain('<time datetime="2025-01-01T07:30:00.000Z">December 31, 2024</time>')
    const archive = readFileSync(join(root, '_site/blog/archive/index.html'), 'utf8')
    expect(archive).toMatch(/<h2[^>]*>2024<\/h2>\s*<ul class="archive"><li><time datetime="2025-01-01T07:30:00.000Z">December 31, 2024<\/time>/)
  }, 60_000)
})
