import { createServer } from 'node:net'
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type DevServer } from '../support/guarded.js'
import { copyFixture, sheaf, snapshotDir, tempDir } from '../support/sites.js'
import { spinning } from '../support/spinning.js'

let server: DevServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const page = async (path: string): Promise<string> => (await fetch(server!.url + path.replace(/^\//, ''))).text()

async function start(root: string): Promise<DevServer> {
  server = await serve({ root, port: 0 })
  return server
}

describe('sheaf serve: incremental rebuilds', () => {
  it('rebuilds an edited document alone (and generated pages), and serves the new version', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const next = dev.nextRebuild()
    appendFileSync(join(root, 'content/guide/intro.md'), '\nSecond version.\n')
    const report = await next
    expect(report.rebuilt).toEqual(['guide/intro/index.html'])
    expect(report.reason).toBe('content/guide/intro.md')
    expect(await page('/guide/intro/')).toContain('<p>Second version.</p>')
  })

  it('renders every page again when a title changes, since others show it', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const next = dev.nextRebuild()
    const intro = join(root, 'content/guide/intro.md')
    writeFileSync(intro, readFileSync(intro, 'utf8').replace('title: Intro', 'title: Introduction'))
    expect((await next).rebuilt.sort()).toEqual(['guide/intro/index.html', 'index.html'])
  })

  it('collapses an editor’s save by rename and a burst of changes into one rebuild', async () => {
    const root = copyFixture('serve-site')
    const reports: string[] = []
    server = await serve({ root, port: 0, onRebuild: (report) => void reports.push(report.reason) })
    const next = server.nextRebuild()
    const intro = join(root, 'content/guide/intro.md')
    writeFileSync(`${intro}.tmp`, '# Intro\n\nSaved atomically.\n')
    renameSync(`${intro}.tmp`, intro)
    for (let i = 0; i < 50; i++) writeFileSync(join(root, `content/guide/burst-${i}.md`), `# Burst ${i}\n`)
    await next
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(reports.length).toBe(2)
    expect(reports[0]).toBe('start')
    expect(reports[1]!.split(', ').sort()).toEqual(['content/guide/intro.md', ...Array.from({ length: 50 }, (_, i) => `content/guide/burst-${i}.md`)].sort())
    expect(await page('/guide/intro/')).toContain('Saved atomically.')
    expect(await page('/guide/burst-49/')).toContain('Burst 49')
  })

  it('removes a deleted document’s page and reports the links to it', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const next = dev.nextRebuild()
    rmSync(join(root, 'content/guide/intro.md'))
    const report = await next
    expect((await fetch(dev.url + 'guide/intro/')).status).toBe(404)
    expect(report.messages.map((m) => [m.file, m.line, m.reason])).toEqual([[join(root, 'content/index.md'), 7, 'Link to a missing document: guide/intro.md']])
  })

  it('keeps serving the last good page while a document has an error, and clears it when fixed', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const intro = join(root, 'content/guide/intro.md')
    let next = dev.nextRebuild()
    writeFileSync(intro, '---\ntitle: [broken\n---\n# Intro\n')
    const broken = await next
    expect(broken.messages.filter((m) => m.fatal).map((m) => [m.file, m.line, m.column, m.source, m.ruleId])).toEqual([[intro, 3, 1, 'sheaf', 'front-matter']])
    expect(await page('/guide/intro/')).toContain('First version.')
    next = dev.nextRebuild()
    writeFileSync(intro, '---\ntitle: Intro\n---\n# Intro\n\nFixed.\n')
    const fixed = await next
    expect(fixed.messages.filter((m) => m.fatal)).toEqual([])
    expect(await page('/guide/intro/')).toContain('Fixed.')
  })

  it('stops reading a pathological edit after its time budget, keeps serving, and reads the fixed version', async () => {
    const root = copyFixture('serve-site')
    const config = readFileSync(join(root, 'sheaf.config.mjs'), 'utf8')
    writeFileSync(join(root, 'sheaf.config.mjs'), config.replace('export default {', 'export default { limits: { documentSeconds: 1 },').replace('extensions: [', `extensions: [${spinning}, `))
    const dev = await start(root)
    const intro = join(root, 'content/guide/intro.md')
    let next = dev.nextRebuild()
    // Work that never ends (a transform that spins on it), and padding past 32 KB so it is read on a thread.
    writeFileSync(intro, `---\nspin: true\n---\n# Intro\n\n${'Padding. '.repeat(4000)}\n`)
    const slow = await next
    expect(slow.messages.filter((m) => m.fatal).map((m) => [m.file, m.source, m.ruleId, m.reason.slice(0, 67)])).toEqual([
      [intro, 'sheaf', 'limits', 'Reading this document took longer than 1 s (limits.documentSeconds)'],
    ])
    expect(await page('/guide/intro/')).toContain('First version.')
    next = dev.nextRebuild()
    writeFileSync(intro, `# Intro\n\nFixed, and long. ${'Padding. '.repeat(4000)}\n`)
    const fixed = await next
    expect(fixed.messages.filter((m) => m.fatal)).toEqual([])
    expect(await page('/guide/intro/')).toContain('Fixed, and long.')
  })

  it('reloads the extension set in the same process when extension code changes, disposing the old one, on the same port', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const port = dev.port
    expect(await page('/')).toContain('stamp: one')
    const disposedBefore = (globalThis as { sheafDisposed?: number }).sheafDisposed ?? 0
    const next = dev.nextRebuild()
    const ext = join(root, 'ext/stamp.mjs')
    writeFileSync(ext, readFileSync(ext, 'utf8').replace("'stamp: one'", "'stamp: two'"))
    const report = await next
    expect(report.reloaded).toBe(true)
    expect(dev.session.generation).toBe(2)
    expect((globalThis as { sheafDisposed?: number }).sheafDisposed).toBe(disposedBefore + 1)
    expect(dev.port).toBe(port)
    expect(await page('/')).toContain('stamp: two')
  })

  it('says a CSS-only change needs no reload', async () => {
    const root = copyFixture('serve-site')
    const dev = await start(root)
    const next = dev.nextRebuild()
    writeFileSync(join(root, 'public/extra.css'), 'body { outline: 1px solid red; }\n')
    expect(await next).toMatchObject({ cssOnly: true, rebuilt: [] })
    expect(await page('/extra.css')).toBe('body { outline: 1px solid red; }\n')
  })

  it('never writes to the output folder or the sources', async () => {
    const root = copyFixture('serve-site')
    const before = snapshotDir(root)
    const dev = await start(root)
    await dev.close()
    server = undefined
    expect(snapshotDir(root)).toEqual(before)
  })
})

describe('sheaf serve: ports', () => {
  it('takes the next free port when the default one is busy', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.once('error', () => resolve()).listen(4000, '127.0.0.1', () => resolve()))
    try {
      const root = copyFixture('serve-site')
      server = await serve({ root, watch: false })
      expect(server.port).toBeGreaterThan(4000)
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })

  it('says which port it wanted when it took another, and nothing when it got it or was given one', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()))
    const busy = (blocker.address() as { port: number }).port
    try {
      const root = copyFixture('serve-site')
      server = await serve({ root, watch: false, firstPort: busy })
      expect(server.port).toBeGreaterThan(busy)
      expect(server.busyPort).toBe(busy)
      const free = server.port
      await server.close()
      server = await serve({ root, watch: false, firstPort: free })
      expect([server.port, server.busyPort]).toEqual([free, undefined])
      await server.close()
      server = await serve({ root, watch: false, port: 0 })
      expect(server.busyPort).toBeUndefined()
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })

  it('fails clearly, with exit code 2, when the port asked for is busy', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()))
    const port = (blocker.address() as { port: number }).port
    try {
      const result = sheaf(['serve', copyFixture('serve-site'), '--port', String(port)])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`error  Port ${port} on 127.0.0.1 is in use.  [sheaf:PORT_IN_USE]`)
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })
})

describe('sheaf serve: the command', () => {
  it('prints where it serves, and exits 0 on Ctrl-C (a hang fails by the test time limit), deleting nothing', async () => {
    const { spawn } = await import('node:child_process')
    const root = copyFixture('serve-site')
    const before = snapshotDir(root)
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/sheaf.js'), 'serve', root, '--port', '0'], { env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('Press Ctrl-C to stop.') && resolve()))
    expect(stdout).toMatch(new RegExp(`^Built 2 pages in \\d+\\.\\d\\d s\\nServing ${root} at http://127\\.0\\.0\\.1:\\d+/\\nWatching for changes\\. Press Ctrl-C to stop\\.\\n$`))
    child.kill('SIGINT')
    const code = await new Promise<number | string | null>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal)))
    expect(code).toBe(0)
    expect(snapshotDir(root)).toEqual(before)
  })

  it('keeps serving when the config breaks, says why, and recovers when it is fixed', async () => {
    const root = copyFixture('serve-site')
    const errors: string[] = []
    server = await serve({ root, port: 0, onError: (error) => void errors.push((error as Error).message) })
    const config = join(root, 'sheaf.config.mjs')
    const good = readFileSync(config, 'utf8')
    writeFileSync(config, "export default { titel: 'typo' }\n")
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1)
    expect(errors[0]).toBe('Unknown config key `titel`. Did you mean `title`?')
    expect(await page('/')).toContain('stamp: one')
    const next = server.nextRebuild()
    writeFileSync(config, good)
    expect(await next).toMatchObject({ reloaded: true })
  })

  it('keeps watching when a config reload never settles, and loads the next save at once', async () => {
    const root = copyFixture('serve-site')
    // Past this test's own time limit: only giving up on the hanging load can pick up the fix in time.
    const bound = process.env.SHEAF_CONFIG_SECONDS
    process.env.SHEAF_CONFIG_SECONDS = '3600'
    try {
      const errors: string[] = []
      server = await serve({ root, port: 0, onError: (error) => void errors.push((error as Error).message) })
      const config = join(root, 'sheaf.config.mjs')
      const good = readFileSync(config, 'utf8')
      // The hanging config says when it is being loaded, from outside the site (a file in the site would be a change of its own).
      const started = join(tempDir(), 'started')
      const hanging = `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(started)}, '')\nexport default new Promise(() => {})\n`
      writeFileSync(config, hanging)
      await expect.poll(() => existsSync(started), { timeout: 30_000 }).toBe(true)
      const next = server.nextRebuild()
      writeFileSync(config, good.replace("title: 'Serve fixture'", "title: 'Fixed'"))
      expect(await next).toMatchObject({ reloaded: true })
      expect(errors).toEqual(['Loading sheaf.config.mjs again was given up: it had not finished when it changed again, and the new version is loaded instead.'])
      expect(await page('/')).toContain('Fixed')
      // And it goes on watching.
      const after = server.nextRebuild()
      appendFileSync(join(root, 'content/guide/intro.md'), '\nStill watched.\n')
      await after
      expect(await page('/guide/intro/')).toContain('<p>Still watched.</p>')
      // Closing does not wait for a load that never settles.
      rmSync(started)
      writeFileSync(config, hanging)
      await expect.poll(() => existsSync(started), { timeout: 30_000 }).toBe(true)
      await server.close()
      server = undefined
      expect(errors.at(-1)).toBe('Loading sheaf.config.mjs again was given up: the server closed before it finished.')
    } finally {
      if (bound === undefined) delete process.env.SHEAF_CONFIG_SECONDS
      else process.env.SHEAF_CONFIG_SECONDS = bound
    }
  })
})
