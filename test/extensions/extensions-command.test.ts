import { describe, expect, it } from 'vitest'
import { copyFixture, repoRoot, sheaf } from '../support/sites.js'
import { join } from 'node:path'

describe('sheaf extensions', () => {
  it('lists every extension in setup order with its hooks, the theme, the layouts and the transform order', () => {
    const root = copyFixture('hook-throws')
    const result = sheaf(['extensions'], { cwd: root })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        `Extensions of ${root}, in setup order:`,
        '',
        '1. @sheaf/markdown 0.1.0  (from Sheaf\'s defaults)',
        '     remark-plugin  remark-frontmatter',
        '     remark-plugin  remark-gfm',
        '     parser         markdown',
        '2. thrower 1.0.0  (from sheaf.config.mjs (extensions))',
        '     parser         txt',
        '     transform      boom',
        '     remark-plugin  remarkBoom',
        '     rehype-plugin  rehypeBoom',
        '     directive      boom',
        '     layout         boom',
        '     generator      boom',
        '     listener       build:start',
        '     command        boom',
        '',
        'Theme: @sheaf/theme-default 0.1.0',
        'Layouts: blog-list (@sheaf/theme-default), boom (thrower), home (@sheaf/theme-default), page (@sheaf/theme-default), post (@sheaf/theme-default)',
        '',
        'Transforms, in the order they run on each document:',
        '   1. mdast  remark-frontmatter  (remark-plugin, @sheaf/markdown, pre)',
        '   2. mdast  remark-gfm  (remark-plugin, @sheaf/markdown, pre)',
        '   3. mdast  remark-directive  (remark-plugin, sheaf, pre)',
        '   4. mdast  directives  (transform, sheaf, pre)',
        '   5. mdast  boom  (transform, thrower)',
        '   6. mdast  remarkBoom  (remark-plugin, thrower)',
        '      -> mdast becomes hast',
        '   7. hast  rehypeBoom  (rehype-plugin, thrower)',
        '      -> every document is read; the site index is built',
        '   8. site  links  (transform, sheaf, post)',
        '',
      ].join('\n'),
    )
  })

  it('prints JSON with --json', () => {
    const root = copyFixture('hook-throws')
    const report = JSON.parse(sheaf(['extensions', '--json'], { cwd: root }).stdout) as {
      extensions: Array<{ name: string; version: string; enabled: boolean; position: number; from: string; hooks: unknown[] }>
      transforms: { mdast: Array<{ name: string }>; hast: Array<{ name: string }>; site: Array<{ name: string }> }
    }
    expect(report.extensions.map((e) => [e.name, e.version, e.enabled, e.position, e.from])).toEqual([
      ['@sheaf/markdown', '0.1.0', true, 1, "Sheaf's defaults"],
      ['thrower', '1.0.0', true, 2, 'sheaf.config.mjs (extensions)'],
    ])
    expect(report.extensions[1]!.hooks).toContainEqual({ kind: 'directive', name: 'boom' })
    expect(report.transforms.hast.map((t) => t.name)).toEqual(['rehypeBoom'])
    expect(report.transforms.site.map((t) => t.name)).toEqual(['links'])
  })

  it('shows site-example, with markdown found as an installed package', () => {
    const result = sheaf(['extensions', join(repoRoot, 'site-example')])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('@sheaf/markdown 0.1.0  (from Sheaf\'s defaults)\n')
    expect(result.stdout).toContain('@sheaf/blog 0.1.0  (from the preset @sheaf/preset-docs, in the installed package @sheaf/preset-docs)\n')
    expect(result.stdout).toContain('Theme: @sheaf/theme-default 0.1.0\n')
  })
})
