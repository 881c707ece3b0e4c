import { appendFileSync } from 'node:fs'
import { serve } from '/work/main/src/index.ts'
let t = performance.now()
const server = await serve({ root: '/tmp/c4k', port: 0 })
console.log('start', ((performance.now() - t) / 1000).toFixed(1), 's', process.memoryUsage().rss / 1e6 | 0, 'MB')
const times = []
for (let i = 0; i < 9; i++) {
  await new Promise((r) => setTimeout(r, 300))
  const next = server.nextRebuild()
  t = performance.now()
  appendFileSync('/tmp/c4k/content/part-00/group-00/page-00003.md', `\nEdit ${i}.\n`)
  const r = await next
  times.push(performance.now() - t)
  console.log('edit', (performance.now() - t).toFixed(1), 'ms; rebuild', r.durationMs.toFixed(1), r.rebuilt.length)
}
times.sort((a, b) => a - b); console.log('median', times[4].toFixed(1))
await server.close()
