import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { glob } from 'tinyglobby'
import type { ResolvedConfig } from '../config/schema.js'
import { configFileNames } from '../config/load.js'
import { isWithin } from '../output/out-dir.js'

export interface SourceFile {
  /** Absolute path. */
  path: string
  /** Path relative to its folder (content or public), with forward slashes. */
  rel: string
}

export interface Sources {
  /** Files a parser claims. */
  documents: SourceFile[]
  /** Other files in the content folder, copied as they are (images beside the pages). */
  assets: SourceFile[]
  /** Files in `public/`, copied as they are. */
  publicFiles: SourceFile[]
  /** Files whose names are not valid UTF-8, which cannot be named in a URL or opened by their decoded name: skipped, with a warning. Absolute paths, the bytes that do not decode escaped (`\xff`). */
  unreadableNames: string[]
  /**
   * Symbolic links in the content or public folder that lead out of the site
   * (its root, or the folder itself), skipped unless the config sets
   * `followSymlinks`: each link (absolute) and where it leads.
   */
  linksOut: Array<{ link: string; target: string }>
}

/** What listing a folder found besides its files: names that are not UTF-8, links that leave the site. */
interface Skipped {
  unreadable: string[]
  linksOut: Map<string, string>
}

const realPath = (path: string): string | undefined => {
  try {
    return realpathSync.native(path)
  } catch {
    return undefined
  }
}

/** The first symbolic link on the way from `dir` down to `rel` inside it. */
function linkOnWay(dir: string, rel: string): string {
  let path = dir
  for (const segment of rel.split('/')) {
    path = join(path, segment)
    if (lstatSync(path).isSymbolicLink()) return path
  }
  return path
}

/**
 * The files of `files` (found following links) that are reached through a
 * symbolic link leading out of `dir` and the site root: only those missing
 * from `direct` (the folder listed without following links) are looked at.
 */
function linkedOut(dir: string, files: string[], direct: ReadonlySet<string>, root: string, skipped: Skipped): Set<string> {
  const inside = [realPath(root), realPath(dir)].filter((path): path is string => path !== undefined)
  const out = new Set<string>()
  for (const rel of files) {
    if (direct.has(rel)) continue
    const real = realPath(join(dir, rel))
    if (real !== undefined && inside.some((folder) => isWithin(real, folder))) continue
    out.add(rel)
    const link = linkOnWay(dir, rel)
    if (!skipped.linksOut.has(link)) skipped.linksOut.set(link, realPath(link) ?? resolve(dirname(link), readlinkSync(link)))
  }
  return out
}

/** A file name's bytes as text: bytes outside printable ASCII escaped as `\xNN`. */
const escapedName = (bytes: Buffer): string => [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('')

/** The names in a folder that are not valid UTF-8 and decode to `decoded`, escaped. */
function rawNames(folder: string, decoded: string): string[] {
  try {
    return readdirSync(folder, { encoding: 'buffer' })
      .filter((name) => name.toString('utf8') === decoded && !Buffer.from(name.toString('utf8')).equals(name))
      .map(escapedName)
  } catch {
    return []
  }
}

/** Folders inside `dir` that are not content: the output, public, layouts, the cache. */
function excludedWithin(dir: string, config: ResolvedConfig): string[] {
  const folders = [config.paths.out, config.paths.public, config.paths.layouts, join(config.root, '.sheaf')]
  return folders.filter((folder) => folder !== dir && isWithin(folder, dir)).map((folder) => `${relative(dir, folder).split('\\').join('/')}/**`)
}

async function list(dir: string, ignore: string[], config: ResolvedConfig, skipped: Skipped): Promise<SourceFile[]> {
  if (!existsSync(dir)) return []
  const options = { cwd: dir, ignore: ['**/node_modules/**', ...ignore], dot: false, onlyFiles: true, expandDirectories: false }
  // Listed twice, at once: following links, and (unless the config follows every link) without, to see which files lie behind one.
  const [files, direct] = await Promise.all([glob(['**/*'], options), config.followSymlinks ? undefined : glob(['**/*'], { ...options, followSymbolicLinks: false })])
  const out = direct === undefined ? new Set<string>() : linkedOut(dir, files, new Set(direct), config.root, skipped)
  const { unreadable } = skipped
  const found: SourceFile[] = []
  for (const rel of files.sort()) {
    if (out.has(rel)) continue
    const path = join(dir, rel)
    // A name that is not UTF-8 comes back decoded with U+FFFD, a name no file has.
    if (rel.includes('\uFFFD') && !existsSync(path)) {
      const names = rawNames(dirname(path), basename(path))
      unreadable.push(...(names.length > 0 ? names : [basename(path)]).map((name) => join(dirname(path), name)))
      continue
    }
    found.push({ path, rel })
  }
  return found
}

/**
 * Every source of a build, sorted so that builds are deterministic. Dotfiles
 * and `node_modules` are never sources; when the site root is the content
 * folder, neither are the config and package files.
 */
export async function findSources(config: ResolvedConfig, isDocument: (path: string) => boolean): Promise<Sources> {
  const content = config.paths.content
  const ignore = excludedWithin(content, config)
  if (content === config.root) ignore.push(...configFileNames, 'package.json', 'package-lock.json', 'tsconfig.json')
  const skipped: Skipped = { unreadable: [], linksOut: new Map() }
  const contentFiles = await list(content, ignore, config, skipped)
  const publicFiles = await list(config.paths.public, excludedWithin(config.paths.public, config), config, skipped)
  return {
    documents: contentFiles.filter((file) => isDocument(file.rel)),
    assets: contentFiles.filter((file) => !isDocument(file.rel)),
    publicFiles,
    unreadableNames: [...new Set(skipped.unreadable)],
    linksOut: [...skipped.linksOut].map(([link, target]) => ({ link, target })).sort((a, b) => (a.link < b.link ? -1 : 1)),
  }
}
