// @sheaf/diagrams: draws each <pre class="mermaid"> with the Mermaid loaded before this script, in the page's colour scheme.
(function () {
  'use strict'
  var nodes = Array.prototype.slice.call(document.querySelectorAll('pre.mermaid'))
  if (nodes.length === 0 || typeof window.mermaid === 'undefined') return
  var sources = nodes.map(function (node) { return node.textContent })
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null
  function dark() {
    var chosen = document.documentElement.dataset.theme
    if (chosen === 'dark' || chosen === 'light') return chosen === 'dark'
    return media ? media.matches : false
  }
  var drawn = null
  function draw() {
    var scheme = dark() ? 'dark' : 'default'
    if (scheme === drawn) return
    drawn = scheme
    nodes.forEach(function (node, index) {
      node.removeAttribute('data-processed')
      node.textContent = sources[index]
      node.dataset.scheme = scheme
    })
    window.mermaid.initialize({ startOnLoad: false, theme: scheme, securityLevel: 'strict' })
    window.mermaid.run({ nodes: nodes }).catch(function (error) {
      // A diagram that does not parse keeps its source; the others are drawn.
      if (window.console) console.warn('Mermaid:', error && error.message ? error.message : error)
    })
  }
  draw()
  new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  if (media && media.addEventListener) media.addEventListener('change', draw)
})()
