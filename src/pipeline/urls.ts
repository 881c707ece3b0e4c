import { posix } from 'node:path'

export interface OutputLocation {
  /** The page's site-absolute URL: `/guide/intro/`. */
  url: string
  /** The file written, relative to the output folder: `guide/intro/index.html`. */
  outPath: string
}

/**
 * Clean URLs: `guide/intro.md` -> `/guide/intro/` (`guide/intro/index.html`),
 * `guide/index.md` -> `/guide/`, `index.md` -> `/`, and a top-level `404.md`
 * -> `/404.html`, where static hosts look for it. `sourcePath` is relative to
 * the content folder, with forward slashes.
 */
export function outputFor(sourcePath: string): OutputLocation {
  const ext = posix.extname(sourcePath)
  const stem = ext ? sourcePath.slice(0, -ext.length) : sourcePath
  if (stem === '404') return { url: '/404.html', outPath: '404.html' }
  const base = posix.basename(stem)
  const dir = base === 'index' ? posix.dirname(stem) : stem
  if (dir === '.' || dir === '') return { url: '/', outPath: 'index.html' }
  return { url: `/${encodePath(dir)}/`, outPath: `${dir}/index.html` }
}

/** Percent-encode each segment of a path, keeping the slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/**
 * A site-absolute URL (`/a/b/`, `/img/x.png#top`) made relative to the page at
 * `fromUrl`, so the site works under any base path and from a plain folder.
 */
export function relativeUrl(fromUrl: string, to: string): string {
  const suffixAt = to.search(/[?#]/)
  const path = suffixAt === -1 ? to : to.slice(0, suffixAt)
  const suffix = suffixAt === -1 ? '' : to.slice(suffixAt)
  const fromDir = fromUrl.endsWith('/') ? fromUrl : posix.dirname(fromUrl) + '/'
  let rel = posix.relative(fromDir, path)
  if (path.endsWith('/') && rel !== '') rel += '/'
  if (rel === '') rel = path.endsWith('/') ? './' : posix.basename(path)
  return rel + suffix
}

/** The path the site is served under, from config `url`: `https://x.org/docs/` -> `/docs/`; `/` without one. */
export function basePathOf(siteUrl: string | undefined): string {
  if (!siteUrl) return '/'
  const path = new URL(siteUrl).pathname
  return path.endsWith('/') ? path : `${path}/`
}

/**
 * How a page links to a site-absolute path. Pages link relatively, so the site
 * works under any base path; the 404 page links from the site's base path,
 * because a server shows it at whatever URL was not found.
 */
export function linkerFor(pageUrl: string, siteUrl: string | undefined): (to: string) => string {
  if (pageUrl !== '/404.html') return (to) => relativeUrl(pageUrl, to)
  const base = basePathOf(siteUrl)
  return (to) => base + to.replace(/^\//, '')
}
