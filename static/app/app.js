// apcommission front-end entry point. Load with:
//   <script type="module" src="{% static 'app/app.js' %}"></script>
// Only browsers that support ES modules run this, matching GOV.UK Frontend's
// `govuk-frontend-supported` body class check.
//
// The import is a plain relative path to the *unhashed* vendored file.
// ManifestStaticFilesStorage only rewrites JS imports when
// support_js_module_import_aggregation = True (off by default, and off in
// WhiteNoise's storage); either way collectstatic keeps the original file
// alongside the hashed copy, so this path resolves in every environment.
import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js'

initAll()

// Tables on a phone (see `.app-table--stacked` in app.css): label every body cell with its column's
// heading, so that each row can be shown as a block of "heading: value" lines on a narrow screen.
// Showing table parts as blocks makes some browsers forget they are a table, so the table's roles are
// given explicitly, and screen readers keep announcing the real headings.
const ROLES = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup' }

function visibleText (cell) {
  const copy = cell.cloneNode(true)
  copy.querySelectorAll('.govuk-visually-hidden').forEach((hidden) => hidden.remove())
  return copy.textContent.replace(/\s+/g, ' ').trim()
}

function stackTable (table) {
  const headingRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1]
  if (!headingRow || !table.tBodies.length) return
  const labels = []
  for (const heading of headingRow.cells) {
    for (let span = 0; span < heading.colSpan; span++) labels.push(visibleText(heading))
  }
  for (const part of [table, table.tHead, ...table.tBodies]) part.setAttribute('role', ROLES[part.tagName])
  for (const row of table.rows) {
    row.setAttribute('role', 'row')
    let column = 0
    for (const cell of row.cells) {
      if (cell.tagName === 'TD') {
        cell.setAttribute('role', 'cell')
      } else {
        cell.setAttribute('role', row.parentElement === table.tHead ? 'columnheader' : 'rowheader')
      }
      const label = row.parentElement !== table.tHead && labels[column]
      if (label) cell.dataset.label = label
      column += cell.colSpan
    }
  }
  table.classList.add('app-table--stacked')
}

document.querySelectorAll('table.govuk-table').forEach(stackTable)

// A plan's site choices are the chosen provider's (`SiteSelect` in placements/forms.py): when the
// provider changes, hide the other providers' sites and clear a choice of one. Without JavaScript the
// server refuses a site of another provider.
document.querySelectorAll('select[data-app-sites-of]').forEach(function (sites) {
  const provider = document.getElementsByName(sites.dataset.appSitesOf)[0]
  if (!provider) return
  const show = function () {
    for (const option of sites.options) {
      if (!option.dataset.provider) continue
      const other = option.dataset.provider !== provider.value
      option.hidden = other
      option.disabled = other
      if (other && option.selected) sites.value = ''
    }
  }
  provider.addEventListener('change', show)
  show()
})

// A report being made (`reports/report.html`): ask how far it has got every two seconds and say so in
// the live region; once it is finished, load the page again to offer the download. Without JavaScript
// the page has a "Check again" link.
document.querySelectorAll('[data-app-report-status]').forEach(function (panel) {
  const bar = panel.querySelector('progress')
  const words = panel.querySelector('[data-app-report-step]')
  const ask = function () {
    fetch(panel.dataset.appReportStatus, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null })
      .then(function (status) {
        if (!status) return
        if (status.finished) { window.location.reload(); return }
        if (bar) bar.value = status.percent
        if (words) words.textContent = status.step + ' (' + status.percent + '%)'
        window.setTimeout(ask, 2000)
      })
      .catch(function () { window.setTimeout(ask, 5000) })
  }
  window.setTimeout(ask, 1000)
})
