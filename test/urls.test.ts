import { describe, expect, it } from 'vitest'
import { outputFor, relativeUrl } from '../src/pipeline/urls.js'

describe('clean URLs', () => {
  it.each([
    ['index.md', '/', 'index.html'],
    ['about.md', '/about/', 'about/index.html'],
    ['guide/intro.md', '/guide/intro/', 'guide/intro/index.html'],
    ['guide/index.md', '/guide/', 'guide/index.html'],
    ['a/b/c/index.markdown', '/a/b/c/', 'a/b/c/index.html'],
    ['404.md', '/404.html', '404.html'],
    ['guide/404.md', '/guide/404/', 'guide/404/index.html'],
    ['c++ notes.md', '/c%2B%2B%20notes/', 'c++ notes/index.html'],
  ])('maps %s to %s', (source, url, outPath) => {
    expect(outputFor(source)).toEqual({ url, outPath })
  })
})

describe('relative URLs between pages', () => {
  it.each([
    ['/guide/intro/', '/guide/setup/', '../setup/'],
    ['/guide/intro/', '/', '../../'],
    ['/', '/guide/intro/', 'guide/intro/'],
    ['/guide/intro/', '/_sheaf/theme.css', '../../_sheaf/theme.css'],
    ['/guide/', '/guide/img/a.png', 'img/a.png'],
    ['/guide/intro/', '/guide/intro/#part', './#part'],
    ['/404.html', '/_sheaf/theme.css', '_sheaf/theme.css'],
    ['/a/', '/b/?q=1#x', '../b/?q=1#x'],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(relativeUrl(from, to)).toBe(expected)
  })
})
