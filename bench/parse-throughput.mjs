#!/usr/bin/env node
// node bench/parse-throughput.mjs DIR... : in one process, how fast each markdown parser driver reads every
// .md file under each DIR (MB/s, median of --rounds, after one warm-up round), with GFM, front matter and
// directives as a Sheaf build reads them. "fast" is what a build gets: the fast driver, and micromark for
// the documents it hands over. Prints one JSON line per folder. A benchmark, never a test.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromMarkdown } from 'mdast-util-from-markdown'
import remarkDirective from 'remark-directive'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { unified } from 'unified'
import { createFastParser } from '../extensions/markdown/dist/fast/index.js'
import { option } from './arguments.mjs'

const rounds = Number(option('rounds', 5))
const folders = process.argv.slice(2).filter((arg) => !arg.startsWith('--') && arg !== String(rounds))
const data = unified().use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkDirective).freeze().data()
const micromarkOptions = { extensions: data.micromarkExtensions, mdastExtensions: data.fromMarkdownExtensions }
const fast = createFastParser({ gfm: true, frontmatter: true, directive: true, twins: [] })
const drivers = {
  micromark: (text) => fromMarkdown(text, micromarkOptions),
  fast: (text) => fast(text).tree ?? fromMarkdown(text, micromarkOptions),
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

for (const folder of folders) {
  const texts = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => readFileSync(join(folder, name), 'utf8'))
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
  const handedOver = texts.filter((text) => fast(text).bail !== undefined).length
  const result = { folder, documents: texts.length, megabytes: bytes / 1e6, handedOver }
  for (const [name, parse] of Object.entries(drivers)) {
    for (const text of texts) parse(text)
    const seconds = []
    for (let round = 0; round < rounds; round++) {
      const started = performance.now()
      for (const text of texts) parse(text)
      seconds.push((performance.now() - started) / 1000)
    }
    result[name] = bytes / 1e6 / median(seconds)
  }
  result.ratio = result.fast / result.micromark
  console.log(JSON.stringify(result))
}
