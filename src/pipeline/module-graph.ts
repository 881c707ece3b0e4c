import { readFileSync, statSync } from 'node:fs'
import { dirname, extname, resolve, sep } from 'node:path'

/**
 * Relative specifiers in a module's text: static imports and re-exports,
 * side-effect imports, `import('…')` and `require('…')` with a literal. A
 * look at the text, not a parse: a specifier in a comment or a string counts
 * too, which only ever makes the graph larger (a page built again that did not
 * need it), never smaller. A specifier computed at run time is not seen; such
 * a module's inputs are declared with `app.addWatchFile`.
 */
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(\.\.?\/[^'"\n]*)\1/g

/** The file a relative specifier names, as Node, TypeScript and jiti find it; undefined when none is there. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.split('?')[0]!)
  const ext = extname(base)
  // TypeScript sources import each other by the `.js` name they will have once built.
  const swapped = ext === '.js' || ext === '.mjs' || ext === '.cjs' ? [base.slice(0, -ext.length) + ext.replace('js', 'ts')] : []
  const candidates = [
    base,
    ...swapped,
    ...['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.json'].map((suffix) => base + suffix),
    ...['index.ts', 'index.js', 'index.mjs'].map((name) => `${base}${sep}${name}`),
  ]
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // Not this one.
    }
  }
  return undefined
}

/**
 * Every local module the given entry modules load, the entries included, in a
 * stable order: what a local extension, theme, layout or the config imports
 * from files beside it, followed from file to file. Packages (anything under
 * `node_modules`, or a bare specifier) are left out: their version stands for
 * them. A module that cannot be read is listed and not followed.
 */
export function localModuleGraph(entries: Iterable<string | undefined>): string[] {
  const found = new Set<string>()
  const queue: string[] = []
  const add = (path: string): void => {
    if (found.has(path) || path.split(sep).includes('node_modules')) return
    found.add(path)
    queue.push(path)
  }
  for (const entry of entries) if (entry !== undefined) add(resolve(entry))
  while (queue.length > 0) {
    const module = queue.shift()!
    if (extname(module) === '.json') continue
    let text: string
    try {
      text = readFileSync(module, 'utf8')
    } catch {
      continue
    }
    for (const match of text.matchAll(specifiers)) {
      const target = resolveSpecifier(module, match[2]!)
      if (target !== undefined) add(target)
    }
  }
  return [...found].sort()
}
