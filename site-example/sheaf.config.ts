import { defineConfig } from 'sheaf'

export default defineConfig({
  title: 'Sheaf',
  url: 'https://sheaf.example.org/',
  theme: '@sheaf/theme-default',
  extensions: [['@sheaf/blog', { title: 'Release notes', description: 'What changed in each release of Sheaf' }]],
})
