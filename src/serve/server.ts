import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { realpathSync } from 'node:fs'
import { SheafError, messageOf } from '../errors.js'
import type { SheafOptions } from '../sheaf.js'
import { liveClient } from './live-client.js'
import { allowedHosts, isAllowedHost, isOwnOrigin, outputPathOf, sendStatic, sendText } from './requests.js'
import { DevSession, type RebuildReport } from './session.js'
import { watchSite, type SiteWatcher } from './watch.js'

/** How long edits must pause before the outputs that need every page are made without being asked for. */
const idleMs = 2000

export interface ServeOptions extends SheafOptions {
  /** The port; when given and busy, an error. Default 4000, or the next free one. */
  port?: number
  /** Where the search for a free port starts when `port` is not given (default 4000). */
  firstPort?: number
  /** The address to bind; default 127.0.0.1 (this machine only). */
  host?: string
  /** Watch the site and rebuild on changes (default true). */
  watch?: boolean
  /** Called after every rebuild, the first one included. */
  onRebuild?: (report: RebuildReport) => void
  /** Called when a rebuild could not run at all (a config that does not load). */
  onError?: (error: unknown) => void
}

export interface DevServer {
  /** The URL to open: `http://127.0.0.1:4000/`. */
  url: string
  port: number
  /** The port it wanted but found in use, when it took another (no `port` was given); undefined otherwise. */
  busyPort: number | undefined
  session: DevSession
  /** Resolves after the next rebuild (for tests and tools). */
  nextRebuild(): Promise<RebuildReport>
  close(): Promise<void>
}

export const defaultPort = 4000

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/** A problem as the overlay shows it. */
function overlayText(message: RebuildReport['messages'][number]): { text: string } {
  const place = message.line ? `:${message.line}:${message.column ?? 1}` : ''
  const who = message.source ? `  [${message.source}${message.ruleId ? `:${message.ruleId}` : ''}]` : ''
  return { text: `${message.file ?? ''}${place}\n${message.reason}${who}` }
}

/**
 * `sheaf serve`: build the site into memory, serve it on 127.0.0.1 (clean
 * URLs, the 404 page), watch it, rebuild what an edit touches, and tell open
 * pages to reload (or to swap stylesheets, or to show the errors) over
 * server-sent events. It never serves a file outside the site's output and
 * its own sources, and answers only requests addressed to this machine.
 */
export async function serve(options: ServeOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1'
  const { session, report: first } = await DevSession.start(options)
  const allowed = allowedHosts(host)
  const clients = new Set<ServerResponse>()
  const waiters: Array<(report: RebuildReport) => void> = []
  let last = first

  const send = (event: string, data: unknown): void => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  const errorsOf = (report: RebuildReport) => report.messages.filter((message) => message.fatal).map(overlayText)
  const announce = (report: RebuildReport): void => {
    last = report
    send('problems', errorsOf(report))
    if (report.cssOnly) send('css', {})
    else if (report.rebuilt.length > 0 || report.reloaded) send('reload', {})
    options.onRebuild?.(report)
    for (const waiter of waiters.splice(0)) waiter(report)
  }

  const staticRoots = (): string[] => {
    const { root, paths } = session.config
    const roots = [root, paths.content, paths.public, ...session.sheaf.themes.map((theme) => theme.assets).filter((dir): dir is string => dir !== undefined)]
    roots.push(...session.sheaf.registry.assets.map((asset) => asset.from).filter((from): from is string => from !== undefined))
    return roots.map((root) => {
      try {
        return realpathSync(root)
      } catch {
        return root
      }
    })
  }

  const sendPage = (res: ServerResponse, req: IncomingMessage, status: number, path: string, contents: string | Uint8Array): void => {
    const isHtml = path.endsWith('.html')
    let body: string | Uint8Array = contents
    if (isHtml) {
      const html = String(contents)
      const tag = '<script src="/_sheaf/live.js" defer></script>'
      body = html.includes('</body>') ? html.replace('</body>', `${tag}</body>`) : html + tag
    }
    const type = isHtml ? 'text/html; charset=utf-8' : path.endsWith('.xml') ? 'application/xml; charset=utf-8' : path.endsWith('.js') ? 'text/javascript; charset=utf-8' : path.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/octet-stream'
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  /** Feeds, sitemaps and search indexes (and every `validate`) are made when first asked for after an edit, or once edits pause. */
  const completeOutputs = async (): Promise<void> => {
    const problems = await session.completeOutputs()
    if (problems) {
      last = { ...last, messages: problems }
      send('problems', errorsOf(last))
    }
  }
  let pause: NodeJS.Timeout | undefined
  /** Once no edit came for a while, make them anyway: what `validate` finds shows without asking for a feed. */
  const completeWhenIdle = (): void => {
    clearTimeout(pause)
    pause = setTimeout(() => void completeOutputs().catch((error: unknown) => options.onError?.(error)), idleMs)
    pause.unref()
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/'
    if (!isAllowedHost(req.headers.host, allowed)) return sendText(res, 403, `Host not allowed: ${req.headers.host ?? '(none)'}`)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendText(res, 405, 'Method not allowed')
    }
    const resolved = outputPathOf(target)
    if ('status' in resolved) return sendText(res, resolved.status, resolved.reason)
    const path = resolved.path
    if (path === '_sheaf/live') {
      const origin = req.headers.origin
      if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) return sendText(res, 403, `Origin not allowed: ${origin}`)
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(`retry: 1000\n\nevent: problems\ndata: ${JSON.stringify(errorsOf(last))}\n\n`)
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (path === '_sheaf/live.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' })
      return void res.end(liveClient)
    }
    const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path]
    if (candidates.some((candidate) => session.outputStale(candidate))) await completeOutputs()
    for (const candidate of candidates) {
      const contents = session.files.get(candidate)
      if (contents !== undefined) return sendPage(res, req, 200, candidate, contents)
      const file = session.statics.get(candidate)
      // The build found it: with followSymlinks, through a link that may lead anywhere; otherwise it must stay inside.
      if (file !== undefined && sendStatic(res, req, file, session.config.followSymlinks ? undefined : staticRoots())) return
    }
    if (!path.endsWith('/') && session.files.has(`${path}/index.html`)) {
      const query = target.includes('?') ? target.slice(target.indexOf('?')) : ''
      res.writeHead(301, { Location: `/${path.split('/').map(encodeURIComponent).join('/')}/${query}`, 'Cache-Control': 'no-store' })
      return void res.end()
    }
    const notFound = session.files.get('404.html')
    if (notFound !== undefined) return sendPage(res, req, 404, '404.html', notFound)
    sendText(res, 404, 'Not found')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, messageOf(error))
      else res.end()
    })
  })
  server.maxHeadersCount = 100

  const wanted = options.port ?? options.firstPort ?? defaultPort
  let port = wanted
  for (let attempt = 0; ; attempt++) {
    try {
      await listen(server, port, host)
      break
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE' && options.port === undefined && attempt < 20) {
        port += 1
        continue
      }
      await session.dispose()
      if (code === 'EADDRINUSE') {
        throw new SheafError('PORT_IN_USE', `Port ${port} on ${host} is in use.`, { hint: 'Stop what is using it, or pass another with --port.' })
      }
      throw new SheafError('SERVE_FAILED', `Could not listen on ${host}:${port}: ${messageOf(error)}`, { cause: error })
    }
  }
  port = (server.address() as AddressInfo).port
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${port}/`

  let watcher: SiteWatcher | undefined
  if (options.watch !== false) {
    watcher = await watchSite(session, async (changes) => {
      clearTimeout(pause)
      try {
        announce(await session.update(changes))
        completeWhenIdle()
      } catch (error) {
        // The config or an extension failed to load: keep serving the last good site and say why.
        options.onError?.(error)
        send('problems', [{ text: messageOf(error) }])
      }
    })
  }
  options.onRebuild?.(first)

  return {
    url,
    port,
    busyPort: options.port === undefined && port !== wanted ? wanted : undefined,
    session,
    nextRebuild: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      clearTimeout(pause)
      await watcher?.close()
      for (const client of clients) client.end()
      clients.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await session.dispose()
    },
  }
}
