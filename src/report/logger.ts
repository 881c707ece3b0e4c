/** A logger whose lines are prefixed with who wrote them; one child per extension. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  /** A logger for a part of this one: `logger.child('toc')` prefixes `[ext:toc]`. */
  child(prefix: string): Logger
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Where log lines go: the build collects warnings and errors, the CLI prints the rest. */
export type LogSink = (level: LogLevel, source: string, message: string) => void

export function createLogger(source: string, sink: LogSink): Logger {
  return {
    debug: (message) => sink('debug', source, message),
    info: (message) => sink('info', source, message),
    warn: (message) => sink('warn', source, message),
    error: (message) => sink('error', source, message),
    child: (prefix) => createLogger(`${source}:${prefix}`, sink),
  }
}
