import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyFixture, makeSite, sheaf } from '../support/sites.js'

/** Run the hook-throws fixture with THROW_IN=hook; the thrower extension throws in that hook only. */
function throwIn(hook: string, args: string[] = ['build'], env: Record<string, string> = {}) {
  const root = copyFixture('hook-throws')
  return { root, ...sheaf(args, { cwd: root, env: { THROW_IN: hook, ...env } }) }
}

const failed = 'The build failed with 1 error; the previous output was left as it was.\n'

describe('a throwing extension is named, with its version, the hook, and the file and position', () => {
  it.each([
    ['parser', 'content/notes.txt  error  thrown in parser  [thrower@1.0.0:parser:txt]\n'],
    ['transform', 'content/page.md:5:1  error  thrown in transform  [thrower@1.0.0:transform:boom]\n'],
    ['remark-plugin', 'content/index.md  error  thrown in remark-plugin  [thrower@1.0.0:remark-plugin:remarkBoom]\n'],
    ['rehype-plugin', 'content/index.md  error  thrown in rehype-plugin  [thrower@1.0.0:rehype-plugin:rehypeBoom]\n'],
    ['directive', 'content/page.md:7:1  error  thrown in directive  [thrower@1.0.0:directive:boom]\n'],
    ['layout', 'content/page.md  error  thrown in layout  [thrower@1.0.0:layout:boom]\n'],
    ['generator', 'error  thrown in generator  [thrower@1.0.0:generator:boom]\n'],
    ['listener', 'error  thrown in listener  [thrower@1.0.0:on:build:start]\n'],
    ['validate', 'error  thrown in validate  [thrower@1.0.0:validate]\n'],
  ])('in a %s: exit 1, nothing published', (hook, first) => {
    const result = throwIn(hook)
    expect(result.code).toBe(1)
    expect(result.stderr.startsWith(first)).toBe(true)
    expect(result.stderr).toMatch(new RegExp(`    at maybeThrow \\(file://.*ext/thrower\\.mjs:\\d+:\\d+\\)\\n`))
    expect(result.stderr.endsWith(failed)).toBe(true)
    expect(existsSync(join(result.root, '_site'))).toBe(false)
  })

  it('in setup: exit 2, before any document is read', () => {
    const result = throwIn('setup')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error  Extension "thrower@1.0.0" failed in setup: thrown in setup  [sheaf:SETUP_FAILED]\n  hint: The error was thrown by the extension named in the message.\n',
    )
  })

  it('in enabled(): exit 2', () => {
    const result = throwIn('enabled')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error  Extension "thrower@1.0.0" failed in enabled: thrown in enabled  [sheaf:SETUP_FAILED]\n  hint: The error was thrown by the extension named in the message.\n',
    )
  })

  it('in a command: exit 1', () => {
    const result = throwIn('command', ['boom'])
    expect(result.code).toBe(1)
    expect(result.stderr.startsWith('error  thrown in command  [thrower@1.0.0:command:boom]\n    at maybeThrow (')).toBe(true)
  })

  it('shows the code frame at the position', () => {
    expect(throwIn('transform').stderr).toContain('    4 |\n  > 5 | ## A heading\n      | ^\n')
  })

  it('prints an expected failure (file.fail) without a stack', () => {
    const result = throwIn('transform', ['build'], { FAIL_WITH: 'fail' })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'content/page.md:5:1  error  failed in transform  [thrower@1.0.0:transform:boom]\n    3 | ---\n    4 |\n  > 5 | ## A heading\n      | ^\n    6 |\n' + failed,
    )
  })

  it('prints the whole stack with --verbose', () => {
    const short = throwIn('transform').stderr.match(/^    at /gm)!.length
    const long = throwIn('transform', ['build', '--verbose']).stderr.match(/^    at /gm)!.length
    expect(short).toBe(4)
    expect(long).toBeGreaterThan(short)
  })
})

describe('--keep-going', () => {
  it('reports every failing document, exits 1 and publishes nothing', () => {
    const root = copyFixture('hook-throws')
    writeFileSync(join(root, 'content/other.md'), 'Text\n\n## Another heading\n')
    const stop = sheaf(['build'], { cwd: root, env: { THROW_IN: 'transform' } })
    expect(stop.stderr.match(/error {2}thrown in transform/g)).toHaveLength(1)
    const all = sheaf(['build', '--keep-going'], { cwd: root, env: { THROW_IN: 'transform' } })
    expect(all.code).toBe(1)
    expect(all.stderr).toContain('content/other.md:3:1  error  thrown in transform  [thrower@1.0.0:transform:boom]\n')
    expect(all.stderr).toContain('content/page.md:5:1  error  thrown in transform  [thrower@1.0.0:transform:boom]\n')
    expect(all.stderr.endsWith('The build failed with 2 errors; the previous output was left as it was.\n')).toBe(true)
    expect(existsSync(join(root, '_site'))).toBe(false)
  })
})

describe('a hook that never settles', () => {
  const timedOut = 'The hook did not finish within 0.3 s (limits.hookSeconds): a promise that never settles? If it needs longer, raise limits.hookSeconds in the config.'
  const hangIn = (hook: string, args: string[] = ['build']) => {
    const root = copyFixture('hook-throws')
    return { root, ...sheaf(args, { cwd: root, env: { HANG_IN: hook, HOOK_SECONDS: '0.3' } }) }
  }

  it.each([
    ['parser', `content/notes.txt  error  ${timedOut}  [thrower@1.0.0:parser:txt]\n`],
    ['transform', `content/page.md  error  ${timedOut}  [thrower@1.0.0:transform:boom]\n`],
    ['remark-plugin', `content/index.md  error  ${timedOut}  [thrower@1.0.0:remark-plugin:remarkBoom]\n`],
    ['rehype-plugin', `content/index.md  error  ${timedOut}  [thrower@1.0.0:rehype-plugin:rehypeBoom]\n`],
    ['directive', `content/page.md:7:1  error  ${timedOut}  [thrower@1.0.0:directive:boom]\n`],
    ['layout', `content/page.md  error  ${timedOut}  [thrower@1.0.0:layout:boom]\n`],
    ['generator', `error  ${timedOut}  [thrower@1.0.0:generator:boom]\n`],
    ['listener', `error  ${timedOut}  [thrower@1.0.0:on:build:start]\n`],
    ['validate', `error  ${timedOut}  [thrower@1.0.0:validate]\n`],
  ])('in a %s: a time-out that names the extension and hook, exit 1, nothing published', (hook, first) => {
    const result = hangIn(hook)
    expect(result.code).toBe(1)
    expect(result.stderr.startsWith(first)).toBe(true)
    expect(result.stderr.endsWith(failed)).toBe(true)
    expect(existsSync(join(result.root, '_site'))).toBe(false)
  })

  it('in setup: exit 2, before any document is read', () => {
    const result = hangIn('setup')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error  Extension "thrower@1.0.0" failed in setup: ${timedOut}  [sheaf:SETUP_FAILED]\n  hint: The error was thrown by the extension named in the message.\n`,
    )
  })

  it('with --keep-going, every page whose hook never settles is reported', () => {
    const root = copyFixture('hook-throws')
    writeFileSync(join(root, 'content/other.md'), 'Text\n\n## Another heading\n')
    const all = sheaf(['build', '--keep-going'], { cwd: root, env: { HANG_IN: 'transform', HOOK_SECONDS: '0.3' } })
    expect(all.code).toBe(1)
    expect(all.stderr).toContain(`content/other.md  error  ${timedOut}  [thrower@1.0.0:transform:boom]\n`)
    expect(all.stderr).toContain(`content/page.md  error  ${timedOut}  [thrower@1.0.0:transform:boom]\n`)
    expect(all.stderr.endsWith('The build failed with 2 errors; the previous output was left as it was.\n')).toBe(true)
  })

  it('refuses a limit that is not a number of seconds above 0', () => {
    const root = copyFixture('hook-throws')
    const bad = sheaf(['build'], { cwd: root, env: { HOOK_SECONDS: '0' } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Config key `limits.hookSeconds`: expected a number of seconds above 0')
  })
})

describe('a hook that returns the wrong thing, or writes to the config', () => {
  /** A site whose extension misbehaves in the way WRONG names, in one hook each. */
  const wrongSite = (): string =>
    makeSite({
      'content/index.md': '---\nlayout: wrongish\n---\n# Home\n\n## Sub\n\n:::boom\nx\n:::\n',
      'sheaf.config.mjs': "export default { extensions: ['./ext.mjs'], docs: { sidebar: ['a', 'b'] } }\n",
      'ext.mjs': `const kind = process.env.WRONG
export default {
  name: 'wrong', version: '1.0.0',
  setup(app) {
    app.addConfig('docs', { default: {} })
    app.addTransform({ name: 'm', stage: 'mdast', run: () => (kind === 'mdast' ? 'a string' : undefined) })
    app.addTransform({ name: 'h', stage: 'hast', run: () => (kind === 'hast' ? 42 : undefined) })
    app.addTransform({ name: 's', stage: 'site', run: () => (kind === 'site' ? { type: 'nope' } : undefined) })
    app.addDirective({ name: 'boom', render: () => (kind === 'directive' ? { foo: 1 } : undefined) })
    app.addLayout('wrongish', () => (kind === 'layout' ? 42 : '<p>x</p>'))
    app.addTransform({ name: 'c', stage: 'mdast', run: (tree, file, ctx) => {
      if (kind === 'config') ctx.config.title = 'changed'
      if (kind === 'config-paths') ctx.config.paths.out = '/tmp/elsewhere'
      if (kind === 'config-markdown') ctx.config.markdown.remarkPlugins.push(() => {})
      if (kind === 'config-key') ctx.config.extensionKeys.docs.sidebar.push('c')
    } })
  },
}
`,
    })
  const firstLine = (kind: string): string => {
    const result = sheaf(['build', '--no-cache'], { cwd: wrongSite(), env: { WRONG: kind } })
    expect(result.code).toBe(1)
    return result.stderr.split('\n')[0]!
  }

  it.each([
    ['mdast', 'content/index.md  error  The hook returned a string ("a string"); a transform changes the tree in place and returns nothing, or returns a new tree (a node of type "root").  [wrong@1.0.0:transform:m]'],
    ['hast', 'content/index.md  error  The hook returned number 42; a transform changes the tree in place and returns nothing, or returns a new tree (a node of type "root").  [wrong@1.0.0:transform:h]'],
    ['site', 'content/index.md  error  The hook returned a node of type "nope"; a transform changes the tree in place and returns nothing, or returns a new tree (a node of type "root").  [wrong@1.0.0:transform:s]'],
    ['directive', 'content/index.md:8:1  error  The hook returned an object that is not a node; a directive returns nothing (it changed the node in place), a node, or a list of nodes.  [wrong@1.0.0:directive:boom]'],
    ['layout', 'content/index.md  error  Layout "wrongish" (wrong) returned number; a layout returns a hast root or element, or a string of HTML.  [sheaf:layout-failed]'],
  ])('returning the wrong type (%s) is reported where it happens, with its attribution', (kind, line) => {
    expect(firstLine(kind)).toBe(line)
  })

  it.each([
    ['config', 'Cannot add property title, object is not extensible'],
    ['config-paths', "Cannot assign to read only property 'out' of object '#<Object>'"],
    ['config-markdown', 'Cannot add property 0, object is not extensible'],
    ['config-key', 'Cannot add property 2, object is not extensible'],
  ])('writing to the frozen config (%s) fails where it writes, with the extension and hook', (kind, reason) => {
    expect(firstLine(kind)).toBe(`content/index.md  error  ${reason}  [wrong@1.0.0:transform:c]`)
  })
})

describe('--keep-going with every kind of fault at once', () => {
  it('reports each fault with its attribution, together, and publishes nothing', () => {
    const root = makeSite({
      'content/throws.md': '# Throws\n',
      'content/hangs.md': '# Hangs\n\n:::wait\nx\n:::\n',
      'content/returns.md': '# Returns\n',
      'content/fine.md': '# Fine\n',
      'sheaf.config.mjs': "export default { extensions: ['./ext.mjs'], limits: { hookSeconds: 0.3 } }\n",
      'ext.mjs': `export default {
  name: 'faulty', version: '2.0.0',
  setup(app) {
    app.addTransform({ name: 'thrower', stage: 'mdast', run: (tree, file) => { if (file.basename === 'throws.md') throw new Error('thrown on purpose') } })
    app.addDirective({ name: 'wait', render: () => new Promise(() => {}) })
    app.addTransform({ name: 'returner', stage: 'site', run: (tree, file) => (file.basename === 'returns.md' ? 'not a tree' : undefined) })
    app.addGenerator({ name: 'broken', generate: () => null })
  },
}
`,
    })
    const result = sheaf(['build', '--keep-going'], { cwd: root })
    expect(result.code).toBe(1)
    const errors = result.stderr.split('\n').filter((line) => /(^|  )error  /.test(line))
    // The generator's first (it ran while the pages waited to be rendered), then the documents', in document order.
    expect(errors).toEqual([
      'error  generate() returned null; return a list of files { path, contents } and pages { url, title }  [faulty@2.0.0:generator:broken]',
      'content/hangs.md:3:1  error  The hook did not finish within 0.3 s (limits.hookSeconds): a promise that never settles? If it needs longer, raise limits.hookSeconds in the config.  [faulty@2.0.0:directive:wait]',
      'content/returns.md  error  The hook returned a string ("not a tree"); a transform changes the tree in place and returns nothing, or returns a new tree (a node of type "root").  [faulty@2.0.0:transform:returner]',
      'content/throws.md  error  thrown on purpose  [faulty@2.0.0:transform:thrower]',
    ])
    expect(result.stderr.endsWith('The build failed with 4 errors; the previous output was left as it was.\n')).toBe(true)
    expect(existsSync(join(root, '_site'))).toBe(false)
  })
})
