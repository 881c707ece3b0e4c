/**
 * `sheaf/testing`: what an extension's own tests need. `renderMarkdown` runs
 * one string through the pipeline; `createTestSite` writes a small site into a
 * temporary folder and builds it, and says what was written, what was reported
 * and in which order the hooks ran. Nothing is written outside that folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { build, BuildFailedError, type BuildResult } from './build.js'
import type { SheafConfig } from './config/schema.js'
import type { TransformStage } from './extensions/types.js'
import { createSheaf } from './sheaf.js'

export { renderMarkdown, type RenderMarkdownOptions } from './render.js'

export interface TestSiteOptions {
  /**
   * The site's files, by path from the site root: `'content/index.md'`, or
   * `'index.md'` for a site without a `content/` folder; `'sheaf.config.mjs'`
   * and `'layouts/page.mjs'` too.
   */
  files?: Record<string, string | Uint8Array>
  /** The extensions under test, as in the config's `extensions`: objects, `[extension, options]`, module paths. */
  extensions?: SheafConfig['extensions']
  /** Further config (`title`, `url`, keys your extension claims…); wins over a config file among `files`. */
  config?: Omit<SheafConfig, 'extensions'> & Record<string, unknown>
  /** Render pages with the configured theme (`@sheaf/theme-default` unless `config.theme` names another); by default pages get a minimal built-in layout, so tests see your output and little else. */
  theme?: boolean
  /** Build drafts too. */
  drafts?: boolean
  /**
   * Keep the persistent cache (`.sheaf/cache` in the site folder) between
   * builds, as `sheaf build` does: a second `build()` after `write()` is a
   * warm build, for testing what your extension does incrementally (its
   * `cacheKey`, what it reads through `ctx.readFile`). Off by default: each
   * build starts from nothing.
   */
  cache?: boolean
}

/** A message of the build, as plain data to compare in a test. */
export interface TestMessage {
  /** The file, relative to the site root; undefined for messages about the site. */
  file: string | undefined
  line: number | undefined
  column: number | undefined
  reason: string
  /** Who reported it: an extension's name, or `sheaf`. */
  source: string | undefined
  /** The hook, or the kind of problem (`remark-plugin:remark-x`, `link`). */
  ruleId: string | undefined
  /** true for an error, false for a warning, undefined for information. */
  fatal: boolean | null | undefined
}

/** One entry of the resolved hook order. */
export interface TestHook {
  stage: TransformStage
  name: string
  kind: string
  extension: string
}

export interface TestBuild {
  /** Whether the build succeeded and published its output. */
  ok: boolean
  /** Every written page's HTML, by output path (`index.html`, `guide/index.html`). */
  pages: Record<string, string>
  /**
   * Every file in the output folder, pages and others, by output path
   * (sorted), with its contents as UTF-8 text (`.sheaf-build`, the folder's
   * marker, is left out). Empty when the build failed.
   */
  files: Record<string, string>
  /** The output folder (`_site` in the site folder, unless the config's `out` says otherwise). */
  out: string
  /** Every message, documents' and extensions', in order. */
  messages: TestMessage[]
  /** The transforms and plugins in the order they run on each document, stage by stage. */
  hooks: TestHook[]
  /** The extensions in setup order. */
  extensions: string[]
  /** The whole build result, for anything else. */
  result: BuildResult
}

export interface TestSite {
  /** The temporary site folder. */
  readonly root: string
  /**
   * Write or replace files, by path from the site root, between builds: the
   * next `build()` sees them (with `cache: true`, as a warm build would).
   */
  write(files: Record<string, string | Uint8Array>): void
  /** Build the site (on the main thread; with the cache only if `cache: true`) and say what came of it; a failed build is a result too (`ok: false`). */
  build(): Promise<TestBuild>
  /** Delete the temporary folder. */
  remove(): void
}

/** A path inside `root`, or an error naming the path that is not. */
function inside(root: string, path: string): string {
  const target = resolve(root, path)
  if (isAbsolute(path) || relative(root, target).split(sep)[0] === '..') {
    throw new Error(`createTestSite: the file path ${JSON.stringify(path)} leaves the site folder; give paths relative to the site root.`)
  }
  return target
}

/** Every file under `dir`, as paths relative to `base` with forward slashes. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), base) : [relative(base, join(dir, entry.name)).split(sep).join('/')],
  )
}

/** A site in a temporary folder, built on demand: see `TestSite`. */
export function createTestSite(options: TestSiteOptions = {}): TestSite {
  const root = mkdtempSync(join(tmpdir(), 'sheaf-test-site-'))
  const write = (files: Record<string, string | Uint8Array>): void => {
    for (const [path, contents] of Object.entries(files)) {
      const target = inside(root, path)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, contents)
    }
  }
  write(options.files ?? {})
  return {
    root,
    write,
    remove: () => rmSync(root, { recursive: true, force: true }),
    async build(): Promise<TestBuild> {
      const sheaf = await createSheaf({
        root,
        overrides: { ...options.config, ...(options.extensions ? { extensions: options.extensions } : {}) } as SheafConfig,
        discover: false,
        theme: options.theme ?? false,
        drafts: options.drafts,
      })
      let result: BuildResult
      let ok = true
      try {
        result = await build({ sheaf, cache: options.cache === true, workers: 1 })
      } catch (error) {
        if (!(error instanceof BuildFailedError)) throw error
        result = error.result
        ok = false
      } finally {
        await sheaf.dispose()
      }
      const out = result.out
      const files = Object.fromEntries(
        ok ? listFiles(out).filter((path) => path !== '.sheaf-build').sort().map((path) => [path, readFileSync(join(out, path), 'utf8')] as const) : [],
      )
      const pages = Object.fromEntries(
        ok ? result.pages.map((page) => [page.outPath, readFileSync(join(out, page.outPath), 'utf8')] as const).sort(([a], [b]) => (a < b ? -1 : 1)) : [],
      )
      const stages: TransformStage[] = ['mdast', 'hast', 'site']
      return {
        ok,
        pages,
        files,
        out,
        messages: result.messages.map((message) => ({
          file: message.file ? relative(root, resolve(root, message.file)).split(sep).join('/') : undefined,
          line: message.line ?? undefined,
          column: message.column ?? undefined,
          reason: message.reason,
          source: message.source ?? undefined,
          ruleId: message.ruleId ?? undefined,
          fatal: message.fatal,
        })),
        hooks: stages.flatMap((stage) =>
          sheaf.registry.transforms.ordered(stage).map((entry) => ({ stage, name: entry.name, kind: entry.kind, extension: entry.extension })),
        ),
        extensions: sheaf.enabled.map((entry) => entry.extension.name),
        result,
      }
    },
  }
}
