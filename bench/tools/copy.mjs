// Plain file copy: every page's source read and written to the output path Sheaf gives the page
// (`a/b.md` -> `a/b/index.html`), with no processing: the file-system work any build of the corpus pays.
// node copy.mjs <content dir> <out dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { glob } from 'tinyglobby'

const [content, out] = process.argv.slice(2)
for (const rel of (await glob(['**/*.md'], { cwd: content })).sort()) {
  const target = join(out, rel === 'index.md' ? 'index.html' : rel.replace(/(?:\/index)?\.md$/, '/index.html'))
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, readFileSync(join(content, rel)))
}
