import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineTheme } from 'sheaf'
import type { Theme } from 'sheaf'
import { blogList, post } from './layouts/blog.js'
import { page } from './layouts/docs.js'

export { head, header, footer, scripts, shell, sidebar, toc, breadcrumbs, pager } from './parts.js'

const { version, name } = createRequire(import.meta.url)('../package.json') as { version: string; name: string }

/**
 * The default theme: documentation pages (sidebar, breadcrumbs, table of
 * contents, previous / next), blog posts and lists, a light and a dark colour
 * scheme, all local.
 */
const theme: Theme = defineTheme({
  name,
  version,
  layouts: { page, post, 'blog-list': blogList },
  assets: fileURLToPath(new URL('../assets', import.meta.url)),
})

export default theme
