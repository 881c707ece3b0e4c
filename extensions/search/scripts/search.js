// @sheaf/search: fills the theme's [data-sheaf-search] box. The index loads on first use,
// as a script next to this one, so search works offline and from a plain folder.
(function () {
  'use strict'
  var container = document.querySelector('[data-sheaf-search]')
  if (!container || typeof MiniSearch === 'undefined') return
  var script = document.currentScript
  var here = script ? script.src : ''
  var base = container.getAttribute('data-base') || './'
  var miniSearch = null
  var loading = null
  var results = []
  var active = -1

  var label = document.createElement('label')
  label.className = 'sr-only'
  label.htmlFor = 'sheaf-search-input'
  label.textContent = 'Search the documentation'
  var input = document.createElement('input')
  input.type = 'search'
  input.id = 'sheaf-search-input'
  input.placeholder = 'Search'
  input.autocomplete = 'off'
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', 'sheaf-search-results')
  var list = document.createElement('ul')
  list.id = 'sheaf-search-results'
  list.className = 'search-results'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', 'Search results')
  list.hidden = true
  var status = document.createElement('p')
  status.className = 'sr-only'
  status.setAttribute('role', 'status')
  container.append(label, input, list, status)

  function load() {
    if (loading) return loading
    loading = new Promise(function (resolve, reject) {
      if (self.sheafSearchIndex) return resolve()
      var tag = document.createElement('script')
      tag.src = new URL('index.js', here || location.href).href
      tag.onload = function () { resolve() }
      tag.onerror = function () { reject(new Error('the search index did not load')) }
      document.head.appendChild(tag)
    }).then(function () {
      var data = self.sheafSearchIndex
      miniSearch = MiniSearch.loadJS(data.index, data.options)
    })
    return loading
  }

  function close() {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
    active = -1
  }

  function select(index) {
    var options = list.querySelectorAll('[role="option"]')
    options.forEach(function (option, i) { option.setAttribute('aria-selected', i === index ? 'true' : 'false') })
    active = index
    if (index >= 0 && options[index]) {
      input.setAttribute('aria-activedescendant', options[index].id)
      options[index].scrollIntoView({ block: 'nearest' })
    } else input.removeAttribute('aria-activedescendant')
  }

  function hrefOf(url) { return base + url.replace(/^\//, '') }

  // The words around the first place the page's text matches one of the result's terms, the terms marked;
  // the page's excerpt (its description, else its opening) when only its title or headings match.
  var before = 50
  var after = 110
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }
  function snippet(result, into) {
    var text = result.text || ''
    var terms = (result.terms || []).filter(function (term) { return term.length > 0 }).sort(function (a, b) { return b.length - a.length })
    if (terms.length === 0) { into.textContent = result.excerpt || ''; return }
    // One pattern: a term at the start of a word. It finds the first match, then marks every one in the snippet.
    var marks = new RegExp('(^|[^\\p{L}\\p{N}])(' + terms.map(escapeRegExp).join('|') + ')', 'giu')
    var found = marks.exec(text)
    if (!found) { into.textContent = result.excerpt || ''; return }
    var at = found.index + found[1].length
    var start = Math.max(0, at - before)
    var end = Math.min(text.length, at + after)
    // Whole words at both ends.
    if (start > 0) { var space = text.indexOf(' ', start); if (space !== -1 && space < at) start = space + 1 }
    if (end < text.length) { var last = text.lastIndexOf(' ', end); if (last > at) end = last }
    var part = (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '')
    marks.lastIndex = 0
    var from = 0
    var match
    while ((match = marks.exec(part)) !== null) {
      var termStart = match.index + match[1].length
      into.appendChild(document.createTextNode(part.slice(from, termStart)))
      var mark = document.createElement('mark')
      mark.textContent = match[2]
      into.appendChild(mark)
      from = termStart + match[2].length
      marks.lastIndex = from
    }
    into.appendChild(document.createTextNode(part.slice(from)))
  }

  function render(query) {
    list.textContent = ''
    results = query ? miniSearch.search(query).slice(0, 10) : []
    if (!query) { close(); status.textContent = ''; return }
    if (results.length === 0) {
      var empty = document.createElement('li')
      empty.className = 'search-empty'
      empty.textContent = 'No results for “' + query + '”'
      list.appendChild(empty)
    }
    results.forEach(function (result, i) {
      var item = document.createElement('li')
      item.id = 'sheaf-search-option-' + i
      item.setAttribute('role', 'option')
      item.setAttribute('aria-selected', 'false')
      // An option holds no link (an interactive element inside another is lost to screen readers): choosing it opens the page.
      var link = document.createElement('span')
      link.className = 'search-option'
      var title = document.createElement('span')
      title.className = 'search-title'
      title.textContent = result.title
      var excerpt = document.createElement('span')
      excerpt.className = 'search-excerpt'
      snippet(result, excerpt)
      link.append(title, excerpt)
      item.appendChild(link)
      list.appendChild(item)
    })
    list.hidden = false
    input.setAttribute('aria-expanded', 'true')
    status.textContent = results.length + (results.length === 1 ? ' result' : ' results')
    select(results.length > 0 ? 0 : -1)
  }

  input.addEventListener('focus', function () { load().catch(function () { container.classList.add('search-unavailable') }) })
  input.addEventListener('input', function () {
    var query = input.value.trim()
    load().then(function () { if (input.value.trim() === query) render(query) })
  })
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' && results.length > 0) { event.preventDefault(); select((active + 1) % results.length) }
    else if (event.key === 'ArrowUp' && results.length > 0) { event.preventDefault(); select((active - 1 + results.length) % results.length) }
    else if (event.key === 'Enter' && active >= 0 && results[active]) { event.preventDefault(); location.href = hrefOf(results[active].url) }
    else if (event.key === 'Escape') { close() }
  })
  list.addEventListener('mousedown', function (event) { event.preventDefault() })
  list.addEventListener('click', function (event) {
    var option = event.target.closest('[role="option"]')
    if (!option) return
    var index = Array.prototype.indexOf.call(list.querySelectorAll('[role="option"]'), option)
    if (results[index]) location.href = hrefOf(results[index].url)
  })
  document.addEventListener('click', function (event) { if (!container.contains(event.target)) close() })
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== input && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      event.preventDefault()
      input.focus()
    }
  })
})()
