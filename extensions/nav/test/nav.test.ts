import { describe, expect, it } from 'vitest'
import { build, type App } from '../../../src/index.js'
import type { NavData } from '../src/index.js'
import { makeSite } from '../../../test/support/sites.js'

async function navOf(files: Record<string, string>, options?: object): Promise<Record<string, NavData>> {
  const root = makeSite(files)
  const navs: Record<string, NavData> = {}
  const spy = { name: 'spy', setup: (app: App) => app.on('document:rendered', (_html, file) => void (navs[file.data.url!] = file.data.nav!)) }
  await build({ root, config: { extensions: [options ? ['@sheaf/nav', options] : '@sheaf/nav', spy] } })
  return navs
}

const site = {
  'content/index.md': '# Home\n',
  'content/about.md': '---\norder: 9\n---\n# About\n',
  'content/guide/index.md': '---\ntitle: The guide\norder: 1\n---\n',
  'content/guide/b-install.md': '# Install\n',
  'content/guide/a-config.md': '---\norder: 2\n---\n# Configure\n',
  'content/guide/advanced/tuning.md': '# Tuning\n',
  'content/secret.md': '---\nnav: false\n---\n# Secret\n',
  'content/blog/post.md': '# A post\n',
}

describe('@sheaf/nav', () => {
  it('builds the sidebar from the folder tree, ordered by order then title, without nav: false pages', async () => {
    const navs = await navOf(site, { exclude: ['blog'] })
    expect(navs['/']!.sidebar).toEqual([
      {
        title: 'The guide',
        url: '/guide/',
        folder: '/guide/',
        children: [
          { title: 'Configure', url: '/guide/a-config/', children: [] },
          { title: 'Advanced', url: undefined, folder: '/guide/advanced/', children: [{ title: 'Tuning', url: '/guide/advanced/tuning/', children: [] }] },
          { title: 'Install', url: '/guide/b-install/', children: [] },
        ],
      },
      { title: 'About', url: '/about/', children: [] },
    ])
  })

  it('gives breadcrumbs and previous / next links in reading order', async () => {
    const navs = await navOf(site, { exclude: ['blog'] })
    expect(navs['/guide/advanced/tuning/']).toMatchObject({
      breadcrumbs: [
        { title: 'Home', url: '/' },
        { title: 'The guide', url: '/guide/' },
        { title: 'Advanced', url: '' },
      ],
      prev: { title: 'Configure', url: '/guide/a-config/' },
      next: { title: 'Install', url: '/guide/b-install/' },
    })
    expect(navs['/']).toMatchObject({ breadcrumbs: [], prev: undefined, next: { title: 'The guide', url: '/guide/' } })
    expect(navs['/about/']).toMatchObject({ prev: { title: 'Install', url: '/guide/b-install/' }, next: undefined })
    expect(navs['/guide/']!.breadcrumbs).toEqual([{ title: 'Home', url: '/' }])
  })

  it('shares one sidebar object between all pages', async () => {
    const navs = await navOf(site)
    expect(navs['/']!.sidebar).toBe(navs['/about/']!.sidebar)
    expect(navs['/']!.sidebar.map((item) => item.title)).toEqual(['The guide', 'About', 'Blog'])
  })
})
