import { hash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { glob } from 'tinyglobby'
import type { Sheaf } from '../sheaf.js'

/** Assets whose names carry their content's digest: stylesheets and scripts (other files keep theirs, so a stylesheet's `url()` to a font or image still finds it). */
const named = /\.(css|js|mjs)$/i

/** Output path (relative to the output folder) -> the name it is written under. */
export type AssetNames = ReadonlyMap<string, string>

/** A theme's asset file, copied to `_sheaf/`: a later theme of the chain (the one that extends) over an earlier one. */
export interface AssetCopy {
  from: string
  to: string
}

/** The themes' asset files as copies, base first: where a child theme has a file of the same name, its copy comes later and wins. */
export async function themeAssetCopies(sheaf: Sheaf): Promise<AssetCopy[]> {
  const lists = await Promise.all(
    sheaf.themes.map(async ({ assets }) => (assets ? (await glob(['**/*'], { cwd: assets, dot: false, onlyFiles: true })).sort().map((rel) => ({ from: `${assets}/${rel}`, to: `_sheaf/${rel}` })) : [])),
  )
  const byPath = new Map<string, AssetCopy>()
  for (const copy of lists.flat()) byPath.set(copy.to, copy)
  return [...byPath.values()]
}

/** `theme.css` with digest `3f9a…` is `theme.3f9a1c2b.css`. */
function withDigest(path: string, bytes: Uint8Array): string {
  const digest = hash('sha256', bytes, 'hex').slice(0, 8)
  return path.replace(/(\.[^./]+)$/, `.${digest}$1`)
}

/**
 * The names the themes' stylesheets and scripts, and the extensions' that
 * every page loads (`addAsset` with `link`), are written under, with a digest
 * of their content: a browser may keep them for ever, and a changed file gets
 * a new name. Pages link them by their plain names
 * (`page.relative('/_sheaf/theme.css')`, `page.assets`), which are turned
 * into these. An extension's asset without `link` keeps its name: the
 * extension links it itself.
 */
export async function assetNamesOf(sheaf: Sheaf, themeCopies: AssetCopy[]): Promise<AssetNames> {
  const names = new Map<string, string>()
  await Promise.all(
    themeCopies
      .filter((copy) => named.test(copy.to))
      .map(async (copy) => {
        const bytes = await readFile(copy.from).catch(() => undefined)
        if (bytes) names.set(copy.to, withDigest(copy.to, bytes))
      }),
  )
  // An extension's asset that pages load (`link`) is linked through `page.assets`; one it links itself keeps its name.
  for (const asset of sheaf.registry.assets) {
    if (asset.link === undefined || !named.test(asset.path)) continue
    let bytes: Uint8Array
    try {
      bytes = asset.from !== undefined ? await readFile(asset.from) : typeof asset.contents === 'string' ? Buffer.from(asset.contents) : asset.contents!
    } catch {
      // A folder (its files keep their names), or a file that is not there: copying it says so.
      continue
    }
    names.set(asset.path, withDigest(asset.path, bytes))
  }
  // In a fixed order, so that what is sent to threads and kept in fingerprints does not depend on timing.
  return new Map([...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
