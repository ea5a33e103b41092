import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.mjs'

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
  assert.equal(care.certPolicy().pass_mark, 85)
  assert.equal(care.loadCertPolicy('pass_mark = 90', 'toml').pass_mark, 90)
  assert.throws(() => care.loadCertPolicy('x', 'yaml'), { code: 'INVALID_INPUT' })
  assert.equal(care.qaAudit(95).passed, true)
  assert.equal(care.qaAudit(94.5).passed, false)
  assert.equal(care.fileStem('Ana Rivera', 60), 'Rivera_Ana_60%')
  assert.throws(() => care.fileStem('///', 60), { code: 'INVALID_INPUT' })
  const sc = care.sampleScorecard()
  const marks = {}
  for (const s of sc.sections) for (const i of s.items) marks[i.id] = 'yes'
  const r = care.scoreScorecard(marks)
  assert.equal(typeof r.score, 'number')
  assert.throws(() => care.scoreScorecard({}), { code: 'INVALID_SCORECARD' })
})

test('batch: Uint8Array of N x 5 scores in, Uint8Array columns out, same as one by one', () => {
  const rows = [[100, 90, 80, 95, 88], [100, 10, 20, 255, 255], [100, 90, 255, 255, 255]]
  const b = care.evaluateBatch(Uint8Array.from(rows.flat()))
  assert.ok(b.status instanceof Uint8Array)
  assert.deepEqual([...b.status], [1, 2, 0])
  assert.deepEqual([...b.passes], [4, 1, 2])
  assert.deepEqual([...b.pass_rate], [80, 20, 40])
  const f = care.evaluateBatchF64(Float64Array.from(rows.flat().map((x) => (x === 255 ? NaN : x))))
  assert.deepEqual([...f.status], [...b.status])
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
  const codes = care.escalationSteps(Int32Array.from([day('2026-03-02')]), '2026-03-09')
  assert.deepEqual([...codes], [s.step_code])
  assert.throws(() => care.timeline('2026-02-30'), { code: 'INVALID_DATE' })
  assert.throws(() => care.timeline('2026-03-02', { calendar: { time_zone: 'Mars/Base' } }), { code: 'UNKNOWN_NAME' })
})
