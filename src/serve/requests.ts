import { createReadStream, realpathSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { networkInterfaces, hostname } from 'node:os'
import { lookup as mimeOf } from 'mrmime'
import { isWithin } from '../output/out-dir.js'

/** The longest request target served; longer ones get 414. */
export const maxUrlLength = 2048

/** Host names that always mean this machine. */
const localNames = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * The Host header values this server answers: localhost names, the address it
 * is bound to, and, when bound to every interface, this machine's addresses
 * and name. Anything else is refused, so a DNS-rebinding page cannot reach it.
 */
export function allowedHosts(boundHost: string): Set<string> {
  const hosts = new Set(localNames)
  hosts.add(boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost)
  if (boundHost === '0.0.0.0' || boundHost === '::') {
    hosts.add(hostname().toLowerCase())
    for (const entries of Object.values(networkInterfaces())) {
      for (const entry of entries ?? []) hosts.add(entry.family === 'IPv6' ? `[${entry.address}]` : entry.address)
    }
  }
  return hosts
}

/** The host part of a Host header (`localhost:4000` -> `localhost`, `[::1]:4000` -> `[::1]`). */
export function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined
  const value = header.trim().toLowerCase()
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1)
  const colon = value.lastIndexOf(':')
  return colon === -1 ? value : value.slice(0, colon)
}

export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const host = hostOf(header)
  return host !== undefined && (allowed.has(host) || (isIP(host) === 0 && host.endsWith('.localhost')))
}

/**
 * Whether an `Origin` header names this server itself, as the page asking
 * was served from it: scheme, host and port exactly (`Host` was checked
 * already). Another local server (`http://localhost:9999`) or another
 * `.localhost` name is refused.
 */
export function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false
  try {
    return new URL(origin).origin === new URL(`http://${host}`).origin
  } catch {
    return false
  }
}

/**
 * The output path a request names, or why it is refused. The path is decoded
 * once; a backslash, a NUL byte, a `.` or `..` segment, or an encoding that
 * does not decode is refused, whatever its spelling (`%2e%2e%2f`, `..%2f`, …).
 */
export function outputPathOf(target: string): { path: string } | { status: 400 | 414; reason: string } {
  if (target.length > maxUrlLength) return { status: 414, reason: 'URL too long' }
  const pathname = target.split(/[?#]/, 1)[0]!
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return { status: 400, reason: 'Malformed URL encoding' }
  }
  if (!decoded.startsWith('/')) return { status: 400, reason: 'Bad request target' }
  if (decoded.includes('\\') || decoded.includes('\0')) return { status: 400, reason: 'Bad characters in path' }
  const segments = decoded.slice(1).split('/')
  if (segments.some((segment) => segment === '..' || segment === '.')) return { status: 400, reason: 'Path segments . and .. are not allowed' }
  return { path: decoded.slice(1) }
}

/** Serve a file on disk, only if its real path (symlinks followed) lies inside one of `roots` (when given). */
export function sendStatic(res: ServerResponse, req: IncomingMessage, file: string, roots: readonly string[] | undefined): boolean {
  let real: string
  try {
    real = realpathSync(file)
    if (!statSync(real).isFile()) return false
  } catch {
    return false
  }
  if (roots !== undefined && !roots.some((root) => isWithin(real, root))) return false
  res.writeHead(200, { 'Content-Type': mimeOf(file) ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
  if (req.method === 'HEAD') res.end()
  else createReadStream(real).pipe(res)
  return true
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}
