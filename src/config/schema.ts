import { z } from 'zod'
import type { Extension, Preset, UnifiedPlugin } from '../extensions/types.js'

const isFunction = (value: unknown): boolean => typeof value === 'function'
const isExtensionObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string'

const extensionRef = z.union([
  z.string().min(1),
  z.custom<Extension | Preset>(isExtensionObject, { message: 'expected a package name, a module path, an extension or a preset' }),
])

const pluginEntry = z.union([
  z.custom<UnifiedPlugin>(isFunction, { message: 'expected a unified plugin (a function)' }),
  z.tuple([z.custom<UnifiedPlugin>(isFunction, { message: 'expected a unified plugin (a function)' }), z.unknown()]),
])

/** The config schema: every key, its type and its default. Unknown keys are errors. */
export const configSchema = z.strictObject({
  /** The site's title, shown in the header and in every page's `<title>`. */
  title: z.string().optional(),
  /** The site's public URL, such as `https://example.org/docs/`. */
  url: z.url({ message: 'expected an absolute URL such as https://example.org/' }).optional(),
  /** The language of the pages (`<html lang>`). */
  lang: z.string().min(1).default('en'),
  /** The folder of documents, relative to the site root. */
  content: z.string().min(1).default('content'),
  /** The output folder, relative to the site root. */
  out: z.string().min(1).default('_site'),
  /** A folder copied to the output as it is. */
  public: z.string().min(1).default('public'),
  /** A folder of layouts (`NAME.ts`) that override the theme's layouts of the same name. */
  layouts: z.string().min(1).default('layouts'),
  /** The theme: a package name or a theme's name. */
  theme: z.string().min(1).default('@sheaf/theme-default'),
  /** Extensions and presets to load besides the installed ones: package names, module paths, objects, or `[extension, options]`; `[name, false]` leaves one out. */
  extensions: z.array(z.union([extensionRef, z.tuple([extensionRef, z.unknown()])])).default([]),
  /** Names of extensions not to load. */
  disable: z.array(z.string()).default([]),
  /** Plugins added to the markdown pipeline: `[plugin]` or `[[plugin, options]]`. */
  markdown: z
    .strictObject({
      remarkPlugins: z.array(pluginEntry).default([]),
      rehypePlugins: z.array(pluginEntry).default([]),
    })
    .prefault({}),
})

/**
 * The config as written in `sheaf.config.ts`. Keys that extensions claim with
 * `addConfig` can be typed by augmenting `SheafConfigKeys` (`declare module 'sheaf'`).
 */
export type SheafConfig = z.input<typeof configSchema> & Partial<SheafConfigKeys>

/** Config keys of extensions; augment it to type yours. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SheafConfigKeys {}

/** The config with defaults applied and the site's folders resolved. */
export type ResolvedConfig = Readonly<
  z.output<typeof configSchema> & {
    /** The absolute site root. */
    root: string
    /** The config file that was loaded, if any. */
    configFile: string | undefined
    /** Absolute paths of `content`, `out`, `public` and `layouts`. */
    paths: Readonly<{ content: string; out: string; public: string; layouts: string }>
    /** Whether drafts are built. */
    drafts: boolean
    /** Top-level keys that core does not know, for extensions to claim with `addConfig`. */
    extensionKeys: Readonly<Record<string, unknown>>
  }
>

export const configKeys = Object.keys(configSchema.shape)
