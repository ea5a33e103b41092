// An example intranet dashboard over the care-core npm package, on node:http only.
//
//   GET /coordinator, POST /coordinator  the coordinator's page: upload the tracker (xlsx or
//                CSV), progress notes and a cohort policy; see the end-of-day report and
//                download it as xlsx, html or eml (coordinator.js)
//   GET /        the career map: the SVG map, a form to pick two roles; on submit the career
//                paths between them (steps, directions, reasons), a readiness check, and the
//                best path highlighted on the map
//   GET /cohort  the sample cohort's end-of-day report, one table row per agent
//   GET /calibration, POST /calibration  paste (or load the sample of) a calibration session,
//                TOML or JSON; see each certifier against the reference and the agreement
//
// Run: node examples/dashboard/server.js  (PORT and HOST from the environment; 127.0.0.1:8080
// by default). Build the package first (scripts/test-node or `npm run build` in
// bindings/node). Every value written into HTML goes through `esc` (layout.js); request
// bodies are read with a size limit checked as they stream in (body.js).
'use strict'

const http = require('node:http')
const path = require('node:path')
const care = require(path.join(__dirname, '..', '..', 'bindings', 'node'))
const { esc, words, page, errorHtml } = require('./layout.js')
const { readBody } = require('./body.js')
const { coordinator } = require('./coordinator.js')

/** The pages' Content-Security-Policy: no scripts at all, styles inline, forms to this server. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'"

// The map, its roles and the report's settings are read once: they are constants here.
const catalog = care.Catalog.builtin()
const units = new Map(catalog.units().map((u) => [u.id, u]))
const roles = catalog.roles()
const REPORT_DAY = '2026-07-10'
const SITE = { calendar: care.Calendar.byName('us-federal', 'America/New_York') }

/** The id of a role named by id, title or alias (the form's option values are ids). */
function idOf(name) {
  try {
    return catalog.lookup(name).id
  } catch {
    return name
  }
}

function roleOptions(selected) {
  return roles
    .map((r) => {
      const unit = units.get(r.unit)?.name ?? r.unit
      const sel = r.id === selected ? ' selected' : ''
      return `<option value="${esc(r.id)}"${sel}>${esc(r.title)} — ${esc(unit)} (${esc(r.grade)})</option>`
    })
    .join('')
}

function reasonList(reasons) {
  if (!reasons?.length) return ''
  return `<ul class="reasons">${reasons.map((r) => `<li>${esc(r.message)}</li>`).join('')}</ul>`
}

function pathsHtml(paths) {
  if (paths.length === 0) {
    return '<p>No career path of well-matched steps joins these roles.</p>'
  }
  return paths
    .map((p, i) => {
      const steps = p.steps
        .map(
          (s) => `<li><strong>${esc(s.from.title)}</strong> → <strong>${esc(s.to.title)}</strong>
            <span class="tag ${esc(s.direction)}">${esc(words(s.direction))}</span>
            <span class="tag">${esc(words(s.scope))}</span>
            <span class="tag">grade ${esc(s.from.grade)} → ${esc(s.to.grade)}</span>
            ${reasonList(s.reasons)}</li>`,
        )
        .join('')
      const transfers = p.transfers === 1 ? '1 transfer' : `${p.transfers} transfers`
      return `<div class="path${i === 0 ? ' best' : ''}" data-path="${i}">
        <h3>Path ${i + 1}: ${p.steps.length} step${p.steps.length === 1 ? '' : 's'}, ${esc(transfers)}</h3>
        <ol class="steps">${steps}</ol></div>`
    })
    .join('')
}

function direct(step) {
  if (!step) return ''
  return `<p id="direct">The direct move is <span class="tag ${esc(step.direction)}">${esc(words(step.direction))}</span>
    <span class="tag">${esc(words(step.scope))}</span>, ${
    step.well_matched ? '<span class="ok">a well-matched step</span>' : '<span class="no">not a well-matched step</span>: follow a path above'
  }.</p>`
}

function readinessHtml(r) {
  const check = (c) =>
    `<li><span class="${c.met ? 'ok' : 'no'}">${c.met ? 'met' : 'not met'}</span> ${esc(c.message)}</li>`
  const list = (title, checks) =>
    checks.length ? `<h3>${esc(title)}</h3><ul>${checks.map(check).join('')}</ul>` : ''
  return `<p id="eligible" class="${r.eligible ? 'ok' : 'no'}">${
    r.eligible ? 'Eligible' : 'Not eligible yet'
  } for ${esc(r.target.title)}</p>
    ${list('Required', r.required)}${list('Recommended', r.recommended)}
    ${r.required.length + r.recommended.length === 0 ? '<p>This role lists no prerequisites.</p>' : ''}
    ${direct(r.step)}
    <h3>Why</h3>${reasonList(r.reasons)}`
}

function mapPage(query) {
  const from = query.get('from') ?? ''
  const to = query.get('to') ?? ''
  const months = Math.max(0, Math.min(600, Number.parseInt(query.get('months') ?? '0', 10) || 0))
  const years = Math.max(0, Math.min(60, Number.parseInt(query.get('years') ?? '0', 10) || 0))
  let results = ''
  let highlight = []
  if (from && to) {
    try {
      const paths = care.paths(from, to, { k: 3 })
      highlight = paths[0]?.roles ?? []
      const person = { current_role: from, months_in_role: { [from]: months }, call_center_years: years }
      const ready = care.readiness(person, to)
      results = `<div class="panels">
        <section class="panel" id="paths"><h2>Career paths</h2>${pathsHtml(paths)}</section>
        <section class="panel" id="readiness"><h2>Readiness</h2>${readinessHtml(ready)}</section>
      </div>`
    } catch (e) {
      results = `<p class="error" role="alert">${esc(e.code)}: ${esc(e.message)}</p>`
    }
  }
  let svg
  try {
    svg = care.renderMap('svg', { highlight })
  } catch (e) {
    svg = `<p class="error">${esc(e.code)}: ${esc(e.message)}</p>`
  }
  const body = `<h2>Career map</h2>
  <form method="get" action="/" id="move">
    <label>From role <select name="from" id="from" required><option value="">choose…</option>${roleOptions(idOf(from))}</select></label>
    <label>To role <select name="to" id="to" required><option value="">choose…</option>${roleOptions(idOf(to))}</select></label>
    <label>Months in the current role <input type="number" name="months" id="months" min="0" max="600" value="${esc(months)}"></label>
    <label>Years in a call center <input type="number" name="years" id="years" min="0" max="60" value="${esc(years)}"></label>
    <button type="submit">Show paths</button>
  </form>
  ${results}
  <h2>The map${highlight.length ? ': the best path in red' : ''}</h2>
  <div class="map" id="map">${svg}</div>`
  return page('Career map', '/', body)
}

function cohortPage(query) {
  const asOf = query.get('as_of') || REPORT_DAY
  let body
  try {
    const cohort = care.Cohort.sample()
    const r = cohort.report(asOf, SITE)
    const t = r.totals
    const totals = [
      ['agents', t.agents],
      ['waiting', t.waiting],
      ['in certification', t.in_certification],
      ['certified', t.certified],
      ['failed', t.failed],
      ['blocked by equipment', t.blocked_by_equipment],
      ['at an escalation step', t.at_escalation_step],
      ['missing self-reports', t.missing_self_reports],
    ]
      .map(([k, v]) => `<span>${esc(k)}: <strong>${esc(v)}</strong></span>`)
      .join('')
    const score = (s) => (s == null ? '–' : esc(s))
    const step = (s) => (s ? `${esc(s.name)}${s.date ? ` (${esc(s.date)})` : ''}` : '–')
    const rows = r.agents
      .map(
        (a) => `<tr data-agent="${esc(a.name)}">
          <td>${esc(a.name)}</td><td class="nowrap">${esc(a.start)}</td><td class="num">${esc(a.day)}</td>
          <td class="state ${esc(a.state)}">${esc(words(a.state))}</td>
          <td class="num nowrap">${a.scores.map(score).join(' · ')}</td>
          <td class="num">${esc(a.passes)}</td><td class="num">${esc(a.pass_rate)}%</td>
          <td>${esc(a.certifier ?? '–')}</td>
          <td>${step(a.current_step)}</td><td>${step(a.next_step)}</td>
          <td class="num">${esc(a.missing_self_reports.length)}</td>
          <td>${esc(a.equipment_issue_since ?? '')}</td>
          <td>${esc(a.last_note ?? '')}</td></tr>`,
      )
      .join('')
    body = `<h2>End-of-day report, ${esc(r.as_of)}</h2>
    <p>Coordinator: ${esc(r.coordinator)} · calendar: ${esc(r.calendar)} · policy ${esc(r.policy.id)} v${esc(r.policy.version)}</p>
    <form method="get" action="/cohort"><label>As of <input type="date" name="as_of" value="${esc(r.as_of)}"></label><button type="submit">Show</button></form>
    <div class="totals">${totals}</div>
    <table id="report">
      <thead><tr><th>Agent</th><th>Start</th><th>Day</th><th>State</th><th>Scores</th><th>Passes</th>
      <th>Pass rate</th><th>Certifier</th><th>Current step</th><th>Next step</th>
      <th>Missing reports</th><th>Equipment issue since</th><th>Last note</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`
  } catch (e) {
    body = `<h2>End-of-day report</h2><p class="error" role="alert">${esc(e.code)}: ${esc(e.message)}</p>`
  }
  return page('Cohort report', '/cohort', body)
}

// A small calibration session to start from (the form's "sample" button).
const SAMPLE_SESSION = `id = "2026-07-09 calibration"
benchmark = "Dana Lee"

[template]
id = "four-items"
sections = [ { id = "all", items = [
  { id = "greeting", weight = 40 }, { id = "verification", weight = 30 },
  { id = "accuracy", weight = 20 }, { id = "closing", weight = 10 } ] } ]

[[calls]]
id = "call-a"
grades."Dana Lee" = { greeting = "yes", verification = "yes", accuracy = "yes", closing = "yes" }
grades."Omar Haddad" = { greeting = "yes", verification = "yes", accuracy = "yes", closing = "yes" }
grades."Lucia Ferraro" = { greeting = "yes", verification = "no", accuracy = "yes", closing = "yes" }

[[calls]]
id = "call-b"
grades."Dana Lee" = { greeting = "yes", verification = "yes", accuracy = "no", closing = "yes" }
grades."Omar Haddad" = { greeting = "yes", verification = "yes", accuracy = "no", closing = "na" }
grades."Lucia Ferraro" = { greeting = "yes", verification = "yes", accuracy = "yes", closing = "yes" }
`
const MAX_BODY = 1 << 20

const num = (x) => (x == null ? '–' : esc(Math.round(x * 100) / 100))

function calibrationPage(text) {
  let results = ''
  if (text.trim()) {
    try {
      const session = text.trim().startsWith('{')
        ? care.CalibrationSession.fromJson(text)
        : care.CalibrationSession.fromToml(text)
      const r = care.calibrate(session)
      const rows = r.certifiers
        .map(
          (c) => `<tr data-certifier="${esc(c.certifier)}">
          <td>${esc(c.certifier)}</td><td class="num">${num(c.mean_points_off)}</td>
          <td class="num">${num(c.max_points_off)}</td><td class="num">${num(c.alignment)}${c.alignment == null ? '' : '%'}</td>
          <td>${esc(c.verdict_mismatches.join(', ') || '–')}</td>
          <td class="state ${esc(c.status)}">${esc(c.status)}</td><td>${reasonList(c.reasons)}</td></tr>`,
        )
        .join('')
      const alpha = (a) => (a.value == null ? `undefined (${esc(a.undefined_reason)})` : num(a.value))
      results = `<section class="panel" id="calibration">
      <h2>Session ${esc(r.session)}: ${esc(r.certifiers.length)} certifiers, ${esc(r.calls.length)} calls</h2>
      <div class="totals"><span>Krippendorff's alpha of the marks: <strong>${alpha(r.alpha_marks)}</strong></span>
      <span>of the scores: <strong>${alpha(r.alpha_scores)}</strong></span>
      <span>policy ${esc(r.policy.id)} v${esc(r.policy.version)}</span></div>
      <table id="certifiers"><thead><tr><th>Certifier</th><th>Mean points off</th><th>Max points off</th>
      <th>Alignment</th><th>Verdicts differ on</th><th>Status</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>
      <h3>Summary</h3>${reasonList(r.reasons)}</section>`
    } catch (e) {
      results = `<p class="error" role="alert">${esc(e.code)}: ${esc(e.message)}</p>`
    }
  }
  const body = `<h2>Calibration</h2>
  <p>Paste a calibration session (TOML, or JSON starting with <code>{</code>): every certifier's grades of the same calls.</p>
  <form method="post" action="/calibration" id="session-form">
    <label>Session <textarea name="session" id="session" rows="14" cols="100">${esc(text)}</textarea></label>
    <button type="submit">Calibrate</button>
    <button type="submit" name="sample" value="1" id="sample">Load the sample</button>
  </form>
  ${results}`
  return page('Calibration', '/calibration', body)
}

/** The request handler, with the coordinator page's limits from `options` (see createServer). */
function handler(options) {
  const coord = coordinator(care, options)
  return function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const send = (status, html, close = false) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        ...(close ? { connection: 'close' } : {}),
      })
      res.end(html)
    }
    if (url.pathname === '/calibration' && req.method === 'POST') {
      readBody(req, MAX_BODY).then(
        (body) => {
          const form = new URLSearchParams(body.toString('utf8'))
          send(200, calibrationPage(form.get('sample') ? SAMPLE_SESSION : form.get('session') ?? ''))
        },
        (e) => send(e.status ?? 400, page('Error', '', errorHtml(e)), Boolean(e.close)),
      )
      return
    }
    if (url.pathname === '/coordinator' && req.method === 'POST') {
      coord.post(req).then(([status, html, close]) => send(status, html, close))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    try {
      if (url.pathname === '/') return send(200, mapPage(url.searchParams))
      if (url.pathname === '/coordinator') return send(200, coord.get())
      const download = /^\/coordinator\/report\/([0-9a-f]{32})\/([a-z]+)$/.exec(url.pathname)
      if (download) {
        const d = coord.download(download[1], download[2])
        if (!d.headers) return send(d.status, d.body)
        res.writeHead(d.status, {
          ...d.headers,
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        })
        return res.end(d.body)
      }
      if (url.pathname === '/cohort') return send(200, cohortPage(url.searchParams))
      if (url.pathname === '/calibration') return send(200, calibrationPage(''))
      return send(404, page('Not found', '', `<p>No page at ${esc(url.pathname)}.</p>`))
    } catch (e) {
      return send(500, page('Error', '', errorHtml(e)))
    }
  }
}

/**
 * A dashboard server (not yet listening). `options` sets the coordinator page's limits:
 * `maxUpload` (bytes in one upload, default 8 MiB), `keepMinutes` (how long a report is kept
 * for its downloads, default 30) and `keepReports` (how many are kept, default 16).
 */
function createServer(options = {}) {
  return http.createServer(handler(options))
}

module.exports = { createServer, esc }

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080)
  const host = process.env.HOST ?? '127.0.0.1'
  createServer().listen(port, host, () => console.log(`care-core dashboard on http://${host}:${port}/`))
}
