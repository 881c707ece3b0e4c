import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Paragraph } from 'mdast'
import * as v from 'valibot'
import { defineExtension } from 'sheaf'
import type { DirectiveNode, Extension } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** The options, checked by Sheaf before setup: it takes none. */
export const optionsSchema = v.optional(v.strictObject({}, 'expected no options'))

const hasLabel = (node: DirectiveNode): boolean => {
  const first = node.children[0]
  return first?.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel === true
}

/**
 * Tabs: `::::tabs{sync="pkg"}` holding `:::tab[npm]` … `:::` panels. The page
 * holds every panel with its label, readable as it is without JavaScript; the
 * script makes the group WAI-ARIA tabs (arrow keys, Home, End), and groups of
 * one `sync` key switch together, the choice remembered across pages.
 */
const tabs: Extension<v.InferOutput<typeof optionsSchema>> = defineExtension({
  name: '@sheaf/tabs',
  version,
  optionsSchema,
  setup(app) {
    app.addDirective({
      name: 'tabs',
      kinds: ['container'],
      render(node, file) {
        const sync = node.attributes?.sync
        const panels = node.children.filter((child) => child.type === 'containerDirective' && (child as DirectiveNode).name === 'tab')
        if (panels.length === 0) {
          file.message('A tabs group without a :::tab[Label] panel shows nothing as tabs', { place: node.position, source: '@sheaf/tabs', ruleId: 'tabs' }).fatal = false
        }
        node.data = { ...node.data, hName: 'div', hProperties: { className: ['tabs'], ...(typeof sync === 'string' && sync ? { dataSync: sync } : {}) } } as unknown as typeof node.data
      },
    })
    app.addDirective({
      name: 'tab',
      kinds: ['container'],
      render(node, file) {
        if (!hasLabel(node)) {
          file.message('A tab needs a label: :::tab[npm]', { place: node.position, source: '@sheaf/tabs', ruleId: 'tabs' }).fatal = false
          node.children.unshift({ type: 'paragraph', children: [{ type: 'text', value: 'Tab' }], data: { directiveLabel: true } } as Paragraph as never)
        }
        const label = node.children[0] as Paragraph
        label.data = { ...label.data, hName: 'p', hProperties: { className: ['tab-label'] } } as Paragraph['data']
        node.data = { ...node.data, hName: 'div', hProperties: { className: ['tab-panel'] } } as unknown as typeof node.data
      },
    })
    app.addAsset({ path: '_sheaf/tabs.js', from: fileURLToPath(new URL('../assets/tabs.js', import.meta.url)), link: 'script' })
  },
})

export default tabs
