import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, createSheaf } from '../../../src/index.js'
import { buildFails } from '../../../test/support/build.js'
import { linkPackages, makeSite, readAsset } from '../../../test/support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')
const theme = (options: unknown) => ['@sheaf/theme-default', options] as [string, unknown]

const docs = {
  'sheaf.config.mjs': "export default { extensions: ['@sheaf/preset-docs'] }\n",
  'content/index.md': '# Home\n',
  'content/guide/index.md': '---\ntitle: Guide\n---\n# Guide\n',
  'content/guide/one.md': '# One\n\n## Part A\n\n## Part B\n',
}

describe('@sheaf/theme-default options', () => {
  it('puts a logo per colour scheme, header links, social links, a footer and a banner on every page', async () => {
    const root = linkPackages(makeSite(docs))
    await build({
      root,
      config: {
        title: 'Site',
        extensions: ['@sheaf/preset-docs'],
        theme: theme({
          logo: { light: '/logo.svg', dark: '/logo-dark.svg' },
          nav: [{ text: 'Guide', link: '/guide/' }, { text: 'Elsewhere', link: 'https://example.org/' }],
          social: [{ icon: 'github', link: 'https://github.com/example/site' }, { icon: 'mastodon', link: 'https://social.example/@me', label: 'Me on Mastodon' }],
          footer: { text: '© Example', links: [{ text: 'Privacy', link: '/privacy/' }] },
          banner: { text: 'Version 2 is out.', link: '/guide/', linkText: 'See what changed' },
        }),
      },
    })
    const html = read(root, 'guide/one/index.html')
    expect(html).toContain(
      '<a class="site-title" href="../../"><img class="logo logo-light" src="../../logo.svg" alt="" height="32"><img class="logo logo-dark" src="../../logo-dark.svg" alt="" height="32"><span class="site-name">Site</span></a>',
    )
    expect(html).toContain('<nav class="header-links" aria-label="Site"><a href="../" aria-current="true">Guide</a><a href="https://example.org/">Elsewhere</a></nav>')
    expect(html).toMatch(/<ul class="social-links"><li><a href="https:\/\/github\.com\/example\/site" rel="me noopener"><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M12 \.297c[^"]+" fill="currentColor"><\/path><\/svg><span class="sr-only">GitHub<\/span><\/a><\/li><li><a href="https:\/\/social\.example\/@me" rel="me noopener"><svg[^>]*><path[^>]*><\/path><\/svg><span class="sr-only">Me on Mastodon<\/span><\/a><\/li><\/ul>/)
    expect(html).toContain('<footer class="site-footer"><nav class="footer-links" aria-label="Footer"><ul><li><a href="../../privacy/">Privacy</a></li></ul></nav><p>© Example</p></footer>')
    expect(html).toContain('<body class="layout-docs has-sidebar has-toc"><a class="skip-link" href="#content">Skip to content</a><div class="banner" role="region" aria-label="Announcement"><p>Version 2 is out. <a href="../">See what changed</a></p></div><header class="site-header">')
    // The drawer of narrow screens holds the header's links too.
    expect(html).toContain('<nav id="sidebar" class="sidebar" aria-label="Documentation"><div class="drawer-links"><ul><li><a href="../" aria-current="true">Guide</a></li>')
    // A logo that stands for the title keeps the title for screen readers.
    await build({ root, config: { title: 'Site', theme: theme({ logo: { light: '/logo.svg', alt: 'Site home', replacesTitle: true } }) } })
    expect(read(root, 'index.html')).toContain('<a class="site-title" href="./"><img class="logo" src="logo.svg" alt="Site home" height="32"><span class="sr-only">Site</span></a>')
  })

  it('links each page to where its source is edited, on GitHub, GitLab, Gitea and Bitbucket', async () => {
    const root = linkPackages(makeSite(docs))
    const editOf = async (repo: string, extra: object = {}): Promise<string | undefined> => {
      await build({ root, config: { theme: theme({ editLink: { repo, ...extra } }) } })
      return /<a class="edit-link" href="([^"]+)">([^<]+)<\/a>/.exec(read(root, 'guide/one/index.html'))?.slice(1).join(' | ')
    }
    expect(await editOf('https://github.com/me/docs')).toBe('https://github.com/me/docs/edit/main/content/guide/one.md | Edit this page')
    expect(await editOf('https://gitlab.com/me/docs/', { branch: 'trunk', path: 'site/docs', text: 'Improve this page' })).toBe(
      'https://gitlab.com/me/docs/-/edit/trunk/site/docs/guide/one.md | Improve this page',
    )
    expect(await editOf('https://codeberg.org/me/docs', { path: '' })).toBe('https://codeberg.org/me/docs/_edit/main/guide/one.md | Edit this page')
    expect(await editOf('https://bitbucket.org/me/docs')).toBe('https://bitbucket.org/me/docs/src/main/content/guide/one.md?mode=edit | Edit this page')
  })

  it('shows when each page last changed from the git history, and a new commit shows in a warm build as in a fresh one', async () => {
    const root = linkPackages(makeSite(docs))
    const git = (args: string[], date?: string) =>
      execFileSync('git', args, {
        cwd: root,
        env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
        stdio: 'pipe',
      })
    git(['init', '-q', '-b', 'main'])
    git(['add', '.'])
    git(['commit', '-qm', 'first'], '2024-03-05T12:00:00Z')
    const options = { root, config: { lang: 'en', theme: theme({ lastUpdated: true }) } }
    await build(options)
    expect(read(root, 'guide/one/index.html')).toContain('<p class="last-updated">Last updated <time datetime="2024-03-05T12:00:00.000Z">March 5, 2024</time></p>')
    writeFileSync(join(root, 'content/guide/index.md'), '---\ntitle: Guide\n---\n# Guide\n\nMore.\n')
    git(['commit', '-qam', 'second'], '2025-01-02T08:00:00Z')
    await build(options)
    expect(read(root, 'guide/index.html')).toContain('<time datetime="2025-01-02T08:00:00.000Z">January 2, 2025</time>')
    expect(read(root, 'guide/one/index.html')).toContain('<time datetime="2024-03-05T12:00:00.000Z">')
    // A commit that changes no file a page is built from still moves the date of the file it touches; warm equals fresh.
    writeFileSync(join(root, 'content/guide/one.md'), '# One\n\n## Part A\n\n## Part B\n\nEdited.\n')
    git(['commit', '-qam', 'third'], '2025-06-07T09:00:00Z')
    writeFileSync(join(root, 'content/guide/one.md'), '# One\n\n## Part A\n\n## Part B\n')
    git(['commit', '-qam', 'fourth'], '2025-07-08T10:00:00Z')
    await build(options)
    const warm = read(root, 'guide/one/index.html')
    expect(warm).toContain('<time datetime="2025-07-08T10:00:00.000Z">July 8, 2025</time>')
    await build({ ...options, cache: false })
    expect(read(root, 'guide/one/index.html')).toBe(warm)
  })

  it('says once that lastUpdated needs a git checkout, and shows no date outside one', async () => {
    const root = linkPackages(makeSite(docs))
    const logs: string[] = []
    await build({ root, config: { theme: theme({ lastUpdated: true }) }, workers: 1, onLog: (level, source, message) => void logs.push(`${level} ${source} ${message}`) })
    expect(read(root, 'guide/one/index.html')).not.toContain('last-updated')
    expect(logs.filter((line) => line.includes('lastUpdated'))).toEqual(['info @sheaf/theme-default lastUpdated is on, but the site is not in a git checkout: pages show no date.'])
  })

  it('refuses options it does not take, naming the nearest, and values of the wrong type', async () => {
    await expect(createSheaf({ root: linkPackages(makeSite(docs)), config: { theme: theme({ socail: [], logo: 5 }) } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: [
        'The config has 2 problems:',
        'Theme "@sheaf/theme-default": option `logo`: expected a path such as \'/logo.svg\', or { light, dark, alt, replacesTitle }, not 5.',
        'Theme "@sheaf/theme-default": no option `socail`. Did you mean `social`?',
      ].join('\n'),
    })
    await expect(createSheaf({ root: linkPackages(makeSite(docs)), config: { theme: theme({ social: [{ icon: 'myspace', link: 'https://example.org/' }] }) } })).rejects.toMatchObject({
      message: expect.stringMatching(/^Theme "@sheaf\/theme-default": option `social\.0\.icon`: expected one of github, gitlab, .*, not "myspace"\.$/),
    })
  })

  it('keeps the content column in its place on pages with and without a table of contents', async () => {
    const root = linkPackages(makeSite(docs))
    await build({ root })
    expect(read(root, 'guide/one/index.html')).toContain('<body class="layout-docs has-sidebar has-toc">')
    expect(read(root, 'guide/index.html')).toContain('<body class="layout-docs has-sidebar no-toc">')
    const css = readAsset(join(root, '_site'), '_sheaf/theme.css')
    expect(css).toContain('.has-sidebar .page, .has-sidebar.has-toc .page { grid-template-columns: var(--sidebar) minmax(0, 1fr) var(--toc); }')
  })
})

describe('the home layout', () => {
  it('shows a hero with buttons and feature cards from front matter, then the document, without a sidebar on wide screens', async () => {
    const root = linkPackages(
      makeSite({
        'sheaf.config.mjs': "export default { title: 'Site', extensions: ['@sheaf/preset-docs'] }\n",
        'content/index.md':
          '---\nlayout: home\nhero:\n  tagline: Docs that build themselves\n  image: { src: /hero.svg, alt: "" }\n  actions:\n    - { text: Start, link: /guide/ }\n    - { text: Source, link: "https://example.org/src", variant: secondary }\nfeatures:\n  - { title: Fast, details: Very., link: /guide/ }\n  - { title: Safe, icon: "*" }\n---\nMore below.\n',
        'content/guide/index.md': '# Guide\n',
      }),
    )
    await build({ root })
    const html = read(root, 'index.html')
    expect(html).toContain('<body class="layout-home no-sidebar no-toc">')
    expect(html).toContain(
      '<section class="hero" aria-labelledby="hero-title"><div class="hero-text"><h1 id="hero-title">Site</h1><p class="hero-tagline">Docs that build themselves</p><div class="hero-actions"><a class="button button-primary" href="guide/">Start</a><a class="button button-secondary" href="https://example.org/src">Source</a></div></div><img class="hero-image" src="hero.svg" alt=""></section>',
    )
    expect(html).toContain(
      '<section class="features" aria-label="Features"><ul class="feature-grid"><li class="feature"><h2 class="feature-title"><a href="guide/">Fast</a></h2><p>Very.</p></li><li class="feature"><span class="feature-icon" aria-hidden="true">*</span><h2 class="feature-title">Safe</h2></li></ul></section>',
    )
    expect(html).toContain('<article class="document home-document"><p>More below.</p></article>')
    // On narrow screens the menu still leads everywhere: the drawer holds the navigation.
    expect(html).toContain('<nav id="sidebar" class="sidebar drawer-only" aria-label="Documentation">')
  })

  it('refuses a hero or features of the wrong shape at the key', async () => {
    const root = makeSite({ 'content/index.md': '---\nlayout: home\nhero:\n  actions:\n    - { text: Start }\n---\n' })
    const failure = await buildFails({ root })
    expect(failure.result.messages.map((m) => [m.line, m.column, m.reason])).toEqual([
      [5, 7, 'Front matter `hero.actions[0].link` (read by @sheaf/theme-default) is missing: expected a path in the site such as /guide/, or a URL'],
    ])
  })
})
