import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import * as v from 'valibot'
import { basePathOf, defineExtension, frontMatterPlace } from 'sheaf'
import type { Extension, Site, ValidationMessage } from 'sheaf'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** A path of the site, from its root: `/old/path/` or `/old.html`. */
const sitePath = v.pipe(
  v.string('expected a path of the site such as /old/path/'),
  v.regex(/^\/(?!\/)[^\s?#]*$/, 'expected a path of the site that starts with / (no spaces, query or fragment), such as /old/path/'),
)
/** Where a redirect leads: a path of the site, or an absolute URL. */
const target = v.union([sitePath, v.pipe(v.string(), v.url(), v.regex(/^https?:/))], 'expected a path of the site such as /new/path/, or an http(s) URL')

/** The options, checked by Sheaf before setup: an option not declared here is an error naming the nearest one. */
export const optionsSchema = v.optional(
  v.strictObject(
    {
      /** Write `_redirects` for Netlify and Cloudflare Pages (default true; not when the site has its own in public/). */
      redirectsFile: v.optional(v.boolean('expected true or false')),
    },
    'expected an object of options',
  ),
)
export type RedirectsOptions = v.InferOutput<typeof optionsSchema>

/** One redirect: from a path of the site to a page or a URL, and who asked for it. */
export interface Redirect {
  from: string
  to: string
  /** The page whose front matter `redirect_from` names it, or undefined for the config's `redirects`. */
  page: string | undefined
}

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** The output file a path is served from: `/old/` is `old/index.html`, `/old.html` is itself, `/old` is `old/index.html`. */
export function fileOf(path: string): string {
  const rel = path.replace(/^\/+/, '')
  if (rel === '' || rel.endsWith('/')) return `${rel}index.html`
  return /\.html?$/i.test(rel) ? rel : `${rel}/index.html`
}

/** Every redirect the site asks for: the config's, then each page's `redirect_from`, in source order. */
function redirectsOf(site: Site, configured: Readonly<Record<string, string>>): Redirect[] {
  const found: Redirect[] = Object.entries(configured).map(([from, to]) => ({ from, to, page: undefined }))
  for (const page of site.pages) {
    const given = page.data.redirect_from
    const list = typeof given === 'string' ? [given] : Array.isArray(given) ? given.filter((item): item is string => typeof item === 'string') : []
    for (const from of list) found.push({ from, to: page.url, page: page.source })
  }
  return found
}

interface Resolved {
  /** The redirects to write, each to the end of its chain. */
  written: Array<{ from: string; to: string }>
  problems: ValidationMessage[]
}

/**
 * Follow each redirect to the end of its chain (`/a/` to `/b/` to `/c/` is
 * `/a/` to `/c/`), and find what cannot be written: a loop, a redirect from a
 * path that is a page of the site (it would hide it), two redirects from one
 * path to different places, and a redirect to a path that is no page.
 */
export function resolveRedirects(site: Site, redirects: Redirect[], where: (redirect: Redirect) => Pick<ValidationMessage & object, 'file' | 'line' | 'column'>): Resolved {
  const problems: ValidationMessage[] = []
  const problem = (redirect: Redirect, reason: string): void => void problems.push({ reason, severity: 'error', ...where(redirect) })
  const byFrom = new Map<string, Redirect>()
  for (const redirect of redirects) {
    const page = site.byUrl(redirect.from)
    if (page) {
      problem(redirect, `The redirect from ${redirect.from} would hide the page there (${page.source}); remove the redirect, or move the page.`)
      continue
    }
    const earlier = byFrom.get(redirect.from)
    if (earlier) {
      if (earlier.to !== redirect.to) problem(redirect, `Two redirects from ${redirect.from}: to ${earlier.to}${earlier.page ? ` (${earlier.page})` : ' (the config)'} and to ${redirect.to}${redirect.page ? ` (${redirect.page})` : ' (the config)'}.`)
      continue
    }
    byFrom.set(redirect.from, redirect)
  }
  const written: Resolved['written'] = []
  for (const redirect of byFrom.values()) {
    const chain = [redirect.from]
    let to = redirect.to
    let looped = false
    while (byFrom.has(to)) {
      if (chain.includes(to)) {
        looped = true
        break
      }
      chain.push(to)
      to = byFrom.get(to)!.to
    }
    if (looped || chain.includes(to)) {
      problem(redirect, `Redirects go round in a loop: ${[...chain, to].join(' -> ')}.`)
      continue
    }
    if (to.startsWith('/') && !site.byUrl(to) && !site.byUrl(to.endsWith('/') ? to : `${to}/`)) {
      problem(redirect, `The redirect from ${redirect.from} leads to ${to}, which is no page of the site.`)
      continue
    }
    written.push({ from: redirect.from, to })
  }
  return { written, problems }
}

/** Where a redirect is asked for: the config file, or the `redirect_from` entry in its page's front matter (read again: only for a message). */
function placeOf(site: Site, redirect: Redirect): Pick<ValidationMessage & object, 'file' | 'line' | 'column'> {
  if (redirect.page === undefined) return { file: site.config.configFile }
  const page = site.pages.find((entry) => entry.source === redirect.page)
  const path = page?.file.path
  if (!path) return {}
  try {
    const given = page!.data.redirect_from
    const index = Array.isArray(given) ? given.indexOf(redirect.from) : -1
    return { file: path, ...frontMatterPlace(readFileSync(path, 'utf8'), index >= 0 ? ['redirect_from', index] : ['redirect_from']) }
  } catch {
    return { file: path }
  }
}

/** A page that sends the browser on: a refresh, a canonical link for search engines, and a link for whoever sees it. */
function redirectPage(to: string, canonical: string, lang: string): string {
  const href = escapeHtml(to)
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>Moved</title>`,
    `<meta http-equiv="refresh" content="0; url=${href}"><link rel="canonical" href="${escapeHtml(canonical)}"><meta name="robots" content="noindex">`,
    `</head><body><p>This page has moved to <a href="${href}">${href}</a>.</p></body></html>`,
    '',
  ].join('\n')
}

declare module 'sheaf' {
  interface SheafConfigKeys {
    /** Redirects from paths of the site to pages or URLs: `{ '/old/': '/new/' }` (@sheaf/redirects). */
    redirects?: Record<string, string>
  }
}

/**
 * Redirects: front matter `redirect_from: ['/old/path/']` and config
 * `redirects: { '/a/': '/b/' }` become small HTML pages at the old paths and a
 * `_redirects` file that Netlify and Cloudflare Pages read. Chains lead to
 * their end; loops, redirects that would hide a page, and redirects to no page
 * are errors.
 */
const redirects: Extension<RedirectsOptions> = defineExtension<RedirectsOptions>({
  name: '@sheaf/redirects',
  version,
  optionsSchema,
  setup(app, options = {}) {
    const configured = app.addConfig('redirects', {
      default: {} as Record<string, string>,
      schema: v.record(sitePath, target, "expected an object of redirects such as { '/old/': '/new/' }"),
      description: 'Redirects from paths of the site to pages or URLs.',
    })
    app.addFrontMatter('redirect_from', {
      schema: v.union([sitePath, v.array(sitePath, 'expected a list of paths such as [/old/path/]')], 'expected a path of the site such as /old/path/, or a list of them'),
      description: 'Paths that redirect to this page (an HTML page at each, and a line of _redirects).',
    })
    app.addGenerator({
      name: 'redirects',
      stage: 'rendered',
      generate(site) {
        const { written } = resolveRedirects(site, redirectsOf(site, configured), (redirect) => placeOf(site, redirect))
        if (written.length === 0) return []
        const base = basePathOf(site.config.url)
        const url = site.config.url ? (site.config.url.endsWith('/') ? site.config.url : `${site.config.url}/`) : undefined
        const served = (path: string): string => (path.startsWith('/') ? `${base}${path.slice(1)}` : path)
        const files = written.map(({ from, to }) => {
          const canonical = to.startsWith('/') && url ? new URL(to.slice(1), url).href : served(to)
          return { path: fileOf(from), contents: redirectPage(served(to), canonical, site.config.lang) }
        })
        const ownFile = existsSync(join(site.config.paths.public, '_redirects'))
        if ((options.redirectsFile ?? true) && !ownFile) {
          files.push({ path: '_redirects', contents: written.map(({ from, to }) => `${served(from)} ${served(to)} 301`).join('\n') + '\n' })
        }
        return files
      },
    })
  },
  validate(site) {
    const configured = (site.config.extensionKeys.redirects ?? {}) as Record<string, string>
    return resolveRedirects(site, redirectsOf(site, configured), (redirect) => placeOf(site, redirect)).problems
  },
})

export default redirects
