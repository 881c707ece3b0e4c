import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// The source guard of the other tests reads files by their decoded names, which these names have not.
import { build } from '../src/build.js'
import { makeSite } from './support/sites.js'

describe('file names', () => {
  it('skips a file whose name is not valid UTF-8 with a warning naming it, bytes escaped, and builds the rest', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/good.md': '# Good\n' })
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'content/bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.md')]), '# Bad\n')
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'content/pic')), Buffer.from([0xc3]), Buffer.from('.png')]), 'png')
    const result = await build({ root, onLog: () => {} })
    expect(result.errors).toBe(0)
    expect(result.messages.filter((message) => message.ruleId === 'file-name-encoding').map((message) => [message.file, message.reason, message.fatal])).toEqual(
      ['bad\\xff\\xfe.md', 'pic\\xc3.png'].map((name) => {
        const path = join(root, 'content', name)
        return [path, `The file name ${path} is not valid UTF-8, so it cannot be read by name nor given a URL; it was skipped (rename it)`, false]
      }),
    )
    expect(result.pages.map((page) => page.url).sort()).toEqual(['/', '/good/'])
    expect(existsSync(join(root, '_site/good/index.html'))).toBe(true)
  })
})
