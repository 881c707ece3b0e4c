import { readFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** The folder of Sheaf's own package.json (this file lives in `src/` or `dist/`). */
export const sheafRoot = dirname(here)

/** The module that `import … from 'sheaf'` means inside configs and local extensions. */
export const sheafEntry = join(here, `index${extname(fileURLToPath(import.meta.url))}`)

interface SheafPackageJson {
  version: string
  sheaf?: { extensions?: Record<string, string> }
}

export const sheafPackage = JSON.parse(readFileSync(join(sheafRoot, 'package.json'), 'utf8')) as SheafPackageJson

export const sheafVersion = sheafPackage.version
