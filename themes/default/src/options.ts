import * as v from 'valibot'
import { socialIcons } from './icons.js'

const text = (what: string) => v.pipe(v.string(`expected ${what}`), v.minLength(1, `expected ${what}`))
/** A page of the site (`/guide/`), a file in it (`/logo.svg`), or an absolute URL. */
const target = text('a path in the site such as /guide/, or a URL')
const httpUrl = v.pipe(v.string('expected a URL'), v.url('expected an absolute URL such as https://github.com/me/docs'))
const link = v.strictObject({ text: text('the link text'), link: target }, 'expected { text, link }')
const links = (what: string) => v.array(link, `expected a list of ${what}, such as [{ text: 'Guide', link: '/guide/' }]`)

/** The theme's options (config `theme: ['@sheaf/theme-default', { … }]`), checked by Sheaf before the build. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      /** The logo in the header: a path in the site (`/logo.svg`) or a URL; `{ light, dark }` for one per colour scheme. */
      logo: v.optional(
        v.union(
          [
            target,
            v.strictObject({
              light: target,
              dark: v.optional(target),
              /** The logo's text alternative (default: none, as the site title stands beside it). */
              alt: v.optional(v.string('expected text')),
              /** The logo stands for the title, which is then read by screen readers only. */
              replacesTitle: v.optional(v.boolean('expected true or false')),
            }),
          ],
          "expected a path such as '/logo.svg', or { light, dark, alt, replacesTitle }",
        ),
      ),
      /** Links in the header, after the title. */
      nav: v.optional(links('links')),
      /** Links with icons at the end of the header: `{ icon: 'github', link }`. */
      social: v.optional(
        v.array(
          v.strictObject({
            icon: v.picklist(Object.keys(socialIcons) as Array<keyof typeof socialIcons>, `expected one of ${Object.keys(socialIcons).join(', ')}`),
            link: httpUrl,
            /** What a screen reader says (default: the icon's name). */
            label: v.optional(text('a label')),
          }),
          "expected a list such as [{ icon: 'github', link: 'https://github.com/me/docs' }]",
        ),
      ),
      /** The footer's line of text and its links. */
      footer: v.optional(v.strictObject({ text: v.optional(v.string('expected text')), links: v.optional(links('links')) })),
      /** A link under each document to edit its source: the repository, its branch, and the content folder's path in it. */
      editLink: v.optional(
        v.strictObject({
          repo: httpUrl,
          branch: v.optional(text('a branch name'), 'main'),
          /** The content folder's path in the repository (default: the site's content folder, relative to the repository root when the site is in a git checkout, else `content`). */
          path: v.optional(v.string('expected a path in the repository')),
          text: v.optional(text('the link text'), 'Edit this page'),
        }),
      ),
      /** Show when each page last changed, from the git history of its source (the site must be in a git checkout). */
      lastUpdated: v.optional(v.boolean('expected true or false'), false),
      /** A line above the header on every page, for an announcement. */
      banner: v.optional(v.strictObject({ text: text('the announcement'), link: v.optional(target), linkText: v.optional(text('the link text'), 'Read more') })),
    },
    'expected an object of options',
  ),
  {},
)

export type ThemeOptions = v.InferOutput<typeof optionsSchema>

const parsed = new WeakMap<object, ThemeOptions>()
const none: ThemeOptions = v.parse(optionsSchema, undefined)

/** The theme's options for a build, from the config (checked before setup; parsed again here for their defaults, once per config). */
export function themeOptionsOf(config: { themeOptions: unknown }): ThemeOptions {
  const given = config.themeOptions
  if (given === undefined || given === null || typeof given !== 'object') return none
  let options = parsed.get(given)
  if (!options) parsed.set(given, (options = v.parse(optionsSchema, given)))
  return options
}
