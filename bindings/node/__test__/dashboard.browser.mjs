// The example dashboard (examples/dashboard) in headless Chromium: the coordinator page takes
// a real tracker workbook and shows the end-of-day report, whose xlsx, html and eml downloads
// are read back; bad uploads (corrupt, a bad cell, too large, hostile names) show their
// errors on the page. The map page draws the best path between two roles picked in the form,
// the cohort page lists every agent of the sample cohort. Screenshots go to
// $CARE_SCREENSHOTS (default: the system temp folder).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { unzip, zip, sheetNames, sheetRows } from './zip.mjs'
import { notesWorkbook } from './notes-book.mjs'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const { createServer, esc } = require(join(root, 'examples', 'dashboard', 'server.js'))
const care = require('../index.js')
const shots = process.env.CARE_SCREENSHOTS ?? tmpdir()
// The coordinator page's upload limit in this test (the server's default is 8 MiB).
const MAX_UPLOAD = 256 * 1024

let server, base, browser, page

before(async () => {
  server = createServer({ maxUpload: MAX_UPLOAD })
  await new Promise((ok, fail) => server.listen(0, '127.0.0.1', ok).once('error', fail))
  base = `http://127.0.0.1:${server.address().port}`
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } })
})

after(async () => {
  await browser?.close()
  await new Promise((ok) => (server ? server.close(ok) : ok()))
})

test('esc makes every HTML special character inert', () => {
  assert.equal(esc(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  assert.equal(esc(null), '')
})

test('map page: pick two roles, submit, see the paths, readiness and the highlighted path', async () => {
  await page.goto(base + '/')
  assert.ok(await page.locator('#map svg').count() === 1, 'the map is drawn')
  assert.equal(await page.locator('#map svg g.role.highlighted').count(), 0, 'nothing highlighted yet')
  await page.screenshot({ path: join(shots, 'care-dashboard-map-empty.png') })

  await page.selectOption('#from', 'care-operations/rep')
  await page.selectOption('#to', 'care-operations/manager')
  await page.fill('#months', '4')
  await Promise.all([page.waitForURL(/to=care-operations%2Fmanager/), page.click('button[type=submit]')])

  assert.equal(await page.locator('#from').inputValue(), 'care-operations/rep', 'the form keeps the From role')
  assert.equal(await page.locator('#to').inputValue(), 'care-operations/manager', 'the form keeps the To role')
  assert.equal(await page.locator('#months').inputValue(), '4')
  const best = care.paths('care-operations/rep', 'care-operations/manager', { k: 3 })[0]
  assert.ok(best, 'the package finds a path')
  const paths = page.locator('#paths .path')
  assert.ok((await paths.count()) >= 1)
  assert.equal(await page.locator('#paths .path.best ol.steps > li').count(), best.steps.length)
  const text = await page.locator('#paths').innerText()
  assert.match(text, /promotional/)
  assert.match(text, new RegExp(best.steps[0].reasons[0].message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  assert.match(await page.locator('#readiness').innerText(), /Not eligible yet|Eligible/)

  const lit = await page.locator('#map svg g.role.highlighted').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-role')))
  assert.deepEqual(lit.sort(), [...best.roles].sort(), 'the best path roles are highlighted')
  assert.ok((await page.locator('#map svg path.move.highlighted').count()) >= best.steps.length - 0)
  await page.screenshot({ path: join(shots, 'care-dashboard-map-path.png'), fullPage: true })
})

test('map page: roles named by title in the address stay chosen in the form after the paths', async () => {
  await page.goto(base + '/?from=' + encodeURIComponent('Care Rep') + '&to=' + encodeURIComponent('Manager, Customer Care'))
  assert.ok((await page.locator('#paths .path').count()) >= 1)
  assert.equal(await page.locator('#from').inputValue(), 'care-operations/rep')
  assert.equal(await page.locator('#to').inputValue(), 'care-operations/manager')
})

test('map page: an impossible move shows the error, escaped', async () => {
  await page.goto(base + '/?from=' + encodeURIComponent('<script>x</script>') + '&to=care-operations/rep')
  const alert = page.locator('.error[role=alert]')
  assert.equal(await alert.count(), 1)
  assert.match(await alert.innerText(), /^UNKNOWN_ROLE: unknown role "<script>x<\/script>"/)
  assert.equal(await page.locator('main script').count(), 0)
})

test('cohort page: every agent of the sample cohort is a row', async () => {
  await page.goto(base + '/cohort')
  const size = care.Cohort.sample().agentNames().length
  assert.ok(size > 0)
  assert.equal(await page.locator('#report tbody tr').count(), size)
  const names = await page.locator('#report tbody tr td:first-child').allInnerTexts()
  assert.deepEqual(names, care.Cohort.sample().agentNames())
  await page.screenshot({ path: join(shots, 'care-dashboard-cohort.png'), fullPage: true })
})

test('calibration page: load the sample, calibrate, see each certifier against the benchmark', async () => {
  await page.goto(base + '/calibration')
  assert.equal(await page.locator('#certifiers').count(), 0, 'no result before a session')
  await Promise.all([page.waitForURL(/\/calibration$/), page.click('#sample')])
  const text = await page.locator('#session').inputValue()
  assert.match(text, /benchmark = "Dana Lee"/)
  const want = care.calibrate(care.CalibrationSession.fromToml(text))
  const rows = page.locator('#certifiers tbody tr')
  assert.equal(await rows.count(), want.certifiers.length)
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.dataset.certifier, tr.querySelector('.state').textContent]))
  assert.deepEqual(shown, want.certifiers.map((c) => [c.certifier, c.status]))
  await page.screenshot({ path: join(shots, 'care-dashboard-calibration.png'), fullPage: true })

  // The same session as JSON, edited to break it: the error shows, escaped.
  await page.fill('#session', JSON.stringify({ calls: [{ id: '<b>x</b>', grades: {} }] }))
  await page.click('button[type=submit]:not(#sample)')
  await page.waitForSelector('.error[role=alert]')
  assert.match(await page.locator('.error[role=alert]').innerText(), /^INVALID_INPUT: /)
  assert.equal(await page.locator('main b').count(), 0)
})

// ---- The coordinator page -------------------------------------------------------------------

const DAY = '2026-07-10'
const site = { calendar: care.Calendar.byName('us-federal', 'America/New_York') }
const seedPath = join(root, 'fuzz', 'seeds', 'tracker_sheet', 'tracker.xlsx')
const excelDate = (serial) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)
const noStack = (text) => assert.doesNotMatch(text, /\n\s+at .*:\d+:\d+|node:internal/, 'no stack trace on the page')

/** Submits the coordinator form with `files` ({ id: path or { name, buffer } }) and fields. */
async function upload(files, fields = {}) {
  await page.goto(base + '/coordinator')
  for (const [id, file] of Object.entries(files)) {
    await page.setInputFiles(`#${id}`, typeof file === 'string' ? file : { mimeType: 'application/octet-stream', ...file })
  }
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value)
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#show')])
  return response
}

/** Clicks a download link; its suggested file name and bytes. */
async function download(id) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#download-${id}`)])
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) }
}

/** A MIME entity: lower-cased headers and body; multipart bodies split into parts. */
function mime(text) {
  const cut = text.indexOf('\r\n\r\n')
  const headers = {}
  for (const line of text.slice(0, cut).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  const body = text.slice(cut + 4)
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1]
  const parts = boundary
    ? body.split(`--${boundary}`).slice(1, -1).map((p) => mime(p.replace(/^\r\n/, '').replace(/\r\n$/, '')))
    : []
  return { headers, body, parts }
}

test('coordinator page: a tracker workbook uploaded, the report shown, xlsx, html and eml downloaded and read back', async () => {
  const want = care.readTracker(readFileSync(seedPath)).report(DAY, site)
  assert.ok(want.agents.length >= 2)
  const response = await upload({ tracker: seedPath }, { as_of: DAY })
  assert.equal(response.status(), 200)
  assert.equal(await page.locator('.error').count(), 0)
  assert.equal(await page.locator('#report-title').innerText(), `Report as of ${DAY}`)
  assert.match(await page.locator('#source').innerText(), new RegExp(`^tracker\\.xlsx: ${want.agents.length} agents`))
  const shown = await page.locator('#eod').innerText()
  assert.match(shown, /End-of-day call cert report, Fri 2026-07-10/)
  for (const a of want.agents) {
    assert.ok(shown.includes(a.name), `${a.name} is in the report`)
    assert.ok(shown.includes(a.file_stem) || shown.includes(`${a.pass_rate}%`), `${a.name}'s pass rate is shown`)
  }
  assert.equal(await page.locator('#as_of').inputValue(), DAY, 'the form keeps the date')
  await page.screenshot({ path: join(shots, 'care-dashboard-coordinator.png'), fullPage: true })

  // The workbook: five sheets; the Agents sheet has every agent with the package's numbers.
  const xlsx = await download('xlsx')
  assert.equal(xlsx.name, `Call_Cert_EOD_${DAY}.xlsx`)
  const book = unzip(xlsx.bytes)
  assert.deepEqual(sheetNames(book), ['Agents', 'Escalations', 'Missing self-reports', 'Equipment issues', 'Notes'])
  const [header, ...rows] = sheetRows(book, 1)
  const col = (name) => header.indexOf(name)
  assert.deepEqual(rows.map((r) => r[col('agent')]), want.agents.map((a) => a.name))
  for (const [r, a] of rows.map((r, i) => [r, want.agents[i]])) {
    assert.equal(excelDate(r[col('start')]), a.start, 'the start is a real Excel date')
    assert.equal(r[col('day')], a.day)
    assert.equal(r[col('state')], a.state.replace(/_/g, ' '))
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => r[col(`call${n}`)]), a.scores.map((s) => s ?? null))
    assert.equal(r[col('passes')], a.passes)
    assert.equal(r[col('pass_rate')], a.pass_rate)
    assert.equal(r[col('tbt_hours')], a.tbt_hours)
    assert.equal(r[col('file_stem')], a.file_stem)
  }

  // The HTML email body: the package's, as is; no scripts.
  const html = await download('html')
  assert.equal(html.name, `Call_Cert_EOD_${DAY}.html`)
  assert.equal(html.bytes.toString('utf8'), care.readTracker(readFileSync(seedPath)).reportHtml(DAY, site))
  assert.doesNotMatch(html.bytes.toString('utf8'), /<script/i)

  // The email draft: headers, a text and an HTML alternative, the same workbook attached.
  const eml = await download('eml')
  assert.equal(eml.name, `Call_Cert_EOD_${DAY}.eml`)
  const msg = mime(eml.bytes.toString('utf8'))
  assert.equal(msg.headers.to, 'ops-leadership@example.invalid')
  assert.equal(msg.headers.subject, `Call Cert EOD report ${DAY}`)
  assert.equal(msg.headers['x-unsent'], '1')
  assert.match(msg.headers['content-type'], /^multipart\/mixed;/)
  const [alt, attachment] = msg.parts
  assert.deepEqual(alt.parts.map((p) => p.headers['content-type'].split(';')[0]), ['text/plain', 'text/html'])
  const plain = Buffer.from(alt.parts[0].body, 'base64').toString('utf8')
  for (const a of want.agents) assert.ok(plain.includes(a.name))
  assert.match(attachment.headers['content-disposition'], new RegExp(`filename="Call_Cert_EOD_${DAY}\\.xlsx"`))
  const attached = unzip(Buffer.from(attachment.body.replace(/\s+/g, ''), 'base64'))
  assert.deepEqual(sheetRows(attached, 1), sheetRows(book, 1), 'the attachment is the same workbook')
})

test('coordinator page: progress notes and a cohort policy join the upload; the draft goes to its list', async () => {
  const notes = `${DAY} - Ana Rivera - practised call 4 with my lead\n`
  const policy = 'distribution_list = ["ops-leads@example.com"]\n'
  const response = await upload({
    tracker: seedPath,
    notes: { name: 'notes.txt', buffer: Buffer.from(notes) },
    policy: { name: 'cohort.toml', buffer: Buffer.from(policy) },
  }, { as_of: DAY })
  assert.equal(response.status(), 200)
  assert.match(await page.locator('#source').innerText(), /1 progress note added from notes\.txt/)
  assert.match(await page.locator('#eod').innerText(), /practised call 4 with my lead/)
  const msg = mime((await download('eml')).bytes.toString('utf8'))
  assert.equal(msg.headers.to, 'ops-leads@example.com')
})

test('coordinator page: a progress-notes workbook is read, a note in it twice is added once and reported', async () => {
  const note = 'reviewed the MAPD scorecard with my lead'
  const book = notesWorkbook(care, [['Date', 'Name', 'Note'], [DAY, 'Ana Rivera', note], [DAY, 'ana rivera', note.toUpperCase()]])
  const response = await upload({ tracker: seedPath, notes: { name: 'progress.xlsx', buffer: book } }, { as_of: DAY })
  assert.equal(response.status(), 200)
  assert.match(await page.locator('#source').innerText(), /1 progress note added from progress\.xlsx/)
  const dups = await page.locator('#duplicates').innerText()
  assert.match(dups, /1 progress note was already in the tracker, not added twice/)
  assert.match(dups, /Agents!A3: .*REVIEWED THE MAPD SCORECARD/)
  assert.equal((await page.locator('#eod').innerText()).split(note).length, 2, 'the note is in the report once')
  await page.screenshot({ path: join(shots, 'care-dashboard-coordinator-notes.png'), fullPage: true })
})

test('coordinator page: without a date, the report is as of today in the site zone', async () => {
  await upload({ tracker: seedPath })
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date())
  assert.equal(await page.locator('#report-title').innerText(), `Report as of ${today}`)
})

test('coordinator page: a corrupt file, a bad cell, a bad note, an early date and an over-size upload show errors', async () => {
  // A corrupt workbook: the package's error code and message.
  let response = await upload({ tracker: { name: 'broken.xlsx', buffer: Buffer.from('PK\x03\x04 not a zip at all') } })
  assert.equal(response.status(), 400)
  let alert = page.locator('.error[role=alert]')
  assert.equal(await alert.count(), 1)
  assert.match(await alert.innerText(), /^Tracker \(broken\.xlsx\): PARSE: .*zip/)
  assert.equal(await page.locator('#result').count(), 0, 'no report')
  noStack(await page.locator('main').innerText())

  // A workbook with text in a date cell: the error names the sheet and the cell.
  const files = unzip(readFileSync(seedPath))
  const sheet = files.get('xl/worksheets/sheet1.xml').toString('utf8')
  const bad = sheet.replace(/<c r="C2"[^>]*>.*?<\/c>/, '<c r="C2" t="inlineStr"><is><t>someday</t></is></c>')
  assert.notEqual(bad, sheet)
  files.set('xl/worksheets/sheet1.xml', Buffer.from(bad))
  response = await upload({ tracker: { name: 'bad-cell.xlsx', buffer: zip(files) } })
  assert.equal(response.status(), 400)
  assert.match(await alert.innerText(), /^Tracker \(bad-cell\.xlsx\): PARSE: .*Tracker!C2: "someday" is not a date/)
  await page.screenshot({ path: join(shots, 'care-dashboard-coordinator-error.png'), fullPage: true })

  // A CSV with a bad date names the line and column; a note for nobody names the agent.
  response = await upload({ tracker: { name: 't.csv', buffer: Buffer.from('date,agent,start\n2026-13-01,Ana Rivera,2026-07-01\n') } })
  assert.match(await alert.innerText(), /^Tracker \(t\.csv\): PARSE: .*line 2, column "date"/)
  response = await upload({ tracker: seedPath, notes: { name: 'n.txt', buffer: Buffer.from(`${DAY} - Nobody Here - hi\n`) } }, { as_of: DAY })
  assert.match(await alert.innerText(), /^Progress notes \(n\.txt\): UNKNOWN_NAME: unknown agent "Nobody Here \(at line 1\)"/)

  // A day before the tracker's last entries: refused rather than counting later rows.
  response = await upload({ tracker: seedPath }, { as_of: '2026-07-07' })
  assert.equal(response.status(), 400)
  assert.match(await alert.innerText(), /^As of: the tracker has entries dated up to 2026-07-08, after 2026-07-07/)

  // Too large: refused while streaming, a 413 page with the form.
  response = await upload({ tracker: { name: 'big.xlsx', buffer: Buffer.alloc(MAX_UPLOAD + 50_000, 'x') } })
  assert.equal(response.status(), 413)
  assert.match(await alert.innerText(), /^Upload: The upload is larger than the limit of 256 KiB\./)
  assert.equal(await page.locator('#upload').count(), 1, 'the form is there to try again')

  // A download that is not kept (or never was) is a page saying so.
  response = await page.goto(`${base}/coordinator/report/${'0'.repeat(32)}/xlsx`)
  assert.equal(response.status(), 404)
  assert.match(await alert.innerText(), /no longer kept/)
})

/** POSTs a multipart body to /coordinator in `chunks` without a Content-Length (or with `declared`). */
async function post(chunks, declared) {
  const { request } = await import('node:http')
  return new Promise((ok, fail) => {
    const headers = { 'content-type': 'multipart/form-data; boundary=b' }
    if (declared != null) headers['content-length'] = String(declared)
    const req = request(`${base}/coordinator`, { method: 'POST', headers }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d)).on('end', () => {
        ok({ status: res.statusCode, connection: res.headers.connection, body })
        req.destroy()
      })
    })
    req.on('error', fail)
    if (declared != null) return req.flushHeaders()
    for (const c of chunks) req.write(c)
    req.end()
  })
}

test('coordinator upload limit: checked while the body streams in, and on a declared length', async () => {
  // Chunked, no length: refused once it passes the limit; the rest is drained, the page sent.
  const chunk = Buffer.alloc(16 * 1024, 'x')
  const streamed = await post(Array.from({ length: (2 * MAX_UPLOAD) / chunk.length }, () => chunk))
  assert.equal(streamed.status, 413)
  assert.match(streamed.body, /larger than the limit of 256 KiB/)
  // A declared length far past the limit: answered at once, and the connection closed.
  const declared = await post([], MAX_UPLOAD * 100)
  assert.deepEqual([declared.status, declared.connection], [413, 'close'])
  // Under the limit, a body that is not a form: a plain 415 page, no stack.
  const { status, body } = await fetch(`${base}/coordinator`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })
    .then(async (r) => ({ status: r.status, body: await r.text() }))
  assert.equal(status, 415)
  noStack(body)
})

test("coordinator page: the tracker's names and notes are shown as text, never as markup", async () => {
  const evil = '<img src=x onerror=alert(1)>'
  const csv = `date,agent,start,note\n${DAY},"${evil}",${DAY},<script>alert(2)</script> & <b>bold</b>\n`
  const response = await upload({ tracker: { name: '<i>t</i>.csv', buffer: Buffer.from(csv) } }, { as_of: DAY })
  assert.equal(response.status(), 200)
  assert.equal(await page.locator('main img, main script, main b, main i').count(), 0)
  const text = await page.locator('#eod').innerText()
  assert.ok(text.includes(evil), 'the name is shown as written')
  assert.match(await page.locator('#source').innerText(), /^<i>t<\/i>\.csv: 1 agent/)
})
