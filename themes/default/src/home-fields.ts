import * as v from 'valibot'

const text = (what: string) => v.pipe(v.string(`expected ${what}`), v.minLength(1, `expected ${what}`))

/** Front matter `hero` of the `home` layout: the big title, a tagline, an image and buttons. */
export const heroSchema = v.strictObject(
  {
    title: v.optional(text('the title')),
    tagline: v.optional(v.string('expected text')),
    image: v.optional(v.strictObject({ src: text('a path or URL of an image'), alt: v.string('expected a text alternative, or "" for decoration') })),
    actions: v.optional(
      v.array(
        v.strictObject({
          text: text('the button text'),
          link: text('a path in the site such as /guide/, or a URL'),
          variant: v.optional(v.picklist(['primary', 'secondary'], "expected 'primary' or 'secondary'")),
        }),
        "expected a list of buttons such as [{ text: 'Get started', link: /getting-started/ }]",
      ),
    ),
  },
  'expected { title, tagline, image, actions }',
)

/** Front matter `features` of the `home` layout: cards under the hero. */
export const featuresSchema = v.array(
  v.strictObject({
    title: text('the title'),
    details: v.optional(v.string('expected text')),
    /** A short symbol before the title (an emoji, say). */
    icon: v.optional(v.string('expected a symbol such as an emoji')),
    link: v.optional(text('a path in the site or a URL')),
  }),
  'expected a list of features such as [{ title: Fast, details: … }]',
)

export type Hero = v.InferOutput<typeof heroSchema>
export type Feature = v.InferOutput<typeof featuresSchema>[number]
