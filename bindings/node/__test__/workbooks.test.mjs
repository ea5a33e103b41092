// Workbooks (tracker, report, the certifier's workbook), the email draft and replay.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.js'
import { readFileSync } from 'node:fs'

const site = { calendar: care.Calendar.byName('us-federal', 'America/New_York') }
const DAY = '2026-07-10'

test('the report as xlsx, HTML and an email draft', () => {
  const c = care.Cohort.sample()
  const book = c.reportXlsx(DAY, site)
  assert.ok(Buffer.isBuffer(book) && book.subarray(0, 2).toString() === 'PK')
  assert.match(c.reportHtml(DAY, site), /<table/)
  const policy = new care.CohortPolicy({ distribution_list: ['ops@example.com'] })
  const eml = c.reportEml(DAY, { ...site, policy })
  assert.match(eml, /To: ops@example\.com/)
  assert.match(eml, /Call_Cert_EOD_2026-07-10\.xlsx/)
  assert.throws(() => c.reportEml(DAY, { policy: { distribution_list: [] } }), { code: 'INVALID_POLICY' })
})

test('readTracker reads CSV and xlsx bytes; bad bytes are care-core errors', () => {
  const text = care.Cohort.sampleTracker()
  const byCsv = care.readTracker(Buffer.from(text))
  assert.deepEqual(byCsv.toJSON(), care.Cohort.fromTracker(text).toJSON())
  assert.deepEqual(care.readTracker(new TextEncoder().encode(text), { format: 'csv' }).toJSON(), byCsv.toJSON())
  for (const junk of [Buffer.from('PK\x03\x04 not a zip'), Buffer.from('PK'), Buffer.alloc(64)]) {
    assert.throws(() => care.readTracker(junk, { format: 'xlsx' }), (e) => e instanceof care.CareError)
    assert.throws(() => care.readCertWorkbook(junk), (e) => e instanceof care.CareError)
  }
  assert.throws(() => care.readTracker(Buffer.from(text), { format: 'ods2' }), { code: 'INVALID_INPUT' })
  assert.throws(() => care.readTracker('a,b'), { code: 'INVALID_INPUT' })
  assert.throws(() => care.readTracker(Buffer.from(text), { sheets: 'x' }), { code: 'UNKNOWN_NAME' })
})

test('readTracker: as_of drops later rows; the format comes from the bytes', () => {
  const text = Buffer.from(care.Cohort.sampleTracker())
  const whole = care.readTracker(text)
  assert.deepEqual(care.readTracker(text, { as_of: '2100-01-01' }).toJSON(), whole.toJSON())
  assert.deepEqual(care.readTracker(text, { as_of: '1900-01-01' }).agentNames(), [])
  assert.throws(() => care.readTracker(text, { as_of: 'someday' }), { code: 'INVALID_DATE' })
  const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(60)])
  assert.throws(() => care.readTracker(xls), (e) => e.code === 'PARSE' && /\.xls/.test(e.message))
})

test('the certifier workbook: written, then read or refused with a care-core error', () => {
  const book = care.certTemplateXlsx('Ana Rivera')
  assert.ok(Buffer.isBuffer(book) && book.subarray(0, 2).toString() === 'PK')
  assert.ok(care.certTemplateXlsx('', care.Scorecard.sample(), new care.CertPolicy()).length > 0)
  try {
    const r = care.readCertWorkbook(book)
    assert.ok(Array.isArray(r.disagreements))
  } catch (e) {
    assert.ok(e instanceof care.CareError)
  }
})

test('replay lists what flips between two policies', () => {
  const c = care.Cohort.sample()
  const old = new care.CohortPolicy()
  const r = c.replay(DAY, old, { cert: { pass_mark: 99 } }, site)
  assert.equal(r.as_of, DAY)
  assert.equal(r.summary.agents, 11)
  assert.equal(r.flips.length, r.summary.certification_flips + r.summary.escalation_flips)
  assert.deepEqual(c.replay(DAY, old, old).flips, [])
  assert.throws(() => c.replay(DAY, old, old, { policy: old }), { code: 'UNKNOWN_NAME' })
})

test('replay reads a side given as policy file text, as care replay does', () => {
  const c = care.Cohort.sample()
  const old = new care.CohortPolicy()
  // A certification policy alone, TOML or JSON: the same as the cohort policy holding it.
  const want = c.replay(DAY, old, { cert: { pass_mark: 99 } }, site)
  assert.deepEqual(c.replay(DAY, old, 'pass_mark = 99', site).summary, want.summary)
  assert.deepEqual(c.replay(DAY, '{}', '{"pass_mark": 99}', site).summary, want.summary)
  // A history: the version in force on the day (v1 before 2026-09-01: nothing flips).
  const history = readFileSync(new URL('../../../examples/policies/certification-history.toml', import.meta.url), 'utf8')
  const r = c.replay(DAY, old, history, site)
  assert.equal(r.to.certification.version, '1')
  assert.deepEqual(r.flips, [])
  assert.throws(() => c.replay(DAY, old, 'pass_mark = 101', site), { code: 'INVALID_POLICY' })
})

test('an xlsx tracker and a certifier workbook from the fuzz seeds', async () => {
  const { readFileSync } = await import('node:fs')
  const seeds = new URL('../../../fuzz/seeds/', import.meta.url)
  const book = readFileSync(new URL('tracker_sheet/tracker.xlsx', seeds))
  assert.deepEqual(care.readTracker(book).agentNames(), ['Ana Rivera', 'Marcus Bell'])
  assert.throws(() => care.readTracker(book, { sheet: 'No Such Sheet' }), { code: 'UNKNOWN_NAME' })
  const r = care.readCertWorkbook(readFileSync(new URL('cert_workbook/template.xlsx', seeds)))
  assert.deepEqual(r.disagreements, [])
  assert.ok('status' in r.evaluation)
})

test('a calibration from the certifiers\' scorecard workbooks, written as a workbook', async () => {
  const { unzip, zip } = await import('./zip.mjs')
  const template = care.certTemplateXlsx('Rivera, Ana')
  const items = care.Scorecard.sample().toJSON().sections.flatMap((s) => s.items).length
  // Every item row (8 on) of calls 2 (H) and 3 (I) marked, as the Rust tests fill them.
  const filled = (call3) => {
    const files = unzip(template)
    let xml = files.get('xl/worksheets/sheet1.xml').toString('utf8')
    for (let r = 8; r < 8 + items; r++) {
      const cells = ['H', 'I'].map((c, i) => `<c r="${c}${r}" t="inlineStr"><is><t>${i ? call3 : 'yes'}</t></is></c>`)
      xml = xml.replace(new RegExp(`(<row r="${r}"[^>]*>.*?)</row>`), `$1${cells.join('')}</row>`)
    }
    files.set('xl/worksheets/sheet1.xml', Buffer.from(xml))
    return zip(files)
  }
  const files = [['dana.xlsx', filled('yes')], ['omar.xlsx', filled('no')], ['lee.xlsx', filled('yes')]]
  const s = care.CalibrationSession.fromWorkbooks(files, 'dana')
  assert.deepEqual(s.toJSON().calls.map((c) => c.id), ['Rivera, Ana call 2', 'Rivera, Ana call 3'])
  const r = care.calibrate(s)
  assert.deepEqual(Object.fromEntries(r.certifiers.map((c) => [c.certifier, c.status])), { lee: 'consistent', omar: 'review' })
  const book = care.calibrationXlsx(r)
  assert.ok(Buffer.isBuffer(book))
  const sheets = [...unzip(book).keys()].filter((n) => n.startsWith('xl/worksheets/sheet'))
  assert.equal(sheets.length, 5)
  assert.ok(care.leniencyXlsx(care.leniency(care.Cohort.sampleTracker())).length > 0)
  assert.throws(() => care.CalibrationSession.fromWorkbooks([['bad.xlsx', Buffer.from('nope')]]), (e) => e instanceof care.CareError && /bad\.xlsx/.test(e.message))
  assert.throws(() => care.CalibrationSession.fromWorkbooks('dana.xlsx'), { code: 'INVALID_INPUT' })
})
