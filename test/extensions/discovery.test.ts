import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { article } from '../support/build.js'
import { build, createSheaf } from '../support/guarded.js'
import { installSite, makeSite, packagesDir, sheaf } from '../support/sites.js'


const extensionModule = (name: string, marker: string): string =>
  `export default { name: '${name}', version: '1.0.0', setup(app) { app.addTransform({ name: '${name}-t', stage: 'mdast', run(tree) { tree.children.push({ type: 'paragraph', children: [{ type: 'text', value: '${marker}' }] }) } }) } }\n`

describe('implicit discovery: installation is activation', () => {
  it('finds an extension installed through a file: dependency, because it is installed', async () => {
    const root = installSite({ 'content/index.md': ':::callout\nHello\n:::\n' }, { 'sheaf-ext-callout': 'sheaf-ext-callout', 'not-an-extension': 'not-an-extension' })
    await build({ root })
    expect(article(root)).toBe('<aside class="callout"><p>Hello</p></aside>')
    const instance = await createSheaf({ root })
    expect(instance.extensions.map((ext) => [ext.name, ext.version, ext.origin, ext.position])).toEqual([
      ['@sheaf/markdown', '0.1.0', { kind: 'default' }, 1],
      ['sheaf-ext-callout', '1.4.0', { kind: 'package', package: 'sheaf-ext-callout' }, 2],
    ])
  })

  it('disables an extension by its name, its package or its key in the package, and warns about a name that matches none', async () => {
    const root = installSite({ 'content/index.md': '# Hi\n' }, { 'sheaf-ext-callout': 'sheaf-ext-callout' })
    for (const name of ['sheaf-ext-callout', 'callout', 'sheaf-ext-callout#callout']) {
      const instance = await createSheaf({ root, config: { disable: [name] } })
      expect(instance.extensions.find((ext) => ext.name === 'sheaf-ext-callout'), name).toMatchObject({ disabled: 'disabled in the config' })
      expect(instance.takeSiteMessages(), name).toEqual([])
    }
    const instance = await createSheaf({ root, config: { disable: ['sheaf-ext-calout'] } })
    expect(instance.extensions.find((ext) => ext.name === 'sheaf-ext-callout')?.disabled).toBeUndefined()
    expect(instance.takeSiteMessages().map((message) => [message.source, message.fatal, message.reason])).toEqual([
      ['sheaf', false, 'disable: "sheaf-ext-calout" names no extension of this site, so it disables nothing. Did you mean `sheaf-ext-callout`?'],
    ])
  })

  it('warns, naming them and the command to run, about dependencies of the site that are not installed', async () => {
    const root = makeSite({
      'content/index.md': ':::note\nHi\n:::\n',
      'package.json': JSON.stringify({ name: 'site', private: true, dependencies: { '@sheaf/preset-docs': '^0.1.0', sheaf: '^0.1.0' }, devDependencies: { 'sheaf-ext-gone': '^1.0.0' } }),
    })
    const result = await build({ root, onLog: () => {} })
    expect(result.messages.map((message) => [message.source, message.fatal, message.reason])).toEqual([
      [
        'sheaf',
        false,
        `The site's package.json names "@sheaf/preset-docs", "sheaf-ext-gone", but they are not installed, so their extensions take no part in this build: run \`npm install\` in ${root}.`,
      ],
      // What the missing preset would have read.
      ['sheaf', false, 'Unknown directive `:::note`.'],
    ])
    // Installed (here: nothing else missing), the warning goes.
    const installed = installSite({ 'content/index.md': '# Hi\n' }, { 'sheaf-ext-callout': 'sheaf-ext-callout' })
    expect((await build({ root: installed, onLog: () => {} })).messages).toEqual([])
  })

  it('counts devDependencies too', async () => {
    const root = installSite({ 'content/index.md': ':::callout\nHi\n:::\n' }, {}, { 'sheaf-ext-callout': 'sheaf-ext-callout' })
    await build({ root })
    expect(article(root)).toBe('<aside class="callout"><p>Hi</p></aside>')
  })

  it('ignores dependencies that are not installed', async () => {
    const root = makeSite({ 'content/index.md': '# Hi\n', 'package.json': JSON.stringify({ dependencies: { 'not-installed-anywhere': '^1.0.0' } }) })
    const instance = await createSheaf({ root })
    expect(instance.extensions.map((ext) => ext.name)).toEqual(['@sheaf/markdown'])
  })

  it('reports a package whose "sheaf" field points at a missing module', async () => {
    const root = makeSite({
      'content/index.md': '# Hi\n',
      'package.json': JSON.stringify({ dependencies: { broken: '1.0.0' } }),
      'node_modules/broken/package.json': JSON.stringify({ name: 'broken', version: '1.0.0', sheaf: { extensions: { broken: './dist/index.js' } } }),
    })
    await expect(createSheaf({ root })).rejects.toMatchObject({
      code: 'EXTENSION_NOT_FOUND',
      message: `Package broken declares extension "broken" at ./dist/index.js, but ${join(root, 'node_modules/broken/dist/index.js')} does not exist (asked for by the installed package broken).`,
    })
  })
})

describe('compatibility with this Sheaf', () => {
  const installed = (peer: string, requires?: string): string =>
    makeSite({
      'content/index.md': '# Hi\n',
      'package.json': JSON.stringify({ dependencies: { 'sheaf-old': '1.0.0' } }),
      'node_modules/sheaf-old/package.json': JSON.stringify({
        name: 'sheaf-old',
        version: '1.4.0',
        type: 'module',
        sheaf: { extensions: { old: './index.js' } },
        peerDependencies: { sheaf: peer },
      }),
      'node_modules/sheaf-old/index.js': `export default { name: 'old', version: '1.4.0', ${requires ? `requires: { sheaf: '${requires}' }, ` : ''}setup() {} }\n`,
    })

  it('refuses a package whose peerDependencies name another sheaf, naming both versions', async () => {
    await expect(createSheaf({ root: installed('^2.0.0') })).rejects.toMatchObject({
      code: 'EXTENSION_INCOMPATIBLE',
      message: 'Extension "old@1.4.0" (package sheaf-old) is made for sheaf ^2.0.0 (its peerDependencies), but this is sheaf 0.1.0.',
    })
    const result = sheaf(['build', installed('>=0.2.0 <1')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Extension "old@1.4.0" (package sheaf-old) is made for sheaf >=0.2.0 <1 (its peerDependencies), but this is sheaf 0.1.0.  [sheaf:EXTENSION_INCOMPATIBLE]')
    expect(result.stderr).toContain('hint: Install a version of the extension made for this Sheaf (npm install NAME@latest), or a Sheaf in the range it names.')
  })

  it('loads a package whose ranges include this sheaf, and checks requires.sheaf as well', async () => {
    const instance = await createSheaf({ root: installed('^0.1.0', '>=0.1.0') })
    expect(instance.extensions.map((ext) => `${ext.name}@${ext.version}`)).toEqual(['@sheaf/markdown@0.1.0', 'old@1.4.0'])
    await expect(createSheaf({ root: installed('^0.1.0', '^3.0.0') })).rejects.toMatchObject({
      code: 'EXTENSION_INCOMPATIBLE',
      message: 'Extension "old" requires "sheaf" ^3.0.0, but this is sheaf 0.1.0.',
    })
  })
})

describe('explicit extensions in the config', () => {
  it.each(['ts', 'mts', 'js', 'mjs'])('loads a local .%s module', async (ext) => {
    const source = ext.endsWith('ts') ? extensionModule(`local-${ext}`, `from .${ext}`).replace('run(tree)', 'run(tree: any)') : extensionModule(`local-${ext}`, `from .${ext}`)
    const root = makeSite({ 'content/index.md': '', [`ext/local.${ext}`]: source, 'package.json': '{"type":"module"}' })
    await build({ root, config: { extensions: [`./ext/local.${ext}`] } })
    expect(article(root)).toBe(`<p>from .${ext}</p>`)
  })

  it('loads a CommonJS module', async () => {
    const source = extensionModule('local-cjs', 'from .cjs').replace('export default', 'module.exports =')
    const root = makeSite({ 'content/index.md': '', 'ext/local.cjs': source })
    await build({ root, config: { extensions: ['./ext/local.cjs'] } })
    expect(article(root)).toBe('<p>from .cjs</p>')
  })

  it('passes options from [extension, options] pairs', async () => {
    const root = makeSite({
      'content/index.md': '',
      'ext/say.mjs': "export default { name: 'say', setup(app, options) { app.addTransform({ name: 'say', stage: 'mdast', run(tree) { tree.children.push({ type: 'paragraph', children: [{ type: 'text', value: options.word }] }) } }) } }\n",
    })
    await build({ root, config: { extensions: [['./ext/say.mjs', { word: 'configured' }]] } })
    expect(article(root)).toBe('<p>configured</p>')
  })

  it('loads a package named in the config, with its options', async () => {
    const root = installSite({ 'content/index.md': '~~x~~\n' }, {})
    await build({ root, config: { extensions: [['@sheaf/markdown', { gfm: false }]] } })
    expect(article(root)).toBe('<p>~~x~~</p>')
  })
})

describe('loading errors name the extension, who asked, where Sheaf looked, and the cause', () => {
  it('reports a package that is not installed (exit 2)', () => {
    const root = makeSite({ 'content/index.md': '# Hi\n', 'sheaf.config.mjs': "export default { extensions: ['sheaf-ext-missing'] }\n" })
    const result = sheaf(['build'], { cwd: root })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('error  Extension "sheaf-ext-missing" asked for by sheaf.config.mjs (extensions) was not found. Looked in:  [sheaf:EXTENSION_NOT_FOUND]\n')
    expect(result.stderr).toContain(`\n    ${join(root, 'node_modules')}\n`)
    expect(result.stderr).toContain('  hint: Install the package (npm install NAME) or fix the path in the config.\n')
  })

  it('suggests the nearest installed name for a misspelt one, and reports every missing one at once', async () => {
    const root = installSite({ 'content/index.md': '# Hi\n' }, { 'sheaf-ext-callout': 'sheaf-ext-callout' })
    const looked = (message: string): string => message.slice(message.indexOf('Looked in:'))
    const one = await createSheaf({ root, config: { extensions: ['sheaf-ext-calout'] } }).catch((error: Error) => error)
    expect(one).toMatchObject({ code: 'EXTENSION_NOT_FOUND' })
    expect((one as Error).message).toBe(`Extension "sheaf-ext-calout" asked for by the config (extensions) was not found. Did you mean \`sheaf-ext-callout\`? ${looked((one as Error).message)}`)
    expect(looked((one as Error).message)).toMatch(new RegExp(`^Looked in:\\n  ${join(root, 'node_modules')}\\n`))
    // Sheaf's own packages are candidates too.
    const both = await createSheaf({ root, config: { extensions: ['@sheaf/serach', 'sheaf-unheard-of'] } }).catch((error: Error) => error)
    expect((both as Error).message.split('\nLooked in:')[0]).toBe(
      [
        '2 extensions were not found:',
        '  "@sheaf/serach" (asked for by the config (extensions)) Did you mean `@sheaf/search`?',
        '  "sheaf-unheard-of" (asked for by the config (extensions))',
      ].join('\n'),
    )
  })

  it('reports a local module that does not exist', async () => {
    const root = makeSite({ 'content/index.md': '# Hi\n' })
    await expect(createSheaf({ root, config: { extensions: ['./ext/nope.ts'] } })).rejects.toMatchObject({
      code: 'EXTENSION_NOT_FOUND',
      message: `Extension "./ext/nope.ts" asked for by the config (extensions) was not found. Looked in:\n  ${join(root, 'ext/nope.ts')}`,
    })
  })

  it('reports a module that throws while it is imported, with the cause', async () => {
    const root = makeSite({ 'content/index.md': '# Hi\n', 'ext/boom.mjs': "throw new Error('cannot start')\n" })
    await expect(createSheaf({ root, config: { extensions: ['./ext/boom.mjs'] } })).rejects.toMatchObject({
      code: 'EXTENSION_LOAD_FAILED',
      message: `Extension "./ext/boom.mjs" (asked for by the config (extensions)) failed to load from ${join(root, 'ext/boom.mjs')}: cannot start`,
      cause: expect.objectContaining({ message: 'cannot start' }),
    })
  })

  it('reports an import of its own that a module cannot find: which file imports what, then what to install', () => {
    const root = makeSite({
      'content/index.md': '# Hi\n',
      'ext/needs.mjs': "import { h } from 'hastscript-not-installed/lib'\nexport default { name: 'needs', setup() {} }\n",
      'theme/index.mjs': "import { h } from '@acme/hast-helpers'\nexport default { name: 'mine', layouts: { page: () => h('p') } }\n",
      'sheaf.config.mjs': "export default { extensions: ['./ext/needs.mjs'] }\n",
    })
    // Through the real binary: the test runner's own module loader words a missing import differently.
    const extension = sheaf(['build'], { cwd: root })
    expect(extension.code).toBe(2)
    const needs = join(root, 'ext/needs.mjs')
    expect(extension.stderr).toBe(
      `ext/needs.mjs  error  Extension "./ext/needs.mjs" (asked for by sheaf.config.mjs (extensions)) failed to load from ${needs}: ${needs} imports "hastscript-not-installed", which cannot be found (Cannot find package 'hastscript-not-installed' imported from ${needs}).  [sheaf:EXTENSION_LOAD_FAILED]\n` +
        '  hint: Install it where that module can find it (npm install hastscript-not-installed), or list it in the dependencies of the package that imports it.\n',
    )
    writeFileSync(join(root, 'sheaf.config.mjs'), "export default { theme: './theme/index.mjs' }\n")
    const theme = sheaf(['build'], { cwd: root })
    expect(theme.code).toBe(2)
    const mine = join(root, 'theme/index.mjs')
    expect(theme.stderr).toBe(
      `theme/index.mjs  error  Theme "./theme/index.mjs" failed to load from ${mine}: ${mine} imports "@acme/hast-helpers", which cannot be found (Cannot find package '@acme/hast-helpers' imported from ${mine}).  [sheaf:THEME_LOAD_FAILED]\n` +
        '  hint: Install it where that module can find it (npm install @acme/hast-helpers), or list it in the dependencies of the package that imports it.\n',
    )
  })

  it('reports a module that exports something else than an extension', async () => {
    const root = makeSite({ 'content/index.md': '# Hi\n' })
    await expect(createSheaf({ root, config: { extensions: [join(packagesDir, 'not-an-extension/index.js')] } })).rejects.toMatchObject({
      code: 'EXTENSION_INVALID',
      message: `Extension "${join(packagesDir, 'not-an-extension/index.js')}" (asked for by the config (extensions)) at ${join(packagesDir, 'not-an-extension/index.js')} exports an extension without a \`name\`.`,
    })
  })

  it('reports two different extensions with one name, naming both', async () => {
    const root = makeSite({ 'content/index.md': '', 'ext/a.mjs': extensionModule('twin', 'a'), 'ext/b.mjs': extensionModule('twin', 'b') })
    await expect(createSheaf({ root, config: { extensions: ['./ext/a.mjs', './ext/b.mjs'] } })).rejects.toMatchObject({
      code: 'EXTENSION_DUPLICATE',
      message: `Two extensions are named "twin": one from ${join(root, 'ext/a.mjs')} (asked for by the config (extensions)), one from ${join(root, 'ext/b.mjs')} (asked for by the config (extensions)).`,
    })
  })
})
