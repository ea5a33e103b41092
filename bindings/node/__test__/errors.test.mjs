import { test } from 'node:test'
import assert from 'node:assert/strict'
import care from '../index.js'
import { createRequire } from 'node:module'

test('every core error kind is listed, in the core\'s order', () => {
  assert.deepEqual(care.errorKinds, [
    'unknown_role', 'ambiguous_role', 'unknown_name', 'invalid_input', 'invalid_score',
    'invalid_policy', 'invalid_catalog', 'invalid_scorecard', 'invalid_date', 'parse',
    'too_large',
  ])
})

test('errors carry kind, code, suggestion, problems and the core\'s message; instanceof CareError', () => {
  assert.throws(() => care.classify('Care Rep', 'Senoir Rep'), (e) => {
    assert.ok(e instanceof Error && e instanceof care.CareError)
    assert.deepEqual([e.kind, e.code, e.suggestion, e.problems], ['unknown_role', 'UNKNOWN_ROLE', 'Senior Rep', []])
    assert.equal(e.message, 'unknown role "Senoir Rep" (did you mean "Senior Rep"?)')
    return true
  })
  assert.throws(() => new care.CertPolicy({ pass_mark: 101, passes_needed: 9 }), (e) => {
    assert.equal(e.kind, 'invalid_policy')
    assert.deepEqual(e.problems.map((p) => p.place).sort(), ['pass_mark', 'passes_needed'])
    assert.equal(e.suggestion, null)
    return true
  })
  assert.ok(!(new Error('x') instanceof care.CareError))
  assert.ok(!({ kind: 'parse' } instanceof care.CareError))
})

test('an unknown symptom throws an Error with code UNKNOWN_NAME and the whole message', () => {
  assert.throws(() => care.troubleshoot('xyzzy'), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'UNKNOWN_NAME')
    assert.equal(e.message, 'unknown symptom "xyzzy"')
    return true
  })
})

test('a parse error keeps the place and the parser message', () => {
  assert.throws(() => care.Troubleshooting.fromToml('id = "x"\nid = "y"\n'), (e) => {
    assert.equal(e.code, 'PARSE')
    assert.match(e.message, /^failed to parse TOML at line 2, column 1: /)
    return true
  })
  assert.throws(() => care.Troubleshooting.fromJson('{"id": 3}'), { code: 'PARSE' })
})

test('a list that fails validation reports every problem', () => {
  const text = JSON.stringify({
    id: 'mine', version: '1',
    entries: [
      { id: 'a', symptom: 's', keywords: [], steps: ['x'] },
      { id: 'a', symptom: 's', keywords: ['k'], steps: [] },
    ],
  })
  assert.throws(() => care.Troubleshooting.fromJson(text), (e) => {
    assert.equal(e.code, 'INVALID_POLICY')
    assert.equal(
      e.message,
      'invalid policy "mine": 3 problems: entries[0].keywords: has no keyword; ' +
        'entries[1].id: duplicate id "a"; entries[1].steps: has no step',
    )
    return true
  })
})

test('a wrong argument type is a care-core error naming the argument', () => {
  assert.throws(() => care.troubleshoot(42), { code: 'INVALID_INPUT', message: 'invalid symptom: invalid type: integer `42`, expected a string' })
  assert.throws(() => care.troubleshoot(), { code: 'INVALID_INPUT', message: 'invalid symptom: invalid type: null, expected a string' })
  assert.throws(() => care.evaluateScores('Ana Rivera', 8), { code: 'INVALID_INPUT', message: 'invalid scores: expected a list of numbers, found a number' })
  assert.throws(() => care.classify(8, 'Care Rep'), { code: 'INVALID_INPUT', message: 'invalid from: invalid type: integer `8`, expected a string' })
  assert.throws(() => care.evaluateBatch([100, 90, 90, 90, 90]), { code: 'INVALID_INPUT', message: 'invalid scores: expected a typed array' })
})

test('a class called without new throws a care-core error', () => {
  for (const name of ['CertPolicy', 'Catalog', 'Calendar', 'Cohort', 'CohortPolicy', 'EscalationPolicy', 'Scorecard', 'Troubleshooting']) {
    assert.throws(() => care[name](), (e) => e instanceof care.CareError && e.code === 'INVALID_INPUT' && e.message.startsWith(name))
  }
  assert.ok(care.Catalog.builtin() instanceof care.Catalog)
})

test('a panic (a bug) reaches JavaScript as a CareError of kind internal, not napi\'s error', async () => {
  // The facade guards the native module in place; `_panic` is its internal test hook.
  const native = createRequire(import.meta.url)('../native.js')
  assert.throws(() => native._panic(), (e) => {
    assert.ok(e instanceof care.CareError)
    assert.deepEqual([e.kind, e.code, e.suggestion, e.problems], ['internal', 'INTERNAL', null, []])
    assert.match(e.message, /^internal error in care-core \(please report it\): a deliberate panic/)
    return true
  })
  // Care errors and the caller's own errors pass through unchanged.
  assert.throws(() => care.classify('Care Rep', 'Senoir Rep'), { kind: 'unknown_role' })
  const boom = new Error('mine')
  assert.throws(() => care.timeline('2026-07-02', { get calendar() { throw boom } }), (e) => e === boom || e.kind !== 'internal')
  assert.ok(!Object.keys(care).includes('_panic'))
})
