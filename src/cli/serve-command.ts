import { spawn } from 'node:child_process'
import { networkInterfaces } from 'node:os'
import { resolve } from 'node:path'
import type { RebuildReport } from '../serve/session.js'
import { formatError, formatMessage } from '../report/format.js'
import { isSheafError } from '../errors.js'

export interface ServeFlags {
  port?: string
  host?: string
  open?: boolean
  drafts?: boolean
  quiet?: boolean
  verbose?: boolean
}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  cwd: string
}

/** URLs a person on another machine can use when the server is bound to every interface. */
function networkUrls(port: number): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && entry.family === 'IPv4')
    .map((entry) => `http://${entry.address}:${port}/`)
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    spawn(command, args as string[], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref()
  } catch {
    // No browser to open: the URL is printed anyway.
  }
}

/** `sheaf serve`: resolves to the exit code when the server stops (Ctrl-C), or at once when it cannot start. */
export async function runServe(root: string | undefined, flags: ServeFlags, io: Io): Promise<number> {
  const colors = io.stderr.isTTY === true && !process.env.NO_COLOR
  const printed = new Set<string>()
  const print = (report: RebuildReport): void => {
    for (const message of report.messages) {
      const text = formatMessage(message, { cwd: io.cwd, verbose: flags.verbose ?? false, colors })
      if (!printed.has(text)) io.stderr.write(text + '\n')
    }
    const current = new Set(report.messages.map((message) => formatMessage(message, { cwd: io.cwd, verbose: flags.verbose ?? false, colors })))
    const hadErrors = [...printed].some((text) => / error {2}/.test(text))
    const hasErrors = report.messages.some((message) => message.fatal)
    printed.clear()
    for (const text of current) printed.add(text)
    if (hadErrors && !hasErrors) io.stdout.write('All errors are fixed.\n')
    if (flags.quiet) return
    const what = report.cssOnly ? 'stylesheets changed' : `${report.rebuilt.length} page${report.rebuilt.length === 1 ? '' : 's'}`
    if (report.reason === 'start') io.stdout.write(`Built ${what} in ${(report.durationMs / 1000).toFixed(2)} s\n`)
    else io.stdout.write(`${report.reloaded ? 'Reloaded the extensions and rebuilt' : 'Rebuilt'} ${what} in ${Math.round(report.durationMs)} ms (${report.reason})\n`)
    if (flags.verbose) for (const path of report.rebuilt) io.stdout.write(`  ${path}\n`)
  }

  const port = flags.port === undefined ? undefined : Number.parseInt(flags.port, 10)
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    io.stderr.write(`error  --port must be a number from 0 to 65535, not ${flags.port}\n`)
    return 2
  }
  try {
    const { serve } = await import('../serve/server.js')
    const server = await serve({
      root: resolve(io.cwd, root ?? '.'),
      ...(port === undefined ? {} : { port }),
      host: flags.host ?? '127.0.0.1',
      drafts: flags.drafts ?? false,
      onRebuild: print,
      onError: (error) => io.stderr.write(formatError(error, { cwd: io.cwd, colors }) + '\n'),
    })
    // Listen for Ctrl-C before saying so: whoever reads the line may press it at once.
    const stopped = new Promise<number>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        server.close().then(
          () => done(0),
          () => done(1),
        )
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    // Another port than asked for is said, so a bookmark or a browser tab on the usual one is not taken for this server.
    const moved = server.busyPort === undefined ? '' : ` (port ${server.busyPort} is in use)`
    io.stdout.write(`Serving ${server.session.config.root} at ${server.url}${moved}\n`)
    if (flags.host === '0.0.0.0' || flags.host === '::') for (const url of networkUrls(server.port)) io.stdout.write(`  on the network: ${url}\n`)
    io.stdout.write('Watching for changes. Press Ctrl-C to stop.\n')
    if (flags.open) openBrowser(server.url)
    return await stopped
  } catch (error) {
    io.stderr.write(formatError(error, { cwd: io.cwd, verbose: flags.verbose ?? false, colors }) + '\n')
    return isSheafError(error) ? error.exitCode : 1
  }
}
