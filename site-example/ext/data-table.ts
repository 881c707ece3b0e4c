import type { Element, ElementContent, Root } from 'hast'
import { defineExtension } from 'sheaf'

const cell = (tag: 'th' | 'td', text: string): Element => ({ type: 'element', tagName: tag, properties: {}, children: [{ type: 'text', value: text }] })

/**
 * `::data-table{name="NAME"}` in a page becomes a table of `site.data.NAME`
 * (a list of records). The directive marks the place; a site transform fills
 * it, so editing the data file renders again exactly the pages that show it.
 */
export default defineExtension({
  name: 'site-example:data-table',
  setup(app) {
    app.addDirective({
      name: 'data-table',
      kinds: ['leaf'],
      render(node) {
        node.data = { ...node.data, hName: 'div', hProperties: { dataTable: String(node.attributes?.name ?? '') } } as typeof node.data
      },
    })
    app.addTransform({
      name: 'data-table',
      stage: 'site',
      run(tree: Root, file, ctx) {
        const visit = (node: Root | Element): void => {
          for (const [index, child] of node.children.entries()) {
            if (child.type !== 'element') continue
            const name = child.properties.dataTable
            if (child.tagName === 'div' && typeof name === 'string') {
              const rows = ctx.site.data[name]
              if (!Array.isArray(rows) || rows.length === 0) {
                file.message(`No data file "${name}" with a list of records`, { place: child.position, source: 'site-example:data-table' }).fatal = false
                continue
              }
              const columns = Object.keys(rows[0] as object)
              const table: Element = {
                type: 'element',
                tagName: 'table',
                properties: {},
                children: [
                  { type: 'element', tagName: 'thead', properties: {}, children: [{ type: 'element', tagName: 'tr', properties: {}, children: columns.map((column) => cell('th', column)) }] },
                  {
                    type: 'element',
                    tagName: 'tbody',
                    properties: {},
                    children: rows.map((row) => ({ type: 'element', tagName: 'tr', properties: {}, children: columns.map((column) => cell('td', String((row as Record<string, unknown>)[column] ?? ''))) })) as ElementContent[],
                  },
                ],
              }
              node.children[index] = table
            } else visit(child)
          }
        }
        visit(tree)
      },
    })
  },
})
