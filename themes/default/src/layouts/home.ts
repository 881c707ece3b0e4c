import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import * as v from 'valibot'
import type { Layout, Page } from 'sheaf'
import { featuresSchema, heroSchema, type Feature } from '../home-fields.js'
import { themeOptionsOf } from '../options.js'
import { linkTo, shell, sidebar } from '../parts.js'

/** Front matter as the theme declared it (checked when the page was read); what does not pass is left out. */
const valid = <T>(schema: v.GenericSchema<unknown, T>, value: unknown): T | undefined => {
  const result = v.safeParse(schema, value)
  return result.success ? result.output : undefined
}

function featureCard(page: Page, feature: Feature): Element {
  const title = feature.link ? h('a', { href: linkTo(page, feature.link) }, feature.title) : feature.title
  return h('li.feature', [
    ...(feature.icon ? [h('span.feature-icon', { ariaHidden: 'true' }, feature.icon)] : []),
    h('h2.feature-title', title),
    ...(feature.details ? [h('p', feature.details)] : []),
  ])
}

/**
 * A home page like a product's front page: a hero (front matter `hero`:
 * title, tagline, image, buttons), cards of features (`features`), then the
 * document, without a sidebar.
 */
export const home: Layout = (page, ctx) => {
  const theme = themeOptionsOf(ctx.config)
  const hero = valid(heroSchema, page.data.hero) ?? {}
  const features = valid(featuresSchema, page.data.features) ?? []
  // The front matter's title, else the site's: a home page's file name (`index`) is no title.
  const title = hero.title ?? (typeof page.data.title === 'string' ? page.data.title : (page.site.title ?? page.title))
  const main: ElementContent[] = [
    h('section.hero', { ariaLabelledby: 'hero-title' }, [
      h('div.hero-text', [
        h('h1#hero-title', title),
        ...(hero.tagline ? [h('p.hero-tagline', hero.tagline)] : []),
        ...(hero.actions && hero.actions.length > 0
          ? [h('div.hero-actions', hero.actions.map((action) => h(`a.button.button-${action.variant ?? 'primary'}`, { href: linkTo(page, action.link) }, action.text)))]
          : []),
      ]),
      ...(hero.image ? [h('img.hero-image', { src: linkTo(page, hero.image.src), alt: hero.image.alt })] : []),
    ]),
    ...(features.length > 0 ? [h('section.features', { ariaLabel: 'Features' }, [h('ul.feature-grid', features.map((feature) => featureCard(page, feature)))])] : []),
    ...(page.content.children.length > 0 ? [h('article.document.home-document', page.content.children as ElementContent[])] : []),
  ]
  return shell(page, 'layout-home', main, { sidebar: sidebar(page, theme, { drawerOnly: true }), theme })
}
