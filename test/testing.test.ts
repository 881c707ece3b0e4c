import { withoutDigests } from './support/sites.js'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineExtension } from './support/guarded.js'
import { createTestSite, renderMarkdown } from '../src/testing.js'

const linter = defineExtension({
  name: 'todo-lint',
  version: '2.1.0',
  setup(app) {
    app.addTransform({
      name: 'todos',
      stage: 'mdast',
      order: 'post',
      run(tree, file) {
        for (const node of tree.children) {
          if (node.type === 'paragraph' && JSON.stringify(node).includes('TODO')) file.message('A TODO is left in the text', { place: node.position })
          if (node.type === 'paragraph' && JSON.stringify(node).includes('FIXME')) file.fail('A FIXME stops the build', { place: node.position })
        }
      },
    })
  },
})

describe('sheaf/testing', () => {
  it('builds a site in a temporary folder and reports pages, files, messages with places, and the hook order', async () => {
    const site = createTestSite({
      files: { 'content/index.md': '# Home\n\n[Guide](guide.md)\n', 'content/guide.md': '# Guide\n\nTODO: write it\n', 'content/logo.svg': '<svg/>' },
      extensions: [linter],
      config: { title: 'Test' },
    })
    expect(site.root.startsWith(tmpdir())).toBe(true)
    try {
      const built = await site.build()
      expect(built.ok).toBe(true)
      expect(Object.keys(built.pages)).toEqual(['guide/index.html', 'index.html'])
      expect(built.pages['index.html']).toContain('<a href="guide/">Guide</a>')
      expect(Object.keys(built.files)).toEqual(['guide/index.html', 'index.html', 'logo.svg'])
      expect(built.files['logo.svg']).toBe('<svg/>')
      expect(built.files['index.html']).toBe(built.pages['index.html'])
      expect(built.out).toBe(join(site.root, '_site'))
      expect(built.messages).toEqual([
        { file: 'content/guide.md', line: 3, column: 1, reason: 'A TODO is left in the text', source: 'todo-lint', ruleId: 'transform:todos', fatal: false },
      ])
      expect(built.hooks).toEqual([
        { stage: 'mdast', name: 'remark-frontmatter', kind: 'remark-plugin', extension: '@sheaf/markdown' },
        { stage: 'mdast', name: 'remark-gfm', kind: 'remark-plugin', extension: '@sheaf/markdown' },
        { stage: 'mdast', name: 'remark-directive', kind: 'remark-plugin', extension: 'sheaf' },
        { stage: 'mdast', name: 'directives', kind: 'transform', extension: 'sheaf' },
        { stage: 'mdast', name: 'todos', kind: 'transform', extension: 'todo-lint' },
        { stage: 'site', name: 'links', kind: 'transform', extension: 'sheaf' },
      ])
      expect(built.extensions).toEqual(['@sheaf/markdown', 'todo-lint'])
    } finally {
      site.remove()
    }
    expect(existsSync(site.root)).toBe(false)
  })

  it('gives a failed build as a result, with its messages, and builds again after a fix', async () => {
    const site = createTestSite({ files: { 'index.md': '# Home\n\nFIXME\n' }, extensions: [linter] })
    try {
      const failed = await site.build()
      expect(failed.ok).toBe(false)
      expect(failed.pages).toEqual({})
      expect(failed.messages.map((m) => [m.file, m.line, m.column, m.reason, m.source, m.fatal])).toEqual([['index.md', 3, 1, 'A FIXME stops the build', 'todo-lint@2.1.0', true]])
      site.write({ 'index.md': '# Home\n\nFixed.\n' })
      const fixed = await site.build()
      expect(fixed.ok).toBe(true)
      expect(fixed.pages['index.html']).toContain('<p>Fixed.</p>')
    } finally {
      site.remove()
    }
  })

  it('renders the configured theme when asked to, and refuses files outside the site', async () => {
    const site = createTestSite({ files: { 'index.md': '# Home\n' }, theme: true, config: { title: 'Themed' } })
    try {
      expect(withoutDigests((await site.build()).pages['index.html']!)).toContain('<link rel="stylesheet" href="_sheaf/theme.css">')
      expect(() => site.write({ '../escape.md': 'x' })).toThrow('createTestSite: the file path "../escape.md" leaves the site folder; give paths relative to the site root.')
    } finally {
      site.remove()
    }
  })

  it('keeps the cache between builds with cache: true, so a second build after write() is warm', async () => {
    let reads = 0
    const counting = defineExtension({ name: 'counting', version: '1.0.0', setup: (app) => app.addTransform({ name: 'counting', stage: 'mdast', run: () => void reads++ }) })
    for (const cache of [true, false]) {
      reads = 0
      const site = createTestSite({ files: { 'content/index.md': '# Home\n', 'content/a.md': '# A\n' }, extensions: [counting], cache })
      try {
        await site.build()
        site.write({ 'content/a.md': '# A, changed\n' })
        const warm = await site.build()
        expect(warm.pages['a/index.html']).toContain('A, changed')
        expect({ cache, reads, cached: warm.result.stats.cached }).toEqual(cache ? { cache, reads: 3, cached: 1 } : { cache, reads: 4, cached: 0 })
      } finally {
        site.remove()
      }
    }
  })

  it('renders markdown through the extensions under test', async () => {
    await expect(renderMarkdown('# Hi\n', { extensions: [linter] })).resolves.toBe('<h1>Hi</h1>')
  })
})
