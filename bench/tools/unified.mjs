// The baseline: a bare unified pipeline, single-threaded, over every page of a corpus.
// node unified.mjs <content dir> <out dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import rehypeStringify from 'rehype-stringify'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { glob } from 'tinyglobby'
import { unified } from 'unified'

const [content, out] = process.argv.slice(2)
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkRehype).use(rehypeStringify)
for (const rel of (await glob(['**/*.md'], { cwd: content })).sort()) {
  const html = String(await processor.process(readFileSync(join(content, rel), 'utf8')))
  const target = join(out, rel.replace(/\.md$/, '.html'))
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, html)
}
