import spec from 'commonmark-spec'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './support/guarded.js'
import { normalizeHtml } from './support/html-normalize.js'

interface Example {
  markdown: string
  html: string
  section: string
  number: number
}

// The spec shows tabs as `→`.
const examples = (spec.tests as Example[]).map((example) => ({
  ...example,
  markdown: example.markdown.replaceAll('→', '\t'),
  html: example.html.replaceAll('→', '\t'),
}))

/** Examples whose expected HTML Sheaf's default pipeline does not produce, each on purpose. */
const frontMatter = 'a document that starts with `---` lines is read as YAML front matter, not as a thematic break'
const gfmAutolinks = 'GitHub Flavored Markdown links bare URLs and email addresses (GFM autolink literals)'
const exceptions = new Map<number, string>([
  [96, frontMatter],
  [98, frontMatter],
  [602, gfmAutolinks],
  [606, gfmAutolinks],
  [608, gfmAutolinks],
  [611, gfmAutolinks],
  [612, gfmAutolinks],
])

async function conformance(render: (markdown: string) => Promise<string>): Promise<{ passed: number[]; failed: number[] }> {
  const passed: number[] = []
  const failed: number[] = []
  for (const example of examples) {
    let actual: string
    try {
      actual = await render(example.markdown)
    } catch {
      failed.push(example.number)
      continue
    }
    ;(normalizeHtml(actual) === normalizeHtml(example.html) ? passed : failed).push(example.number)
  }
  return { passed, failed }
}

describe('CommonMark 0.31.2 conformance through renderMarkdown', () => {
  it('has all 652 examples of the spec', () => {
    expect(examples).toHaveLength(652)
  })

  it('passes every example but the listed exceptions, with the default pipeline (GFM on)', async () => {
    const { passed, failed } = await conformance((markdown) => renderMarkdown(markdown))
    console.log(
      `CommonMark 0.31.2 conformance (default pipeline): ${passed.length}/${examples.length} passed; ` +
        `exceptions: ${failed.map((n) => `#${n} (${exceptions.get(n) ?? 'UNEXPECTED'})`).join(', ')}`,
    )
    expect(failed).toEqual([...exceptions.keys()])
  })

  it('passes every example but the two front matter ones with GFM turned off', async () => {
    const { passed, failed } = await conformance((markdown) =>
      renderMarkdown(markdown, { extensions: [['@sheaf/markdown', { gfm: false }]] }),
    )
    console.log(`CommonMark 0.31.2 conformance (gfm: false): ${passed.length}/${examples.length} passed`)
    expect(failed).toEqual([96, 98])
  })
})
