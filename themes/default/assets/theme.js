// @sheaf/theme-default: colour scheme toggle, the menu on narrow screens, copy buttons. No dependencies.
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

  var menu = document.querySelector('.menu-toggle')
  var sidebar = document.getElementById('sidebar')
  if (menu && sidebar) {
    var setOpen = function (open) {
      document.body.classList.toggle('nav-open', open)
      menu.setAttribute('aria-expanded', open ? 'true' : 'false')
    }
    menu.addEventListener('click', function () { setOpen(menu.getAttribute('aria-expanded') !== 'true') })
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && menu.getAttribute('aria-expanded') === 'true') { setOpen(false); menu.focus() }
    })
    sidebar.addEventListener('click', function (event) { if (event.target.closest('a')) setOpen(false) })
  }

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
