// @sheaf/theme-default: colour scheme toggle, the menu drawer on narrow screens, copy buttons. No dependencies.
(function () {
  'use strict'
  var root = document.documentElement
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null

  function effectiveTheme() {
    if (root.dataset.theme === 'dark' || root.dataset.theme === 'light') return root.dataset.theme
    return media && media.matches ? 'dark' : 'light'
  }

  function syncToggle(button) {
    var dark = effectiveTheme() === 'dark'
    button.setAttribute('aria-pressed', dark ? 'true' : 'false')
  }

  var toggle = document.querySelector('.theme-toggle')
  if (toggle) {
    syncToggle(toggle)
    toggle.addEventListener('click', function () {
      var next = effectiveTheme() === 'dark' ? 'light' : 'dark'
      root.dataset.theme = next
      try { localStorage.setItem('sheaf-theme', next) } catch (e) { /* private mode: the choice lasts for this page */ }
      syncToggle(toggle)
    })
    if (media && media.addEventListener) media.addEventListener('change', function () { syncToggle(toggle) })
  }

  // The menu on narrow screens: the sidebar as a drawer, with a backdrop; focus stays inside while it is open, Esc closes it.
  var menu = document.querySelector('.menu-toggle')
  var sidebar = document.getElementById('sidebar')
  var backdrop = document.querySelector('.drawer-backdrop')
  if (menu && sidebar) {
    var close = document.createElement('button')
    close.type = 'button'
    close.className = 'drawer-close'
    close.setAttribute('aria-label', 'Close the menu')
    close.textContent = '×'
    sidebar.insertBefore(close, sidebar.firstChild)
    var narrow = window.matchMedia ? window.matchMedia('(max-width: 800px)') : null
    var isOpen = function () { return menu.getAttribute('aria-expanded') === 'true' }
    var focusable = function () {
      return Array.prototype.filter.call(sidebar.querySelectorAll('a[href], button, summary, input'), function (element) {
        return element.getClientRects().length > 0 && !element.closest('details:not([open]) > :not(summary)')
      })
    }
    var setOpen = function (open, restoreFocus) {
      document.body.classList.toggle('nav-open', open)
      menu.setAttribute('aria-expanded', open ? 'true' : 'false')
      if (backdrop) backdrop.hidden = !open
      if (open) {
        var current = sidebar.querySelector('[aria-current="page"]')
        ;(current && current.getClientRects().length > 0 ? current : close).focus()
      } else if (restoreFocus) menu.focus()
    }
    menu.addEventListener('click', function () { setOpen(!isOpen(), false) })
    close.addEventListener('click', function () { setOpen(false, true) })
    if (backdrop) backdrop.addEventListener('click', function () { setOpen(false, true) })
    document.addEventListener('keydown', function (event) {
      if (!isOpen()) return
      if (event.key === 'Escape') { event.preventDefault(); setOpen(false, true); return }
      if (event.key !== 'Tab') return
      var items = focusable()
      if (items.length === 0) return
      var first = items[0]
      var last = items[items.length - 1]
      if (event.shiftKey && (document.activeElement === first || !sidebar.contains(document.activeElement))) { event.preventDefault(); last.focus() }
      else if (!event.shiftKey && (document.activeElement === last || !sidebar.contains(document.activeElement))) { event.preventDefault(); first.focus() }
    })
    document.addEventListener('focusin', function (event) {
      if (isOpen() && !sidebar.contains(event.target)) close.focus()
    })
    sidebar.addEventListener('click', function (event) { if (event.target.closest('a')) setOpen(false, false) })
    if (narrow && narrow.addEventListener) narrow.addEventListener('change', function () { if (!narrow.matches && isOpen()) setOpen(false, false) })
  }

  // A table or code block wider than the page scrolls sideways: one that does can be focused, so a keyboard can scroll it.
  function focusScrollers() {
    document.querySelectorAll('.content table, .content pre').forEach(function (element) {
      if (element.scrollWidth > element.clientWidth + 1) {
        if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '0')
      } else if (element.getAttribute('tabindex') === '0') element.removeAttribute('tabindex')
    })
  }
  focusScrollers()
  var resizing = null
  window.addEventListener('resize', function () { clearTimeout(resizing); resizing = setTimeout(focusScrollers, 150) })

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea')
      area.value = text
      area.setAttribute('readonly', '')
      area.style.position = 'fixed'
      area.style.opacity = '0'
      document.body.appendChild(area)
      area.select()
      try { document.execCommand('copy') ? resolve() : reject(new Error('copy failed')) } catch (e) { reject(e) } finally { area.remove() }
    })
  }

  document.querySelectorAll('pre > code').forEach(function (code) {
    var button = document.createElement('button')
    button.type = 'button'
    button.className = 'copy-code'
    button.textContent = 'Copy'
    button.setAttribute('aria-label', 'Copy code')
    button.addEventListener('click', function () {
      copy(code.innerText.replace(/\n$/, '')).then(function () {
        button.textContent = 'Copied'
        setTimeout(function () { button.textContent = 'Copy' }, 1500)
      }, function () { button.textContent = 'Select and copy' })
    })
    code.parentElement.appendChild(button)
  })
})()
