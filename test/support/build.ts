import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, BuildFailedError } from './guarded.js'

/** Run a build that must fail, and return its error (with `result.messages`). */
export async function buildFails(run: Parameters<typeof build>[0] | Promise<unknown>): Promise<BuildFailedError> {
  try {
    await (run instanceof Promise ? run : build(run))
  } catch (error) {
    if (error instanceof BuildFailedError) return error
    throw error
  }
  throw new Error('expected the build to fail')
}

/** The document part of a built page: what the default theme puts in `<article>`. */
export function article(root: string, path = 'index.html'): string {
  return /<article class="document">([\s\S]*)<\/article>/.exec(readFileSync(join(root, '_site', path), 'utf8'))?.[1] ?? ''
}
