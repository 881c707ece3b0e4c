import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
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
}

/** Folders inside `dir` that are not content: the output, public, layouts, the cache. */
function excludedWithin(dir: string, config: ResolvedConfig): string[] {
  const folders = [config.paths.out, config.paths.public, config.paths.layouts, join(config.root, '.sheaf')]
  return folders.filter((folder) => folder !== dir && isWithin(folder, dir)).map((folder) => `${relative(dir, folder).split('\\').join('/')}/**`)
}

async function list(dir: string, ignore: string[]): Promise<SourceFile[]> {
  if (!existsSync(dir)) return []
  const files = await glob(['**/*'], { cwd: dir, ignore: ['**/node_modules/**', ...ignore], dot: false, onlyFiles: true, expandDirectories: false })
  return files.sort().map((rel) => ({ path: join(dir, rel), rel }))
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
  const contentFiles = await list(content, ignore)
  return {
    documents: contentFiles.filter((file) => isDocument(file.rel)),
    assets: contentFiles.filter((file) => !isDocument(file.rel)),
    publicFiles: await list(config.paths.public, excludedWithin(config.paths.public, config)),
  }
}
