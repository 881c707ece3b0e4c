import { describeOrigin } from '../extensions/discover.js'
import type { Sheaf } from '../sheaf.js'

/** What `sheaf extensions --json` prints. */
export function extensionsReport(sheaf: Sheaf): object {
  return {
    root: sheaf.config.root,
    extensions: sheaf.extensions.map((ext) => ({
      name: ext.name,
      version: ext.version ?? null,
      enabled: ext.disabled === undefined,
      disabled: ext.disabled ?? null,
      position: ext.position ?? null,
      from: describeOrigin(ext.origin),
      origin: ext.origin,
      path: ext.path ?? null,
      hooks: ext.hooks,
    })),
    themes: sheaf.themes.map(({ theme, path }) => ({
      name: theme.name,
      version: theme.version ?? null,
      extends: theme.extends ?? null,
      path,
      layouts: Object.keys(theme.layouts).sort(),
    })),
    layouts: sheaf.registry.layouts.names().map((name) => ({ name, from: sheaf.registry.layouts.get(name)!.source })),
    transforms: transformOrder(sheaf),
  }
}

/** Every transform and plugin in the order it runs on a document. */
function transformOrder(sheaf: Sheaf): Record<'mdast' | 'hast' | 'site', Array<{ name: string; kind: string; extension: string; order: string | null }>> {
  const list = (stage: 'mdast' | 'hast' | 'site') =>
    sheaf.registry.transforms.ordered(stage).map((entry) => ({ name: entry.name, kind: entry.kind, extension: entry.extension, order: entry.order ?? null }))
  return { mdast: list('mdast'), hast: list('hast'), site: list('site') }
}

/** What `sheaf extensions` prints: every extension in setup order with its hooks, then the disabled ones with why. */
export function formatExtensions(sheaf: Sheaf): string {
  const lines = [`Extensions of ${sheaf.config.root}, in setup order:`, '']
  const enabled = sheaf.extensions.filter((ext) => ext.disabled === undefined)
  const width = String(enabled.length).length
  for (const ext of enabled) {
    lines.push(`${String(ext.position).padStart(width)}. ${ext.name}${ext.version ? ` ${ext.version}` : ''}  (from ${describeOrigin(ext.origin)})`)
    if (ext.hooks.length === 0) lines.push(`${' '.repeat(width + 2)}  registers no hooks`)
    const kindWidth = Math.max(0, ...ext.hooks.map((hook) => hook.kind.length))
    for (const hook of ext.hooks) lines.push(`${' '.repeat(width + 2)}  ${hook.kind.padEnd(kindWidth)}  ${hook.name}`)
  }
  const disabled = sheaf.extensions.filter((ext) => ext.disabled !== undefined)
  if (disabled.length > 0) {
    lines.push('', 'Disabled:')
    for (const ext of disabled) {
      lines.push(`  - ${ext.name}${ext.version ? ` ${ext.version}` : ''}  (from ${describeOrigin(ext.origin)}): ${ext.disabled}`)
    }
  }
  if (sheaf.themes.length > 0) {
    const chain = [...sheaf.themes].reverse().map(({ theme }) => `${theme.name}${theme.version ? ` ${theme.version}` : ''}`)
    lines.push('', `Theme: ${chain.join(', extending ')}`)
  }
  const layouts = sheaf.registry.layouts.names().map((name) => `${name} (${sheaf.registry.layouts.get(name)!.source})`)
  lines.push(`Layouts: ${layouts.join(', ') || 'none'}`)
  const order = transformOrder(sheaf)
  lines.push('', 'Transforms, in the order they run on each document:')
  let step = 0
  const between = { mdast: '      -> mdast becomes hast', hast: '      -> every document is read; the site index is built', site: '' }
  for (const stage of ['mdast', 'hast', 'site'] as const) {
    for (const entry of order[stage]) {
      step += 1
      lines.push(`  ${String(step).padStart(2)}. ${stage}  ${entry.name}  (${entry.kind}, ${entry.extension}${entry.order ? `, ${entry.order}` : ''})`)
    }
    if (between[stage]) lines.push(between[stage])
  }
  return lines.join('\n') + '\n'
}
