import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import type { BuildResult } from '../build.js'
import { findConfigFile } from '../config/load.js'
import { isSheafError } from '../errors.js'
import { sheafVersion } from '../package-info.js'
import { formatError, formatMessage, formatSummary } from '../report/format.js'
import { createProgress } from './progress.js'
import type { NewFlags } from './new-command.js'
import { runServe, type ServeFlags } from './serve-command.js'
import { keepHeapsTight } from './heap-growth.js'

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  cwd: string
}

interface BuildFlags {
  out?: string
  strict?: boolean
  keepGoing?: boolean
  safe?: boolean
  drafts?: boolean
  quiet?: boolean
  verbose?: boolean
  cache?: boolean
  clean?: boolean
  workers?: number
}

/** Exit codes: 0 success, 1 the build failed, 2 usage or config error. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const

function colorsFor(stream: { isTTY?: boolean }): boolean {
  if (process.env.NO_COLOR) return false
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}

function printMessages(result: Pick<BuildResult, 'messages'>, io: CliIo, verbose: boolean): void {
  const colors = colorsFor(io.stderr)
  for (const message of result.messages) {
    io.stderr.write(formatMessage(message, { cwd: io.cwd, verbose, colors }) + '\n')
  }
}

/** The site root for one document: the nearest folder above it with a Sheaf config, else the current folder. */
function siteRootOf(file: string, cwd: string): string {
  let dir = dirname(resolve(cwd, file))
  for (;;) {
    if (findConfigFile(dir)) return dir
    const parent = dirname(dir)
    if (parent === dir) return cwd
    dir = parent
  }
}

function workerCount(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of threads, 1 or more.')
  return n
}

async function runBuild(root: string | undefined, flags: BuildFlags, io: CliIo): Promise<number> {
  const progress = createProgress(io.stderr, { enabled: io.stderr.isTTY === true && !flags.quiet })
  // The pipeline is loaded only by the commands that need it, so `--help` and `--version` start at once.
  const { build, BuildFailedError } = await import('../build.js')
  try {
    const result = await build({
      root: resolve(io.cwd, root ?? '.'),
      ...(flags.out === undefined ? {} : { out: resolve(io.cwd, flags.out) }),
      strict: flags.strict ?? false,
      keepGoing: flags.keepGoing ?? false,
      safe: flags.safe ?? false,
      drafts: flags.drafts ?? false,
      cache: flags.cache === false ? false : flags.clean ? 'clean' : true,
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      onProgress: progress.update,
      onLog: (level, source, message) => {
        if (level !== 'info' && !flags.verbose) return
        progress.clear()
        io.stderr.write(`${level === 'debug' ? 'debug ' : ''}[${source}] ${message}\n`)
      },
    })
    progress.done()
    printMessages(result, io, flags.verbose ?? false)
    if (!flags.quiet) {
      for (const { name, reason } of result.skipped) io.stdout.write(`Skipped extension ${name}: ${reason}\n`)
      io.stdout.write(`${formatSummary(result)}\nOutput: ${result.out}\n`)
    }
    // Published, but a build:done listener failed: still a failure to report.
    return result.errors > 0 ? exitCodes.failed : exitCodes.ok
  } catch (error) {
    progress.done()
    if (error instanceof BuildFailedError || (isSheafError(error) && 'result' in error)) {
      const failure = error as InstanceType<typeof BuildFailedError>
      printMessages(failure.result, io, flags.verbose ?? false)
      io.stderr.write(`${failure.message}\n`)
      return exitCodes.failed
    }
    io.stderr.write(formatError(error, { cwd: io.cwd, verbose: flags.verbose ?? false, colors: colorsFor(io.stderr) }) + '\n')
    return isSheafError(error) ? error.exitCode : exitCodes.failed
  }
}

async function runRender(file: string, flags: { root?: string; safe?: boolean; verbose?: boolean }, io: CliIo): Promise<number> {
  const path = resolve(io.cwd, file)
  if (!existsSync(path)) {
    io.stderr.write(`error  No such file: ${file}\n`)
    return exitCodes.usage
  }
  try {
    const root = flags.root === undefined ? siteRootOf(path, io.cwd) : resolve(io.cwd, flags.root)
    const { renderFile } = await import('../render.js')
    const result = await renderFile(path, { root, safe: flags.safe ?? false })
    printMessages(result, io, flags.verbose ?? false)
    if (result.failed) return exitCodes.failed
    io.stdout.write(result.html.endsWith('\n') ? result.html : `${result.html}\n`)
    return exitCodes.ok
  } catch (error) {
    io.stderr.write(formatError(error, { cwd: io.cwd, verbose: flags.verbose ?? false, colors: colorsFor(io.stderr) }) + '\n')
    return isSheafError(error) ? error.exitCode : exitCodes.failed
  }
}

async function runExtensions(root: string, flags: { json?: boolean; safe?: boolean; verbose?: boolean }, io: CliIo): Promise<number> {
  try {
    const { createSheaf } = await import('../sheaf.js')
    const { extensionsReport, formatExtensions } = await import('./extensions-command.js')
    const sheaf = await createSheaf({ root: resolve(io.cwd, root), safe: flags.safe ?? false })
    io.stdout.write(flags.json ? `${JSON.stringify(extensionsReport(sheaf), null, 2)}\n` : formatExtensions(sheaf))
    await sheaf.dispose()
    return exitCodes.ok
  } catch (error) {
    io.stderr.write(formatError(error, { cwd: io.cwd, verbose: flags.verbose ?? false, colors: colorsFor(io.stderr) }) + '\n')
    return isSheafError(error) ? error.exitCode : exitCodes.failed
  }
}

async function runNewCommand(kind: string, dir: string, flags: NewFlags & { verbose?: boolean }, io: CliIo): Promise<number> {
  try {
    if (kind !== 'extension' && kind !== 'site') throw new InvalidArgumentError(`"${kind}" is not something sheaf new makes: give extension or site.`)
    const { runNew } = await import('./new-command.js')
    io.stdout.write(await runNew(kind, dir, flags, io.cwd))
    return exitCodes.ok
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      io.stderr.write(`error: ${error.message}\n`)
      return exitCodes.usage
    }
    io.stderr.write(formatError(error, { cwd: io.cwd, verbose: flags.verbose ?? false, colors: colorsFor(io.stderr) }) + '\n')
    return isSheafError(error) ? error.exitCode : exitCodes.failed
  }
}

/** Build the command-line program; `run` resolves to the exit code. */
export function createProgram(io: CliIo): { program: Command; exitCode: () => number; setCode: (code: number) => void } {
  let code: number = exitCodes.ok
  const program = new Command('sheaf')
    .description('Build documentation and sites from markdown, with extensions.')
    .version(sheafVersion, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()

  program
    .command('build')
    .description('build the site into its output folder (default _site)')
    .argument('[root]', 'the site folder', '.')
    .option('-o, --out <dir>', 'the output folder (default: config `out`, else _site)')
    .option('--strict', 'fail the build on warnings too')
    .option('--keep-going', 'report every failing document instead of stopping at the first')
    .option('--safe', 'core and markdown only: no installed or configured extensions, no theme')
    .option('--drafts', 'build documents whose front matter says draft: true')
    .option('--no-cache', 'neither read nor write the cache in .sheaf/cache')
    .option('--clean', 'delete the cache first, then build and write it anew')
    .addOption(new Option('--workers <n>', 'threads for reading and rendering documents (default: the available parallelism; 1 keeps them on the main thread)').argParser(workerCount))
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--verbose', 'print debug lines and whole stacks')
    .action(async (root: string, flags: BuildFlags) => {
      code = await runBuild(root, flags, io)
    })

  program
    .command('render')
    .description("print one document's HTML body through every transform, without a layout")
    .argument('<file>', 'the document to render')
    .addOption(new Option('--root <dir>', 'the site folder (default: the nearest folder with a sheaf config)'))
    .option('--safe', 'core and markdown only')
    .option('--verbose', 'print whole stacks')
    .action(async (file: string, flags: { root?: string; safe?: boolean; verbose?: boolean }) => {
      code = await runRender(file, flags, io)
    })

  program
    .command('serve')
    .description('build the site into memory, serve it, and rebuild and reload pages as you edit')
    .argument('[root]', 'the site folder', '.')
    .option('-p, --port <port>', `the port (default ${4000}, or the next free one)`)
    .option('--host <host>', 'the address to listen on; 0.0.0.0 exposes the server to the network', '127.0.0.1')
    .option('--open', 'open the site in a browser')
    .option('--drafts', 'include drafts')
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--verbose', 'print every page rebuilt, and whole stacks')
    .action(async (root: string, flags: ServeFlags) => {
      code = await runServe(root, flags, io)
    })

  program
    .command('extensions')
    .description('list the extensions of a site in setup order, with the hooks each registered')
    .argument('[root]', 'the site folder', '.')
    .option('--json', 'print JSON')
    .option('--safe', 'core and markdown only')
    .option('--verbose', 'print whole stacks')
    .action(async (root: string, flags: { json?: boolean; safe?: boolean; verbose?: boolean }) => {
      code = await runExtensions(root, flags, io)
    })

  program
    .command('new')
    .description('create a ready extension package or site in a new folder (offline; never overwrites)')
    .argument('<kind>', 'extension or site')
    .argument('<dir>', 'the folder to create; it must not exist or be empty')
    .option('--name <name>', 'the package name (default: from the folder name; sheaf- is added for an extension)')
    .option('--title <title>', "a site's title (default: the folder name)")
    .option('--url <url>', "a site's public URL, for its sitemap and feeds")
    .option('--verbose', 'print whole stacks')
    .action(async (kind: string, dir: string, flags: NewFlags & { verbose?: boolean }) => {
      code = await runNewCommand(kind, dir, flags, io)
    })

  return {
    program,
    exitCode: () => code,
    setCode: (next) => {
      code = next
    },
  }
}

const builtin = new Set(['build', 'render', 'serve', 'extensions', 'new', 'help'])

/**
 * Add the commands of the site's extensions (in the current folder) to the
 * program. Loading the site is only tried when the command line may need them:
 * help, or a command that is not built in. A site that fails to load is
 * reported only when its command was asked for.
 */
async function addExtensionCommands(
  argv: string[],
  io: CliIo,
  { program, setCode }: ReturnType<typeof createProgram>,
): Promise<unknown> {
  const first = argv[2]
  if (first === undefined || (builtin.has(first) && first !== 'help') || first === '-v' || first === '--version') return undefined
  let sheaf: Awaited<ReturnType<typeof import('../sheaf.js').createSheaf>>
  try {
    const { createSheaf } = await import('../sheaf.js')
    sheaf = await createSheaf({ root: io.cwd })
  } catch (error) {
    return error
  }
  for (const { item: command, extension } of sheaf.registry.commands.entries()) {
    program
      .command(command.name)
      .description(`${command.description} (${extension})`)
      .argument('[args...]', 'passed to the command')
      .allowUnknownOption()
      .helpOption(false)
      .action(async (args: string[]) => {
        const ctx = { ...sheaf.contextFor(extension), stdout: io.stdout, stderr: io.stderr }
        try {
          const { guard } = await import('../hooks/guard.js')
          const version = sheaf.extensions.find((ext) => ext.name === extension)?.version
          const result = await guard({ extension, version, hook: `command:${command.name}` }, () => command.run(args, ctx))
          setCode(typeof result === 'number' ? result : exitCodes.ok)
        } catch (error) {
          io.stderr.write(formatError(error, { cwd: io.cwd, colors: colorsFor(io.stderr) }) + '\n')
          setCode(exitCodes.failed)
        } finally {
          await sheaf.dispose()
        }
      })
  }
  return undefined
}

/** Run the CLI with `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  keepHeapsTight()
  const cli = createProgram(io)
  const { program, exitCode } = cli
  const loadError = await addExtensionCommands(argv, io, cli)
  if (argv.length <= 2) {
    program.outputHelp({ error: true })
    return exitCodes.usage
  }
  const asked = argv[2]!
  if (loadError !== undefined && !asked.startsWith('-') && !builtin.has(asked)) {
    // An unknown command in a site whose extensions did not load: say why, since the command may be theirs.
    io.stderr.write(formatError(loadError, { cwd: io.cwd, colors: colorsFor(io.stderr) }) + '\n')
    return isSheafError(loadError) ? loadError.exitCode : exitCodes.failed
  }
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return exitCodes.ok
      return exitCodes.usage
    }
    throw error
  }
  return exitCode()
}
