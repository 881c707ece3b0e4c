import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { makeSite, withoutDigests } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

describe('@sheaf/not-found', () => {
  it('writes 404.html, linking from the site’s base path because it is shown at any URL', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root, config: { url: 'https://example.org/docs/', extensions: ['@sheaf/not-found'] } })
    const html = read(root, '404.html')
    expect(html).toContain('<title>Page not found</title>')
    expect(withoutDigests(html)).toContain('<link rel="stylesheet" href="/docs/_sheaf/theme.css">')
    expect(html).toContain('<a href="/docs/">Go to the home page</a>')
  })

  it('leaves a site’s own 404.md in place', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/404.md': '# Lost?\n' })
    const result = await build({ root, config: { extensions: ['@sheaf/not-found'] } })
    expect(result.messages).toEqual([])
    expect(read(root, '404.html')).toContain('<h1>Lost?</h1>')
    expect(withoutDigests(read(root, '404.html'))).toContain('href="/_sheaf/theme.css"')
  })
})
