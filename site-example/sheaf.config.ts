import { defineConfig } from 'sheaf'

export default defineConfig({
  title: 'Sheaf',
  url: 'https://sheaf.example.org/',
  theme: '@sheaf/theme-default',
})
