/**
 * The script `sheaf serve` adds to every page: it listens to the reload
 * channel, reloads after a rebuild, swaps stylesheets when only CSS changed,
 * and shows an overlay with every error (file:line:column and who sent it)
 * until the errors are fixed.
 */
export const liveClient = String.raw`(() => {
  'use strict'
  const source = new EventSource('/_sheaf/live')
  let overlay = null
  const hide = () => { if (overlay) { overlay.remove(); overlay = null } }
  const show = (problems) => {
    hide()
    overlay = document.createElement('div')
    overlay.id = 'sheaf-error-overlay'
    overlay.setAttribute('role', 'alertdialog')
    overlay.setAttribute('aria-label', 'Build errors')
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem'
    const title = document.createElement('h2')
    title.textContent = problems.length === 1 ? 'The build has an error' : 'The build has ' + problems.length + ' errors'
    title.style.cssText = 'margin:0 0 1rem;color:#ff8a80;font:600 18px/1.3 system-ui,sans-serif'
    overlay.append(title)
    for (const problem of problems) {
      const item = document.createElement('pre')
      item.className = 'sheaf-error'
      item.style.cssText = 'white-space:pre-wrap;margin:0 0 1rem;padding:1rem;border-left:4px solid #ff8a80;background:rgba(255,255,255,.06)'
      item.textContent = problem.text
      overlay.append(item)
    }
    const note = document.createElement('p')
    note.textContent = 'The last good pages are still served. Fix the error and save: this overlay goes away by itself.'
    note.style.cssText = 'font:14px/1.5 system-ui,sans-serif;opacity:.8'
    overlay.append(note)
    document.body.append(overlay)
  }
  // Tools (and tests) can tell that the page listens: <html data-sheaf-live="open">.
  source.addEventListener('open', () => { document.documentElement.dataset.sheafLive = 'open' })
  source.addEventListener('reload', () => location.reload())
  source.addEventListener('css', () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href)
      url.searchParams.set('sheaf', String(Date.now()))
      link.href = url.href
    }
  })
  source.addEventListener('problems', (event) => {
    const problems = JSON.parse(event.data)
    if (problems.length > 0) show(problems)
    else hide()
  })
})()
`
