import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, renderMarkdown } from '../../../src/index.js'
import { listFiles, makeSite } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')
const body = (html: string): string => /<article class="document">([\s\S]*)<\/article>/.exec(html)?.[1] ?? html

describe('@sheaf/math', () => {
  it('renders $…$ and $$…$$ to KaTeX HTML with MathML for screen readers, at build time', async () => {
    const html = await renderMarkdown('Euler: $e^{i\\pi} + 1 = 0$.\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n', { extensions: ['@sheaf/math'] })
    expect(html).toMatch(/^<link rel="stylesheet" href="[^"]*_sheaf\/katex\/katex\.min\.css"><p>Euler: <span class="math math-inline"><span class="katex"><span class="katex-mathml"><math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/)
    expect(html).toContain('<annotation encoding="application/x-tex">e^{i\\pi} + 1 = 0</annotation>')
    expect(html).toContain('<div class="math math-display"><span class="katex-display"><span class="katex">')
    expect(html).not.toContain('language-math')
  })

  it('writes the stylesheet and fonts once, and links the stylesheet only from pages with math, before the first formula; a site without math gets none of it', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\nNo math, and $5 is no formula without a closing dollar.\n',
      'content/guide/formulas.md': '# Formulas\n\nText first.\n\n$$\na^2 + b^2 = c^2\n$$\n',
    })
    await build({ root, config: { extensions: ['@sheaf/math'] } })
    expect(read(root, 'index.html')).not.toContain('katex')
    const page = body(read(root, 'guide/formulas/index.html'))
    expect(page.startsWith('<h1>Formulas</h1>\n<p>Text first.</p>\n<link rel="stylesheet" href="../../_sheaf/katex/katex.min.css"><div class="math math-display">')).toBe(true)
    const files = listFiles(join(root, '_site'))
    expect(files).toContain('_sheaf/katex/katex.min.css')
    expect(files).toContain('_sheaf/katex/fonts/KaTeX_Main-Regular.woff2')
    expect(files.filter((path) => path.startsWith('_sheaf/katex/') && !path.startsWith('_sheaf/katex/fonts/'))).toEqual(['_sheaf/katex/katex.min.css'])
    // A warm build, every page from the cache, writes them too.
    const warm = await build({ root, config: { extensions: ['@sheaf/math'] } })
    expect(warm.stats.cached).toBe(2)
    expect(listFiles(join(root, '_site'))).toEqual(files)
    const plain = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root: plain, config: { extensions: ['@sheaf/math'] } })
    expect(listFiles(join(plain, '_site')).filter((path) => path.includes('katex'))).toEqual([])
  })

  it('reports a TeX error as a warning at the formula, and shows its source', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n\nBroken: $\\frac{a}$ and fine: $b$.\n' })
    const result = await build({ root, config: { extensions: ['@sheaf/math'] } })
    expect(result.messages.map((m) => [m.line, m.column, m.source, m.fatal, m.reason.split(' at ')[0]])).toEqual([[3, 9, '@sheaf/math', false, "TeX error: Unexpected end of input in a macro argument, expected '}'"]])
    const page = body(read(root, 'index.html'))
    expect(page).toContain('<code class="language-math math-inline">\\frac{a}</code>')
    expect(page).toContain('<span class="math math-inline">')
  })

  it('writes the same pages with either markdown parser', async () => {
    const files = { 'content/index.md': '# Home\n\n$x_1$ and $$y$$ and \\$ escaped.\n\n$$\n\\sum_{i=1}^n i\n$$\n\n- item $z$\n' }
    const fast = makeSite(files)
    const micromark = makeSite(files)
    await build({ root: fast, config: { extensions: ['@sheaf/math'] } })
    await build({ root: micromark, config: { extensions: ['@sheaf/math', ['@sheaf/markdown', { parser: 'micromark' }]] } })
    expect(read(fast, 'index.html')).toBe(read(micromark, 'index.html'))
    expect(read(fast, 'index.html')).toContain('<annotation encoding="application/x-tex">\\sum_{i=1}^n i</annotation>')
  })

  it('keeps single dollars as text with singleDollar: false, and takes macros', async () => {
    const html = await renderMarkdown('It costs $5 or $6.\n\n$$\\R$$\n', { extensions: [['@sheaf/math', { singleDollar: false, macros: { '\\R': '\\mathbb{R}' } }]] })
    expect(html).toContain('<p>It costs $5 or $6.</p>')
    expect(html).toContain('<annotation encoding="application/x-tex">\\R</annotation>')
    expect(html).toContain('mathbb')
    await expect(renderMarkdown('x', { extensions: [['@sheaf/math', { macros: { R: 'x' } }]] })).rejects.toThrow('Extension "@sheaf/math": option `macros.R`')
  })
})
