import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load.js'

const problems = (value: unknown): string => {
  try {
    parseConfig(value, 'sheaf.config.ts')
  } catch (error) {
    expect((error as { code?: string }).code).toBe('CONFIG_INVALID')
    expect((error as { file?: string }).file).toBe('sheaf.config.ts')
    return (error as Error).message
  }
  throw new Error('the config was accepted')
}

describe('config validation', () => {
  it('applies every default to an empty config and keeps unknown top-level keys apart for extensions', () => {
    const plugin = (): void => {}
    expect(parseConfig({ blog: { dir: 'posts' } }, undefined)).toEqual({
      core: {
        lang: 'en',
        content: 'content',
        out: '_site',
        public: 'public',
        layouts: 'layouts',
        data: 'data',
        theme: '@sheaf/theme-default',
        extensions: [],
        followSymlinks: false,
        disable: [],
        markdown: { remarkPlugins: [], rehypePlugins: [], html: 'keep' },
        limits: { hookSeconds: 60, documentSeconds: 5, nestingDepth: 100 },
      },
      rest: { blog: { dir: 'posts' } },
    })
    const { core } = parseConfig({ url: 'https://example.org/docs/', markdown: { remarkPlugins: [plugin, [plugin, { a: 1 }]] } }, undefined)
    expect(core.url).toBe('https://example.org/docs/')
    expect(core.markdown).toEqual({ remarkPlugins: [plugin, [plugin, { a: 1 }]], rehypePlugins: [], html: 'keep' })
  })

  it('names the key, what was expected and what it got', () => {
    expect(problems({ title: 42 })).toBe('Config key `title`: expected a string, got 42')
    expect(problems({ out: '' })).toBe('Config key `out`: expected a folder, not an empty string')
    expect(problems({ disable: 'x' })).toBe('Config key `disable`: expected an array of extension names, got "x"')
    expect(problems({ extensions: [42] })).toBe(
      'Config key `extensions.0`: expected a package name, a module path, an extension, a preset or [extension, options], got 42',
    )
  })

  it('lists every problem at once', () => {
    expect(problems({ url: 'nope', markdown: { remarkPlugins: ['remark-gfm'] } })).toBe(
      'The config has 2 problems:\n' +
        'Config key `url`: expected an absolute URL such as https://example.org/, got "nope"\n' +
        'Config key `markdown.remarkPlugins.0`: expected a unified plugin (a function) or [plugin, options], got "remark-gfm"',
    )
  })

  it('suggests the nearest key for an unknown nested key', () => {
    expect(problems({ markdown: { remarkPlugin: [] } })).toBe('Unknown config key `markdown.remarkPlugin`. Did you mean `markdown.remarkPlugins`?')
  })

  it('says what a config file must export', () => {
    expect(problems([1])).toBe('sheaf.config.ts must export a config object (export default defineConfig({ … })).')
  })
})
