import { defineConfig } from 'sheaf'

export default defineConfig({
  title: 'Sheaf',
  url: 'https://sheaf.example.org/',
  theme: [
    '@sheaf/theme-default',
    {
      logo: { light: '/images/logo.svg', dark: '/images/logo-dark.svg' },
      nav: [
        { text: 'Guide', link: '/guide/' },
        { text: 'Extensions', link: '/extensions/' },
        { text: 'Reference', link: '/reference/' },
      ],
      social: [{ icon: 'rss', link: 'https://sheaf.example.org/blog/atom.xml', label: 'Release notes feed' }],
      footer: {
        text: 'Sheaf is released under the MIT licence.',
        links: [
          { text: 'Getting started', link: '/getting-started/' },
          { text: 'Errors', link: '/reference/errors/' },
          { text: 'Release notes', link: '/blog/' },
        ],
      },
      // An example address: a forge of your own takes GitHub's form (/edit/BRANCH/PATH), GitLab's, Gitea's or Bitbucket's.
      editLink: { repo: 'https://git.example.org/sheaf/sheaf', branch: 'main' },
      lastUpdated: true,
      banner: { text: 'Sheaf 0.1 is out: extensions, a fast parser and a dev server that survives bad edits.', link: '/blog/2026-09-01-sheaf-0-1/', linkText: 'Read the notes' },
    },
  ],
  redirects: { '/docs/': '/guide/' },
  extensions: ['./ext/data-table.ts', ['@sheaf/blog', { title: 'Release notes', description: 'What changed in each release of Sheaf' }]],
})
