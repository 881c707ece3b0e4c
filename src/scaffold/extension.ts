import { dependencySpecs } from './install-source.js'
import { json, sheafRange, type ScaffoldFiles } from './write.js'

/** The key a package's extension gets in its `"sheaf"` field: its name without scope and `sheaf-` prefix. */
const shortName = (name: string): string => name.replace(/^@[^/]+\//, '').replace(/^sheaf-(ext(ension)?-)?/, '') || 'extension'

/**
 * A ready extension package: TypeScript source using `defineExtension`, a
 * package.json that Sheaf discovers (the `"sheaf"` field, the
 * `sheaf-extension` keyword, `sheaf` as a peer dependency), a build, a test
 * that uses `sheaf/testing`, and a readme with the standard sections.
 */
export function extensionFiles(name: string): ScaffoldFiles {
  const range = sheafRange()
  const key = shortName(name)
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      description: `${key}: an extension for Sheaf`,
      type: 'module',
      license: 'MIT',
      keywords: ['sheaf-extension', 'sheaf'],
      engines: { node: '>=20.19' },
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
      types: './dist/index.d.ts',
      files: ['dist'],
      sheaf: { extensions: { [key]: './dist/index.js' } },
      scripts: { build: 'tsc -p tsconfig.build.json', test: 'vitest run', prepack: 'npm run build' },
      peerDependencies: { sheaf: range },
      dependencies: { valibot: '^1.5.0' },
      devDependencies: {
        '@types/hast': '^3.0.4',
        '@types/node': '^20.19.0',
        // Where this Sheaf came from: a version range from the registry, else its folder (see dependencySpecs).
        ...dependencySpecs(['sheaf']),
        typescript: '~5.9.0',
        // For the types of file.data (declare module 'vfile' below); the same vfile sheaf uses.
        vfile: '^6.0.0',
        vitest: '^4.0.0',
      },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        declaration: true,
        rootDir: '.',
        outDir: 'dist',
        types: ['node'],
      },
      include: ['src', 'test'],
    }),
    'tsconfig.build.json': json({ extends: './tsconfig.json', compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] }),
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import { createRequire } from 'node:module'
import type { Element, Root, RootContent } from 'hast'
import { defineExtension } from 'sheaf'
import * as v from 'valibot'

declare module 'vfile' {
  interface DataMap {
    /** Minutes this page takes to read, set by ${name}. */
    readingTime: number
  }
}

/**
 * The options, checked by Sheaf before setup: a key not declared here is an
 * error naming the nearest one, and a wrong value is an error naming the option.
 */
export const optionsSchema = v.optional(
  v.strictObject({
    /** Words read per minute (default 200). */
    wordsPerMinute: v.optional(v.pipe(v.number('expected a number'), v.minValue(1, 'expected a number above 0')), 200),
  }),
  {},
)
export type ReadingTimeOptions = v.InferInput<typeof optionsSchema>

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

/** The words of a hast tree's text. */
function countWords(node: Root | RootContent): number {
  if (node.type === 'text') return node.value.split(/\\s+/).filter(Boolean).length
  return 'children' in node ? node.children.reduce((sum: number, child) => sum + countWords(child), 0) : 0
}

/**
 * ${name}. What \`sheaf new extension\` wrote here is an example to start from
 * (a transform, an option, data for layouts): it counts each page's words,
 * keeps the minutes in \`file.data.readingTime\`, and shows them under the
 * first heading. Replace it with what your extension does.
 */
export default defineExtension<v.InferOutput<typeof optionsSchema>>({
  name: ${JSON.stringify(name)},
  version,
  requires: { sheaf: ${JSON.stringify(range)} },
  optionsSchema,
  setup(app, { wordsPerMinute: perMinute }) {
    app.addTransform({
      // Hook names are shared by every extension of a site: this one's start with its key.
      name: '${key}:reading-time',
      stage: 'hast',
      run(tree, file) {
        const minutes = Math.max(1, Math.round(countWords(tree) / perMinute))
        file.data.readingTime = minutes
        const note: Element = {
          type: 'element',
          tagName: 'p',
          properties: { className: ['reading-time'] },
          children: [{ type: 'text', value: \`\${minutes} min read\` }],
        }
        const heading = tree.children.findIndex((node) => node.type === 'element' && node.tagName === 'h1')
        tree.children.splice(heading + 1, 0, note)
      },
    })
  },
})
`,
    'test/index.test.ts': `import { describe, expect, it } from 'vitest'
import { createTestSite, renderMarkdown } from 'sheaf/testing'
import readingTime from '../src/index.js'

const words = (count: number): string => Array.from({ length: count }, () => 'word').join(' ')

describe('reading time', () => {
  it('shows the minutes under the first heading', async () => {
    const html = await renderMarkdown(\`# Title\\n\\n\${words(450)}\\n\`, { extensions: [readingTime] })
    expect(html).toContain('<h1>Title</h1><p class="reading-time">2 min read</p>')
  })

  it('takes the reading speed from its options', async () => {
    const html = await renderMarkdown(\`# Title\\n\\n\${words(450)}\\n\`, { extensions: [[readingTime, { wordsPerMinute: 50 }]] })
    expect(html).toContain('<p class="reading-time">9 min read</p>')
  })

  it('builds a site with it, and runs after the markdown plugins', async () => {
    const site = createTestSite({
      files: { 'content/index.md': '# Home\\n\\nShort.\\n', 'content/guide.md': \`# Guide\\n\\n\${words(1000)}\\n\` },
      extensions: [readingTime],
    })
    try {
      const { ok, pages, messages, hooks } = await site.build()
      expect(ok).toBe(true)
      expect(messages).toEqual([])
      expect(pages['index.html']).toContain('<p class="reading-time">1 min read</p>')
      expect(pages['guide/index.html']).toContain('<p class="reading-time">5 min read</p>')
      expect(hooks.filter((hook) => hook.stage === 'hast').map((hook) => hook.name)).toEqual(['${key}:reading-time'])
    } finally {
      site.remove()
    }
  })

  it('refuses a reading speed that is not a positive number, and an option it does not take, naming them', async () => {
    await expect(renderMarkdown('# Title\\n', { extensions: [[readingTime, { wordsPerMinute: 0 }]] })).rejects.toThrow(
      'Extension "${name}": option \`wordsPerMinute\`: expected a number above 0, not 0.',
    )
    await expect(renderMarkdown('# Title\\n', { extensions: [[readingTime, { wordsPerMinit: 250 }]] })).rejects.toThrow(
      'Extension "${name}": no option \`wordsPerMinit\`. Did you mean \`wordsPerMinute\`?',
    )
  })
})
`,
    'README.md': `# ${name}

## What it is

A [Sheaf](https://www.npmjs.com/package/sheaf) extension. As \`sheaf new
extension\` wrote it, it holds a working example to start from: it shows how
long each page takes to read, under its first heading, and keeps the minutes
in \`file.data.readingTime\` for layouts. Replace the example in
\`src/index.ts\` and its tests with what your extension does, then this
readme's sections and the \`description\` in \`package.json\`.

## When to use it

Say here which sites it is for, and what it saves their authors.

## Install

\`\`\`sh
npm install ${name}
\`\`\`

Sheaf finds it because it is installed: there is nothing to add to the config.

## Use

Build as usual (\`sheaf build\`). Every page gets
\`<p class="reading-time">N min read</p>\` after its first \`<h1>\`.

## Options

| Option | Default | Meaning |
| ------ | ------- | ------- |
| \`wordsPerMinute\` | \`200\` | Words read per minute. |

Set them in the config:

\`\`\`ts
export default defineConfig({ extensions: [['${name}', { wordsPerMinute: 250 }]] })
\`\`\`

## Hooks it registers

| Hook | Stage | What it does |
| ---- | ----- | ------------ |
| transform \`${key}:reading-time\` | hast | Counts the words, sets \`file.data.readingTime\`, adds the note. |

## Compatibility

Sheaf \`${range}\` (checked when Sheaf loads it), Node.js 20.19 or later.

## Development

\`\`\`sh
npm install
npm test         # vitest, with sheaf/testing
npm run build    # dist/
npm pack         # the tarball npm publish would upload
\`\`\`
`,
  }
}
