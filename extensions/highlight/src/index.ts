import * as v from 'valibot'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Element, ElementContent, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { common, createLowlight } from 'lowlight'
import { defineExtension } from 'sheaf'
import type { Extension } from 'sheaf'
import { parseLineRanges, parseTitle, splitLines } from './lines.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface HighlightOptions {
  /** Link the token colours stylesheet from every page (default true); turn off if the theme has its own. */
  stylesheet?: boolean
  /** Language names to treat as others: `{ mjs: 'javascript' }`. */
  aliases?: Record<string, string>
}

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      stylesheet: v.optional(v.boolean('expected true or false')),
      aliases: v.optional(v.record(v.string(), v.string('expected a language name'), "expected an object of alias: language, such as { mjs: 'javascript' }")),
    },
    'expected an object of options',
  ),
)

function languageOf(code: Element): string | undefined {
  const className = code.properties.className
  const entry = Array.isArray(className) ? className.map(String).find((name) => name.startsWith('language-')) : undefined
  return entry?.slice('language-'.length)
}

function codeBlocks(tree: Root): Array<{ pre: Element; code: Element; parent: Root | Element; index: number }> {
  const found: Array<{ pre: Element; code: Element; parent: Root | Element; index: number }> = []
  const visit = (node: Root | Element): void => {
    node.children.forEach((child, index) => {
      if (child.type !== 'element') return
      const code = child.tagName === 'pre' ? child.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') : undefined
      if (code) found.push({ pre: child, code, parent: node, index })
      else visit(child)
    })
  }
  visit(tree)
  return found
}

/**
 * Syntax highlighting at build time with lowlight (highlight.js grammars):
 * token classes, one span per line, marked lines from `{2,4-5}` in the meta,
 * and a `title="file"` caption. Each distinct block is highlighted once per build.
 */
const highlight: Extension<HighlightOptions | undefined> = defineExtension<HighlightOptions | undefined>({
  name: '@sheaf/highlight',
  version,
  optionsSchema,
  setup(app, options = {}) {
    const lowlight = createLowlight(common)
    for (const [alias, language] of Object.entries(options.aliases ?? {})) lowlight.registerAlias(language, alias)
    const cache = new Map<string, ElementContent[]>()
    if (options.stylesheet ?? true) {
      app.addAsset({ path: '_sheaf/highlight.css', from: fileURLToPath(new URL('../assets/highlight.css', import.meta.url)), link: 'stylesheet' })
    }
    app.addTransform({
      name: 'highlight',
      stage: 'hast',
      run(tree) {
        for (const { pre, code, parent, index } of codeBlocks(tree)) {
          const language = languageOf(code)
          const data = code.data as { meta?: unknown } | undefined
          const meta = typeof data?.meta === 'string' ? data.meta : ''
          const text = toString(code)
          const marked = parseLineRanges(meta)
          const known = language !== undefined && lowlight.registered(language)
          const key = `${known ? language : ''}\0${[...marked].join(',')}\0${text}`
          let lines = cache.get(key)
          if (!lines) {
            const tokens = known ? (lowlight.highlight(language!, text).children as ElementContent[]) : [{ type: 'text' as const, value: text }]
            lines = splitLines(tokens, marked)
            cache.set(key, lines)
          }
          code.children = structuredClone(lines)
          const classes = Array.isArray(code.properties.className) ? code.properties.className : []
          code.properties.className = [...classes.filter((name) => name !== 'hljs'), 'hljs']
          pre.properties.dataLanguage = language ?? 'text'
          const title = parseTitle(meta)
          if (title !== undefined) {
            parent.children[index] = {
              type: 'element',
              tagName: 'figure',
              properties: { className: ['code-block'] },
              children: [{ type: 'element', tagName: 'figcaption', properties: { className: ['code-title'] }, children: [{ type: 'text', value: title }] }, pre],
            }
          }
        }
      },
    })
  },
})

export default highlight
