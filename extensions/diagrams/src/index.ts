import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import * as v from 'valibot'
import { defineExtension, relativeUrl } from 'sheaf'
import type { Extension } from 'sheaf'

const require = createRequire(import.meta.url)
const { version } = require('../package.json') as { version: string }

/** The options, checked by Sheaf before setup: it takes none. */
export const optionsSchema = v.optional(v.strictObject({}, 'expected no options'))

/** Where Mermaid and the script that starts it go in the output, once. */
const assetDir = '_sheaf/mermaid'

declare module 'vfile' {
  interface DataMap {
    /** Set by @sheaf/diagrams on a page with at least one diagram. */
    diagrams: boolean
  }
}

const isMermaid = (node: Element): boolean =>
  node.tagName === 'code' && Array.isArray(node.properties.className) && node.properties.className.map(String).includes('language-mermaid')
const script = (src: string): Element => ({ type: 'element', tagName: 'script', properties: { src, defer: true }, children: [] })

/**
 * Diagrams: a ` ```mermaid ` block becomes `<pre class="mermaid">` holding its
 * source, which a locally bundled Mermaid draws as SVG in the browser, in the
 * page's colour scheme (drawn again when the reader switches it). Mermaid is
 * written to the output and loaded only when a page has a diagram. Without
 * JavaScript the source shows.
 *
 * Drawn in the browser, not at build time: Mermaid lays diagrams out with the
 * browser's text measurement and SVG engine, and its own command line
 * (mermaid-cli) runs a headless Chromium through Puppeteer; no well-kept
 * library draws Mermaid's diagrams without a browser.
 */
const diagrams: Extension<v.InferOutput<typeof optionsSchema>> = defineExtension({
  name: '@sheaf/diagrams',
  version,
  optionsSchema,
  setup(app) {
    app.addTransform({
      name: 'diagrams',
      stage: 'hast',
      order: 'pre',
      before: ['highlight'],
      run(tree: Root, file) {
        let found = false
        const visit = (parent: Root | Element): void => {
          for (const [index, child] of parent.children.entries()) {
            if (child.type !== 'element') continue
            const code = child.tagName === 'pre' ? child.children.find((node): node is Element => node.type === 'element' && isMermaid(node)) : undefined
            if (code) {
              parent.children[index] = { type: 'element', tagName: 'pre', properties: { className: ['mermaid'] }, children: [{ type: 'text', value: toString(code).replace(/\n$/, '') }] }
              found = true
            } else visit(child)
          }
        }
        visit(tree)
        if (!found) return
        file.data.diagrams = true
        const url = file.data.url ?? '/'
        tree.children.push(script(relativeUrl(url, `/${assetDir}/mermaid.min.js`)), script(relativeUrl(url, `/${assetDir}/diagrams.js`)))
      },
    })
    // Mermaid (3.5 MB) is written only when a page has a diagram.
    const mermaid = require.resolve('mermaid/dist/mermaid.min.js')
    const starter = fileURLToPath(new URL('../assets/diagrams.js', import.meta.url))
    app.addGenerator({
      name: 'mermaid-assets',
      stage: 'rendered',
      generate(site) {
        if (!site.pages.some((page) => page.file.data.diagrams === true)) return []
        return [
          { path: `${assetDir}/mermaid.min.js`, contents: readFileSync(mermaid) },
          { path: `${assetDir}/diagrams.js`, contents: readFileSync(starter) },
        ]
      },
    })
  },
})

export default diagrams
