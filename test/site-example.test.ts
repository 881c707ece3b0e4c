import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, errorCatalogue } from './support/guarded.js'
import { repoRoot, tempDir } from './support/sites.js'

const siteRoot = join(repoRoot, 'site-example')

describe('site-example', () => {
  it('builds with no warnings, through the installed default extensions', async () => {
    const out = join(tempDir(), '_site')
    const result = await build({ root: siteRoot, out })
    expect(result.messages.map((message) => `${message.file}:${message.line}: ${message.reason}`)).toEqual([])
    expect(result.pages.length).toBeGreaterThanOrEqual(10)
    expect(result.pages.map((page) => page.url)).toContain('/guide/configuration/')
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<img class="logo logo-light" src="images/logo.svg" alt="" height="32">')
  })

  it('documents every core error', () => {
    const errorsPage = readFileSync(join(siteRoot, 'content/reference/errors.md'), 'utf8')
    const missing = Object.keys(errorCatalogue).filter((code) => !errorsPage.includes(`\`${code}\``))
    expect(missing).toEqual([])
  })
})
