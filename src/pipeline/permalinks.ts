import { encodePath } from './urls.js'

/** Where a page goes: its URL and its file in the output. */
export interface Location {
  url: string
  outPath: string
}

/** Why a path written in front matter cannot be a place in the output, or undefined when it can. */
function refusal(path: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'it holds a control character (NUL, a line break …)'
  if (path.includes('\\')) return 'it holds a backslash; write / between folders'
  if (/[?#]/.test(path)) return 'it holds a query or a fragment (? or #)'
  const segments = path.split('/')
  if (segments.some((segment) => segment === '..' || segment === '.')) return 'it holds a . or .. segment, which could lead out of the output folder'
  if (/^\/[A-Za-z]:/.test(path) || /^[A-Za-z]:/.test(path)) return 'it starts with a drive letter'
  if (path.startsWith('//')) return 'it starts with //, which names another host'
  return undefined
}

const decoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/**
 * Where front matter `permalink: /any/path/` puts a page: `/a/b/` is written
 * to `a/b/index.html`, `/a/b.html` to itself, `/a/b` to `a/b/index.html` (and
 * served as `/a/b/`). A permalink that could lead out of the output folder is
 * refused, with why.
 */
export function permalinkLocation(permalink: string): Location | { problem: string } {
  if (!permalink.startsWith('/')) return { problem: 'a permalink starts with / (a path of the site, such as /guide/start/)' }
  const path = decoded(permalink)
  if (path === undefined) return { problem: 'it holds a % that starts no escape' }
  const why = refusal(path)
  if (why) return { problem: why }
  const rel = path.slice(1).replace(/\/{2,}/g, '/')
  if (rel === '') return { url: '/', outPath: 'index.html' }
  if (rel.endsWith('/')) return { url: `/${encodePath(rel)}`, outPath: `${rel}index.html` }
  if (/\.html?$/i.test(rel)) return { url: `/${encodePath(rel)}`, outPath: rel }
  return { url: `/${encodePath(rel)}/`, outPath: `${rel}/index.html` }
}

/** Where front matter `slug: name` puts a page: its URL with the last segment replaced. */
export function slugLocation(current: Location, slug: string): Location | { problem: string } {
  const name = decoded(slug)
  if (name === undefined) return { problem: 'it holds a % that starts no escape' }
  if (name === '' || name.includes('/')) return { problem: 'a slug is one segment of the URL, without /; use permalink for a whole path' }
  const why = refusal(`/${name}`)
  if (why) return { problem: why }
  if (current.url === '/' || !current.url.endsWith('/')) return { problem: `the page at ${current.url} has no segment a slug could replace` }
  const parent = current.url.slice(0, current.url.slice(0, -1).lastIndexOf('/') + 1)
  return permalinkLocation(`${decoded(parent) ?? parent}${name}/`)
}
