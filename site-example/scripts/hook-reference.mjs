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
const configSource = join(repo, 'src/config/schema.ts')
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
      'SyntaxSource',
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
      'FrontMatterFieldSpec',
      'StandardSchema',
      'StandardResult',
      'ValidationMessage',
      'DefinedHook',
      'HookStrategy',
    ],
  ],
  ['What hooks receive', 'The contexts, the page a layout renders, and the site index.', ['HookContext', 'ParseContext', 'SiteContext', 'CommandContext', 'Page', 'Site', 'SiteData', 'SitePage', 'SiteHeading']],
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
    // Symbol-keyed members (vfile's DataMap brand) are not fields anyone sets.
    if (String(member.escapedName).startsWith('__@')) continue
    const memberDeclaration = member.declarations?.[0]
    const signature = memberDeclaration ? signatureOf(memberDeclaration) : member.name
    lines.push(`| \`${cell(signature).replace(/`/g, "'")}\` | ${cell(docOf(member, checker)) || ' '} |`)
  }
  return lines
}

/** The page's markdown. */
export function generateReference() {
  const program = ts.createProgram([source, configSource], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true })
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
  out.push(...dataAndConfig(program, checker, file))
  return out.join('\n').replace(/\n+$/, '\n')
}

/** A table of a type's properties: each as `name: type`, with its TSDoc. */
function propertyTable(type, checker, at) {
  const lines = ['| Field | Description |', '| ----- | ----------- |']
  for (const property of checker.getPropertiesOfType(type)) {
    const shown = checker.typeToString(checker.getTypeOfSymbolAtLocation(property, at), at, ts.TypeFormatFlags.NoTruncation)
    lines.push(`| \`${cell(`${property.name}: ${shown}`).replace(/`/g, "'")}\` | ${cell(docOf(property, checker)) || ' '} |`)
  }
  return lines
}

/** What core puts in `file.data` (its `vfile` DataMap), and the resolved config (from the config schema). */
function dataAndConfig(program, checker, file) {
  const out = ['## Document data and config', '', 'What core keeps in every document\'s `file.data`, and the config every hook reads as `ctx.config`.', '']
  const vfile = file.statements.find((statement) => ts.isModuleDeclaration(statement) && statement.name.text === 'vfile')
  const dataMap = vfile?.body?.statements.find((statement) => ts.isInterfaceDeclaration(statement) && statement.name.text === 'DataMap')
  if (!dataMap) throw new Error('hook-reference: the vfile DataMap of src/extensions/types.ts is not found')
  out.push('### file.data', '', "Fields core sets on every document's `file.data` (a `vfile` `DataMap`; extensions add theirs with `declare module 'vfile'`).", '')
  out.push(...describeInterface(checker.getSymbolAtLocation(dataMap.name), checker, dataMap), '')
  const configFile = program.getSourceFile(configSource)
  const resolved = checker.getExportsOfModule(checker.getSymbolAtLocation(configFile)).find((symbol) => symbol.name === 'ResolvedConfig')
  if (!resolved) throw new Error('hook-reference: ResolvedConfig is not exported from src/config/schema.ts')
  out.push('### ResolvedConfig', '', 'The config as hooks see it (`ctx.config`, `app.config`): the config file\'s keys with their defaults, the folders resolved, frozen.', '')
  out.push(...propertyTable(checker.getDeclaredTypeOfSymbol(resolved), checker, configFile), '')
  return out
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
