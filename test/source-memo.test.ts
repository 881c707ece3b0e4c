import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SourceMemo } from '../src/pipeline/source-memo.js'
import { makeSite } from './support/sites.js'

describe('SourceMemo: a source is read again whenever its file may have changed', () => {
  it('knows an unchanged file without reading it, and reads it again after any write, even one of the same size and time', () => {
    const root = makeSite({ 'content/a.md': '# Alpha\n' })
    const path = join(root, 'content/a.md')
    const memo = new SourceMemo({ settledMs: 0 })
    const first = memo.read(path, 'a.md', 'f1')
    expect(first).toMatchObject({ text: '# Alpha\n', problems: [] })
    expect(memo.read(path, 'a.md', 'f1')).toBe(first)
    // Same length, and its times put back: the change time still moves.
    const { atime, mtime } = statSync(path)
    writeFileSync(path, '# Omega\n')
    utimesSync(path, atime, mtime)
    const second = memo.read(path, 'a.md', 'f1')
    expect(second.text).toBe('# Omega\n')
    expect(second.key).not.toBe(first.key)
    // Another file put in its place (a new inode), as editors save.
    writeFileSync(join(root, 'content/b.tmp'), '# Gamma\n')
    renameSync(join(root, 'content/b.tmp'), path)
    expect(memo.read(path, 'a.md', 'f1').text).toBe('# Gamma\n')
    // Another extension set: another key.
    expect(memo.read(path, 'a.md', 'f2').key).not.toBe(memo.read(path, 'a.md', 'f1').key)
  })

  it('does not remember a file written within the last two seconds: a coarse clock could give a later write the same time', () => {
    const root = makeSite({ 'content/a.md': '# Alpha\n' })
    const path = join(root, 'content/a.md')
    const memo = new SourceMemo()
    const first = memo.read(path, 'a.md', 'f1')
    expect(memo.read(path, 'a.md', 'f1')).not.toBe(first)
    expect(memo.read(path, 'a.md', 'f1')).toEqual(first)
  })

  it('forgets files that are no longer sources, and a file that cannot be read throws', () => {
    const root = makeSite({ 'content/a.md': '# Alpha\n' })
    const path = join(root, 'content/a.md')
    const memo = new SourceMemo({ settledMs: 0 })
    const first = memo.read(path, 'a.md', 'f1')
    memo.keepOnly(new Set())
    expect(memo.read(path, 'a.md', 'f1')).not.toBe(first)
    expect(() => memo.read(join(root, 'content/none.md'), 'none.md', 'f1')).toThrow(/ENOENT/)
  })
})
