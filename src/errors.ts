/**
 * Core errors: a small catalogue of permanent names, each with a title and a
 * hint that says what to do. Content problems are vfile messages instead
 * (see `report/`); these are for everything around the content: config,
 * extensions, the output folder.
 */

export const errorCatalogue = {
  CONFIG_LOAD_FAILED: {
    title: 'The config file could not be loaded',
    hint: 'Fix the error in the config file; it is loaded as a module, so it must run without throwing.',
    exitCode: 2,
  },
  CONFIG_INVALID: {
    title: 'The config is invalid',
    hint: 'See the configuration reference for every key and its type.',
    exitCode: 2,
  },
  ROOT_NOT_FOUND: {
    title: 'The site folder does not exist',
    hint: 'Pass the folder that holds the site (or its sheaf.config.ts) to `sheaf build [root]`.',
    exitCode: 2,
  },
  CONTENT_NOT_FOUND: {
    title: 'The content folder does not exist',
    hint: 'Create it, or set `content` in the config to the folder that holds your documents.',
    exitCode: 2,
  },
  OUT_DIR_UNSAFE: {
    title: 'The output folder is unsafe',
    hint: 'Choose an output folder of its own, such as `_site`, that holds nothing but built pages.',
    exitCode: 2,
  },
  OUT_DIR_FOREIGN: {
    title: 'The output folder holds files that Sheaf did not write',
    hint: 'Sheaf replaces its output folder on every build; empty or delete that folder, or choose another with `--out`.',
    exitCode: 2,
  },
  OUTPUT_CHANGED: {
    title: 'Another build published into the output folder while this one ran',
    hint: 'Build again; two builds into one output folder at once publish one after the other, and the later one must start after the earlier published.',
    exitCode: 1,
  },
  PUBLISH_UNFINISHED: {
    title: 'A publish that a stopped build left half-way could not be finished',
    hint: 'Fix what the message names; the next build finishes the publish. Or delete the output folder and the `.NAME.sheaf-publish` journal beside it, and build again.',
    exitCode: 1,
  },
  EXTENSION_NOT_FOUND: {
    title: 'An extension could not be found',
    hint: 'Install the package (npm install NAME) or fix the path in the config.',
    exitCode: 2,
  },
  EXTENSION_LOAD_FAILED: {
    title: 'An extension could not be loaded',
    hint: 'The module threw while it was imported; fix it or remove it from the site.',
    exitCode: 2,
  },
  SCAFFOLD_REFUSED: {
    title: 'A new extension or site could not be written there',
    hint: 'Give `sheaf new` a folder that does not exist yet, or an empty one, and a valid package name (--name).',
    exitCode: 2,
  },
  EXTENSION_INCOMPATIBLE: {
    title: 'An extension was made for another version of Sheaf',
    hint: 'Install a version of the extension made for this Sheaf (npm install NAME@latest), or a Sheaf in the range it names.',
    exitCode: 2,
  },
  EXTENSION_INVALID: {
    title: 'An extension does not have the expected shape',
    hint: 'Export `defineExtension({ name, setup(app, options) { … } })` as the module default.',
    exitCode: 2,
  },
  EXTENSION_DUPLICATE: {
    title: 'Two extensions have the same name',
    hint: 'Extension names are unique; rename one of them or remove the duplicate package.',
    exitCode: 2,
  },
  HOOK_TIMEOUT: {
    title: "An extension's hook did not finish in time",
    hint: 'The hook named in the message returned a promise that did not settle within limits.hookSeconds; fix the extension, or raise the limit in the config.',
    exitCode: 1,
  },
  HOOK_RESULT_INVALID: {
    title: "An extension's hook returned something Sheaf cannot use",
    hint: 'The message says what the hook returned and what it may return; fix the extension named in it.',
    exitCode: 1,
  },
  SETUP_FAILED: {
    title: 'An extension failed during setup',
    hint: 'The error was thrown by the extension named in the message.',
    exitCode: 2,
  },
  REGISTRATION_INVALID: {
    title: 'An extension registered something invalid',
    hint: 'Check the registration against the hook reference.',
    exitCode: 2,
  },
  REGISTRY_FROZEN: {
    title: 'A hook was registered after setup had finished',
    hint: 'Register hooks inside setup(); the registry is frozen once every setup() has run.',
    exitCode: 2,
  },
  PARSER_CONFLICT: {
    title: 'Two parsers claim the same file extension',
    hint: 'Disable one of the extensions, or pass `override: true` in the parser that should win.',
    exitCode: 2,
  },
  THEME_NOT_FOUND: {
    title: 'The theme could not be found',
    hint: 'Install the theme package and set `theme` in the config to its package name.',
    exitCode: 2,
  },
  THEME_LOAD_FAILED: {
    title: 'The theme could not be loaded',
    hint: 'The module threw while it was imported; fix it, or choose another theme.',
    exitCode: 2,
  },
  THEME_INVALID: {
    title: 'The theme does not have the expected shape',
    hint: 'Export `defineTheme({ name, layouts: { page } })` as the module default.',
    exitCode: 2,
  },
  LAYOUT_NOT_FOUND: {
    title: 'A document asks for a layout that does not exist',
    hint: 'Use one of the layouts the theme provides, or add `layouts/NAME.ts` to the site.',
    exitCode: 1,
  },
  LAYOUT_FAILED: {
    title: 'A layout failed to render a page',
    hint: 'The error was thrown by the layout named in the message.',
    exitCode: 1,
  },
  NO_PARSER: {
    title: 'No parser handles this kind of file',
    hint: 'Install an extension that parses it, or rename the file to .md.',
    exitCode: 2,
  },
  OUTPUT_CONFLICT: {
    title: 'Two sources write the same output file',
    hint: 'Rename or move one of them so that each output path has one source.',
    exitCode: 1,
  },
  PORT_IN_USE: {
    title: 'The port is in use',
    hint: 'Stop what is using it, or pass another with --port.',
    exitCode: 2,
  },
  SERVE_FAILED: {
    title: 'The server could not start',
    hint: 'Check --host and --port.',
    exitCode: 2,
  },
  BUILD_FAILED: {
    title: 'The build failed',
    hint: 'Fix the errors listed above; the previous output was left as it was.',
    exitCode: 1,
  },
} as const

export type ErrorCode = keyof typeof errorCatalogue

export interface SheafErrorOptions {
  hint?: string
  cause?: unknown
  /** The file the problem is in, relative to the site root where possible. */
  file?: string
  line?: number
  column?: number
}

const brand = Symbol.for('sheaf.error')

/**
 * An expected error: printed without a stack, with its hint.
 * Recognised across copies of the module by a global symbol, never by `instanceof` alone.
 */
export class SheafError extends Error {
  readonly code: ErrorCode
  readonly title: string
  readonly hint: string
  readonly exitCode: 1 | 2
  readonly file?: string
  readonly line?: number
  readonly column?: number

  constructor(code: ErrorCode, message: string, options: SheafErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    const entry = errorCatalogue[code]
    this.name = 'SheafError'
    this.code = code
    this.title = entry.title
    this.hint = options.hint ?? entry.hint
    this.exitCode = entry.exitCode
    if (options.file !== undefined) this.file = options.file
    if (options.line !== undefined) this.line = options.line
    if (options.column !== undefined) this.column = options.column
    Object.defineProperty(this, brand, { value: true })
  }
}

export function isSheafError(value: unknown): value is SheafError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
}

/** The message of any thrown value, without assuming it is an Error. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
