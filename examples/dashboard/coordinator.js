// The coordinator's page: upload the tracker (xlsx or CSV; the package's reader tells which)
// and, optionally, the progress notes and a cohort policy; see the end-of-day report (the
// package's HTML email body, as is); download it as xlsx, HTML or an .eml draft.
//
//   GET  /coordinator                      the form
//   POST /coordinator                      the upload (multipart) -> the report, or the errors
//   GET  /coordinator/report/ID/FORMAT     a download: FORMAT is xlsx, html or eml
//
// Nothing is written to disk. An upload is parsed once into a care-core Cohort, which is kept
// in memory for the downloads: at most `keepReports` of them, each for `keepMinutes`, under an
// unguessable id; the oldest goes first. Every rule is the package's: this file only reads
// the form, calls care-core and writes HTML (every value through `esc`).
'use strict'

const crypto = require('node:crypto')
const { esc, page, errorHtml } = require('./layout.js')
const { readBody, formData, bytesText } = require('./body.js')

/** The page's limits unless createServer is given others. */
const DEFAULTS = Object.freeze({ maxUpload: 8 << 20, keepMinutes: 30, keepReports: 16 })

/** The downloads: content type and file extension by format. */
const DOWNLOADS = {
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Workbook (xlsx)' },
  html: { type: 'text/html; charset=utf-8', label: 'Email body (html)' },
  eml: { type: 'message/rfc822', label: 'Email draft (eml)' },
}

/** Parsed uploads kept for their downloads: bounded in number and in time. */
class ReportStore {
  constructor(max, ttlMs) {
    this.max = max
    this.ttlMs = ttlMs
    this.items = new Map()
  }

  /** Keeps `entry`, dropping expired ones and then the oldest; returns its id. */
  put(entry) {
    this.sweep()
    while (this.items.size >= this.max) this.items.delete(this.items.keys().next().value)
    const id = crypto.randomBytes(16).toString('hex')
    this.items.set(id, { ...entry, expires: Date.now() + this.ttlMs })
    return id
  }

  /** The entry kept under `id`, or null when there is none (or it expired). */
  get(id) {
    this.sweep()
    return this.items.get(id) ?? null
  }

  sweep() {
    const now = Date.now()
    for (const [id, e] of this.items) if (e.expires <= now) this.items.delete(id)
  }
}

/** Today's date (ISO) in IANA time zone `zone`. */
function today(zone) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
  return f.format(new Date())
}

/** The latest date the cohort's data mentions (starts, notes, absences, issues), or null. */
function latestDate(cohort) {
  let last = ''
  const see = (d) => {
    if (typeof d === 'string' && d > last) last = d
  }
  for (const a of cohort.agents) {
    see(a.start)
    see(a.completed_on)
    for (const n of a.notes) see(n.date)
    for (const x of a.excused) see(x.date)
    for (const i of a.equipment_issues) {
      see(i.opened)
      see(i.closed)
    }
  }
  return last || null
}

/** The inside of the report's `<body>` (the package writes a whole HTML document). */
function bodyOf(html) {
  const m = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)
  return m ? m[1] : html
}

/** A file field of the form as bytes and a name, or null when none was chosen. */
async function fileOf(form, name) {
  const f = form.get(name)
  if (f == null || typeof f === 'string' || (f.size === 0 && !f.name)) return null
  return { name: f.name || name, bytes: Buffer.from(await f.arrayBuffer()) }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The coordinator page's handlers over the package `care`, with `options` overriding DEFAULTS. */
function coordinator(care, options = {}) {
  const { maxUpload, keepMinutes, keepReports } = { ...DEFAULTS, ...options }
  const store = new ReportStore(keepReports, keepMinutes * 60_000)

  function form(v) {
    const opt = (value, label, chosen) =>
      `<option value="${esc(value)}"${value === chosen ? ' selected' : ''}>${esc(label)}</option>`
    return `<form method="post" action="/coordinator" enctype="multipart/form-data" id="upload">
    <label>Tracker (xlsx or CSV) <input type="file" name="tracker" id="tracker" required
      accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
    <label>Read as <select name="format" id="format">${opt('', 'told by the file', v.format)}${opt('xlsx', 'xlsx', v.format)}${opt('csv', 'CSV', v.format)}</select></label>
    <label>Sheet (xlsx; default Tracker, else the first) <input type="text" name="sheet" id="sheet" value="${esc(v.sheet)}"></label>
    <label>Progress notes (optional; xlsx, ods, or text: columns date, name, note or Date - Name - Note lines) <input type="file" name="notes" id="notes" accept=".xlsx,.ods,.csv,.txt,text/plain"></label>
    <label>Cohort policy (optional; TOML or JSON) <input type="file" name="policy" id="policy" accept=".toml,.json"></label>
    <label>As of (default today in the site's zone) <input type="date" name="as_of" id="as_of" value="${esc(v.as_of)}"></label>
    <label>Holidays <select name="holidays" id="holidays">${opt('us-federal', 'US federal', v.holidays)}${opt('none', 'none', v.holidays)}</select></label>
    <label>Site time zone <input type="text" name="time_zone" id="time_zone" value="${esc(v.time_zone)}"></label>
    <button type="submit" id="show">Show the report</button>
    <button type="submit" name="sample" value="1" id="sample" formnovalidate>Use the sample tracker</button>
  </form>
  <p class="hint">Uploads up to ${esc(bytesText(maxUpload))} in all. Nothing is saved on the server: the report is
  kept in memory for ${esc(keepMinutes)} minutes for its downloads.</p>`
  }

  function coordinatorPage(values, results = '') {
    return page('Coordinator', '/coordinator', `<h2>End-of-day report from the tracker</h2>${form(values)}${results}`)
  }

  const initial = () => ({ format: '', sheet: '', as_of: '', holidays: 'us-federal', time_zone: 'America/New_York' })

  /** Reads the upload and builds the report; returns the results' HTML (errors included). */
  async function report(formData_) {
    const field = (name) => {
      const v = formData_.get(name)
      return typeof v === 'string' ? v.trim() : ''
    }
    const values = { ...initial() }
    for (const k of Object.keys(values)) values[k] = field(k) || values[k]
    const errors = []
    const fail = (e, what) => errors.push(errorHtml(e, what))
    const done = () => ({ values, html: errors.join(''), ok: false })

    let calendar
    try {
      calendar = care.Calendar.byName(values.holidays, values.time_zone)
    } catch (e) {
      fail(e, 'Calendar')
    }
    let policy
    const policyFile = await fileOf(formData_, 'policy')
    if (policyFile) {
      try {
        const text = utf8.decode(policyFile.bytes)
        policy = text.trimStart().startsWith('{') ? care.CohortPolicy.fromJson(text) : care.CohortPolicy.fromToml(text)
      } catch (e) {
        fail(e instanceof TypeError ? { status: 400, message: 'the file is not UTF-8 text' } : e, `Cohort policy (${policyFile.name})`)
      }
    }
    const tracker = field('sample')
      ? { name: 'sample-tracker.csv', bytes: Buffer.from(care.Cohort.sampleTracker()) }
      : await fileOf(formData_, 'tracker')
    if (!tracker) fail({ status: 400, message: 'choose the tracker file (xlsx or CSV).' }, 'Tracker')
    const notes = await fileOf(formData_, 'notes')
    if (errors.length) return done()

    let cohort
    try {
      const opts = {}
      if (values.format) opts.format = values.format
      if (values.sheet) opts.sheet = values.sheet
      if (policy) opts.policy = policy
      cohort = care.readTracker(tracker.bytes, opts)
    } catch (e) {
      fail(e, `Tracker (${tracker.name})`)
      return done()
    }
    let merge = null
    if (notes) {
      const label = `Progress notes (${notes.name})`
      try {
        // The file's extension names the format (text, xlsx, ods); else the core tells it
        // from the bytes. Duplicates are found by the core and not added twice.
        const ext = /\.(csv|txt|xlsx|ods)$/i.exec(notes.name)?.[1].toLowerCase()
        const opts = ext ? { format: ext === 'txt' ? 'csv' : ext } : {}
        merge = cohort.mergeNotes(notes.bytes, opts)
        cohort = cohort.withNotes(notes.bytes, opts)
      } catch (e) {
        fail(e, label)
        return done()
      }
    }
    const site = { calendar, ...(policy ? { policy } : {}) }
    let r, html
    try {
      const asOf = values.as_of || today(calendar.toJSON().time_zone)
      r = cohort.report(asOf, site)
      html = cohort.reportHtml(asOf, site)
    } catch (e) {
      fail(e, 'As of')
      return done()
    }
    values.as_of = r.as_of
    const last = latestDate(cohort.toJSON())
    if (last && last > r.as_of) {
      fail({ status: 400, message: `the tracker has entries dated up to ${last}, after ${r.as_of}; the package ` +
        'reads every row, so a report for an earlier day would count them. Choose a day on or after ' +
        `${last}, or run \`care report --as-of ${r.as_of}\`, which leaves later rows out.` }, 'As of')
      return done()
    }
    const id = store.put({ cohort, asOf: r.as_of, site })
    const links = Object.entries(DOWNLOADS)
      .map(([f, d]) => `<a href="/coordinator/report/${id}/${f}" id="download-${f}" download="${esc(fileName(r.as_of, f))}">${esc(d.label)}</a>`)
      .join('')
    const added = merge?.added ?? 0
    const noteText = notes ? ` · ${added} progress note${added === 1 ? '' : 's'} added from ${esc(notes.name)}` : ''
    const dups = merge?.duplicates ?? []
    const dupHtml = dups.length
      ? `<div id="duplicates"><p>${dups.length} progress note${dups.length === 1 ? ' was' : 's were'} already in the tracker, not added twice:</p><ul>${
        dups.map((d) => `<li>${esc(d.place)}: ${esc(d.note.date)} - ${esc(d.note.name)} - ${esc(d.note.note)}</li>`).join('')}</ul></div>`
      : ''
    return {
      values,
      ok: true,
      html: `<section id="result">
      <h2 id="report-title">Report as of ${esc(r.as_of)}</h2>
      <p id="source">${esc(tracker.name)}: ${esc(r.agents.length)} agent${r.agents.length === 1 ? '' : 's'}${noteText} ·
      calendar ${esc(r.calendar)} · policy ${esc(r.policy.id)} v${esc(r.policy.version)}</p>
      ${dupHtml}<div class="downloads" id="downloads">${links}</div>
      <div class="eod" id="eod">${bodyOf(html)}</div></section>`,
    }
  }

  return {
    /** GET /coordinator. */
    get: () => coordinatorPage(initial()),

    /** POST /coordinator: `[status, html, close]` (close: hang up after answering). */
    async post(req) {
      try {
        const body = await readBody(req, maxUpload)
        const { values, html, ok } = await report(await formData(req.headers, body))
        return [ok ? 200 : 400, coordinatorPage(values, html), false]
      } catch (e) {
        return [e.status ?? 500, coordinatorPage(initial(), errorHtml(e, 'Upload')), Boolean(e.close)]
      }
    },

    /**
     * GET /coordinator/report/ID/FORMAT: `{ status, headers, body }`, the report in FORMAT
     * or a page saying why not.
     */
    download(id, format) {
      const d = DOWNLOADS[format]
      const entry = d ? store.get(id) : null
      if (!entry) {
        const text = d
          ? `This report is no longer kept (reports are kept for ${keepMinutes} minutes, the latest ${keepReports}): upload the tracker again.`
          : `There is no ${format} download; there are xlsx, html and eml.`
        return { status: 404, body: coordinatorPage(initial(), errorHtml({ status: 404, message: text }, 'Download')) }
      }
      try {
        const { cohort, asOf, site } = entry
        const body =
          format === 'xlsx' ? Buffer.from(cohort.reportXlsx(asOf, site))
            : format === 'html' ? cohort.reportHtml(asOf, site)
              : cohort.reportEml(asOf, site)
        return {
          status: 200,
          headers: {
            'content-type': d.type,
            'content-disposition': `attachment; filename="${fileName(asOf, format)}"`,
          },
          body,
        }
      } catch (e) {
        return { status: 400, body: coordinatorPage(initial(), errorHtml(e, 'Download')) }
      }
    },
  }
}

/** The download's file name: `Call_Cert_EOD_2026-07-10.xlsx` (the eml attaches the same). */
function fileName(asOf, format) {
  return `Call_Cert_EOD_${String(asOf).replace(/[^0-9-]/g, '')}.${format}`
}

module.exports = { coordinator, DEFAULTS, ReportStore, latestDate }
