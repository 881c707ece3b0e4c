import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, BuildFailedError, type BuildResult } from './support/guarded.js'
import { decodeSource } from '../src/pipeline/encoding.js'
import { makeSite } from './support/sites.js'

const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))))
const report = (root: string, result: BuildResult): string[] =>
  result.messages.map((message) => `${(message.file ?? '').slice(root.length + 1)}:${message.line}:${message.column} ${message.fatal ? 'error' : 'warning'} ${message.reason} [${message.source}:${message.ruleId}]`)

describe('encoding', () => {
  it('drops a byte order mark and reads CRLF line ends as line ends, silently, with positions as an editor shows them', async () => {
    const root = makeSite({
      'content/crlf.md': bytes([0xef, 0xbb, 0xbf], '---\r\ntitle: From front matter\r\n---\r\n\r\n# Heading\r\n\r\nA [link](missing.md) here.\r\n'),
    })
    const result = await build({ root, onLog: () => {} })
    expect(report(root, result)).toEqual(['content/crlf.md:7:3 warning Link to a missing document: missing.md [sheaf:link]'])
    const html = readFileSync(join(root, '_site/crlf/index.html'), 'utf8')
    expect(html).toContain('<title>From front matter</title>')
    expect(html).not.toContain('\r')
    expect(html).not.toContain('\ufeff')
  })

  it('shows bytes that are not UTF-8 as U+FFFD, with a warning at the first, and --strict fails on it', async () => {
    // "café" in Latin-1, then two bytes that start no character.
    const root = makeSite({ 'content/latin.md': bytes('# Latin-1\n\nCaf', [0xe9], ' and more ', [0xff, 0xfe], '.\n') })
    const result = await build({ root, onLog: () => {} })
    expect(report(root, result)).toEqual([
      'content/latin.md:3:4 warning The document is not valid UTF-8: 3 bytes not part of any character, shown as U+FFFD (�), the first here. Save the file as UTF-8. [sheaf:encoding]',
    ])
    expect(readFileSync(join(root, '_site/latin/index.html'), 'utf8')).toContain('<p>Caf\ufffd and more \ufffd\ufffd.</p>')
    await expect(build({ root, strict: true, onLog: () => {} })).rejects.toBeInstanceOf(BuildFailedError)
  })

  it('shows NUL characters as U+FFFD, as CommonMark asks, with a warning at the first', async () => {
    const root = makeSite({ 'content/nul.md': bytes('# Nul\n\nOne \u0000 and two \u0000.\n') })
    const result = await build({ root, onLog: () => {} })
    expect(report(root, result)).toEqual(['content/nul.md:3:5 warning The document holds 2 NUL characters, shown as U+FFFD (�), the first here: is it a text file? [sheaf:encoding]'])
    expect(readFileSync(join(root, '_site/nul/index.html'), 'utf8')).toContain('<p>One \ufffd and two \ufffd.</p>')
  })

  it('warns the same on threads and from the cache', async () => {
    const files: Record<string, string | Buffer> = {}
    for (let i = 0; i < 60; i++) files[`content/page-${i}.md`] = `# Page ${i}\n`
    files['content/page-30.md'] = bytes('# Page 30\n\nBad ', [0xc3], '\n')
    const root = makeSite(files)
    const threaded = await build({ root, workers: 2, onLog: () => {} })
    expect(threaded.stats.threads).toBe(2)
    const expected = ['content/page-30.md:3:5 warning The document is not valid UTF-8: 1 byte not part of any character, shown as U+FFFD (�), the first here. Save the file as UTF-8. [sheaf:encoding]']
    expect(report(root, threaded)).toEqual(expected)
    const warm = await build({ root, workers: 2, onLog: () => {} })
    expect(warm.stats.read).toBe(0)
    expect(report(root, warm)).toEqual(expected)
  })

  it('places a problem on the first line after a byte order mark by the characters an editor shows', () => {
    expect(decodeSource(bytes([0xef, 0xbb, 0xbf], 'ab', [0x80]))).toEqual({
      text: 'ab\ufffd',
      problems: [{ line: 1, column: 3, reason: 'The document is not valid UTF-8: 1 byte not part of any character, shown as U+FFFD (�), the first here. Save the file as UTF-8.' }],
    })
  })
})
