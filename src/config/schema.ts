import * as v from 'valibot'
import type { Extension, Preset, UnifiedPlugin } from '../extensions/types.js'

const isFunction = (value: unknown): boolean => typeof value === 'function'
const isExtensionObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string'

const text = (what: string) => v.pipe(v.string(`expected ${what}`), v.minLength(1, `expected ${what}, not an empty string`))
const extensionRef = v.union(
  [text('a package name'), v.custom<Extension | Preset>(isExtensionObject)],
  'expected a package name, a module path, an extension or a preset',
)
const plugin = v.custom<UnifiedPlugin>(isFunction)
const pluginEntry = v.union([plugin, v.tuple([plugin, v.unknown()])], 'expected a unified plugin (a function) or [plugin, options]')
const list = <T extends v.GenericSchema>(item: T, what: string) => v.optional(v.array(item, `expected an array of ${what}`), [])

/** The config schema (valibot): every key, its type and its default. Unknown keys are errors. */
export const configSchema = v.strictObject({
  /** The site's title, shown in the header and in every page's `<title>`. */
  title: v.optional(v.string('expected a string')),
  /** The site's public URL, such as `https://example.org/docs/`. */
  url: v.optional(v.pipe(v.string('expected a string'), v.url('expected an absolute URL such as https://example.org/'))),
  /** The language of the pages (`<html lang>`). */
  lang: v.optional(text('a language tag such as en'), 'en'),
  /** The folder of documents, relative to the site root. */
  content: v.optional(text('a folder'), 'content'),
  /** The output folder, relative to the site root. */
  out: v.optional(text('a folder'), '_site'),
  /** A folder copied to the output as it is. */
  public: v.optional(text('a folder'), 'public'),
  /** A folder of layouts (`NAME.ts`) that override the theme's layouts of the same name. */
  layouts: v.optional(text('a folder'), 'layouts'),
  /** A folder of data files (`NAME.json`, `NAME.yaml`, `NAME.yml`) that layouts, generators and site transforms read as `site.data.NAME`. */
  data: v.optional(text('a folder'), 'data'),
  /** The theme: a package name or a theme's name, or `[name, options]` with the theme's options. */
  theme: v.optional(
    v.union([text('a package name'), v.tuple([text('a package name'), v.unknown()])], "expected a package name, or [name, options] such as ['@sheaf/theme-default', { logo: … }]"),
    '@sheaf/theme-default',
  ),
  /**
   * Follow symbolic links in the content and public folders that lead out of
   * the site (default false: such links are skipped, with a warning naming
   * each). Links that stay inside the site are always followed.
   */
  followSymlinks: v.optional(v.boolean('expected true or false'), false),
  /** Extensions and presets to load besides the installed ones: package names, module paths, objects, or `[extension, options]`; `[name, false]` leaves one out. */
  extensions: list(
    v.union([extensionRef, v.tuple([extensionRef, v.unknown()])], 'expected a package name, a module path, an extension, a preset or [extension, options]'),
    'extensions',
  ),
  /** Extensions not to load: by name, package name, or key in the package's `"sheaf".extensions`; a name that matches none is a warning. */
  disable: list(v.string('expected an extension name'), 'extension names'),
  /** Limits that keep one bad hook from holding a build hostage. */
  limits: v.optional(
    v.strictObject(
      {
        /** Seconds an extension's hook (a transform, layout, generator, listener, `setup`…) may take to settle before the build gives up on it (default 60). */
        hookSeconds: v.optional(v.pipe(v.number('expected a number of seconds'), v.minValue(0.001, 'expected a number of seconds above 0')), 60),
        /** Seconds one document's per-document stages may take on a worker thread before the thread is stopped (default 5). */
        documentSeconds: v.optional(v.pipe(v.number('expected a number of seconds'), v.minValue(0.001, 'expected a number of seconds above 0')), 5),
        /** How deep block quotes and lists may nest in a markdown document, checked before it is parsed (default 100). */
        nestingDepth: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(1, 'expected a whole number above 0')), 100),
      },
      'expected an object such as { hookSeconds: 60, documentSeconds: 5, nestingDepth: 100 }',
    ),
    {},
  ),
  /** Plugins added to the markdown pipeline: `[plugin]` or `[[plugin, options]]`. */
  markdown: v.optional(
    v.strictObject(
      {
        remarkPlugins: list(pluginEntry, 'remark plugins'),
        rehypePlugins: list(pluginEntry, 'rehype plugins'),
        /**
         * Raw HTML written in markdown: `keep` it as written (the default, as
         * CommonMark says), `sanitize` the page body (for content from
         * contributors you do not trust), or `escape` it to show it as text.
         */
        html: v.optional(v.picklist(['keep', 'sanitize', 'escape'], "expected 'keep', 'sanitize' or 'escape'"), 'keep'),
      },
      'expected an object with remarkPlugins, rehypePlugins and html',
    ),
    {},
  ),
}, 'expected a config object')

/**
 * The config as written in `sheaf.config.ts`. Keys that extensions claim with
 * `addConfig` can be typed by augmenting `SheafConfigKeys` (`declare module 'sheaf'`).
 */
export type SheafConfig = v.InferInput<typeof configSchema> & Partial<SheafConfigKeys>

/** Config keys of extensions; augment it to type yours. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SheafConfigKeys {}

/** The config with defaults applied and the site's folders resolved. */
export type ResolvedConfig = Readonly<
  Omit<v.InferOutput<typeof configSchema>, 'theme'> & {
    /** The theme's name. */
    theme: string
    /** The options given to the theme (`theme: [name, options]`), undefined without. */
    themeOptions: unknown
    /** The absolute site root. */
    root: string
    /** The config file that was loaded, if any. */
    configFile: string | undefined
    /** Absolute paths of `content`, `out`, `public`, `layouts` and `data`. */
    paths: Readonly<{ content: string; out: string; public: string; layouts: string; data: string }>
    /** Whether drafts are built. */
    drafts: boolean
    /** Top-level keys that core does not know, for extensions to claim with `addConfig`. */
    extensionKeys: Readonly<Record<string, unknown>>
  }
>

export const configKeys = Object.keys(configSchema.entries)
