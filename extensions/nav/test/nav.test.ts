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
  it('takes guide.md beside a guide/ folder without an index page as that folder\'s page: one entry, with breadcrumbs to it', async () => {
    const navs = await navOf({
      'content/index.md': '# Home\n',
      'content/guide.md': '# Guide\n',
      'content/guide/install.md': '# Install\n',
      'content/notes.md': '# Notes\n',
    })
    expect(navs['/guide/install/']!.sidebar).toEqual([
      { title: 'Guide', url: '/guide/', folder: '/guide/', children: [{ title: 'Install', url: '/guide/install/', children: [] }] },
      { title: 'Notes', url: '/notes/', children: [] },
    ])
    // The page itself leads into its folder.
    expect(navs['/guide/']!.sidebar[0]).toEqual({ title: 'Guide', url: '/guide/', folder: '/guide/', children: [{ title: 'Install', url: '/guide/install/', children: [] }] })
    expect(navs['/guide/install/']!.breadcrumbs).toEqual([
      { title: 'Home', url: '/' },
      { title: 'Guide', url: '/guide/' },
    ])
  })

  it('gives each page its sidebar: the top-level entries, ordered by order then title, with the folders on the way to the page open and folders without an index page as groups', async () => {
    const navs = await navOf(site, { exclude: ['blog'] })
    const advanced = { title: 'Advanced', url: undefined, folder: '/guide/advanced/', children: [{ title: 'Tuning', url: '/guide/advanced/tuning/', children: [] }] }
    expect(navs['/guide/advanced/tuning/']!.sidebar).toEqual([
      {
        title: 'The guide',
        url: '/guide/',
        folder: '/guide/',
        children: [{ title: 'Configure', url: '/guide/a-config/', children: [] }, advanced, { title: 'Install', url: '/guide/b-install/', children: [] }],
      },
      { title: 'About', url: '/about/', children: [] },
    ])
    // Elsewhere the folders are closed: a page holds its own sections, not the whole site.
    expect(navs['/about/']!.sidebar).toEqual([
      { title: 'The guide', url: '/guide/', folder: '/guide/', children: [] },
      { title: 'About', url: '/about/', children: [] },
    ])
    // A folder without an index page keeps its entries on every page that shows it: a group, the only way to its pages.
    expect(navs['/guide/a-config/']!.sidebar[0]!.children).toEqual([
      { title: 'Configure', url: '/guide/a-config/', children: [] },
      advanced,
      { title: 'Install', url: '/guide/b-install/', children: [] },
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

  it('cuts a long folder to the entries around the page, with stand-ins that say how many were left out', async () => {
    const files: Record<string, string> = { 'content/index.md': '# Home\n', 'content/about.md': '# About\n' }
    for (let n = 1; n <= 9; n++) files[`content/ref/cmd-${n}.md`] = `# Command ${n}\n`
    const navs = await navOf(files, { maxEntries: 3 })
    const titles = (items: Array<{ title: string; omitted?: number }>): string[] => items.map((item) => item.title)
    expect(titles(navs['/ref/cmd-5/']!.sidebar)).toEqual(['About', 'Ref'])
    expect(titles(navs['/ref/cmd-5/']!.sidebar[1]!.children)).toEqual(['… 3 more', 'Command 4', 'Command 5', 'Command 6', '… 3 more'])
    expect(navs['/ref/cmd-5/']!.sidebar[1]!.children[0]).toEqual({ title: '… 3 more', url: undefined, children: [], omitted: 3 })
    expect(titles(navs['/ref/cmd-1/']!.sidebar[1]!.children)).toEqual(['Command 1', 'Command 2', 'Command 3', '… 6 more'])
    expect(titles(navs['/ref/cmd-9/']!.sidebar[1]!.children)).toEqual(['… 6 more', 'Command 7', 'Command 8', 'Command 9'])
    // Previous and next still walk every page.
    expect(navs['/ref/cmd-5/']).toMatchObject({ prev: { url: '/ref/cmd-4/' }, next: { url: '/ref/cmd-6/' } })
  })

  it('empties the sidebar once the page is rendered: what the build keeps of each page does not hold the navigation', async () => {
    const root = makeSite(site)
    const kept: Record<string, unknown> = {}
    const spy = {
      name: 'spy',
      setup: (app: App) =>
        app.addGenerator({
          name: 'kept',
          stage: 'rendered',
          generate(built) {
            for (const page of built.pages) kept[page.url] = page.file.data.nav
            return []
          },
        }),
    }
    await build({ root, config: { extensions: ['@sheaf/nav', spy] } })
    expect(kept['/guide/advanced/tuning/']).toMatchObject({ sidebar: [], breadcrumbs: [{ url: '/' }, { url: '/guide/' }, { title: 'Advanced' }], next: { url: '/guide/b-install/' } })
  })

  it('refuses a maxEntries that is not a whole number of at least 1, naming the option', async () => {
    const root = makeSite(site)
    await expect(build({ root, config: { extensions: [['@sheaf/nav', { maxEntries: 0 }]] } })).rejects.toThrow(
      'Extension "@sheaf/nav": option `maxEntries`: expected a whole number above 0, not 0.',
    )
  })
})
