import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Logger, SyntaxSource } from 'sheaf'
import { afterEach, describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { FastDriver } from '../src/fast-driver.js'
import { mathTwin } from '../src/fast/math.js'

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
    const syntax = [...known, { plugin: 'remark-wiki-link', extension: 'config', options: [] }]
    expect(await driver.parse('# One\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(await driver.parse('# Two\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(lines).toEqual(['Documents are parsed with micromark, not the fast parser: the remark plugin "remark-wiki-link" (from config) adds syntax the fast parser does not read, and no fast twin of it is registered.'])
  })

  it('reads the syntax of remark-math with its own twin, under either name it is registered by', async () => {
    for (const plugin of ['remark-math', 'remarkMath']) {
      const lines: string[] = []
      const tree = await new FastDriver().parse('$a$\n\n$$\nb\n$$\n', [...known, { plugin, extension: 'config', options: [] }], recordingLogger(lines))
      expect(tree?.children.map((node) => (node.type === 'paragraph' ? node.children[0]!.type : node.type))).toEqual(['inlineMath', 'math'])
      expect(lines).toEqual([])
    }
  })

  it('reads a plugin\'s syntax with a twin registered for it, and hands documents to micromark without one', async () => {
    const syntax = [...known, { plugin: 'remarkMyMath', extension: 'sheaf', options: [] }]
    const lines: string[] = []
    expect(await new FastDriver().parse('$a$\n', syntax, recordingLogger(lines), [{ ...mathTwin, plugin: 'remarkMyMath' }])).toBeDefined()
    // A twin that does not take the plugin's options is no twin of it.
    expect(await new FastDriver().parse('$a$\n', syntax, recordingLogger(lines), [{ ...mathTwin, plugin: 'remarkMyMath', accepts: () => false }])).toBeUndefined()
    expect(lines).toEqual([
      'Documents are parsed with micromark, not the fast parser: the remark plugin "remarkMyMath" (from the config\'s markdown.remarkPlugins) adds syntax the fast parser does not read, and no fast twin of it is registered.',
    ])
  })

  it('takes remark-gfm with options for syntax it does not know', async () => {
    const lines: string[] = []
    const syntax = known.map((source) => (source.plugin === 'remark-gfm' ? { ...source, options: [{ singleTilde: false }] } : source))
    expect(await new FastDriver().parse('~one~\n', syntax, recordingLogger(lines))).toBeUndefined()
    expect(lines[0]).toContain('"remark-gfm" (from @sheaf/markdown)')
  })
})

describe("the bench's parse-throughput script", () => {
  it('reads a folder with both drivers and says how many documents it handed to micromark', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sheaf-throughput-'))
    try {
      writeFileSync(join(folder, 'a.md'), '# A\n\nText with *emphasis*.\n')
      writeFileSync(join(folder, 'b.md'), 'A bare link: https://example.com\n')
      const script = fileURLToPath(new URL('../../../bench/parse-throughput.mjs', import.meta.url))
      const run = spawnSync(process.execPath, [script, folder, '--rounds', '1'], { encoding: 'utf8' })
      expect(run.status, run.stderr).toBe(0)
      const result = JSON.parse(run.stdout.trim()) as Record<string, unknown>
      expect(result).toMatchObject({ folder, documents: 2, handedOver: 1 })
      expect(result.fast).toBeGreaterThan(0)
      expect(result.micromark).toBeGreaterThan(0)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
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

  it('keeps the fast parser for remark-math, and for a plugin whose twin the config registers with fastTwin, writing what micromark would', async () => {
    const math = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('remark-math')).href)
    const markdown = JSON.stringify(pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href)
    const config = (parser: string, twin: boolean): string =>
      [
        `import remarkMath from ${math}`,
        `import { fastTwin, mathTwin } from ${markdown}`,
        '// remark-math under another name: a plugin the fast parser knows only through the twin registered for it.',
        'function remarkMyMath(options) { return remarkMath.call(this, options) }',
        `const remarkPlugins = [remarkMath, remarkMyMath${twin ? ", fastTwin({ ...mathTwin, plugin: 'remarkMyMath' })" : ''}]`,
        `export default { extensions: [['@sheaf/markdown', { parser: '${parser}' }]], markdown: { remarkPlugins } }`,
        '',
      ].join('\n')
    const pages = (root: string): void => {
      writeFileSync(join(root, 'content/math.md'), '# Math\n\nEuler: $e^{i\\pi} + 1 = 0$.\n\n$$ display\n\\int_0^1 x\\,dx\n$$\n\n- In a list: $$a$$\n')
      for (let page = 0; page < 60; page++) writeFileSync(join(root, `content/page-${page}.md`), `# Page ${page}\n\n$x_${page}$\n`)
    }
    const fast = site(config('fast', true))
    const slow = site(config('micromark', true))
    const untwinned = site(config('fast', false))
    const said: Record<string, string[]> = {}
    for (const root of [fast, slow, untwinned]) {
      pages(root)
      const lines: string[] = (said[root] = [])
      const result = await build({ root, workers: 2, onLog: (level, source, text) => void (level === 'info' && source === '@sheaf/markdown' && lines.push(text)) })
      expect(result.errors).toBe(0)
      // Read on worker threads: the twin registered in the config is registered there too.
      expect(result.stats.threads).toBe(2)
    }
    expect(said[fast]).toEqual([])
    expect(said[untwinned]).toEqual([
      'Documents are parsed with micromark, not the fast parser: the remark plugin "remarkMyMath" (from the config\'s markdown.remarkPlugins) adds syntax the fast parser does not read, and no fast twin of it is registered.',
    ])
    for (const page of ['math/index.html', 'page-7/index.html', 'index.html']) {
      expect(readFileSync(join(fast, '_site', page), 'utf8')).toBe(readFileSync(join(slow, '_site', page), 'utf8'))
      expect(readFileSync(join(untwinned, '_site', page), 'utf8')).toBe(readFileSync(join(slow, '_site', page), 'utf8'))
    }
    const html = readFileSync(join(fast, '_site/math/index.html'), 'utf8')
    expect(html).toContain('<code class="language-math math-inline">e^{i\\pi} + 1 = 0</code>')
    expect(html).toContain('<pre><code class="language-math math-display">\\int_0^1 x\\,dx</code></pre>')
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
        'Documents are parsed with micromark, not the fast parser: the remark plugin "syntaxOnly" (from the config\'s markdown.remarkPlugins) adds syntax the fast parser does not read, and no fast twin of it is registered.',
      ])
    }
  })
})
