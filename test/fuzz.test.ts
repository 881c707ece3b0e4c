import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { build, BuildFailedError, createSheaf, type BuildResult, type Sheaf } from './support/guarded.js'
import { makeSite } from './support/sites.js'

// `npm run fuzz` runs many more cases (FUZZ_RUNS) and prints the seed of a failure, which FUZZ_SEED replays.
const runs = Number(process.env.FUZZ_RUNS ?? 150)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

/** Pieces markdown is made of, and the characters that trip parsers up. */
const piece = fc.oneof(
  fc.constantFrom(
    '#', '## ', '*', '**', '_', '__', '`', '```', '~~~', '[', ']', '(', ')', '<', '>', '> ', '!', '- ', '+ ', '1. ', '|', '| - |',
    ':::', ':::note', '::', ':', '{', '}', '{#id}', '\\', '&amp;', '&#0;', '<div>', '</div>', '<!--', '-->', '---', '***',
    '[x]: /a', '[^1]', '[^1]: note', '![alt](a.png)', '[link](other.md)', '[link](../../../etc/passwd)', '<https://a.b>',
    '\n', '\n\n', '    ', '\t', '\r\n', '\u0000', '\ufeff', '\u200b', 'é', '日本', '😀', '$', '%', '%2e%2e/',
  ),
  fc.string({ maxLength: 12 }),
)
const markdown = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''))

/** Front matter: well-formed or not, with values YAML reads in odd ways. */
const yamlValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('&a [1, 2]', '*a', '!!js/function "x"', '{', '[', '2024-02-30', '2024-01-01T00:00:00+05:00', 'true', 'null', '~', '|\n  block', '"\\u0000"', '<<: *a'),
)
const frontMatter = fc.option(
  fc.dictionary(fc.constantFrom('title', 'layout', 'draft', 'date', 'tags', 'id', 'nav', 'description', 'x'), yamlValue, { maxKeys: 5 }).map(
    (entries) => `---\n${Object.entries(entries).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n`,
  ),
  { nil: '' },
)
const documentText = fc.tuple(frontMatter, markdown).map(([matter, body]) => matter + body)
/** A few documents, by name: odd names too. */
const documents = fc.dictionary(fc.constantFrom('index.md', 'a.md', 'b/c.md', 'c++.md', '100%.md', 'é t.md', 'b/index.md'), documentText, { minKeys: 1, maxKeys: 4 })

describe('fuzzing', () => {
  let sheaf: Sheaf | undefined
  afterAll(async () => sheaf?.dispose())

  it('builds any markdown and front matter, or fails with messages that say which file and why; never a crash, a hang or a write outside the output', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'sheaf.config.mjs': "export default { extensions: ['@sheaf/preset-docs'] }\n" })
    sheaf = await createSheaf({ root })
    await fc.assert(
      fc.asyncProperty(documents, async (docs) => {
        rmSync(join(root, 'content'), { recursive: true, force: true })
        for (const [name, text] of Object.entries(docs)) {
          mkdirSync(join(root, 'content', name, '..'), { recursive: true })
          writeFileSync(join(root, 'content', name), text)
        }
        let result: BuildResult
        try {
          result = await build({ root, sheaf, cache: false, keepGoing: true, onLog: () => {} })
        } catch (error) {
          if (!(error instanceof BuildFailedError)) throw error
          result = error.result
        }
        // Every message is one Sheaf or an extension meant to give: none is an unexpected crash.
        const crashes = result.messages.filter((message) => message.ruleId === 'internal' || !message.source)
        expect(crashes.map(String)).toEqual([])
      }),
      // A case that takes longer than 20 s fails as a hang.
      { numRuns: runs, seed, endOnFailure: true, timeout: 20_000 },
    )
  }, 600_000)
})
