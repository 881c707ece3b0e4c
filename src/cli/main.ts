import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Command, CommanderError, Option } from 'commander'
import type { BuildResult } from '../build.js'
import { findConfigFile } from '../config/load.js'
import { isSheafError } from '../errors.js'
import { sheafVersion } from '../package-info.js'
import { formatError, formatMessage, formatSummary } from '../report/format.js'
import { createProgress } from './progress.js'

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
      onProgress: progress.update,
      onLog: (level, source, message) => {
        if (level === 'info' || flags.verbose) io.stderr.write(`${level === 'debug' ? 'debug ' : ''}[${source}] ${message}\n`)
      },
    })
    progress.done()
    printMessages(result, io, flags.verbose ?? false)
    if (!flags.quiet) io.stdout.write(`${formatSummary(result)}\n${`Output: ${result.out}`}\n`)
    return exitCodes.ok
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

/** Build the command-line program; `run` resolves to the exit code. */
export function createProgram(io: CliIo): { program: Command; exitCode: () => number } {
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

  return { program, exitCode: () => code }
}

/** Run the CLI with `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  const { program, exitCode } = createProgram(io)
  if (argv.length <= 2) {
    program.outputHelp()
    return exitCodes.usage
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
