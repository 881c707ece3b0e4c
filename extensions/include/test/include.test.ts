import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, BuildFailedError } from '../../../src/index.js'
import { article } from '../../../test/support/build.js'
import { makeSite } from '../../../test/support/sites.js'

const quiet = { onLog: () => {} }
const extensions = ['@sheaf/include', '@sheaf/admonitions']


/** Messages as `file:line:column: reason`, the file relative to the site. */
const placed = (root: string, messages: ReadonlyArray<{ file?: string | undefined; line?: number | undefined; column?: number | undefined; reason: string }>): string[] =>
  messages.map((message) => `${message.file?.slice(root.length + 1)}:${message.line}:${message.column}: ${message.reason}`)

async function failure(root: string): Promise<string[]> {
  const error = await build({ root, config: { extensions }, ...quiet }).catch((thrown: unknown) => thrown)
  expect(error).toBeInstanceOf(BuildFailedError)
  return placed(root, (error as BuildFailedError).result.messages).sort()
}

describe('@sheaf/include', () => {
  it('splices markdown from a file relative to the document, or to the site root with a leading /, nested, with directives inside', async () => {
    const root = makeSite({
      'content/guide/index.md': '# Guide\n\n::include{file="../../snippets/intro.md"}\n\n::include{file="/snippets/outro.md"}\n',
      'snippets/intro.md': 'Intro with *emphasis*.\n\n::include{file="parts/deep.md"}\n',
      'snippets/parts/deep.md': ':::note\nDeep inside.\n:::\n',
      'snippets/outro.md': 'The end.\n',
    })
    const result = await build({ root, config: { extensions }, ...quiet })
    expect(result.messages).toEqual([])
    expect(article(root, 'guide/index.html')).toBe(
      '<h1>Guide</h1>\n<p>Intro with <em>emphasis</em>.</p>\n<aside class="admonition admonition-note" role="note"><p class="admonition-title">Note</p><p>Deep inside.</p></aside>\n<p>The end.</p>',
    )
  })

  it('takes lines or a region', async () => {
    const root = makeSite({
      'content/index.md': '::include{file="../notes.md" lines="2-3"}\n\n::include{file="../notes.md" region="usage"}\n\n::include{file="../notes.md" lines="5"}\n',
      'notes.md': 'One.\n\nThree.\n<!-- #region usage -->\nUse it *well*.\n<!-- #endregion usage -->\n',
    })
    await build({ root, config: { extensions }, ...quiet })
    expect(article(root)).toBe('<p>Three.</p>\n<p>Use it <em>well</em>.</p>\n<p>Use it <em>well</em>.</p>')
  })

  it('fills a code block from a file, by region, without the markers, and takes its language from the file name', async () => {
    const root = makeSite({
      'content/index.md': '```file="../src/app.ts" region="main" title="app.ts"\n```\n\n```py file="../src/tool.py" lines="2"\n```\n',
      'src/app.ts': "import x from 'x'\n// #region main\nexport function main() {\n  // #region inner\n  return x\n  // #endregion inner\n}\n// #endregion main\n",
      'src/tool.py': 'import os\nprint(os.name)\n',
    })
    await build({ root, config: { extensions }, ...quiet })
    expect(article(root)).toBe(
      '<pre><code class="language-ts">export function main() {\n  return x\n}\n</code></pre>\n<pre><code class="language-py">print(os.name)\n</code></pre>',
    )
  })

  it('reports a missing file, a missing region and a cycle at the directive, naming the chain', async () => {
    const root = makeSite({
      'content/index.md': '# T\n\n::include{file="../nowhere.md"}\n\n::include{file="../a.md" region="nope"}\n\n::include{file="../a.md"}\n',
      'a.md': 'A\n\n::include{file="b.md"}\n',
      'b.md': 'B\n\n::include{file="a.md"}\n',
    })
    expect(await failure(root)).toEqual([
      'content/index.md:3:1: Cannot include ../nowhere.md: there is no file nowhere.md',
      'content/index.md:5:1: Cannot include ../a.md: it has no region "nope" (a line with #region nope)',
      'content/index.md:7:1: Include cycle: content/index.md:7:1 includes a.md, a.md:3:1 includes b.md, b.md:3:1 includes a.md',
    ])
  })

  it('reports a problem in included text at its place in the included file, and keeps prose with a colon as it is', async () => {
    const root = makeSite({ 'content/index.md': '# T\n\n::include{file="../part.md"}\n', 'part.md': 'See:this and [a link](missing.md).\n\n:::nothing\nx\n:::\n' })
    const result = await build({ root, config: { extensions }, ...quiet })
    expect(placed(root, result.messages)).toEqual([
      'part.md:3:1: Unknown directive `:::nothing`.',
      'part.md:1:14: Link to a missing document: missing.md',
    ])
    expect(article(root)).toContain('<p>See:this and <a href="missing.md">a link</a>.</p>')
    // The same from the cache, on a warm build.
    const warm = await build({ root, config: { extensions }, ...quiet })
    expect(warm.stats.cached).toBe(1)
    expect(placed(root, warm.messages)).toEqual([
      'part.md:3:1: Unknown directive `:::nothing`.',
      'part.md:1:14: Link to a missing document: missing.md',
    ])
  })

  it('builds a page again when a file it includes changes, and only that page', async () => {
    const root = makeSite({
      'content/index.md': '::include{file="../shared.md"}\n',
      'content/other.md': '# Other\n',
      'shared.md': 'First.\n',
    })
    await build({ root, config: { extensions }, ...quiet })
    writeFileSync(join(root, 'shared.md'), 'Second.\n')
    const warm = await build({ root, config: { extensions }, ...quiet })
    expect(article(root)).toBe('<p>Second.</p>')
    expect(warm.stats.read).toBe(1)
  })
})
