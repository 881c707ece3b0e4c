import { definePreset } from 'sheaf'
import type { Preset } from 'sheaf'

/**
 * Everything a documentation site needs, as one dependency. Each member is an
 * ordinary extension: set its options in the config (`['@sheaf/blog', { … }]`)
 * or leave it out (`['@sheaf/search', false]`).
 */
const docs: Preset = definePreset({
  name: '@sheaf/preset-docs',
  extensions: [
    '@sheaf/headings',
    '@sheaf/nav',
    '@sheaf/admonitions',
    '@sheaf/tabs',
    '@sheaf/include',
    '@sheaf/highlight',
    '@sheaf/diagrams',
    '@sheaf/math',
    '@sheaf/blog',
    '@sheaf/sitemap',
    '@sheaf/redirects',
    '@sheaf/search',
    '@sheaf/not-found',
  ],
})

export default docs
