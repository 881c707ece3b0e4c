import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import sirv from 'sirv'

/** Debian's Chromium, as CI installs it; never a downloaded browser. */
export const chromiumPath = '/usr/bin/chromium'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** A real HTTP server on 127.0.0.1 for a built site, with its 404 page for unknown URLs. */
export async function serveDir(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const serve = sirv(dir, { dev: true, extensions: ['html'] })
  const server: Server = createServer((req, res) =>
    serve(req, res, () => {
      res.statusCode = 404
      sirv(dir, { dev: true })(Object.assign(req, { url: '/404.html' }), res, () => void res.end('Not found'))
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** Page errors and failed requests, collected so a test can assert there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('requestfailed', (request) => problems.push(`requestfailed: ${request.url()}`))
  return problems
}
