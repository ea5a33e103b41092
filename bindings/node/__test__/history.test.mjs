// Policies over time in Node: loading the version in force on a date from a catalog or
// policy history, and lint / diff of history files (issue 16).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import care from '../index.js'

const example = (f) => readFileSync(new URL(`../../../examples/policies/${f}`, import.meta.url), 'utf8')
const catalogHistory = example('catalog-history.toml')
const certHistory = example('certification-history.toml')

test('Catalog.fromToml picks the version in force on asOf, the latest without, and answers name it', () => {
  const person = { current_role: 'support/agent', months_in_role: { 'support/agent': 7 } }
  const old = care.Catalog.fromToml(catalogHistory, { as_of: '2026-12-31' })
  const now = care.Catalog.fromToml(catalogHistory, { as_of: '2027-01-01' })
  assert.deepEqual(care.Catalog.fromToml(catalogHistory).toJSON(), now.toJSON())
  assert.deepEqual(old.toJSON().policy.version, '1')
  // 7 months as an Agent: enough under v1 (6 months), not under v2 (9 months).
  const r1 = old.readiness(person, 'support/senior-agent')
  const r2 = now.readiness(person, 'support/senior-agent')
  assert.equal(r1.eligible, true)
  assert.equal(r2.eligible, false)
  assert.deepEqual(r1.policy, { id: 'example.career', version: '1' })
  assert.deepEqual(r2.policy, { id: 'example.career', version: '2' })
  // The Team Lead is regraded from 3 to 4 in v2: the move names the version too.
  assert.equal(old.classify('support/senior-agent', 'support/team-lead').grade_steps, 1)
  const m = now.classify('support/senior-agent', 'support/team-lead')
  assert.equal(m.grade_steps, 2)
  assert.deepEqual(m.policy, { id: 'example.career', version: '2' })
  assert.ok(now.paths('support/agent', 'support/team-lead')[0].steps.every((s) => s.policy.version === '2'))
  // A JSON history reads the same way.
  const json = JSON.stringify({ versions: [{ version: '1' }, { version: '2', effective_from: '2026-09-01', pass_mark: 88 }] })
  assert.equal(care.CertPolicy.fromJson(json, { as_of: '2026-08-31' }).toJSON().pass_mark, 85)
})

test('policy fromToml on a history: the version in force, typed errors for bad dates', () => {
  assert.equal(care.CertPolicy.fromToml(certHistory, { as_of: '2026-08-31' }).toJSON().pass_mark, 85)
  assert.equal(care.CertPolicy.fromToml(certHistory, { as_of: '2026-09-01' }).toJSON().pass_mark, 88)
  assert.equal(care.CertPolicy.fromToml(certHistory).toJSON().pass_mark, 88)
  // A plain file is in force on any date.
  assert.equal(care.CertPolicy.fromToml('pass_mark = 90', { as_of: '2020-01-01' }).toJSON().pass_mark, 90)
  assert.throws(() => care.CertPolicy.fromToml(certHistory, { as_of: 'yesterday' }), (e) => e.code === 'INVALID_DATE' && /as_of/.test(e.message))
  assert.throws(() => care.CertPolicy.fromToml(certHistory, { asOf: '2026-01-01' }), (e) => e.code === 'UNKNOWN_NAME' && /as_of/.test(e.message))
  // A version ending before the date: nothing is in force.
  const ended = '[[versions]]\nversion = "1"\neffective_until = 2026-08-31\n'
  assert.throws(() => care.CertPolicy.fromToml(ended, { as_of: '2026-09-01' }), (e) => e.code === 'INVALID_INPUT' && /in force/.test(e.message))
  // Overlapping versions are an error naming them.
  const overlap = '[[versions]]\nversion = "1"\neffective_until = 2026-10-01\n[[versions]]\nversion = "2"\neffective_from = 2026-09-01\n'
  assert.throws(() => care.CertPolicy.fromToml(overlap), (e) => e.code === 'INVALID_POLICY' && /versions\[/.test(e.message))
  // Files without versions refuse a date rather than ignore it.
  const scorecard = care.Scorecard.fromJson(JSON.stringify(new care.Scorecard().toJSON()))
  assert.throws(() => care.Scorecard.fromJson(JSON.stringify(scorecard.toJSON()), { as_of: '2026-01-01' }),
    (e) => e.code === 'INVALID_INPUT' && /as_of/.test(e.message))
})

test('lint and diffHistory read history files as the CLI does', () => {
  assert.deepEqual(care.lint(catalogHistory).filter((f) => f.severity === 'error'), [])
  const broken = certHistory.replace('pass_mark = 88', 'pass_mark = 120')
  const findings = care.lint(broken)
  assert.ok(findings.some((f) => f.severity === 'error' && /pass_mark/.test(f.field)), JSON.stringify(findings))
  const h = care.diffHistory(certHistory)
  assert.equal(h.kind_of_file, 'cert_policy')
  assert.equal(h.steps.length, 1)
  assert.equal(h.steps[0].effective_from, '2026-09-01')
  assert.deepEqual(h.steps[0].diff.changes.map((c) => c.field).filter((f) => f === 'pass_mark'), ['pass_mark'])
  const c = care.diffHistory(catalogHistory, { from_version: '1', to_version: '2' })
  assert.equal(c.kind_of_file, 'catalog')
  assert.ok(c.steps[0].diff.changes.length >= 2, JSON.stringify(c.steps[0].diff.changes))
  assert.throws(() => care.diffHistory(catalogHistory, { from_version: '7' }), (e) => e.code === 'INVALID_INPUT')
  assert.throws(() => care.diffHistory('pass_mark = 85'), (e) => e.code === 'INVALID_INPUT' && /not a history/.test(e.message))
  // Two-file diff points to diffHistory for a history.
  assert.throws(() => care.diff(certHistory, 'pass_mark = 85'), (e) => e.code === 'INVALID_INPUT' && /history/.test(e.message))
})
