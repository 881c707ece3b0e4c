import type { Root } from 'hast'
import type { VFile } from 'vfile'
import type { SiteContext } from '../extensions/types.js'
import type { SiteAccess } from '../site/site-reads.js'
import { attributeMessages, checkTree, guard } from '../hooks/guard.js'
import type { Sheaf } from '../sheaf.js'

/**
 * The site stage of one page: every `stage: 'site'` transform, in order, with
 * the site index in `ctx.site` (each extension's view of it, from `access`). Runs once every document has been read.
 */
export async function runSiteTransforms(sheaf: Sheaf, tree: Root, file: VFile, access: SiteAccess): Promise<Root> {
  let current = tree
  for (const entry of sheaf.registry.transforms.ordered('site')) {
    if (entry.kind !== 'transform' || entry.transform.stage !== 'site') continue
    const transform = entry.transform
    const call = { extension: entry.extension, version: entry.version, hook: `transform:${entry.name}`, seconds: sheaf.registry.hookSeconds }
    const before = file.messages.length
    try {
      // The site is handed over when the transform asks for it: that is what counts as using it.
      const ctx = Object.defineProperty({ ...sheaf.contextFor(entry.extension, file) }, 'site', { get: () => access.siteFor(entry.extension), enumerable: true }) as SiteContext
      const result = await guard(call, async () => checkTree(await transform.run(current, file, ctx)))
      if (result !== undefined) current = result as Root
    } finally {
      attributeMessages(file, before, call)
    }
  }
  return current
}
