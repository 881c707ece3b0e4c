import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Element, ElementContent, Root, RootContent } from 'hast'
import { toString } from 'hast-util-to-string'
import * as v from 'valibot'
import { defineExtension, relativeUrl } from 'sheaf'
import type { Extension } from 'sheaf'

const require = createRequire(import.meta.url)
const { version } = require('../package.json') as { version: string }

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      /** Read `$…$` as inline math (default true); `false` keeps single dollars as text (prices), `$$…$$` only. */
      singleDollar: v.optional(v.boolean('expected true or false')),
      /** TeX macros every formula may use: `{ '\\R': '\\mathbb{R}' }`. */
      macros: v.optional(v.record(v.pipe(v.string(), v.regex(/^\\[A-Za-z]+$/, 'expected a macro name such as \\R')), v.string('expected its TeX'), "expected an object such as { '\\\\R': '\\\\mathbb{R}' }")),
    },
    'expected an object of options',
  ),
)
export type MathOptions = v.InferOutput<typeof optionsSchema>

/** Where KaTeX's stylesheet and fonts go in the output, once. */
const assetDir = '_sheaf/katex'

declare module 'vfile' {
  interface DataMap {
    /** Set by @sheaf/math on a page with at least one formula. */
    math: boolean
  }
}

const classesOf = (node: Element): string[] => (Array.isArray(node.properties.className) ? node.properties.className.map(String) : [])

/** A formula as remark-math leaves it in hast: `<code class="language-math math-inline">`, or a `<pre>` around `math-display`. */
function formulaOf(node: RootContent): { code: Element; display: boolean } | undefined {
  if (node.type !== 'element') return undefined
  if (node.tagName === 'code' && classesOf(node).includes('math-inline')) return { code: node, display: false }
  if (node.tagName === 'pre') {
    const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code')
    if (code && classesOf(code).includes('math-display')) return { code, display: true }
  }
  return undefined
}


/**
 * Math: `$…$` and `$$…$$` (remark-math, read by the fast parser's twin as
 * well as by micromark) rendered to KaTeX HTML at build time, so pages show
 * formulas without a script. KaTeX's stylesheet and fonts are written once to
 * `_sheaf/katex/` when a page has a formula, and such pages link the stylesheet. A TeX error is
 * a warning at the formula; the formula is then shown as its TeX source.
 */
const math: Extension<MathOptions> = defineExtension<MathOptions>({
  name: '@sheaf/math',
  version,
  optionsSchema,
  setup(app, options = {}) {
    app.addRemarkPlugin({ load: () => import('remark-math') }, { singleDollarTextMath: options.singleDollar ?? true }, { name: 'remark-math' })
    // The stylesheet and its fonts, once, and only when a page has math (a site without any carries none of KaTeX's megabyte).
    const katexDist = dirname(require.resolve('katex/dist/katex.min.css'))
    app.addGenerator({
      name: 'katex-assets',
      stage: 'rendered',
      generate(site) {
        if (!site.pages.some((page) => page.file.data.math === true)) return []
        const fonts = readdirSync(join(katexDist, 'fonts')).sort()
        return [
          { path: `${assetDir}/katex.min.css`, contents: readFileSync(join(katexDist, 'katex.min.css')) },
          ...fonts.map((font) => ({ path: `${assetDir}/fonts/${font}`, contents: readFileSync(join(katexDist, 'fonts', font)) })),
        ]
      },
    })
    const macros = options.macros ?? {}
    let katex: Promise<typeof import('katex')> | undefined
    app.addTransform({
      name: 'math',
      stage: 'hast',
      order: 'pre',
      before: ['highlight'],
      async run(tree, file) {
        const found: Array<{ parent: Root | Element; index: number; code: Element; display: boolean; top: number }> = []
        const visit = (parent: Root | Element, top: number | undefined): void => {
          for (const [index, child] of parent.children.entries()) {
            const formula = formulaOf(child as RootContent)
            if (formula) found.push({ parent, index, ...formula, top: top ?? index })
            else if (child.type === 'element') visit(child, top ?? index)
          }
        }
        visit(tree, undefined)
        if (found.length === 0) return
        const { default: render } = await (katex ??= import('katex'))
        const { fromHtml } = await import('hast-util-from-html')
        for (const { parent, index, code, display } of found) {
          const tex = toString(code)
          let html: string
          try {
            html = render.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'ignore', output: 'htmlAndMathml', macros: { ...macros } })
          } catch (error) {
            const reason = error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error)
            file.message(`TeX error: ${reason}`, { place: code.position ?? parent.children[index]!.position, source: '@sheaf/math', ruleId: 'tex' }).fatal = false
            continue
          }
          const rendered = fromHtml(html, { fragment: true }).children as ElementContent[]
          const wrapper: Element = display
            ? { type: 'element', tagName: 'div', properties: { className: ['math', 'math-display'] }, children: rendered }
            : { type: 'element', tagName: 'span', properties: { className: ['math', 'math-inline'] }, children: rendered }
          parent.children[index] = wrapper
        }
        // KaTeX's stylesheet, only where there is math: a `<link>` in the body is allowed for stylesheets.
        file.data.math = true
        const href = relativeUrl(file.data.url ?? '/', `/${assetDir}/katex.min.css`)
        // Just before the first block with math: the formulas are styled when they show, and a page's first element stays its own.
        tree.children.splice(found[0]!.top, 0, { type: 'element', tagName: 'link', properties: { rel: ['stylesheet'], href }, children: [] })
      },
    })
  },
})

export default math
