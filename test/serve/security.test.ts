import { symlinkSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type DevServer } from '../support/guarded.js'
import { copyFixture } from '../support/sites.js'

let server: DevServer
let root: string

/** A raw request: the path is sent exactly as written, encoding and all. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (res.headers['content-type']?.startsWith('text/event-stream')) req.destroy()
      })
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
      res.on('close', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  root = copyFixture('serve-site')
  symlinkSync('/etc/hostname', join(root, 'public/outside.txt'))
  symlinkSync(join(root, 'sheaf.config.mjs'), join(root, 'public/inside-link.txt'))
  server = await serve({ root, port: 0, watch: false })
})

afterAll(async () => {
  await server?.close()
})

describe('sheaf serve: what it serves', () => {
  it('serves pages at clean URLs, with the live reload script', async () => {
    const page = await get('/guide/intro/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<h1>Intro</h1>')
    expect(page.body).toContain('<script src="/_sheaf/live.js" defer></script></body>')
  })

  it('redirects a clean URL without its slash', async () => {
    const page = await get('/guide/intro?x=1')
    expect(page.status).toBe(301)
    expect(page.headers.location).toBe('/guide/intro/?x=1')
  })

  it('serves public files and theme assets with their types', async () => {
    expect(await get('/extra.css')).toMatchObject({ status: 200, body: 'body { outline: 0; }\n', headers: { 'content-type': 'text/css' } })
    const home = await get('/')
    const stylesheet = /href="(\/?_sheaf\/theme\.[0-9a-f]{8}\.css)"/.exec(home.body)?.[1]
    expect(stylesheet).toBeDefined()
    expect(await get(`/${stylesheet!.replace(/^\//, '')}`)).toMatchObject({ status: 200, headers: { 'content-type': 'text/css' } })
  })

  it('answers unknown URLs with 404', async () => {
    expect(await get('/no/such/page/')).toMatchObject({ status: 404 })
  })
})

describe('sheaf serve: what it refuses, request by request', () => {
  it.each([
    ['/../sheaf.config.mjs', 400],
    ['/%2e%2e/sheaf.config.mjs', 400],
    ['/%2e%2e%2fsheaf.config.mjs', 400],
    ['/..%2fsheaf.config.mjs', 400],
    ['/guide/..%2f..%2fsheaf.config.mjs', 400],
    ['/%252e%252e%252fsheaf.config.mjs', 404],
    ['/..%5csheaf.config.mjs', 400],
    ['/guide\\..\\sheaf.config.mjs', 400],
    ['/index.html%00.css', 400],
    ['/%00', 400],
    ['/%E0%A4%A', 400],
    ['/./index.html', 400],
    ['/sheaf.config.mjs', 404],
    ['/ext/stamp.mjs', 404],
    ['/content/index.md', 404],
    ['/package.json', 404],
  ])('%s -> %i', async (path, status) => {
    const response = await get(path)
    expect(response.status).toBe(status)
    expect(response.body).not.toContain('Serve fixture')
    expect(response.body).not.toContain('stamp')
  })

  it('never follows a symlink out of the site', async () => {
    const response = await get('/outside.txt')
    expect(response.status).toBe(404)
  })

  it('follows a symlink that stays inside the site', async () => {
    expect((await get('/inside-link.txt')).status).toBe(200)
  })

  it('refuses an over-long URL with 414', async () => {
    expect((await get(`/${'a'.repeat(3000)}`)).status).toBe(414)
  })

  it('refuses a Host header that is not this machine (DNS rebinding)', async () => {
    expect(await get('/', { host: 'evil.example.com' })).toMatchObject({ status: 403, body: 'Host not allowed: evil.example.com' })
    expect(await get('/', { host: `evil.example.com:${server.port}` })).toMatchObject({ status: 403 })
    expect((await get('/', { host: `localhost:${server.port}` })).status).toBe(200)
    expect((await get('/', { host: `[::1]:${server.port}` })).status).toBe(200)
  })

  it('refuses the reload channel to other origins', async () => {
    expect(await get('/_sheaf/live', { origin: 'http://evil.example.com' })).toMatchObject({ status: 403, body: 'Origin not allowed: http://evil.example.com' })
    // Another server on this machine, another .localhost name, another scheme or port: not this server.
    for (const origin of ['http://localhost:9999', 'http://evil.localhost', `http://evil.localhost:${server.port}`, `https://127.0.0.1:${server.port}`, `http://127.0.0.1:${server.port + 1}`, 'null']) {
      expect(await get('/_sheaf/live', { origin }), origin).toMatchObject({ status: 403, body: `Origin not allowed: ${origin}` })
    }
    // The page asking was served by this server under the name in its Host header.
    expect((await get('/_sheaf/live', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).status).toBe(200)
    expect((await get('/_sheaf/live', { host: `localhost:${server.port}`, origin: `http://127.0.0.1:${server.port}` })).status).toBe(403)
    const own = await get('/_sheaf/live', { origin: `http://127.0.0.1:${server.port}` })
    expect(own.status).toBe(200)
    expect(own.headers['content-type']).toBe('text/event-stream')
  })

  it('allows only GET and HEAD', async () => {
    const response = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', method: 'POST', headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.end()
    })
    expect(response).toBe(405)
  })
})
