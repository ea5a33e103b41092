import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.js'

const plain = (v) => JSON.parse(JSON.stringify(v))

test('evaluate: 4 of 5 passing certifies at 80%, keys as serde writes them', () => {
  const e = care.evaluateScores('Rivera, Ana', [100, 90, 80, 95, 88])
  assert.equal(e.status, 'certified')
  assert.equal(e.pass_rate, 80)
  assert.equal(e.file_stem, 'Rivera_Ana_80%')
  assert.deepEqual(e.policy, { id: 'care.certification', version: '1' })
  assert.deepEqual(plain(e), e)
  const same = care.evaluate({ agent: 'Rivera, Ana', calls: [100, 90, 80, 95, 88].map((score, i) => ({ number: i + 1, score })) })
  assert.deepEqual(same, e)
})

test('evaluate errors carry the core kind and message', () => {
  assert.throws(() => care.evaluate({ agent: 'x', calls: [{ number: 9, score: 3 }] }), {
    code: 'INVALID_INPUT', message: 'call number 9 is outside 1 to 5',
  })
  assert.throws(() => care.evaluateScores('x', [100, 101]), { code: 'INVALID_SCORE' })
  assert.throws(() => care.evaluate({ agent: 'x', calls: [{ numbr: 1 }] }), { code: 'INVALID_INPUT' })
  assert.throws(() => care.evaluateScores('x', [100], { pass_mark: 300 }), { code: 'INVALID_POLICY' })
})

test('policy, QA audit, file stem, scorecard', () => {
  assert.equal(new care.CertPolicy().toJSON().pass_mark, 85)
  assert.equal(care.CertPolicy.fromToml('pass_mark = 90').toJSON().pass_mark, 90)
  assert.equal(care.CertPolicy.fromJson(care.CertPolicy.fromToml('pass_mark = 90').toJSON() && '{"pass_mark": 90}').toToml().includes('pass_mark = 90'), true)
  assert.throws(() => care.CertPolicy.fromToml('x'), { code: 'PARSE' })
  assert.equal(care.qaAudit(95).passed, true)
  assert.equal(care.qaAudit(94.5).passed, false)
  assert.equal(care.fileStem('Ana Rivera', 60), 'Rivera_Ana_60%')
  assert.throws(() => care.fileStem('///', 60), { code: 'INVALID_INPUT' })
  const sc = care.Scorecard.sample()
  const marks = {}
  for (const s of sc.toJSON().sections) for (const i of s.items) marks[i.id] = 'yes'
  const r = sc.score(marks)
  assert.equal(typeof r.score, 'number')
  assert.throws(() => sc.score({}), { code: 'INVALID_SCORECARD' })
  assert.deepEqual(care.Scorecard.fromToml(sc.toToml()).toJSON(), sc.toJSON())
  assert.equal(care.passRate(4, 5), 80)
  assert.deepEqual(care.decide(4, 1, 0), { status: 'certified', decided_early: false })
  assert.equal(care.callVerdict(2, 84.5), 'fail')
  assert.equal(care.callVerdict(2, 85, { pass_mark: 80 }), 'pass')
})

test('batch: Uint8Array of N x 5 scores in, Uint8Array columns out, same as one by one', () => {
  const rows = [[100, 90, 80, 95, 88], [100, 10, 20, 255, 255], [100, 90, 255, 255, 255]]
  const b = care.evaluateBatch(Uint8Array.from(rows.flat()))
  assert.ok(b.status instanceof Uint8Array)
  assert.deepEqual([...b.status], [1, 2, 0])
  assert.deepEqual([...b.passes], [4, 1, 2])
  assert.deepEqual([...b.pass_rate], [80, 20, 40])
  const f = care.evaluateBatch(Float64Array.from(rows.flat().map((x) => (x === 255 ? NaN : x))))
  assert.deepEqual([...f.status], [...b.status])
  assert.deepEqual([...b.status].map((c) => care.STATUS_NAMES[c]), ['certified', 'failed', 'in_progress'])
  assert.throws(() => care.evaluateBatch(new Uint8Array(4)), {
    code: 'INVALID_INPUT', message: '4 scores do not make whole rows of 5 calls',
  })
})

test('async batch resolves off the main thread, rejects with a coded Error', async () => {
  const n = 100_000
  const scores = new Uint8Array(n * 5).fill(90)
  for (let r = 0; r < n; r++) scores[r * 5] = 100
  const [a, s] = [await care.evaluateBatchAsync(scores), care.evaluateBatch(scores)]
  assert.deepEqual(a, s)
  await assert.rejects(care.evaluateBatchAsync(new Uint8Array(4)), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'INVALID_INPUT')
    assert.equal(e.message, '4 scores do not make whole rows of 5 calls')
    return true
  })
  await assert.rejects(care.evaluateBatchAsync(new Uint8Array(5).fill(150)), { code: 'INVALID_SCORE' })
})

test('catalog: builtin, lookup, ambiguity, units, JSON round trip', () => {
  const cat = care.Catalog.builtin()
  assert.equal(cat.lookup('Senior Rep').id, 'care-operations/senior-rep')
  assert.throws(() => cat.lookup('Senoir Rep'), {
    code: 'UNKNOWN_ROLE', message: 'unknown role "Senoir Rep" (did you mean "Senior Rep"?)',
  })
  assert.throws(() => cat.lookup('Senior Analyst, Business Analytics'), { code: 'AMBIGUOUS_ROLE' })
  assert.equal(cat.units().length, 7)
  const again = care.Catalog.fromJson(JSON.stringify(cat))
  assert.deepEqual(again.roles(), cat.roles())
  assert.equal(care.Catalog.fromToml(care.Catalog.builtinToml()).roles().length, cat.roles().length)
  assert.throws(() => care.Catalog.fromToml('roles = 3'), { code: 'PARSE' })
})

test('escalation: timeline and status with ISO dates, batch over Int32Array', () => {
  const t = care.timeline('2026-03-02')
  assert.equal(t.day1, '2026-03-02')
  assert.deepEqual(t.steps.map((s) => s.id), ['coaching', 'written-cap', 'final-cap', 'termination-review'])
  const s = care.escalationStatus('2026-03-02', '2026-03-09')
  assert.equal(s.current_step.id, 'final-cap')
  const day = (iso) => Date.parse(iso + 'T00:00:00Z') / 86400000
  const codes = care.escalationSteps(Int32Array.from([day('2026-03-02'), day('1800-01-01')]), '2026-03-09')
  assert.deepEqual([...codes], [s.step_code, 255])
  assert.deepEqual([...codes].map((c) => care.STEP_NAMES[c]), ['final_cap', 'out_of_range'])
  const p = new care.EscalationPolicy()
  assert.deepEqual(care.timeline('2026-03-02', { policy: p }), t)
  assert.deepEqual(care.EscalationPolicy.fromJson(JSON.stringify(p)).toJSON(), p.toJSON())
  assert.deepEqual(care.EscalationPolicy.fromToml(p.toToml()).toJSON(), p.toJSON())
  assert.throws(() => care.timeline('2026-02-30'), { code: 'INVALID_DATE' })
  // Excused days in the core's three shapes (escalation::ExcusedDays) read alike.
  const excused = [{ date: '2026-03-04', reason: 'IT outage' }]
  const x = care.timeline('2026-03-02', { excused })
  assert.notDeepEqual(x, t)
  assert.deepEqual(care.timeline('2026-03-02', { excused: { '2026-03-04': 'IT outage' } }), x)
  assert.deepEqual(care.timeline('2026-03-02', { excused: [['2026-03-04', 'IT outage']] }), x)
  assert.throws(() => care.timeline('2026-03-02', { calendar: { time_zone: 'Mars/Base' } }), { code: 'UNKNOWN_NAME' })
})

test('career moves on the built-in map and on a Catalog give the same plain objects', () => {
  const m = care.classify('Care Rep', 'Senior Rep')
  assert.equal(m.direction, 'promotional')
  assert.equal(m.scope, 'within_unit')
  assert.equal(m.well_matched, true)
  assert.deepEqual(plain(m), m)
  const cat = care.Catalog.builtin()
  assert.deepEqual(cat.classify('Care Rep', 'Senior Rep'), m)
  const r = care.readiness({ current_role: 'Care Rep', months_in_role: { 'Care Rep': 2 } }, 'Senior Rep')
  assert.equal(r.eligible, false)
  assert.equal(r.required[0].missing.kind, 'months')
  assert.throws(() => care.readiness({ current_role: 'Care Rep', shoe_size: 9 }, 'Senior Rep'), { code: 'INVALID_INPUT' })
  assert.ok(care.nextSteps('Care Rep').every((s) => s.well_matched))
  const p = care.paths('Care Rep', 'Manager, Customer Care', { k: 2 })
  assert.equal(p.length, 2)
  assert.deepEqual(p[0].roles.at(0), 'care-operations/rep')
  assert.deepEqual(cat.paths('Care Rep', 'Manager, Customer Care', { k: 2 }), p)
  assert.throws(() => care.paths('Care Rep', 'Senior Rep', { k: 0 }), { code: 'INVALID_INPUT' })
})

test('renderMap draws svg, mermaid and dot, highlighting a path', () => {
  const best = care.paths('Care Rep', 'Manager, Customer Care')[0]
  const svg = care.renderMap('svg', { highlight: best.roles })
  assert.match(svg, /^<svg /)
  for (const id of best.roles) assert.ok(svg.includes(`data-role="${id}"`))
  assert.equal((svg.match(/<g class="role [a-z_]+ highlighted"/g) ?? []).length, best.roles.length)
  assert.match(care.renderMap('mermaid'), /^flowchart BT$/m)
  assert.match(care.renderMap('dot'), /digraph/)
  assert.throws(() => care.renderMap('png'), { code: 'UNKNOWN_NAME' })
  assert.throws(() => care.renderMap('svg', { highlight: ['Senoir Rep'] }), { code: 'UNKNOWN_ROLE' })
  const edges = care.mapEdges({ highlight: best.roles })
  assert.ok(edges.filter((e) => e.highlighted).length >= best.steps.length)
})

test('cohort: the sample, its report (data, CSV, text), pairing, notes, forecast', () => {
  const c = care.Cohort.sample()
  const size = c.agentNames().length
  const site = { calendar: care.Calendar.byName('us-federal', 'America/New_York') }
  const r = c.report('2026-07-10', site)
  assert.equal(r.agents.length, size)
  assert.equal(r.totals.agents, size)
  assert.equal(r.as_of, '2026-07-10')
  assert.equal(c.reportCsv('2026-07-10', site).trim().split('\n').length, size + 1)
  assert.match(c.reportMarkdown('2026-07-10', site), /\|/)
  assert.equal(c.agent(c.agentNames()[0]).name, c.agentNames()[0])
  const noted = c.withNotes(`2026-07-02 - ${c.agentNames()[0]} - finished call 3`)
  assert.equal(noted.agent(c.agentNames()[0]).notes.length, c.agent(c.agentNames()[0]).notes.length + 1)
  assert.equal(c.withCertifiers([{ name: 'Kim Lee' }], 'Pat Doe').toJSON().coordinator, 'Pat Doe')
  assert.match(c.reportText('2026-07-10', site), /2026-07-10/)
  const pairing = c.pair('2026-07-09', site)
  assert.equal(pairing.day, '2026-07-09')
  assert.throws(() => c.pair('2026-07-04', site), { code: 'INVALID_DATE' })
  assert.deepEqual(care.Cohort.fromJson(JSON.stringify(c)).toJSON(), c.toJSON())
  assert.equal(care.Cohort.fromTracker(care.Cohort.sampleTracker()).agentNames().length, size)
  assert.equal(care.parseNote('2026-07-02 - Ana Rivera - finished call 3').name, 'Ana Rivera')
  assert.throws(() => care.parseNote('nope'), { code: 'PARSE' })
  assert.equal(care.forecast(20, 10, '2026-07-01', site).policy.id, 'care.cohort')
  assert.equal(care.forecast(20, 10, '2026-07-01', { policy: new care.CohortPolicy() }).sessions_per_certifier, 2)
  assert.deepEqual(care.CohortPolicy.fromToml(new care.CohortPolicy().toToml()).toJSON(), new care.CohortPolicy().toJSON())
  assert.equal(care.neutralizeCsvCell('=1+1').startsWith("'"), true)
})

test('CertPolicy class: read once, same answers as the plain-object functions', () => {
  const p = new care.CertPolicy({ pass_mark: 80 })
  assert.equal(p.toJSON().pass_mark, 80)
  assert.deepEqual(JSON.parse(JSON.stringify(p)), care.CertPolicy.fromToml('pass_mark = 80').toJSON())
  const scores = [100, 90, 80, 95, 82]
  assert.deepEqual(p.evaluateScores('Rivera, Ana', scores), care.evaluateScores('Rivera, Ana', scores, { pass_mark: 80 }))
  assert.throws(() => new care.CertPolicy({ pass_mark: 300 }), { code: 'INVALID_POLICY' })
  assert.throws(() => new care.CertPolicy({ pass_mrak: 80 }), { code: 'INVALID_INPUT', message: /unknown field `pass_mrak`/ })
  const rows = Uint8Array.from([100, 90, 80, 95, 82, 100, 10, 20, 255, 255])
  const out = { status: new Uint8Array(2), passes: new Uint8Array(2), pass_rate: new Uint8Array(2) }
  care.evaluateBatchInto(rows, out, p)
  assert.deepEqual(out, p.evaluateBatch(rows))
  assert.deepEqual(p.evaluate({ agent: 'Rivera, Ana', calls: [{ number: 2, score: 81 }] }), care.evaluate({ agent: 'Rivera, Ana', calls: [{ number: 2, score: 81 }] }, { pass_mark: 80 }))
  assert.deepEqual(p.qaAudit(96), care.qaAudit(96, p))
  assert.throws(() => care.evaluateBatchInto(rows, { status: out.status, passes: out.status, pass_rate: out.pass_rate }), { code: 'INVALID_INPUT' })
  assert.throws(() => care.evaluateBatchInto(rows, { status: new Uint8Array(3), passes: new Uint8Array(2), pass_rate: new Uint8Array(2) }), { code: 'INVALID_INPUT' })
})

test('CertPolicy#standing: one batch row with names, and the counting part of evaluate', () => {
  const p = new care.CertPolicy()
  const names = ['in_progress', 'certified', 'failed']
  const cases = [[100, 90, 80, 95, 88], [100, 10, 20], [100, 90], [], [100, 90, 90, 90], [NaN, 90, 90, 90, 90], [100, 50, 50, NaN, 90]]
  for (const scores of cases) {
    const st = { ...p.standing(Float64Array.from(scores)) }
    const row = Float64Array.from({ length: 5 }, (_, i) => scores[i] ?? NaN)
    const b = care.evaluateBatch(row)
    assert.deepEqual([st.status, st.passes, st.pass_rate], [names[b.status[0]], b.passes[0], b.pass_rate[0]], JSON.stringify(scores))
    if (Number.isNaN(scores[0])) continue // evaluate scores an untaken coached call 100; the batch does not
    const e = care.evaluate({ agent: 'Kim, Lee', calls: scores.map((score, i) => (Number.isNaN(score) ? { number: i + 1 } : { number: i + 1, score })) })
    const want = Object.fromEntries(['status', 'decided_early', 'passes', 'fails', 'pending', 'pass_rate'].map((k) => [k, e[k]]))
    assert.deepEqual(st, want, JSON.stringify(scores))
  }
  assert.throws(() => p.standing(Float64Array.from([100, 101])), { code: 'INVALID_SCORE', message: 'invalid score for call 2: 101 is outside 0 to 100' })
  assert.throws(() => p.standing(new Float64Array(6).fill(100)), { code: 'INVALID_INPUT', message: 'the session has 6 calls; the policy has 5' })
})

test('Calendar and the budget functions take ISO dates; a calendar is a Calendar, a name or a spec', () => {
  const us = care.Calendar.byName('us-federal')
  assert.equal(us.isBusinessDay('2026-07-03'), false)
  assert.equal(us.addBusinessDays('2026-07-02', 1), '2026-07-06')
  assert.equal(new care.Calendar({ builtin: 'us-federal' }).businessDaysBetween('2026-07-02', '2026-07-06'), 1)
  assert.equal(us.rollForward('2026-07-03'), '2026-07-06')
  assert.deepEqual(us.holidaysBetween('2026-07-01', '2026-07-31'), ['2026-07-03'])
  assert.deepEqual(care.Calendar.fromJson(JSON.stringify(us)).toJSON(), us.toJSON())
  assert.deepEqual(care.Calendar.fromToml(us.toToml()).toJSON(), us.toJSON())
  assert.equal(care.tbtBudget('2026-07-06T08:00', '2026-07-06T12:00').within, true)
  for (const calendar of [us, 'us-federal', { builtin: 'us-federal' }]) {
    assert.equal(care.timeline('2026-07-02', { calendar }).steps[0].due, care.timeline('2026-07-02', { calendar: us }).steps[0].due)
  }
  assert.throws(() => care.Calendar.byName('us-fedral'), { code: 'UNKNOWN_NAME' })
})

test('cohort notes: text or a workbook, merged as `care report --notes`: duplicates reported, not added twice', async () => {
  const { notesWorkbook } = await import('./notes-book.mjs')
  const c = care.Cohort.sample()
  const name = c.agentNames()[0]
  const count = (k) => k.toJSON().agents.reduce((n, a) => n + a.notes.length, 0)
  const line = `2026-07-02 - ${name} - finished call 3`
  const once = c.withNotes(line)
  assert.equal(count(once), count(c) + 1)
  // The dashboard's bug: the same note added again made two.
  assert.equal(count(once.withNotes(line)), count(once))
  const again = once.mergeNotes(`${line}\n\n2026-07-03 - ${name} - TBT done\n`)
  assert.equal(again.added, 1)
  assert.deepEqual(again.duplicates.map((d) => [d.place, d.note.note]), [['line 1', 'finished call 3']])
  assert.equal(count(once), count(c) + 1, 'mergeNotes leaves the cohort unchanged')
  const book = notesWorkbook(care, [['Date', 'Name', 'Note'], ['2026-07-02', name, 'Finished  call 3'], ['2026-07-03', name, 'TBT done']])
  const m = once.mergeNotes(book)
  assert.equal(m.added, 1)
  assert.deepEqual(m.duplicates.map((d) => d.place), ['Agents!A2'])
  assert.equal(count(once.withNotes(book, { format: 'xlsx' })), count(once) + 1)
  const lines = notesWorkbook(care, [[line]])
  const csv = c.mergeNotes(Buffer.from(`date,name,note\n2026-07-02,"${name}","finished call 3"\n`))
  assert.deepEqual([csv.added, csv.duplicates.length], [1, 0])
  assert.equal(once.mergeNotes(Buffer.from(`date,name,note\n2026-07-02,${name},finished call 3\n`)).duplicates[0].place, 'line 2')
  assert.equal(c.mergeNotes(lines).added, 1)
  assert.throws(() => c.withNotes(notesWorkbook(care, [['2026-07-02 - Nobody Atall - hi']])), { code: 'UNKNOWN_NAME' })
  assert.throws(() => c.withNotes(Buffer.from('not a note')), { code: 'PARSE' })
  assert.throws(() => c.withNotes(42), { code: 'INVALID_INPUT' })
})
