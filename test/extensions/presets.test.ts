import { describe, expect, it } from 'vitest'
import { article } from '../support/build.js'
import { build, createSheaf, definePreset, defineExtension, renderMarkdown, type Extension } from '../support/guarded.js'
import { installSite } from '../support/sites.js'


let setups: string[] = []
const word = (name: string): Extension<{ word?: string } | undefined> =>
  defineExtension<{ word?: string } | undefined>({
    name,
    setup(app, options) {
      setups.push(name)
      app.addTransform({
        name,
        stage: 'mdast',
        run(tree) {
          tree.children.push({ type: 'paragraph', children: [{ type: 'text', value: `${name}=${options?.word ?? '-'}` }] })
        },
      })
    },
  })

const alpha = word('alpha')
const beta = word('beta')

describe('presets', () => {
  it('compose, and set up each extension once however many presets include it', async () => {
    setups = []
    const base = definePreset({ name: 'base', extensions: [alpha as Extension<never>] })
    const docs = definePreset({ name: 'docs', presets: [base], extensions: [alpha as Extension<never>, beta as Extension<never>] })
    const blog = definePreset({ name: 'blog', presets: [base] })
    expect(await renderMarkdown('', { extensions: [docs, blog] })).toBe('<p>alpha=-</p>\n<p>beta=-</p>')
    expect(setups).toEqual(['alpha', 'beta'])
  })

  it('pass options to their members', async () => {
    const docs = definePreset({ name: 'docs', extensions: [[alpha as Extension<never>, { word: 'one' }]], options: { beta: { word: 'two' } } })
    const withBeta = definePreset({ name: 'with-beta', presets: [docs], extensions: [beta as Extension<never>] })
    expect(await renderMarkdown('', { extensions: [withBeta] })).toBe('<p>alpha=one</p>\n<p>beta=-</p>')
    expect(await renderMarkdown('', { extensions: [docs, beta] })).toBe('<p>alpha=one</p>\n<p>beta=-</p>')
  })

  it('refuse two presets that give one extension different options, naming both', async () => {
    const one = definePreset({ name: 'one', extensions: [[alpha as Extension<never>, { word: 'x' }]] })
    const two = definePreset({ name: 'two', extensions: [[alpha as Extension<never>, { word: 'y' }]] })
    await expect(renderMarkdown('', { extensions: [one, two] })).rejects.toMatchObject({
      code: 'EXTENSION_INVALID',
      message: 'Presets one and two give extension "alpha" different options.',
    })
    const same = definePreset({ name: 'same', extensions: [[alpha as Extension<never>, { word: 'x' }]] })
    expect(await renderMarkdown('', { extensions: [one, same] })).toBe('<p>alpha=x</p>')
  })

  it('let the user config override preset options, which also settles a conflict', async () => {
    const one = definePreset({ name: 'one', extensions: [[alpha as Extension<never>, { word: 'x' }]] })
    const two = definePreset({ name: 'two', extensions: [[alpha as Extension<never>, { word: 'y' }]] })
    expect(await renderMarkdown('', { extensions: [one, two, [alpha, { word: 'mine' }]] })).toBe('<p>alpha=mine</p>')
  })

  it('let the user config remove a member with false', async () => {
    const docs = definePreset({ name: 'docs', extensions: [alpha as Extension<never>, beta as Extension<never>] })
    expect(await renderMarkdown('', { extensions: [docs, ['beta', false]] })).toBe('<p>alpha=-</p>')
  })

  it('name themselves as who asked when a member cannot be found', async () => {
    const docs = definePreset({ name: 'docs', extensions: ['sheaf-ext-not-there'] })
    await expect(renderMarkdown('', { extensions: [docs] })).rejects.toMatchObject({
      code: 'EXTENSION_NOT_FOUND',
      message: expect.stringMatching(/^Extension "sheaf-ext-not-there" asked for by the preset docs, in the config \(extensions\) was not found\. Looked in:\n/),
    })
  })

  it('come from installed packages, with members resolved inside the preset package', async () => {
    const root = installSite({ 'content/index.md': 'Body\n' }, { 'sheaf-preset-fixture': 'sheaf-preset-fixture' })
    await build({ root })
    expect(article(root)).toBe('<p>stamp:none</p>\n<p>Body</p>\n<p>footer:from the preset</p>')
    const instance = await createSheaf({ root })
    expect(instance.extensions.find((e) => e.name === 'footer')?.origin).toEqual({
      kind: 'preset',
      preset: 'sheaf-preset-fixture',
      via: { kind: 'package', package: 'sheaf-preset-fixture' },
    })
    await build({ root, config: { extensions: [['stamp', { mark: 'user' }], ['footer', false]] } })
    expect(article(root)).toBe('<p>stamp:user</p>\n<p>Body</p>')
  })
})
