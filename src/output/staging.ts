import { copyFileSync, existsSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { sheafVersion } from '../package-info.js'
import { folderMaker } from './folders.js'
import { isWithin, outputMarker } from './out-dir.js'

/**
 * A build writes into a staging folder beside the output folder, and only a
 * build that succeeded swaps it in; a failed one discards it. The previous
 * output stays as it was until the swap, which is two renames on one file system.
 */
export class Staging {
  readonly dir: string
  readonly out: string

  private constructor(dir: string, out: string) {
    this.dir = dir
    this.out = out
  }

  static async create(out: string): Promise<Staging> {
    const parent = dirname(out)
    await mkdir(parent, { recursive: true })
    const dir = await mkdtemp(join(parent, `.${basename(out)}.sheaf-tmp-`))
    return new Staging(dir, out)
  }

  /** The absolute path for an output path, refusing any that would leave the output folder. */
  pathFor(outPath: string): string {
    const target = resolve(this.dir, outPath)
    if (!isWithin(target, this.dir) || target === this.dir) {
      throw new Error(`Refusing to write ${JSON.stringify(outPath)}: it is outside the output folder`)
    }
    return target
  }

  private readonly makeFolder = folderMaker()

  async write(outPath: string, contents: string | Uint8Array): Promise<void> {
    const target = this.pathFor(outPath)
    this.makeFolder(dirname(target))
    writeFileSync(target, contents)
  }

  async copy(from: string, outPath: string): Promise<void> {
    const target = this.pathFor(outPath)
    this.makeFolder(dirname(target))
    copyFileSync(from, target)
  }

  /** Swap the staging folder in as the output folder. */
  async publish(): Promise<void> {
    await writeFile(join(this.dir, outputMarker), JSON.stringify({ generator: 'sheaf', version: sheafVersion }) + '\n')
    if (!existsSync(this.out)) {
      await rename(this.dir, this.out)
      return
    }
    const old = await mkdtemp(join(dirname(this.out), `.${basename(this.out)}.sheaf-old-`))
    await rm(old, { recursive: true })
    await rename(this.out, old)
    try {
      await rename(this.dir, this.out)
    } catch (error) {
      await rename(old, this.out)
      throw error
    }
    await rm(old, { recursive: true, force: true })
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
