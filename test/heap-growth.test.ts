import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const module = fileURLToPath(new URL('../dist/cli/heap-growth.js', import.meta.url))

/** Run `keepHeapsTight` in a node of its own, started with `flags`: what it returned, and what it printed. */
function tighten(flags: string[]): { answer: string; stderr: string } {
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', `const { keepHeapsTight } = await import(${JSON.stringify(module)}); console.log(keepHeapsTight())`], { encoding: 'utf8' })
  expect(run.status).toBe(0)
  return { answer: run.stdout.trim(), stderr: run.stderr }
}

describe('the command line keeps heaps near what they hold', () => {
  it('asks V8 to grow heaps a fifth past what they hold, a flag V8 knows (it prints nothing)', () => {
    expect(tighten([])).toEqual({ answer: 'true', stderr: '' })
  })

  it('leaves a growth the user gave node as it is, written with dashes or underscores', () => {
    expect(tighten(['--heap-growing-percent=50']).answer).toBe('false')
    expect(tighten(['--heap_growing_percent=50']).answer).toBe('false')
  })
})
