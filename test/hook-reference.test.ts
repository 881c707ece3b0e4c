import { spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from './support/sites.js'

const script = join(repoRoot, 'site-example/scripts/hook-reference.mjs')
const page = join(repoRoot, 'site-example/content/extensions/reference.md')

describe('the hook reference page', () => {
  it('is what the TSDoc of the public types generates', () => {
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' })
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
  })

  it('documents every member of App and Extension from the code', () => {
    const text = readFileSync(page, 'utf8')
    const types = readFileSync(join(repoRoot, 'src/extensions/types.ts'), 'utf8')
    for (const method of types.match(/^ {2}(add\w+|on|defineHook|provide|service)\b/gm) ?? []) expect(text).toContain(`| \`${method.trim()}`)
    expect(text).toContain('| `parallelSafe?: boolean` | `false` when the extension\'s hooks that run per page')
    expect(text).not.toMatch(/\| {3}\|$/m)
  })

  it('says when the page and the code disagree', () => {
    const edited = join(tempDir(), 'reference.md')
    writeFileSync(edited, readFileSync(page, 'utf8').replace('# Hook reference', '# Hook reference, edited by hand'))
    const check = spawnSync(process.execPath, [script, '--check', '--page', edited], { encoding: 'utf8' })
    expect(check.status).toBe(1)
    expect(check.stderr).toBe(`${edited} is out of date: run npm run docs:reference.\n`)
    copyFileSync(page, edited)
    expect(spawnSync(process.execPath, [script, '--check', '--page', edited]).status).toBe(0)
  })
})
