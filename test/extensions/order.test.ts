import { describe, expect, it } from 'vitest'
import { createSheaf, defineExtension, type Extension } from '../support/guarded.js'
import { makeSite, sheaf } from '../support/sites.js'

const setupLog: string[] = []
const ext = (name: string, more: Partial<Extension> = {}): Extension =>
  defineExtension({ name, version: '1.0.0', ...more, setup: () => void setupLog.push(name) })

async function setupOrder(extensions: Extension[]): Promise<string[]> {
  setupLog.length = 0
  const instance = await createSheaf({ config: { extensions }, discover: false, theme: false })
  expect(instance.enabled.map((entry) => entry.extension.name).filter((name) => name !== '@sheaf/markdown')).toEqual(setupLog)
  return [...setupLog]
}

describe('setup order', () => {
  it('breaks ties by name, whatever the order of the config', async () => {
    expect(await setupOrder([ext('zeta'), ext('alpha'), ext('mu')])).toEqual(['alpha', 'mu', 'zeta'])
  })

  it('sets up a required extension first', async () => {
    expect(await setupOrder([ext('alpha', { requires: { zeta: '^1.0.0' } }), ext('zeta')])).toEqual(['zeta', 'alpha'])
  })

  it('honours before and after hints between extensions', async () => {
    expect(await setupOrder([ext('alpha', { after: ['mu'] }), ext('mu'), ext('zeta', { before: ['mu'] })])).toEqual(['zeta', 'mu', 'alpha'])
  })

  it('reports a cycle, listing it', async () => {
    await expect(setupOrder([ext('a', { requires: { b: '*' } }), ext('b', { after: ['c'] }), ext('c', { after: ['a'] })])).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: 'Extensions must each be set up before the other, a cycle: a -> c -> b -> a.',
    })
  })
})

describe('requirements are checked before any setup runs', () => {
  it('reports a missing requirement', async () => {
    await expect(setupOrder([ext('alpha', { requires: { 'sheaf-ext-toc': '^2.0.0' } })])).rejects.toMatchObject({
      code: 'EXTENSION_INVALID',
      message: 'Extension "alpha" requires "sheaf-ext-toc" ^2.0.0, but no extension of that name is installed or listed in the config.',
    })
    expect(setupLog).toEqual([])
  })

  it('reports a version that does not satisfy the range, naming both', async () => {
    await expect(setupOrder([ext('alpha', { requires: { zeta: '^2.0.0' } }), ext('zeta')])).rejects.toMatchObject({
      message: 'Extension "alpha" requires "zeta" ^2.0.0, but zeta@1.0.0 is loaded.',
    })
  })

  it('reports a requirement that is disabled, with why', async () => {
    const instance = createSheaf({ config: { extensions: [ext('alpha', { requires: { zeta: '1' } }), ext('zeta')], disable: ['zeta'] }, discover: false, theme: false })
    await expect(instance).rejects.toMatchObject({ message: 'Extension "alpha" requires "zeta" 1, but it is disabled (disabled in the config).' })
  })

  it('checks a requirement on sheaf itself', async () => {
    await expect(setupOrder([ext('future', { requires: { sheaf: '>=9.0.0' } })])).rejects.toMatchObject({
      code: 'EXTENSION_INCOMPATIBLE',
      message: 'Extension "future" requires "sheaf" >=9.0.0, but this is sheaf 0.1.0.',
    })
    expect(await setupOrder([ext('present', { requires: { sheaf: '^0.1.0' } })])).toEqual(['present'])
  })

  it('refuses a range that is not semver', async () => {
    await expect(setupOrder([ext('alpha', { requires: { zeta: 'latest please' } }), ext('zeta')])).rejects.toMatchObject({
      message: 'Extension "alpha" requires "zeta" with version range "latest please", which is not a semver range.',
    })
  })
})

describe('enabling', () => {
  it('skips an extension disabled in the config', async () => {
    expect(await setupOrder([ext('alpha'), ext('beta')].map((e) => e))).toEqual(['alpha', 'beta'])
    setupLog.length = 0
    const instance = await createSheaf({ config: { extensions: [ext('alpha'), ext('beta')], disable: ['beta'] }, discover: false, theme: false })
    expect(setupLog).toEqual(['alpha'])
    expect(instance.extensions.find((e) => e.name === 'beta')).toMatchObject({ disabled: 'disabled in the config', position: undefined })
  })

  it('skips an extension whose enabled() gives a reason, and says so once in the build summary and in `sheaf extensions`', () => {
    const root = makeSite({
      'content/index.md': '# A\n',
      'content/b.md': '# B\n',
      'ext/search.mjs': "export default { name: 'search', version: '3.0.0', enabled: () => 'no SEARCH_KEY set', setup() { throw new Error('must not run') } }\n",
      'sheaf.config.mjs': "export default { extensions: ['./ext/search.mjs'] }\n",
    })
    const built = sheaf(['build'], { cwd: root })
    expect(built.code).toBe(0)
    expect(built.stdout.match(/no SEARCH_KEY set/g)).toHaveLength(1)
    expect(built.stdout).toContain('Skipped extension search: no SEARCH_KEY set\n')
    expect(built.stderr).toBe('')
    const listed = sheaf(['extensions'], { cwd: root })
    expect(listed.stdout).toContain('Disabled:\n  - search 3.0.0  (from sheaf.config.mjs (extensions)): no SEARCH_KEY set\n')
  })

  it('runs core and markdown only under --safe', async () => {
    const root = makeSite({ 'content/index.md': '# Hi\n', 'ext/a.mjs': "export default { name: 'a', setup() { throw new Error('must not run') } }\n" })
    const instance = await createSheaf({ root, safe: true, config: { extensions: ['./ext/a.mjs'] } })
    expect(instance.extensions.map((e) => e.name)).toEqual(['@sheaf/markdown'])
    expect(instance.themes).toEqual([])
  })
})
