import { deserialize, serialize } from 'node:v8'
import { VFile, type Data } from 'vfile'
import type { ResolvedConfig } from '../config/schema.js'
import type { SitePage } from '../extensions/types.js'
import type { LinkTargets } from '../pipeline/links.js'
import { createSiteIndex, type SiteIndex } from './site-index.js'

/** One page of the site index as plain data: its file as its path and data. */
type PagePicture = Omit<SitePage, 'anchors' | 'file'> & { anchors: string[] | undefined; path: string | undefined; fileData: Data }

interface SitePicture {
  pages: PagePicture[]
  files: string[]
  drafts: string[]
}

/**
 * The site index and the link targets as bytes in shared memory, for the
 * worker threads that render pages: made once per build, read by every
 * thread without a copy. Undefined when some page's data cannot cross threads
 * (a function in it, say): those builds render on the main thread.
 */
export function snapshotSite(site: SiteIndex, targets: LinkTargets): SharedArrayBuffer | undefined {
  const picture: SitePicture = {
    pages: site.pages.map(({ anchors, file, ...page }) => ({ ...page, anchors: anchors && [...anchors], path: file.path, fileData: file.data })),
    files: [...targets.files],
    drafts: [...(targets.drafts ?? [])],
  }
  let bytes: Buffer
  try {
    bytes = serialize(picture)
  } catch {
    return undefined
  }
  const shared = new SharedArrayBuffer(bytes.byteLength)
  new Uint8Array(shared).set(bytes)
  return shared
}

/** The site index and link targets again, from `snapshotSite`'s bytes, in a worker thread. */
export function siteFromSnapshot(
  shared: SharedArrayBuffer,
  config: ResolvedConfig,
  isDocumentPath: (path: string) => boolean,
): { site: SiteIndex; targets: LinkTargets } {
  const picture = deserialize(new Uint8Array(shared)) as SitePicture
  const site = createSiteIndex(config)
  for (const { anchors, path, fileData, ...page } of picture.pages) {
    const file = new VFile({ path, cwd: config.root })
    Object.assign(file.data, fileData)
    site.add({ ...page, anchors: anchors && new Set(anchors), file })
  }
  return { site, targets: { files: new Set(picture.files), isDocumentPath, drafts: new Set(picture.drafts) } }
}
