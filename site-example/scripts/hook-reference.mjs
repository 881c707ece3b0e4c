#!/usr/bin/env node
// The hook reference page, generated from the TSDoc of Sheaf's public types
// (src/extensions/types.ts), so that it cannot drift from the code.
//   node site-example/scripts/hook-reference.mjs          writes the page
//   node site-example/scripts/hook-reference.mjs --check  fails if the page is out of date
//   (--page PATH checks or writes another file instead)
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..')
const source = join(repo, 'src/extensions/types.ts')
export const pagePath = join(repo, 'site-example/content/extensions/reference.md')

/** The sections of the page and the public types in each, in reading order. */
const sections = [
  ['The extension object', 'What an extension module exports (`defineExtension`), and presets and themes.', ['Extension', 'EnabledContext', 'Preset', 'PresetMember', 'Theme']],
  ['Registering hooks', 'The `app` that `setup(app, options)` receives. Every method checks what it is given and throws, naming the extension and the method, when it is wrong.', ['App']],
  [
    'Hook shapes',
    'What each `app.add…` method takes.',
    [
      'ParserHook',
      'TransformHook',
      'MdastTransform',
      'HastTransform',
      'SiteTransform',
      'TransformStage',
      'OrderHints',
      'ListenOptions',
      'DocumentBody',
      'ParseMarkdownOptions',
      'HookOrder',
      'UnifiedPlugin',
      'LazyPlugin',
      'PluginRegistration',
      'DirectiveHook',
      'DirectiveNode',
      'Layout',
      'GeneratorHook',
      'GeneratedPage',
      'GeneratedFile',
      'AssetSpec',
      'AssetLink',
      'CommandHook',
      'ConfigKeySpec',
      'StandardSchema',
      'StandardResult',
      'ValidationMessage',
      'DefinedHook',
      'HookStrategy',
    ],
  ],
  ['What hooks receive', 'The contexts, the page a layout renders, and the site index.', ['HookContext', 'ParseContext', 'SiteContext', 'CommandContext', 'Page', 'Site', 'SitePage', 'SiteHeading']],
  ['Events', 'The lifecycle events `app.on(event, handler)` listens to, with their arguments.', ['SheafEvents', 'EventHandler']],
]

const oneLine = (text) => text.replace(/\s+/g, ' ').trim()
const cell = (text) => oneLine(text).replace(/\|/g, '\\|')

function docOf(symbol, checker) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker))
  const tags = symbol
    .getJsDocTags(checker)
    .filter((tag) => tag.name !== 'internal')
    .map((tag) => `*@${tag.name}* ${ts.displayPartsToString(tag.text ?? [])}`.trim())
  return [text, ...tags].filter(Boolean).join(' ')
}

/** A member's declaration as written, without its doc comment and trailing separator. */
function signatureOf(declaration) {
  return oneLine(declaration.getText()).replace(/[;,]$/, '')
}

function describeInterface(symbol, checker, declaration) {
  const type = checker.getDeclaredTypeOfSymbol(symbol)
  const lines = []
  const heritage = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types.map((node) => `\`${oneLine(node.getText())}\``))
  if (heritage.length > 0) lines.push(`Extends ${heritage.join(', ')}; inherited members are listed too.`, '')
  const members = checker.getPropertiesOfType(type)
  if (members.length === 0) return lines
  lines.push('| Member | Description |', '| ------ | ----------- |')
  for (const member of members) {
    const memberDeclaration = member.declarations?.[0]
    const signature = memberDeclaration ? signatureOf(memberDeclaration) : member.name
    lines.push(`| \`${cell(signature).replace(/`/g, "'")}\` | ${cell(docOf(member, checker)) || ' '} |`)
  }
  return lines
}

/** The page's markdown. */
export function generateReference() {
  const program = ts.createProgram([source], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true })
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(source)
  const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(file)).map((symbol) => [symbol.name, symbol]))
  const listed = new Set(sections.flatMap(([, , names]) => names))
  const missing = [...exported.keys()].filter((name) => !listed.has(name))
  if (missing.length > 0) throw new Error(`hook-reference: public types not placed in a section: ${missing.join(', ')}`)

  const out = [
    '---',
    'title: Hook reference',
    'order: 5',
    '---',
    '',
    '# Hook reference',
    '',
    'Every public type an extension works with, generated from the TSDoc comments',
    'of `src/extensions/types.ts` by `npm run docs:reference` (a test fails when',
    'this page and the code disagree). [Writing extensions](writing-extensions.md)',
    'walks through them with an example; [hooks](hooks.md) explains the patterns.',
    '',
  ]
  for (const [title, intro, names] of sections) {
    out.push(`## ${title}`, '', intro, '')
    for (const name of names) {
      const symbol = exported.get(name)
      if (!symbol) throw new Error(`hook-reference: ${name} is not exported from src/extensions/types.ts`)
      const declaration = symbol.declarations[0]
      out.push(`### ${name}`, '')
      const doc = docOf(symbol, checker)
      if (doc) out.push(oneLine(doc), '')
      if (ts.isInterfaceDeclaration(declaration)) {
        const body = describeInterface(symbol, checker, declaration)
        if (body.length > 0) out.push(...body, '')
      } else {
        out.push('```ts', declaration.getText().replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').replace(/^export /, ''), '```', '')
      }
    }
  }
  return out.join('\n').replace(/\n+$/, '\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const page = generateReference()
  const at = process.argv.indexOf('--page')
  const target = at === -1 ? pagePath : process.argv[at + 1]
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== page) {
      console.error(`${target} is out of date: run npm run docs:reference.`)
      process.exit(1)
    }
  } else {
    writeFileSync(target, page)
    console.log(`Wrote ${target}`)
  }
}
