import { dependencySpecs } from './install-source.js'
import { json, type ScaffoldFiles } from './write.js'

/** A string as a single-quoted TypeScript literal. */
const quoted = (text: string): string => `'${text.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`

/**
 * A ready site: a package.json depending on `sheaf` and the docs preset (found
 * because they are installed; version ranges, or this Sheaf's own folders when
 * it was not installed from the registry, see `dependencySpecs`), a config, two
 * pages that link to each other, and scripts to build and serve it.
 */
export function siteFiles(name: string, title: string, url?: string): ScaffoldFiles {
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: { build: 'sheaf build', serve: 'sheaf serve' },
      dependencies: dependencySpecs(['@sheaf/preset-docs', 'sheaf']),
    }),
    'sheaf.config.ts': `import { defineConfig } from 'sheaf'

export default defineConfig({
  title: ${quoted(title)},
${url === undefined ? "  // The site's public URL, for sitemap.xml, feeds and absolute links:\n  // url: 'https://example.org/',\n" : `  url: ${quoted(url)},\n`}  // The theme's options: a logo, header links, a footer, edit links, dates (see @sheaf/theme-default's readme).
  // theme: ['@sheaf/theme-default', { nav: [{ text: 'Guide', link: '/guide/' }] }],
})
`,
    '.gitignore': 'node_modules/\n_site/\n.sheaf/\n',
    'content/index.md': `---
title: ${JSON.stringify(title)}
layout: home
hero:
  tagline: Documentation built with Sheaf.
  actions:
    - text: Read the guide
      link: /guide/
---

Welcome. This page is \`content/index.md\`, shown with the theme's \`home\`
layout; every markdown file under \`content/\` becomes a page.

Read the [guide](guide.md) next.
`,
    'content/guide.md': `---
title: Guide
---

# Guide

Run \`npm run serve\` and edit this file: the page in the browser follows.

## Building

\`npm run build\` writes the site to \`_site/\`, ready to upload anywhere.

:::note
Links between pages are written to the markdown files, such as
[the home page](index.md), and checked on every build.
:::
`,
  }
}
