// Calibration sessions, leniency from a tracker, and the policy tools (lint, diff).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import care from '../index.js'

const data = (f) => readFileSync(new URL(`../../../crates/care-cli/tests/data/${f}`, import.meta.url), 'utf8')
const SESSION = data('calibration.toml')
const EXTRA = data('calibration-extra.csv')

test('calibrate a session against the benchmark', () => {
  const s = care.CalibrationSession.fromToml(SESSION)
  assert.equal(s.toJSON().benchmark, 'Dana Lee')
  const r = care.calibrate(s)
  const names = r.certifiers.map((c) => c.certifier)
  assert.ok(names.includes('Omar Haddad') && !names.includes('Dana Lee'))
  assert.deepEqual(r.policy, { id: 'care.calibration', version: '1' })
  // Its data, and a round trip through JSON and TOML, answer the same.
  assert.deepEqual(care.calibrate(JSON.parse(JSON.stringify(s))), r)
  assert.deepEqual(care.CalibrationSession.fromToml(s.toToml()).toJSON(), s.toJSON())
  assert.deepEqual(care.calibrate(care.CalibrationSession.fromJson(JSON.stringify(s))), r)
})

test('the policy changes the thresholds', () => {
  const s = care.CalibrationSession.fromToml(SESSION)
  const strict = new care.CalibrationPolicy({ min_alignment: 100, max_points_off: 0 })
  assert.equal(strict.toJSON().min_alignment, 100)
  assert.ok(care.calibrate(s, strict).certifiers.some((c) => c.status === 'review'))
  assert.deepEqual(care.calibrate(s, { min_alignment: 100, max_points_off: 0 }), care.calibrate(s, strict))
  assert.throws(() => new care.CalibrationPolicy({ min_alignment: 120 }), (e) => e.code === 'INVALID_POLICY' && e.problems[0].place === 'min_alignment')
  assert.throws(() => new care.CalibrationPolicy({ min_alignmnet: 90 }), (e) => e.code === 'INVALID_INPUT' && /min_alignmnet/.test(e.message))
  assert.throws(() => care.CalibrationPolicy(), (e) => e.code === 'INVALID_INPUT')
})

test('sessions from CSV', () => {
  const template = care.CalibrationSession.fromToml(SESSION).toJSON().template
  const s = care.CalibrationSession.fromCsv(EXTRA, { template })
  assert.deepEqual(s.toJSON().calls.map((c) => c.id), ['call-a', 'call-b'])
  const same = care.CalibrationSession.fromCsv(EXTRA, { template: care.Scorecard.fromJson(JSON.stringify(template)) })
  assert.deepEqual(same.toJSON(), s.toJSON())
  assert.throws(() => care.CalibrationSession.fromCsv('call,certifier,greting\n', { template }), (e) => e.code === 'PARSE' && /unknown column/.test(e.message))
  assert.throws(() => care.calibrate(s), (e) => e.code === 'INVALID_INPUT' && /only one grader/.test(e.message))
  assert.throws(() => care.CalibrationSession.fromCsv(EXTRA, { templat: template }), (e) => e.code === 'UNKNOWN_NAME')
})

test('leniency from the sample tracker', () => {
  const r = care.leniency(care.Cohort.sampleTracker())
  assert.ok(r.pool.calls > 0 && r.certifiers.some((c) => c.certifier === 'Omar Haddad'))
  const r2 = care.leniency(care.Cohort.sampleTracker(), { policy: { min_calls: 1 }, cohort_policy: new care.CohortPolicy() })
  assert.deepEqual(r2.policy, r.policy)
})

test('lint and diff', () => {
  const findings = care.lint('pass_mark = 95\npasses_needed = 6\n')
  assert.ok(findings.length > 0)
  assert.equal(findings[0].severity, 'error')
  assert.equal(findings[0].kind_of_file, 'cert_policy')
  assert.deepEqual(care.lint(JSON.stringify({ pass_mark: 95, passes_needed: 6 }), { format: 'json', kind: 'cert' }), findings)
  assert.throws(() => care.lint('pass_mark = = 1'), (e) => e.code === 'PARSE')
  assert.throws(() => care.lint('x = 1', { format: 'yaml' }), (e) => e.code === 'INVALID_INPUT')
  assert.throws(() => care.lint('pass_mark = 85', { kind: 'policy of doom' }), (e) => e.code === 'UNKNOWN_NAME')
  const d = care.diff('pass_mark = 85\n', 'pass_mark = 90\n')
  assert.equal(d.kind_of_file, 'cert_policy')
  assert.equal(d.changes.length, 1)
  assert.equal(d.changes[0].field, 'pass_mark')
  assert.deepEqual([d.changes[0].old, d.changes[0].new], [85, 90])
  assert.deepEqual(care.diff('{"pass_mark": 85}', '{"pass_mark": 85}', { format: 'json' }).changes, [])
})
