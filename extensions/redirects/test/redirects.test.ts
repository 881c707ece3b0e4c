import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../../src/index.js'
import { buildFails } from '../../../test/support/build.js'
import { makeSite } from '../../../test/support/sites.js'
import { fileOf } from '../src/index.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')
const site = (files: Record<string, string>) => makeSite({ 'content/index.md': '# Home\n', 'content/guide/index.md': '# Guide\n', ...files })

describe('@sheaf/redirects', () => {
  it('writes a page at each old path (refresh, canonical link, a visible link) and a _redirects file, chains followed to their end', async () => {
    const root = site({ 'content/guide/intro.md': '---\nredirect_from: [/start/, /old/intro.html]\n---\n# Intro\n' })
    await build({ root, config: { url: 'https://example.org/docs/', extensions: ['@sheaf/redirects'], redirects: { '/a/': '/b/', '/b/': '/guide/intro/', '/elsewhere/': 'https://example.com/x' } } as never })
    expect(read(root, 'start/index.html')).toBe(
      [
        '<!doctype html>',
        '<html lang="en"><head><meta charset="utf-8"><title>Moved</title>',
        '<meta http-equiv="refresh" content="0; url=/docs/guide/intro/"><link rel="canonical" href="https://example.org/docs/guide/intro/"><meta name="robots" content="noindex">',
        '</head><body><p>This page has moved to <a href="/docs/guide/intro/">/docs/guide/intro/</a>.</p></body></html>',
        '',
      ].join('\n'),
    )
    expect(read(root, 'old/intro.html')).toContain('url=/docs/guide/intro/')
    // /a/ leads to /b/, which leads on: /a/ goes straight to the end.
    expect(read(root, 'a/index.html')).toContain('url=/docs/guide/intro/')
    expect(read(root, 'elsewhere/index.html')).toContain('url=https://example.com/x')
    expect(read(root, '_redirects')).toBe(
      ['/docs/a/ /docs/guide/intro/ 301', '/docs/b/ /docs/guide/intro/ 301', '/docs/elsewhere/ https://example.com/x 301', '/docs/start/ /docs/guide/intro/ 301', '/docs/old/intro.html /docs/guide/intro/ 301', ''].join('\n'),
    )
  })

  it('leaves a site its own public/_redirects, and writes nothing without redirects', async () => {
    const root = site({ 'public/_redirects': '/x /y 302\n', 'content/guide/intro.md': '---\nredirect_from: /start/\n---\n# Intro\n' })
    await build({ root, config: { extensions: ['@sheaf/redirects'] } })
    expect(read(root, '_redirects')).toBe('/x /y 302\n')
    expect(read(root, 'start/index.html')).toContain('url=/guide/intro/')
    const plain = site({})
    await build({ root: plain, config: { extensions: ['@sheaf/redirects'] } })
    expect(existsSync(join(plain, '_site/_redirects'))).toBe(false)
  })

  it('refuses loops, redirects that would hide a page, two targets for one path and targets that are no page, at the entry that asks', async () => {
    const root = site({
      'content/guide/intro.md': '---\ntitle: Intro\nredirect_from:\n  - /guide/\n  - /start/\n---\n# Intro\n',
      'content/other.md': '---\nredirect_from: /start/\n---\n# Other\n',
    })
    const failure = await buildFails({
      root,
      config: { extensions: ['@sheaf/redirects'], redirects: { '/x/': '/y/', '/y/': '/x/', '/gone/': '/nowhere/' } } as never,
    })
    expect(failure.result.messages.map((m) => [m.file ? m.file.replace(root, '') : null, m.line ?? null, m.column ?? null, m.reason])).toEqual([
      ['/content/guide/intro.md', 4, 5, 'The redirect from /guide/ would hide the page there (guide/index.md); remove the redirect, or move the page.'],
      ['/content/other.md', 2, 1, 'Two redirects from /start/: to /guide/intro/ (guide/intro.md) and to /other/ (other.md).'],
      // The config's, at the config (given as an object here, so without a file).
      [null, null, null, 'Redirects go round in a loop: /x/ -> /y/ -> /x/.'],
      [null, null, null, 'Redirects go round in a loop: /y/ -> /x/ -> /y/.'],
      [null, null, null, 'The redirect from /gone/ leads to /nowhere/, which is no page of the site.'],
    ])
    expect(existsSync(join(root, '_site'))).toBe(false)
  })

  it('refuses a redirect_from or a redirects entry that is not a path of the site, at the key', async () => {
    const root = site({ 'content/guide/intro.md': '---\nredirect_from: old/intro\n---\n# Intro\n' })
    const failure = await buildFails({ root, config: { extensions: ['@sheaf/redirects'] } })
    expect(failure.result.messages.map((m) => [m.line, m.column, m.reason])).toEqual([
      [2, 1, 'Front matter `redirect_from` (read by @sheaf/redirects): expected a path of the site that starts with / (no spaces, query or fragment), such as /old/path/, not "old/intro"'],
    ])
    await expect(build({ root: site({}), config: { extensions: ['@sheaf/redirects'], redirects: { '/a/': 'b' } } as never })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'Config key `redirects./a/` (of extension "@sheaf/redirects"): expected a path of the site such as /new/path/, or an http(s) URL',
    })
  })

  it('serves each old path from the file a static host looks for', () => {
    expect(['/old/', '/old', '/old.html', '/a/b.htm', '/'].map(fileOf)).toEqual(['old/index.html', 'old/index.html', 'old.html', 'a/b.htm', 'index.html'])
  })
})
