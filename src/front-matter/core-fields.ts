import * as v from 'valibot'
import type { FrontMatterFieldSpec } from '../extensions/types.js'
import { parseDate } from './dates.js'

const text = (what: string) => v.string(`expected ${what} (quote it if YAML reads it as a number, a date or a list)`)
const yesNo = v.boolean('expected true or false (not quoted)')

/** A front matter date: `2024-03-05`, or a timestamp with its offset. */
export const dateSchema = v.custom<string>((value) => parseDate(value) !== undefined, 'expected a date such as 2024-03-05, or 2024-03-05T10:00:00+02:00')

/** The front matter fields Sheaf itself reads (and the first-party extensions share), checked in every document. */
export const coreFields: Record<string, FrontMatterFieldSpec> = {
  title: { schema: text('text'), description: "The page's title: the sidebar, the browser tab, links to the page." },
  description: { schema: text('text'), description: "A line about the page: its meta description, search results, feeds." },
  draft: { schema: yesNo, description: '`true` leaves the page out unless the build is run with `--drafts`.' },
  date: { schema: dateSchema, description: 'The day (or instant) the page was written: blog posts, feeds, the sitemap.' },
  order: { schema: v.pipe(v.number('expected a number such as 10'), v.finite('expected a number such as 10')), description: 'Its place among the pages of its folder: lower comes first.' },
  layout: { schema: v.pipe(text('the name of a layout'), v.minLength(1, 'expected the name of a layout')), description: 'The layout the page is rendered with (default `page`).' },
  tags: {
    schema: v.union([v.string(), v.array(v.string('expected a tag'))], 'expected a tag or a list of tags, such as [release, howto]'),
    description: 'Tags, for the blog and its tag pages.',
  },
  nav: { schema: yesNo, description: '`false` leaves the page out of the navigation.' },
  permalink: { schema: v.pipe(text('a path of the site such as /guide/start/'), v.minLength(1, 'expected a path of the site such as /guide/start/')), description: 'Where the page goes: a path of the site (`/guide/start/`), whatever its file is called.' },
  slug: { schema: v.pipe(text('one segment of the URL such as start'), v.minLength(1, 'expected one segment of the URL such as start')), description: "The last segment of the page's URL, in place of its file name." },
  id: { schema: v.pipe(text('a name'), v.minLength(1, 'expected a name')), description: 'A name to link to the page by: `[](doc:ID)`.' },
}
