import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, serve } from './support/guarded.js'
import { makeSite, tempDir } from './support/sites.js'

/**
 * Symbolic links in the content and public folders: one rule in build and
 * serve. Links that stay inside the site are followed; links that lead out
 * of it are skipped with a warning naming each, unless `followSymlinks`.
 */

/** A site whose content and public folders link to files and a folder elsewhere, and to a page of its own. */
function linkedSite(config: string): { root: string; outside: string } {
  const root = makeSite({ 'sheaf.config.mjs': config, 'content/index.md': '# Home\n' })
  const outside = tempDir('sheaf-outside-')
  writeFileSync(join(outside, 'shared.md'), '# Shared\n')
  writeFileSync(join(outside, 'logo.png'), 'PNG bytes')
  mkdirSync(join(outside, 'dir'))
  writeFileSync(join(outside, 'dir/x.md'), '# X\n')
  mkdirSync(join(root, 'public'))
  symlinkSync(join(outside, 'shared.md'), join(root, 'content/shared.md'))
  symlinkSync(join(outside, 'logo.png'), join(root, 'content/logo.png'))
  symlinkSync(join(outside, 'dir'), join(root, 'content/linked'))
  symlinkSync(join(outside, 'logo.png'), join(root, 'public/badge.png'))
  symlinkSync('index.md', join(root, 'content/inside.md'))
  return { root, outside }
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const linkedOut = ['content/linked', 'content/logo.png', 'content/shared.md', 'public/badge.png']

describe('symbolic links that lead out of the site', () => {
  it('are skipped by build and serve, with a warning naming each link and where it leads', async () => {
    const { root, outside } = linkedSite('export default {}\n')
    const result = await build({ root, onLog: () => {} })
    const targets: Record<string, string> = { 'content/linked': 'dir', 'content/logo.png': 'logo.png', 'content/shared.md': 'shared.md', 'public/badge.png': 'logo.png' }
    expect(result.messages.map((message) => [message.file, message.ruleId, message.fatal, message.reason])).toEqual(
      linkedOut.map((link) => [
        join(root, link),
        'symlink-outside',
        false,
        `This symbolic link leads out of the site (to ${join(outside, targets[link]!)}), so it was skipped; set followSymlinks: true in the config to follow links that leave the site`,
      ]),
    )
    const site = join(root, '_site')
    for (const path of ['shared', 'logo.png', 'linked', 'badge.png']) expect(existsSync(join(site, path)), path).toBe(false)
    expect(readFileSync(join(site, 'inside/index.html'), 'utf8')).toContain('<h1>Home</h1>')

    const server = await serve({ root, port: 0, watch: false, onLog: () => {} })
    try {
      for (const path of ['/shared/', '/logo.png', '/linked/x/', '/badge.png']) expect((await get(server.port, path)).status, path).toBe(404)
      expect((await get(server.port, '/inside/')).body).toContain('<h1>Home</h1>')
    } finally {
      await server.close()
    }
  })

  it('are followed by build and serve with followSymlinks: true', async () => {
    const { root } = linkedSite('export default { followSymlinks: true }\n')
    const result = await build({ root, onLog: () => {} })
    expect(result.messages).toEqual([])
    const site = join(root, '_site')
    expect(readFileSync(join(site, 'shared/index.html'), 'utf8')).toContain('<h1>Shared</h1>')
    expect(readFileSync(join(site, 'linked/x/index.html'), 'utf8')).toContain('<h1>X</h1>')
    expect(readFileSync(join(site, 'logo.png'), 'utf8')).toBe('PNG bytes')
    expect(readFileSync(join(site, 'badge.png'), 'utf8')).toBe('PNG bytes')

    const server = await serve({ root, port: 0, watch: false, onLog: () => {} })
    try {
      expect((await get(server.port, '/shared/')).body).toContain('<h1>Shared</h1>')
      expect((await get(server.port, '/linked/x/')).body).toContain('<h1>X</h1>')
      expect(await get(server.port, '/logo.png')).toEqual({ status: 200, body: 'PNG bytes' })
      expect(await get(server.port, '/badge.png')).toEqual({ status: 200, body: 'PNG bytes' })
    } finally {
      await server.close()
    }
  })
})
