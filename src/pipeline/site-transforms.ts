import type { Root } from 'hast'
import type { VFile } from 'vfile'
import type { Site } from '../extensions/types.js'
import { attributeMessages, checkTree, guard } from '../hooks/guard.js'
import type { Sheaf } from '../sheaf.js'

/**
 * The site stage of one page: every `stage: 'site'` transform, in order, with
 * the site index in `ctx.site`. Runs once every document has been read.
 */
export async function runSiteTransforms(sheaf: Sheaf, tree: Root, file: VFile, site: Site): Promise<Root> {
  let current = tree
  for (const entry of sheaf.registry.transforms.ordered('site')) {
    if (entry.kind !== 'transform' || entry.transform.stage !== 'site') continue
    const transform = entry.transform
    const call = { extension: entry.extension, version: entry.version, hook: `transform:${entry.name}`, seconds: sheaf.registry.hookSeconds }
    const before = file.messages.length
    try {
      const result = await guard(call, async () => checkTree(await transform.run(current, file, { ...sheaf.contextFor(entry.extension), site })))
      if (result !== undefined) current = result as Root
    } finally {
      attributeMessages(file, before, call)
    }
  }
  return current
}
