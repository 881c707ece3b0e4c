// The browser scripts Sheaf's packages ship, minified with terser from their readable sources:
// `node site-example/scripts/minify-assets.mjs` (npm run assets) writes them; a test checks they are current.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..')
const searchRequire = createRequire(join(repo, 'extensions/search/package.json'))

/** Each shipped script: where it is written, and the readable source it is made from. */
export const assets = [
  { to: 'themes/default/assets/theme.js', from: join(repo, 'themes/default/scripts/theme.js') },
  { to: 'extensions/search/assets/search.js', from: join(repo, 'extensions/search/scripts/search.js') },
  { to: 'extensions/tabs/assets/tabs.js', from: join(repo, 'extensions/tabs/scripts/tabs.js') },
  { to: 'extensions/diagrams/assets/diagrams.js', from: join(repo, 'extensions/diagrams/scripts/diagrams.js') },
  // MiniSearch's browser build, of the version @sheaf/search builds its index with (pinned in its package.json).
  { to: 'extensions/search/assets/minisearch.js', from: join(dirname(dirname(searchRequire.resolve('minisearch'))), 'umd/index.js') },
]

/** Path (from the repository root) -> minified text. */
export async function minifiedAssets() {
  const out = {}
  for (const { to, from } of assets) {
    const source = readFileSync(from, 'utf8')
    const from3rdParty = relative(repo, from).startsWith('node_modules')
    let banner = `/* Minified from ${relative(repo, from)} by npm run assets: edit that file, not this one. */`
    if (from3rdParty) {
      const pkg = JSON.parse(readFileSync(join(dirname(dirname(dirname(from))), 'package.json'), 'utf8'))
      banner = `/* ${pkg.name} ${pkg.version}, ${pkg.license} licence, by ${typeof pkg.author === 'string' ? pkg.author : pkg.author?.name}; minified by npm run assets. */`
    }
    const result = await minify(source, { compress: true, mangle: true, format: { comments: false, preamble: banner } })
    out[to] = `${result.code}\n`
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [to, text] of Object.entries(await minifiedAssets())) {
    writeFileSync(join(repo, to), text)
    console.log(`Wrote ${to} (${text.length.toLocaleString('en')} bytes)`)
  }
}
