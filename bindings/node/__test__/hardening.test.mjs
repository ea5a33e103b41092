// Inputs of our own that used to crash Node or answer wrongly (the list), each now a
// care-core error or the right answer.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.js'

const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] })
const rows = () => Uint8Array.from([100, 90, 80, 95, 88, 100, 10, 20, 255, 255])
const columns = (n) => ({ status: new Uint8Array(n), passes: new Uint8Array(n), pass_rate: new Uint8Array(n) })
const DETACHED = { code: 'INVALID_INPUT', message: /ArrayBuffer is detached/ }

// An object whose every key is a getter that first detaches `buffer`, then gives `values[key]`.
function detaching(buffer, values) {
  const o = {}
  for (const [k, v] of Object.entries(values)) {
    Object.defineProperty(o, k, { enumerable: true, get: () => (buffer.detached || detach(buffer), v) })
  }
  return o
}

test('a getter of the policy that detaches the scores is an INVALID_INPUT error, never a crash', () => {
  for (const make of [() => rows(), () => Float64Array.from(rows(), (x) => (x === 255 ? NaN : x))]) {
    const s = make()
    assert.throws(() => care.evaluateBatch(s, detaching(s.buffer, { pass_mark: 85 })), DETACHED)
  }
  const s = rows()
  assert.throws(() => care.evaluateBatchInto(s, columns(2), detaching(s.buffer, { pass_mark: 85 })), DETACHED)
  const t = rows()
  assert.throws(() => care.evaluateBatchAsync(t, detaching(t.buffer, { calls: 5 })), DETACHED)
  const starts = Int32Array.from([20636, 20637])
  assert.throws(() => care.escalationSteps(starts, '2026-07-13', { policy: detaching(starts.buffer, { id: 'x' }) }), DETACHED)
  const u = Int32Array.from([20636])
  assert.throws(() => care.escalationSteps(u, '2026-07-13', detaching(u.buffer, { calendar: 'us-federal' })), DETACHED)
})

test('a getter of the output columns that detaches any buffer is an error, never a crash', () => {
  for (const victim of ['scores', 'status', 'passes', 'pass_rate']) {
    for (const key of ['status', 'passes', 'pass_rate']) {
      const s = rows()
      const out = columns(2)
      const buffer = victim === 'scores' ? s.buffer : out[victim].buffer
      const cols = { ...out }
      Object.defineProperty(cols, key, { enumerable: true, get: () => (buffer.detached || detach(buffer), out[key]) })
      assert.throws(() => care.evaluateBatchInto(s, cols), DETACHED, `${key} detaches ${victim}`)
    }
  }
  const s = rows()
  const out = columns(2)
  care.evaluateBatchInto(s, out)
  assert.deepEqual([...out.status], [1, 2])
})

test('a detached or shrunk buffer is an error or read at its size now, never 0 rows quietly', () => {
  const s = rows()
  detach(s.buffer)
  assert.throws(() => care.evaluateBatch(s), DETACHED)
  assert.throws(() => care.evaluateBatchInto(s, columns(2)), DETACHED)
  assert.throws(() => care.evaluateBatchAsync(s), DETACHED)
  const resizable = new ArrayBuffer(10, { maxByteLength: 10 })
  const r = new Uint8Array(resizable)
  r.set(rows())
  const policy = { get pass_mark() { resizable.resize(5); return 85 } }
  assert.deepEqual([...care.evaluateBatch(r, policy).status], [1])
})

test('a sparse array of huge length is TOO_LARGE at once, before any allocation', () => {
  const huge = () => {
    const a = []
    a.length = 2 ** 32 - 1
    return a
  }
  const TOO_LARGE = { code: 'TOO_LARGE' }
  assert.throws(() => care.evaluateScores('Ana Rivera', huge()), TOO_LARGE)
  assert.throws(() => care.evaluate({ agent: 'Ana Rivera', calls: huge() }), TOO_LARGE)
  assert.throws(() => care.paths('Care Rep', 'Senior Rep', { units: huge() }), TOO_LARGE)
  assert.throws(() => care.timeline('2026-07-02', { excused: huge() }), TOO_LARGE)
  assert.throws(() => care.Cohort.sample().withCertifiers(huge()), TOO_LARGE)
  // A typed array's length is checked before anything is copied from it.
  assert.throws(() => care.standing(new Float64Array(2 ** 20 + 1)), TOO_LARGE)
  assert.throws(() => care.evaluate({ agent: 'Ana Rivera', calls: new Uint8Array(2 ** 20) }), TOO_LARGE)
  assert.equal(care.standing(new Float64Array([100, NaN])).passes, 1)
  const a = []
  a.length = 1e8
  const t = process.hrtime.bigint()
  assert.throws(() => care.evaluateScores('Ana Rivera', a), TOO_LARGE)
  assert.ok(process.hrtime.bigint() - t < 100_000_000n, 'refused within 100 ms')
  // A hole is not an element: refused, not read from the prototype.
  assert.throws(() => care.evaluateScores('Ana Rivera', [100, , 90]), { code: 'INVALID_INPUT', message: 'invalid scores: element 1 is missing' })
})

test('an instance of another class, a Date, a Map or a Proxy of a class is refused, not read as {}', () => {
  const not = (what) => ({ code: 'INVALID_INPUT', message: `invalid ${what}: an instance of a class is not data: give a plain object` })
  const fails = [100, 60, 60, 60, 60]
  assert.throws(() => care.evaluateScores('Ana Rivera', fails, new care.CohortPolicy()), not('policy'))
  assert.throws(() => care.evaluateScores('Ana Rivera', fails, new Proxy(new care.CertPolicy({ pass_mark: 50 }), {})), not('policy'))
  assert.throws(() => care.timeline('2026-07-02', { calendar: new care.CertPolicy() }), not('calendar'))
  assert.throws(() => care.timeline('2026-07-02', { calendar: new Date() }), not('calendar'))
  assert.throws(() => care.timeline('2026-07-02', new Map()), not('options'))
  assert.throws(() => care.Cohort.sample().report('2026-07-10', { policy: new care.EscalationPolicy() }), not('policy'))
  assert.throws(() => new care.CertPolicy(Object.create(new Proxy(care.Calendar.prototype, {}))), not('policy'))
  // Plain data in any form is still read: a Proxy of a plain object, a null-prototype object.
  assert.equal(care.evaluateScores('Ana Rivera', fails, new Proxy({ pass_mark: 50 }, {})).status, 'certified')
  assert.equal(care.evaluateScores('Ana Rivera', fails, Object.assign(Object.create(null), { pass_mark: 50 })).status, 'certified')
})

test('a class without a constructor and text with a lone surrogate are care-core errors', () => {
  const none = { code: 'INVALID_INPUT', message: /^Cohort has no constructor/ }
  assert.throws(() => new care.Cohort(), none)
  assert.throws(() => { class Mine extends care.Cohort {} new Mine() }, none) // eslint-disable-line no-new
  assert.throws(() => care.fileStem('Ana \ud800Rivera', 80), { code: 'INVALID_INPUT', message: /lone surrogate/ })
  assert.equal(care.fileStem('Ana \ufffdRivera', 80), '\ufffdRivera_Ana_80%')
  assert.throws(() => new care.CertPolicy({ '\ud800': 1 }), { code: 'INVALID_INPUT', message: /lone surrogate/ })
})

test('inherited properties are never read', () => {
  // An object that inherits its data is not a plain object: refused, never read as defaults.
  const not = { code: 'INVALID_INPUT', message: 'invalid policy: an instance of a class is not data: give a plain object' }
  assert.throws(() => care.evaluateScores('Ana Rivera', [100, 60, 60, 60, 60], Object.create({ pass_mark: 50 })), not)
  assert.equal(care.evaluateScores('Ana Rivera', [100, 60, 60, 60, 60], { pass_mark: 50 }).status, 'certified')
  const plain = care.timeline('2026-07-02')
  Object.prototype.calendar = 'us-federal'
  try {
    assert.deepEqual(care.timeline('2026-07-02'), plain)
    assert.deepEqual(care.timeline('2026-07-02', {}), plain)
  } finally {
    delete Object.prototype.calendar
  }
  const inherited = Object.create({ status: new Uint8Array(2), passes: new Uint8Array(2), pass_rate: new Uint8Array(2) })
  assert.throws(() => care.evaluateBatchInto(rows(), inherited), { code: 'INVALID_INPUT' })
})

test('columns that share memory with the scores or each other are refused; adjacent views are not', () => {
  const shared = { code: 'INVALID_INPUT', message: /share memory/ }
  const buf = new Uint8Array(16)
  buf.set(rows())
  const view = (at, n) => buf.subarray(at, at + n)
  // The scores are bytes 0..10; a column over byte 9 overlaps them, one over 10..12 does not.
  const cols = (status) => ({ status, passes: new Uint8Array(2), pass_rate: new Uint8Array(2) })
  assert.throws(() => care.evaluateBatchInto(view(0, 10), cols(view(9, 2))), shared)
  assert.throws(() => care.evaluateBatchInto(view(0, 10), { ...cols(view(10, 2)), passes: view(11, 2) }), shared)
  const out = { status: view(10, 2), passes: view(12, 2), pass_rate: view(14, 2) }
  care.evaluateBatchInto(view(0, 10), out)
  const apart = care.evaluateBatch(rows())
  for (const k of ['status', 'passes', 'pass_rate']) assert.deepEqual([...out[k]], [...apart[k]])
  assert.deepEqual([...out.passes], [4, 1])
})

test('numbers are checked for integrality and range, never wrapped', () => {
  const bad = { code: 'INVALID_INPUT' }
  assert.throws(() => care.fileStem('Ana Rivera', 2 ** 32 + 80), { code: 'INVALID_INPUT', message: 'invalid pass rate: invalid value: integer `4294967376`, expected u8' })
  assert.throws(() => care.fileStem('Ana Rivera', NaN), bad)
  assert.throws(() => care.fileStem('Ana Rivera', 80.5), bad)
  assert.throws(() => care.fileStem('Ana Rivera', '80'), bad)
  assert.throws(() => care.forecast(2 ** 32 + 5, 2, '2026-07-01'), bad)
  assert.throws(() => care.forecast(-1, 2, '2026-07-01'), bad)
  assert.throws(() => care.Calendar.byName('none').addBusinessDays('2026-07-02', Infinity), bad)
  assert.throws(() => care.Calendar.byName('none').addBusinessDays('2026-07-02', 1.5), bad)
  assert.throws(() => care.paths('Care Rep', 'Senior Rep', { k: 2 ** 32 + 1 }), bad)
  assert.throws(() => care.paths('Care Rep', 'Senior Rep', { k: 1.5 }), bad)
  assert.throws(() => new care.CertPolicy({ calls: 2 ** 8 + 5 }), { code: 'INVALID_INPUT' })
  assert.throws(() => new care.CertPolicy({ pass_mark: NaN }), { code: 'INVALID_INPUT', message: 'invalid policy: pass_mark: NaN is not a finite number' })
  assert.throws(() => care.decide(256, 0, 0), bad)
})

test('booleans are not scores', () => {
  assert.throws(() => care.evaluateScores('Ana Rivera', [100, true]), { code: 'INVALID_SCORE', message: 'invalid score for call 2: true is not a number; give a score from 0 to 100' })
  assert.throws(() => care.qaAudit(true), { code: 'INVALID_SCORE' })
  assert.throws(() => care.standing([100, false]), { code: 'INVALID_SCORE' })
  assert.throws(() => care.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: true }] }), { code: 'INVALID_INPUT' })
})

test('unknown option keys are errors that suggest the right key', () => {
  assert.throws(() => care.timeline('2026-07-02', { calender: 'us-federal' }), {
    code: 'UNKNOWN_NAME', message: 'unknown option "calender" (did you mean "calendar"?)',
  })
  assert.throws(() => care.escalationStatus('2026-07-02', '2026-07-09', { complete: '2026-07-03' }), { code: 'UNKNOWN_NAME' })
  assert.throws(() => care.Cohort.sample().report('2026-07-10', { holidays: 'us-federal' }), { code: 'UNKNOWN_NAME' })
  assert.throws(() => care.paths('Care Rep', 'Senior Rep', { kk: 2 }), { code: 'INVALID_INPUT' })
  assert.throws(() => care.Catalog.builtin().roles({ grdae: 107 }), { code: 'UNKNOWN_NAME' })
  assert.throws(() => care.evaluateBatchInto(rows(), { ...columns(2), extra: 1 }), { code: 'UNKNOWN_NAME' })
})

test('values that are not data are errors naming the argument', () => {
  assert.throws(() => care.readiness({ current_role: 'Care Rep', months_in_role: { 'Care Rep': 2n } }, 'Senior Rep'),
    { code: 'INVALID_INPUT', message: 'invalid person: a bigint is not data' })
  const deep = []
  let d = deep
  for (let i = 0; i < 100; i++) d = d[0] = []
  assert.throws(() => care.evaluateScores('Ana Rivera', deep), { code: 'INVALID_INPUT', message: 'invalid scores: nested too deeply' })
  assert.throws(() => care.evaluateBatch(new Int32Array(5)), { code: 'INVALID_INPUT' })
  assert.throws(() => care.evaluateBatch(new Float32Array(5)), { code: 'INVALID_INPUT' })
})
