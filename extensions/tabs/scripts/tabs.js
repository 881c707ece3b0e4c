// @sheaf/tabs: each .tabs group becomes WAI-ARIA tabs. Without this script every panel shows, with its label.
(function () {
  'use strict'
  var groups = Array.prototype.slice.call(document.querySelectorAll('.tabs'))
  if (groups.length === 0) return
  var storageKey = function (sync) { return 'sheaf-tabs:' + sync }
  var stored = function (sync) { try { return localStorage.getItem(storageKey(sync)) } catch (e) { return null } }
  var store = function (sync, label) { try { localStorage.setItem(storageKey(sync), label) } catch (e) { /* private mode: this page only */ } }
  var counter = 0
  var built = []

  groups.forEach(function (group) {
    var panels = Array.prototype.filter.call(group.children, function (child) { return child.classList.contains('tab-panel') })
    if (panels.length === 0) return
    var list = document.createElement('div')
    list.className = 'tab-list'
    list.setAttribute('role', 'tablist')
    var tabs = panels.map(function (panel) {
      var id = 'sheaf-tab-' + ++counter
      var labelNode = panel.querySelector(':scope > .tab-label')
      var label = labelNode ? labelNode.textContent.trim() : 'Tab'
      var tab = document.createElement('button')
      tab.type = 'button'
      tab.id = id
      tab.className = 'tab'
      tab.setAttribute('role', 'tab')
      tab.setAttribute('aria-controls', id + '-panel')
      tab.textContent = label
      panel.id = id + '-panel'
      panel.setAttribute('role', 'tabpanel')
      panel.setAttribute('aria-labelledby', id)
      panel.setAttribute('tabindex', '0')
      if (labelNode) labelNode.hidden = true
      list.appendChild(tab)
      return { tab: tab, panel: panel, label: label }
    })
    group.insertBefore(list, group.firstChild)
    group.classList.add('tabs-ready')
    var entry = { group: group, sync: group.getAttribute('data-sync'), tabs: tabs }
    built.push(entry)

    var select = function (index, options) {
      tabs.forEach(function (item, i) {
        var on = i === index
        item.tab.setAttribute('aria-selected', on ? 'true' : 'false')
        item.tab.tabIndex = on ? 0 : -1
        item.panel.hidden = !on
      })
      if (options && options.focus) tabs[index].tab.focus()
      if (options && options.share && entry.sync) {
        var label = tabs[index].label
        store(entry.sync, label)
        built.forEach(function (other) { if (other !== entry && other.sync === entry.sync) other.choose(label) })
      }
    }
    entry.choose = function (label) {
      var index = tabs.findIndex(function (item) { return item.label === label })
      if (index >= 0) select(index)
    }
    var initial = entry.sync ? tabs.findIndex(function (item) { return item.label === stored(entry.sync) }) : -1
    select(initial >= 0 ? initial : 0)

    list.addEventListener('click', function (event) {
      var index = tabs.findIndex(function (item) { return item.tab === event.target.closest('[role="tab"]') })
      if (index >= 0) select(index, { share: true })
    })
    list.addEventListener('keydown', function (event) {
      var current = tabs.findIndex(function (item) { return item.tab === document.activeElement })
      if (current < 0) return
      var next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[event.key]
      if (next === undefined) return
      event.preventDefault()
      select((next + tabs.length) % tabs.length, { focus: true, share: true })
    })
  })

  // Another page (or window) chose: follow it.
  window.addEventListener('storage', function (event) {
    if (!event.key || event.key.indexOf('sheaf-tabs:') !== 0 || event.newValue === null) return
    var sync = event.key.slice('sheaf-tabs:'.length)
    built.forEach(function (entry) { if (entry.sync === sync) entry.choose(event.newValue) })
  })
})()
