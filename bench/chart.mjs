// An SVG line chart of build time against pages, one line per tool, from bench results.
const colors = ['#1f6feb', '#54aeff', '#0a3069', '#bf3989', '#e16f24', '#57606a', '#2da44e', '#8250df']
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;')

export function chart(results) {
  const sizes = Object.keys(results.sizes).map(Number).sort((a, b) => a - b)
  // The pair of unified runs measures the machine, not a tool: it is in the table, not the chart.
  const tools = Object.keys(results.sizes[sizes[0]]).filter((tool) => tool !== 'unified, two at once')
  const width = 720
  const height = 420
  const left = 64
  const right = 210
  const top = 24
  const bottom = 48
  const maxSeconds = Math.max(...sizes.flatMap((pages) => tools.map((tool) => results.sizes[pages][tool].medianMs / 1000)))
  const step = [1, 2, 5, 10, 20, 30, 60, 120, 300].find((s) => maxSeconds / s <= 6) ?? 600
  const yMax = Math.ceil(maxSeconds / step) * step || 1
  const xMax = sizes[sizes.length - 1]
  const x = (pages) => left + (sizes.length === 1 ? 0.5 : pages / xMax) * (width - left - right)
  const y = (seconds) => top + (1 - seconds / yMax) * (height - top - bottom)
  const parts = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">`)
  parts.push(`<title id="t">Build time against pages</title>`)
  const described = tools.map((tool) => `${tool}: ${sizes.map((pages) => `${(results.sizes[pages][tool].medianMs / 1000).toFixed(2)} s at ${pages} pages`).join(', ')}`).join('; ')
  parts.push(`<desc id="d">Median build time in seconds (${results.runs} runs, ${escape(results.machine.cpus)} cores, Node ${escape(results.machine.node)}). ${escape(described)}.</desc>`)
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`)
  for (let s = 0; s <= yMax; s += step) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(s)}" y2="${y(s)}" stroke="#d0d7de"/>`)
    parts.push(`<text x="${left - 8}" y="${y(s) + 4}" text-anchor="end" fill="#57606a">${s} s</text>`)
  }
  for (const pages of sizes) parts.push(`<text x="${x(pages)}" y="${height - bottom + 18}" text-anchor="middle" fill="#57606a">${pages.toLocaleString('en-US')}</text>`)
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle" fill="#24292f">pages</text>`)
  const labels = []
  tools.forEach((tool, i) => {
    const color = colors[i % colors.length]
    const points = sizes.map((pages) => [x(pages), y(results.sizes[pages][tool].medianMs / 1000)])
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' ')}"/>`)
    for (const [px, py] of points) parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${color}"/>`)
    labels.push({ tool, color, at: points[points.length - 1][1] })
  })
  // Labels at the right, in line order, pushed apart where lines end close together.
  labels.sort((a, b) => a.at - b.at)
  let last = -Infinity
  for (const label of labels) {
    const at = Math.max(label.at, last + 15)
    last = at
    parts.push(`<text x="${width - right + 10}" y="${(at + 4).toFixed(1)}" fill="${label.color}">${escape(label.tool)}</text>`)
  }
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}
