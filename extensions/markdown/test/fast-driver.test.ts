import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger, SyntaxSource } from 'sheaf'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { FastDriver } from '../src/fast-driver.js'

const known: SyntaxSource[] = [
  { plugin: 'remark-directive', extension: 'sheaf', options: [] },
  { plugin: 'remark-frontmatter', extension: '@sheaf/markdown', options: [['yaml']] },
  { plugin: 'remark-gfm', extension: '@sheaf/markdown', options: [{}] },
]

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: (text: string) => void lines.push(text),
    warn: (text: string) => void lines.push(`warn: ${text}`),
    error: (text: string) => void lines.push(`error: ${text}`),
    child: () => logger,
  } as unknown as Logger
  return logger
}

describe('the fast parser driver of @sheaf/markdown', () => {
  it('reads a document when every plugin that adds syntax is one it reads as micromark does', async () => {
    const lines: string[] = []
    const tree = await new FastDriver().parse('# Title\n\n- [x] done ~~gone~~\n', known, recordingLogger(lines))
    expect(tree?.children.map((node) => node.type)).toEqual(['heading', 'list'])
    expect(lines).toEqual([])
  })

  it('hands a document back when it holds syntax it does not read yet, saying nothing', async () => {
    const lines: string[] = []
    const driver = new FastDriver()
    expect(await driver.parse('See https://example.com\n', known, recordingLogger(lines))).toBeUndefined()
    expect(await driver.parse('Plain\n', known, recordingLogger(lines))).toBeDefined()
    expect(lines).toEqual([])
  })

  it('hands every document back when a plugin adds syntax it does not know, and says so once, naming the plugin', async () => {
    const lines: string[] = []
    const driver = new FastDriver()
    const syntax = [...known, { plugin: 'remark-math', extension: 'config', options: [] }]
    expect(await driver.parse('# One\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(await driver.parse('# Two\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(lines).toEqual(['Documents are parsed with micromark, not the fast parser: the remark plugin "remark-math" (from config) adds syntax the fast parser does not read.'])
  })

  it('takes remark-gfm with options for syntax it does not know', async () => {
    const lines: string[] = []
    const syntax = known.map((source) => (source.plugin === 'remark-gfm' ? { ...source, options: [{ singleTilde: false }] } : source))
    expect(await new FastDriver().parse('~one~\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(lines[0]).toContain('"remark-gfm" (from @sheaf/markdown)')
  })
})

describe('a build with both parsers', () => {
  const roots: string[] = []
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })

  function site(config: string): string {
    const root = mkdtempSync(join(tmpdir(), 'sheaf-parsers-'))
    roots.push(root)
    mkdirSync(join(root, 'content'))
    writeFileSync(join(root, 'content/index.md'), '---\ntitle: Home\n---\n\n# Home\n\n| a | b |\n| - | - |\n| *x* | `y` |\n\n- [x] done[^1]\n\n[^1]: A note.\n')
    writeFileSync(join(root, 'content/links.md'), '# Links\n\nSee https://example.com and :abbr[HTML]{title="HyperText"}.\n')
    writeFileSync(join(root, 'sheaf.config.mjs'), config)
    return root
  }

  it('writes the same pages with the fast parser as with micromark', async () => {
    const fast = site("export default { extensions: [['@sheaf/markdown', { parser: 'fast' }]] }\n")
    const slow = site("export default { extensions: [['@sheaf/markdown', { parser: 'micromark' }]] }\n")
    for (const root of [fast, slow]) expect((await build({ root, onLog: () => {} })).errors).toBe(0)
    for (const page of ['index.html', 'links/index.html']) {
      expect(readFileSync(join(fast, '_site', page), 'utf8')).toBe(readFileSync(join(slow, '_site', page), 'utf8'))
    }
    expect(readFileSync(join(fast, '_site/index.html'), 'utf8')).toContain('<td><em>x</em></td>')
  })

  it('says once that a plugin adding syntax makes the build use micromark, naming it', async () => {
    const root = site(
      [
        '// A syntax extension that reads nothing: enough to be one the fast parser does not know.',
        'function syntaxOnly() {',
        '  const data = this.data()',
        '  ;(data.micromarkExtensions ??= []).push({ text: {} })',
        '}',
        'export default { markdown: { remarkPlugins: [syntaxOnly] } }',
        '',
      ].join('\n'),
    )
    // Enough pages for worker threads to read them: each thread's line reaches the main thread, which prints it once.
    for (let page = 0; page < 300; page++) writeFileSync(join(root, `content/page-${page}.md`), `# Page ${page}\n`)
    for (const workers of [1, 2]) {
      const lines: string[] = []
      const result = await build({ root, workers, cache: false, onLog: (level, source, text) => void (level === 'info' && source === '@sheaf/markdown' && lines.push(text)) })
      expect(result.errors).toBe(0)
      expect(result.stats.threads).toBe(workers)
      expect(lines).toEqual([
        'Documents are parsed with micromark, not the fast parser: the remark plugin "syntaxOnly" (from the config\'s markdown.remarkPlugins) adds syntax the fast parser does not read.',
      ])
    }
  })
})
