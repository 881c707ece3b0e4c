import type { DevServer, ServeOptions } from './server.js'

/**
 * `sheaf serve`: build the site into memory, serve it on 127.0.0.1 (clean
 * URLs, the 404 page), watch it, rebuild what an edit touches, and tell open
 * pages to reload (or to swap stylesheets, or to show the errors) over
 * server-sent events. It never serves a file outside the site's output and
 * its own sources, and answers only requests addressed to this machine.
 *
 * The server's modules (http, the watcher) are imported on the first call:
 * every extension imports `sheaf`, and a build never serves.
 */
export async function serve(options: ServeOptions = {}): Promise<DevServer> {
  const server = await import('./server.js')
  return server.serve(options)
}
