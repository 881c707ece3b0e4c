import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { listFiles, makeSite } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('@sheaf/diagrams', () => {
  it('turns a mermaid block into its source for Mermaid, and loads Mermaid only on pages with a diagram', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n```js\nplain()\n```\n',
      'content/guide/flow.md': '# Flow\n\n```mermaid\ngraph TD\n  A --> B\n```\n',
    })
    await build({ root, config: { extensions: ['@sheaf/diagrams'] } })
    const page = read(root, 'guide/flow/index.html')
    expect(page).toContain('<pre class="mermaid">graph TD\n  A --> B</pre><script src="../../_sheaf/mermaid/mermaid.min.js" defer></script><script src="../../_sheaf/mermaid/diagrams.js" defer></script>')
    expect(read(root, 'index.html')).not.toContain('mermaid')
    expect(listFiles(join(root, '_site')).filter((path) => path.includes('mermaid'))).toEqual(['_sheaf/mermaid/diagrams.js', '_sheaf/mermaid/mermaid.min.js'])
    const plain = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root: plain, config: { extensions: ['@sheaf/diagrams'] } })
    expect(listFiles(join(plain, '_site')).filter((path) => path.includes('mermaid'))).toEqual([])
  })
})
