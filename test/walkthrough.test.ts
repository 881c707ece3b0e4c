import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from './support/guarded.js'
import { makeSite, repoRoot } from './support/sites.js'

/**
 * The walkthrough page of the docs shows every file of a small site as a code
 * block with its path as the title: this test writes exactly those files and
 * builds them, so the page cannot drift from what works.
 */
const page = readFileSync(join(repoRoot, 'site-example/content/extensions/walkthrough.md'), 'utf8')
const files = Object.fromEntries([...page.matchAll(/^```\w+ title="([^"]+)"\n([\s\S]*?)^```$/gm)].map(([, path, text]) => [path!, text!]))

describe('the extension walkthrough in the docs', () => {
  it('shows every file of its site', () => {
    expect(Object.keys(files).sort()).toEqual([
      'content/index.md',
      'content/sizes.csv',
      'ext/csv.mjs',
      'ext/glossary-extra.mjs',
      'ext/glossary.mjs',
      'ext/llms.mjs',
      'ext/snippet.mjs',
      'glossary.json',
      'layouts/page.mjs',
      'sheaf.config.mjs',
      'snippets/welcome.md',
    ])
  })

  it('builds as the page says: the include, the glossary with the optional terms, the parser, the generator and the wrapping layout', async () => {
    const root = makeSite(files)
    const result = await build({ root, onLog: () => {} })
    expect(result.messages.map(String)).toEqual([])
    const home = readFileSync(join(root, '_site/index.html'), 'utf8')
    expect(home).toContain('<p>Welcome to the <em><abbr title="a page that shows how">walkthrough</abbr></em>.</p>')
    expect(home).toContain('The site stores its sizes in <a href="sizes/">a table</a>. A <abbr title="content delivery network">CDN</abbr> is fast.')
    expect(home).toMatch(/<body[^>]*><p class="banner">A walkthrough site<\/p>/)
    const sizes = readFileSync(join(root, '_site/sizes/index.html'), 'utf8')
    expect(sizes).toContain('<title>Sizes · Walkthrough</title>')
    expect(sizes).toMatch(/<td>small<\/td>\s*<td>1<\/td>/)
    expect(readFileSync(join(root, '_site/llms.txt'), 'utf8')).toBe('# Walkthrough\n\n- [Home](/)\n- [Sizes](/sizes/)\n')

    // The parser's warning points at the row in the file; the include is read again when the snippet changes.
    writeFileSync(join(root, 'content/sizes.csv'), files['content/sizes.csv']!.replace('large,9', 'large'))
    writeFileSync(join(root, 'snippets/welcome.md'), 'Welcome back.\n')
    const again = await build({ root, onLog: () => {} })
    expect(again.messages.map((message) => `${message.file?.slice(root.length + 1)}:${message.line}:${message.column}: ${message.reason}`)).toEqual([
      'content/sizes.csv:6:1: This row has 1 cells, the first has 2',
    ])
    expect(readFileSync(join(root, '_site/index.html'), 'utf8')).toContain('<p>Welcome back.</p>')
    expect(again.stats.read).toBe(2)
  })
})
