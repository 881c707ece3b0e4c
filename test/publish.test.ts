import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, BuildFailedError, type BuildOptions, type Extension, type SheafError } from './support/guarded.js'
import { makeSite, snapshotDir } from './support/sites.js'

const quiet = (options: BuildOptions): BuildOptions => ({ ...options, onLog: () => {} })

/** Each output file's inode and modification time: a file left in place keeps both. */
function identities(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const stat = statSync(path)
    out[path.slice(dir.length + 1)] = `${stat.ino}:${stat.mtimeMs}`
  }
  return out
}

/** The output of a build from nothing, for comparison. */
async function freshOutput(root: string): Promise<Record<string, string>> {
  const out = join(root, '_fresh')
  await build(quiet({ root, out, cache: false }))
  const snapshot = snapshotDir(out)
  rmSync(out, { recursive: true })
  return snapshot
}

describe('publishing into an output folder a build wrote before', () => {
  it('writes only the files that changed, removes the ones no longer written, and leaves the rest alone', async () => {
    const root = makeSite({
      'content/index.md': '# Home\n\n[A](a.md) and [B](b.md).\n',
      'content/a.md': '# A\n',
      'content/b.md': '# B\n\nFirst text.\n',
      'public/robots.txt': 'User-agent: *\n',
    })
    const site = join(root, '_site')
    expect((await build(quiet({ root }))).stats.written).toBe(7)
    const before = identities(site)
    writeFileSync(join(site, 'CNAME'), 'docs.example.org\n') // someone else's file

    writeFileSync(join(root, 'content/b.md'), '# B\n\nSecond text.\n')
    const edited = await build(quiet({ root }))
    expect(edited.stats).toMatchObject({ read: 1, rendered: 1, reused: 2, written: 1 })
    const after = identities(site)
    for (const path of Object.keys(before)) {
      if (path === 'b/index.html') expect(after[path]).not.toBe(before[path])
      else expect(after[path], path).toBe(before[path])
    }
    const { CNAME, ...output } = snapshotDir(site)
    expect(Buffer.from(CNAME!, 'base64').toString()).toBe('docs.example.org\n')
    expect(output).toEqual(await freshOutput(root))

    // A source that is gone takes its page and its emptied folder with it; the other file stays.
    rmSync(join(root, 'content/b.md'))
    writeFileSync(join(root, 'content/index.md'), '# Home\n\n[A](a.md).\n')
    await build(quiet({ root }))
    expect(existsSync(join(site, 'b'))).toBe(false)
    expect(existsSync(join(site, 'CNAME'))).toBe(true)
    const { CNAME: kept, ...smaller } = snapshotDir(site)
    expect(kept).toBeDefined()
    expect(smaller).toEqual(await freshOutput(root))
  })

  it('puts back an output file that was edited or deleted by hand', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    const good = snapshotDir(site)
    writeFileSync(join(site, 'a/index.html'), 'defaced')
    rmSync(join(site, 'index.html'))
    const again = await build(quiet({ root }))
    expect(again.stats).toMatchObject({ read: 0, reused: 2, written: 2 })
    expect(snapshotDir(site)).toEqual(good)
  })

  it('leaves the output and its record as they were when a build fails', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    const good = snapshotDir(site)
    const ids = identities(site)
    writeFileSync(join(root, 'content/a.md'), '# A again\n')
    writeFileSync(join(root, 'content/broken.md'), '---\ntitle: [unclosed\n---\n# Broken\n')
    await expect(build(quiet({ root }))).rejects.toBeInstanceOf(BuildFailedError)
    expect(snapshotDir(site)).toEqual(good)
    expect(identities(site)).toEqual(ids)
    expect(readdirSync(root).filter((name) => name.includes('sheaf-tmp'))).toEqual([])

    // The next good build still publishes in place: only the edited page is written.
    rmSync(join(root, 'content/broken.md'))
    expect((await build(quiet({ root }))).stats.written).toBe(1)
  })

  it('swaps in a whole folder after a publish that was cut short, or without a cache', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    const good = snapshotDir(site)
    const [record] = readdirSync(join(root, '.sheaf/cache/outputs')).map((name) => join(root, '.sheaf/cache/outputs', name))
    const out = (JSON.parse(readFileSync(record!, 'utf8')) as { out: string }).out
    expect(out).toBe(site)

    // As a build killed while moving files in leaves it: the record says so, and the marker lists the page it was adding.
    const marker = join(site, '.sheaf-build')
    const listed = JSON.parse(readFileSync(marker, 'utf8')) as { files: string[] }
    writeFileSync(record!, JSON.stringify({ out, publishing: true }))
    writeFileSync(marker, JSON.stringify({ ...listed, files: [...listed.files, 'stray/index.html'] }) + '\n')
    mkdirSync(join(site, 'stray'))
    writeFileSync(join(site, 'stray/index.html'), 'left over')
    const whole = await build(quiet({ root }))
    expect(whole.stats.written).toBe(5)
    expect(snapshotDir(site)).toEqual(good)

    // Without a cache there is no record: the whole folder is swapped in, and it is the same.
    const uncached = await build(quiet({ root, cache: false }))
    expect(uncached.stats.written).toBe(5)
    expect(snapshotDir(site)).toEqual(good)
  })

  it('never touches a file outside the output folder that a planted record names, and publishes the site whole', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n', 'content/gone.md': '# Gone\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    // Files outside the output folder (a source among them), named by keys a CI cache or an archive could carry.
    const outside = join(dirname(root), `victim-${basename(root)}`)
    mkdirSync(outside)
    const victims = { [join(outside, 'victim.txt')]: 'keep me\n', [join(outside, 'absolute.txt')]: 'keep me too\n', [join(root, 'content/a.md')]: '# A\n' }
    for (const [victim, text] of Object.entries(victims)) writeFileSync(victim, text)
    const [record] = readdirSync(join(root, '.sheaf/cache/outputs')).map((name) => join(root, '.sheaf/cache/outputs', name))
    const planted = JSON.parse(readFileSync(record!, 'utf8')) as { out: string; files: Record<string, unknown> }
    const entry = Object.values(planted.files)[0]
    for (const key of [`../../${basename(outside)}/victim.txt`, join(outside, 'absolute.txt'), '../content/a.md', 'gone/../../content/a.md']) planted.files[key] = entry
    writeFileSync(record!, JSON.stringify(planted))
    const untouched = (): void => {
      for (const [victim, text] of Object.entries(victims)) expect(readFileSync(victim, 'utf8'), victim).toBe(text)
    }

    // A page removed: its output goes, and nothing else does.
    rmSync(join(root, 'content/gone.md'))
    await build(quiet({ root }))
    untouched()
    expect(existsSync(join(site, 'gone'))).toBe(false)
    expect(snapshotDir(site)).toEqual(await freshOutput(root))

    // A record whose files are not a table of records is set aside the same way.
    writeFileSync(record!, JSON.stringify({ out: site, files: [`../../${basename(outside)}/victim.txt`] }))
    writeFileSync(join(root, 'content/index.md'), '# Home again\n')
    await build(quiet({ root }))
    untouched()
    expect(snapshotDir(site)).toEqual(await freshOutput(root))
  })

  it('never deletes or writes through a symbolic link someone put in the output folder', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/gone.md': '# Gone\n', 'content/docs/a.md': '# A\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    const outside = join(dirname(root), `victim-${basename(root)}`)
    mkdirSync(outside)
    writeFileSync(join(outside, 'victim.txt'), 'keep me\n')

    // A link to another folder, and a record and marker (both can be planted) that list a file through it.
    symlinkSync(outside, join(site, 'link'))
    const [record] = readdirSync(join(root, '.sheaf/cache/outputs')).map((name) => join(root, '.sheaf/cache/outputs', name))
    const planted = JSON.parse(readFileSync(record!, 'utf8')) as { files: Record<string, unknown> }
    planted.files['link/victim.txt'] = Object.values(planted.files)[0]
    writeFileSync(record!, JSON.stringify(planted))
    const marker = JSON.parse(readFileSync(join(site, '.sheaf-build'), 'utf8')) as { files: string[] }
    marker.files.push('link/victim.txt')
    writeFileSync(join(site, '.sheaf-build'), JSON.stringify(marker))
    rmSync(join(root, 'content/gone.md'))
    await build(quiet({ root }))
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('keep me\n')
    expect(existsSync(join(site, 'gone'))).toBe(false)
    expect(readlinkSync(join(site, 'link'))).toBe(outside)
    rmSync(join(site, 'link'))

    // A folder Sheaf writes into, replaced by a link to elsewhere: the build fails, naming the link, and writes nothing there.
    rmSync(join(site, 'docs'), { recursive: true })
    symlinkSync(outside, join(site, 'docs'))
    writeFileSync(join(root, 'content/docs/a.md'), '# A, changed\n')
    for (const cache of [true, false]) {
      const failure = await build(quiet({ root, cache })).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(BuildFailedError)
      const messages = (failure as BuildFailedError).result.messages.filter((message) => message.ruleId === 'output-foreign')
      expect(messages.map((message) => [message.file, message.reason, message.fatal])).toEqual([
        [join(root, 'content/docs/a.md'), `docs/a.md writes docs/a/index.html, but ${join(site, 'docs')} is a symbolic link Sheaf did not make, and Sheaf does not write through one; move it out of the output folder (or delete it) and build again`, true],
      ])
      expect(readdirSync(outside)).toEqual(['victim.txt'])
    }
    rmSync(join(site, 'docs'))
    await build(quiet({ root }))
    expect(snapshotDir(site)).toEqual(await freshOutput(root))
  })

  it('does not publish over a build that published into the same folder while it ran', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    writeFileSync(join(root, 'content/a.md'), '# A, changed\n')
    // The first build waits in a transform until the second has published.
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const waiting = { name: 'gate', setup: (app: Parameters<Extension['setup']>[0]) => app.addTransform({ name: 'gate', stage: 'mdast', run: () => gate }) }
    const first = build(quiet({ root, workers: 1, config: { extensions: [waiting] } })).catch((error: unknown) => error)
    await build(quiet({ root, workers: 1 }))
    const published = snapshotDir(site)
    release()
    const failure = (await first) as SheafError
    expect(failure.code).toBe('OUTPUT_CHANGED')
    expect(failure.message).toBe(`Another build published into ${site} while this one ran, so this build's output was not published: files it kept from the output as it found it may be that build's now.`)
    expect(snapshotDir(site)).toEqual(published)
    expect(readdirSync(root).filter((name) => name.includes('.sheaf-'))).toEqual([])
  })

  it('removes a removed page after a build without the cache changed the output behind the record', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const site = join(root, '_site')
    await build(quiet({ root }))
    writeFileSync(join(site, 'CNAME'), 'docs.example.org\n') // someone else's file
    writeFileSync(join(root, 'content/temp.md'), '# T\n')
    await build(quiet({ root, cache: false }))
    expect(existsSync(join(site, 'temp/index.html'))).toBe(true)
    rmSync(join(root, 'content/temp.md'))
    await build(quiet({ root }))
    expect(existsSync(join(site, 'temp'))).toBe(false)
    expect(readFileSync(join(site, 'CNAME'), 'utf8')).toBe('docs.example.org\n')
    rmSync(join(site, 'CNAME'))
    expect(snapshotDir(site)).toEqual(await freshOutput(root))
  })

  it("fails a build whose page would replace a file Sheaf did not write, naming both, with or without the cache", async () => {
    for (const cache of [true, false]) {
      const root = makeSite({ 'content/index.md': '# Home\n' })
      const site = join(root, '_site')
      await build(quiet({ root, cache }))
      mkdirSync(join(site, 'notes'))
      writeFileSync(join(site, 'notes/index.html'), 'USER\n')
      writeFileSync(join(root, 'content/notes.md'), '# N\n')
      const before = snapshotDir(site)
      const failure = await build(quiet({ root, cache })).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(BuildFailedError)
      const messages = (failure as BuildFailedError).result.messages.filter((message) => message.ruleId === 'output-foreign')
      expect(messages.map((message) => [message.file, message.reason, message.fatal])).toEqual([
        [join(root, 'content/notes.md'), `notes.md writes notes/index.html, but ${join(site, 'notes/index.html')} is a file Sheaf did not write; move it out of the output folder (or delete it) and build again`, true],
      ])
      expect(snapshotDir(site)).toEqual(before)
      // Once it is moved out, the page is published.
      rmSync(join(site, 'notes'), { recursive: true })
      await build(quiet({ root, cache }))
      expect(readFileSync(join(site, 'notes/index.html'), 'utf8')).toContain('<h1')
    }
  })

  it('makes the output folder and its files as any tool would under the umask (755 and 644 under 022), with or without the cache', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    const previous = process.umask(0o022)
    try {
      for (const cache of [true, false, true]) {
        writeFileSync(join(root, 'content/a.md'), `# A ${String(cache)}\n`)
        await build(quiet({ root, cache }))
        const modes = Object.fromEntries(['', 'a', '_sheaf', 'index.html', 'a/index.html'].map((path) => [path, (statSync(join(site, path)).mode & 0o777).toString(8)]))
        expect(modes).toEqual({ '': '755', a: '755', _sheaf: '755', 'index.html': '644', 'a/index.html': '644' })
      }
    } finally {
      process.umask(previous)
    }
  })

  it('builds into the folder an output folder that is a symbolic link points to, and keeps the link', async () => {
    const root = makeSite({ 'content/index.md': '# Home\n', 'content/a.md': '# A\n' })
    const site = join(root, '_site')
    const www = join(dirname(root), `www-${basename(root)}`)
    const target = join(www, 'docs') // not there yet: made by the first build
    symlinkSync(target, site, 'dir')
    for (const [round, cache] of [[1, true], [2, true], [3, false]] as const) {
      writeFileSync(join(root, 'content/a.md'), `# A ${round}\n`)
      await build(quiet({ root, cache }))
      expect(lstatSync(site).isSymbolicLink(), `round ${round}`).toBe(true)
      expect(readlinkSync(site)).toBe(target)
      expect(readFileSync(join(target, 'a/index.html'), 'utf8')).toContain(`A ${round}`)
      expect(readdirSync(www)).toEqual(['docs'])
    }
    expect(snapshotDir(target)).toEqual(await freshOutput(root))
  })
})

describe('writes under way while the build goes on', () => {
  it('are all in the output when it is published, and a write that failed fails publishing, leaving the output as it was', async () => {
    const { Staging } = await import('../src/output/staging.js')
    const root = makeSite({ 'content/index.md': '# Home\n' })
    const out = join(root, '_site')
    const staging = await Staging.create(out)
    const pages = Array.from({ length: 100 }, (_, n) => `p${n}/index.html`)
    for (const page of pages) await staging.write(page, `<p>${page}</p>\n`)
    await staging.publish()
    for (const page of pages) expect(readFileSync(join(out, page), 'utf8')).toBe(`<p>${page}</p>\n`)

    const failing = await Staging.create(out)
    await failing.write('a', 'a file\n')
    // A folder where a file is written (whichever the I/O threads get to first fails), after `write` returned.
    await failing.write('a/index.html', '<p>under a file</p>\n')
    await expect(failing.publish()).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR|EISDIR)$/) })
    await failing.discard()
    expect(existsSync(join(out, 'a'))).toBe(false)
    expect(readFileSync(join(out, 'p0/index.html'), 'utf8')).toBe('<p>p0/index.html</p>\n')
    expect(readdirSync(dirname(out)).filter((name) => name.includes('sheaf-tmp'))).toEqual([])
  })
})
