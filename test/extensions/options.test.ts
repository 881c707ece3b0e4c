import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as v from 'valibot'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { build, createSheaf, defineExtension, renderMarkdown } from '../support/guarded.js'
import { makeSite, sheaf } from '../support/sites.js'

const read = (root: string, path: string): string => readFileSync(join(root, '_site', path), 'utf8')

/** An extension that declares its options with `schema` and writes what setup was given to `options.json`. */
const recording = (schema: unknown) =>
  defineExtension({
    name: 'recording',
    optionsSchema: schema as never,
    setup(app, options) {
      app.addGenerator({ name: 'options', generate: () => [{ path: 'options.json', contents: JSON.stringify(options ?? null) }] })
    },
  })

describe('optionsSchema: Sheaf checks an extension’s options before setup', () => {
  const valibotSchema = v.optional(
    v.strictObject({
      title: v.optional(v.string('expected text'), 'Blog'),
      perPage: v.optional(v.pipe(v.number('expected a whole number'), v.integer('expected a whole number')), 10),
      feed: v.optional(v.strictObject({ atom: v.optional(v.boolean('expected true or false')) })),
    }),
    {},
  )
  const zodSchema = z.strictObject({ title: z.string().optional(), perPage: z.number().int().optional() }).optional()

  it('hands setup the validated value, with the schema’s defaults', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    await build({ root, config: { extensions: [recording(valibotSchema)] } })
    expect(read(root, 'options.json')).toBe('{"title":"Blog","perPage":10}')
    await build({ root, config: { extensions: [[recording(valibotSchema), { perPage: 5 }]] } })
    expect(read(root, 'options.json')).toBe('{"title":"Blog","perPage":5}')
  })

  it('names an undeclared option with the nearest declared one, for valibot and zod schemas, nested too', async () => {
    for (const schema of [valibotSchema, zodSchema]) {
      await expect(createSheaf({ config: { extensions: [[recording(schema), { titel: 'News' }]] }, discover: false, theme: false })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: 'Extension "recording": no option `titel`. Did you mean `title`?',
      })
    }
    await expect(createSheaf({ config: { extensions: [[recording(valibotSchema), { feed: { atmo: true } }]] }, discover: false, theme: false })).rejects.toMatchObject({
      message: 'Extension "recording": no option `feed.atmo`. Did you mean `feed.atom`?',
    })
    await expect(createSheaf({ config: { extensions: [[recording(valibotSchema), { colour: 'red' }]] }, discover: false, theme: false })).rejects.toMatchObject({
      message: 'Extension "recording": no option `colour`. Its options are `title`, `perPage`, `feed`.',
    })
  })

  it('reports every problem of every extension at once, before any setup runs', async () => {
    let setUp = false
    const other = defineExtension({ name: 'other', optionsSchema: v.strictObject({ on: v.boolean('expected true or false') }, 'expected an object such as { on: true }'), setup: () => void (setUp = true) })
    await expect(
      createSheaf({ config: { extensions: [other, [recording(valibotSchema), { titel: 'x', perPage: 'ten' }]] }, discover: false, theme: false }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: [
        'The config has 3 problems:',
        'Extension "other": needs options, and none are given (expected an object such as { on: true }): give them as [name, { … }] in the config.',
        'Extension "recording": option `perPage`: expected a whole number, not "ten".',
        'Extension "recording": no option `titel`. Did you mean `title`?',
      ].join('\n'),
    })
    expect(setUp).toBe(false)
  })

  it('checks the options of first-party extensions: a typo and a wrong type in @sheaf/blog fail the build at the config file', () => {
    const root = makeSite({
      'sheaf.config.mjs': "export default { extensions: [['@sheaf/blog', { titel: 'News', perPage: 'ten' }]] }\n",
      'content/index.md': '# Home\n',
    })
    const result = sheaf(['build', root])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(root, 'sheaf.config.mjs')}`)
    expect(result.stderr).toContain('Extension "@sheaf/blog": option `perPage`: expected a whole number, not "ten".')
    expect(result.stderr).toContain('Extension "@sheaf/blog": no option `titel`. Did you mean `title`?')
  })

  it('checks a theme’s options, given as theme: [name, options]', async () => {
    const theme = {
      name: 'opt-theme',
      optionsSchema: v.optional(v.strictObject({ accent: v.optional(v.string('expected a colour'), 'teal') }), {}),
      layouts: { page: () => '<p>page</p>' },
      setup(app: { addGenerator: (g: unknown) => void }, options: unknown) {
        app.addGenerator({ name: 'theme-options', generate: () => [{ path: 'theme.json', contents: JSON.stringify(options) }] })
      },
    }
    const root = makeSite({
      'content/index.md': '# Home\n',
      'theme/index.mjs': `export default { name: 'opt-theme', optionsSchema: undefined, layouts: { page: () => '<p>page</p>' } }\n`,
    })
    await build({ root, config: { theme: './theme/index.mjs' } })
    await expect(createSheaf({ root, config: { theme: ['./theme/index.mjs', { accent: 'red' }] } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'Theme "opt-theme" takes no options, but the config gives it some.',
    })
    // A theme object with a schema, through a module that exports it.
    ;(globalThis as { __optTheme?: unknown }).__optTheme = theme
    const root2 = makeSite({ 'content/index.md': '# Home\n', 'theme/index.mjs': 'export default globalThis.__optTheme\n' })
    await build({ root: root2, config: { theme: ['./theme/index.mjs', { accent: 'red' }] } })
    expect(read(root2, 'theme.json')).toBe('{"accent":"red"}')
    await build({ root: root2, config: { theme: './theme/index.mjs' } })
    expect(read(root2, 'theme.json')).toBe('{"accent":"teal"}')
    await expect(createSheaf({ root: root2, config: { theme: ['./theme/index.mjs', { acent: 'red' }] } })).rejects.toMatchObject({
      message: 'Theme "opt-theme": no option `acent`. Did you mean `accent`?',
    })
  })

  it('leaves options alone when an extension declares no schema', async () => {
    expect(await renderMarkdown('# T\n', { extensions: [[defineExtension({ name: 'free', setup() {} }), { anything: 1 }]] })).toBe('<h1>T</h1>')
  })
})
