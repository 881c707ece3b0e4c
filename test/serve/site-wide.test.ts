import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type DevServer } from '../support/guarded.js'
import { makeSite } from '../support/sites.js'

let server: DevServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Resolves once `done()` holds, checking every 50 ms: the test's own time limit bounds the wait. */
const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50))
}

const get = async (path: string): Promise<string> => (await fetch(server!.url + path.replace(/^\//, ''))).text()
const post = (title: string, date: string, body: string): string => `---\ntitle: ${title}\ndate: ${date}\n---\n\n${body}\n`

/** A docs site with a blog, navigation, a sitemap and search: the outputs that depend on every page. */
async function start(): Promise<{ root: string; dev: DevServer }> {
  const root = makeSite({
    'content/index.md': '# Home\n',
    'content/guide/intro.md': '---\ntitle: Intro\n---\n\nIntro text.\n',
    'content/guide/setup.md': '---\ntitle: Setup\n---\n\nSetup text.\n',
    'content/blog/first.md': post('First post', '2024-01-05', 'The first excerpt.'),
    'content/blog/second.md': post('Second post', '2024-03-10', 'The second excerpt.'),
  })
  server = await serve({
    root,
    port: 0,
    config: { title: 'Site', url: 'https://example.org/', extensions: ['@sheaf/blog', '@sheaf/nav', '@sheaf/sitemap', '@sheaf/search'] },
  })
  return { root, dev: server }
}

describe('sheaf serve: pages that depend on others', () => {
  it('re-renders only the edited post and generated pages when its text changes, and the lists show the new excerpt', async () => {
    const { root, dev } = await start()
    const next = dev.nextRebuild()
    const first = join(root, 'content/blog/first.md')
    writeFileSync(first, readFileSync(first, 'utf8').replace('The first excerpt.', 'A rewritten excerpt.'))
    const report = await next
    expect(report.rebuilt.filter((path) => !path.startsWith('blog/') || path === 'blog/first/index.html').sort()).toEqual(['blog/first/index.html'])
    expect(report.rebuilt).toContain('blog/index.html')
    expect(report.rebuilt).not.toContain('blog/second/index.html')
    expect(report.rebuilt).not.toContain('guide/intro/index.html')
    expect(await get('/blog/')).toContain('A rewritten excerpt.')
    expect(await get('/blog/')).not.toContain('The first excerpt.')
    // The neighbour's link still names the post by its (unchanged) title.
    expect(await get('/blog/second/')).toContain('First post')
  })

  it('makes feeds, the sitemap and the search index when they are asked for after an edit, not before', async () => {
    const { root, dev } = await start()
    expect(dev.session.outputStale('sitemap.xml')).toBe(false)
    const next = dev.nextRebuild()
    appendFileSync(join(root, 'content/blog/second.md'), '\nSearchable zebra words.\n')
    await next
    expect(dev.session.outputStale('sitemap.xml')).toBe(true)
    expect(dev.session.outputStale('_sheaf/search/index.js')).toBe(true)
    expect(dev.session.outputStale('guide/intro/index.html')).toBe(false)
    const index = await get('/_sheaf/search/index.js')
    expect(index).toContain('zebra')
    expect(dev.session.outputStale('sitemap.xml')).toBe(false)
    expect(await get('/blog/atom.xml')).toContain('<title>Second post</title>')
  })

  it('makes them anyway once edits pause, and says what they found', async () => {
    const { root, dev } = await start()
    const next = dev.nextRebuild()
    appendFileSync(join(root, 'content/blog/second.md'), '\nSearchable yak words.\n')
    await next
    expect(dev.session.outputStale('sitemap.xml')).toBe(true)
    // No request: the server makes them by itself a little after the last edit.
    await until(() => !dev.session.outputStale('sitemap.xml'))
    expect(dev.session.files.get('_sheaf/search/index.js')?.toString()).toContain('yak')
  })

  it('shows a new page in every page’s navigation, the sitemap and the search index', async () => {
    const { root, dev } = await start()
    expect(await get('/guide/intro/')).not.toContain('Troubleshooting')
    const next = dev.nextRebuild()
    writeFileSync(join(root, 'content/guide/troubleshooting.md'), '---\ntitle: Troubleshooting\n---\n\nWhen things break.\n')
    const report = await next
    expect(report.rebuilt).toContain('guide/intro/index.html')
    expect(await get('/guide/intro/')).toContain('Troubleshooting')
    expect(await get('/guide/setup/')).toContain('href="../troubleshooting/"')
    expect(await get('/sitemap.xml')).toContain('<loc>https://example.org/guide/troubleshooting/</loc>')
    expect(await get('/_sheaf/search/index.js')).toContain('When things break.')
  })

  /** Change a title in a source file and wait for the rebuild. */
  async function retitle(root: string, dev: DevServer, source: string, from: string, to: string): Promise<void> {
    const next = dev.nextRebuild()
    const path = join(root, source)
    writeFileSync(path, readFileSync(path, 'utf8').replace(`title: ${from}`, `title: ${to}`))
    await next
  }

  it('renames a post everywhere: its neighbour’s link, the blog list and the navigation of other pages', async () => {
    const { root, dev } = await start()
    await retitle(root, dev, 'content/blog/first.md', 'First post', 'Opening post')
    expect(await get('/blog/second/')).toContain('Opening post')
    expect(await get('/blog/second/')).not.toContain('First post')
    expect(await get('/blog/')).toContain('Opening post')
  })

  it('takes a retitled guide page into the navigation of pages that were not edited', async () => {
    const { root, dev } = await start()
    await retitle(root, dev, 'content/guide/setup.md', 'Setup', 'Installation')
    expect(await get('/guide/intro/')).toContain('Installation')
    expect(await get('/guide/intro/')).not.toContain('>Setup<')
  })
})
