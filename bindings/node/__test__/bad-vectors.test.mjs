// Runs the bad-input corpus `tests/vectors/bad/*.json` (format and encodings in
// docs/vectors.md): every case must throw an Error whose `code` is the upper-case
// `error.kind` and whose message is the whole `error.message`, the same as Rust and
// Python. A case whose `fn` has no call here fails; none is skipped.
//
// The input is decoded first, as the Rust runner does (`care_tests::bad`):
// `{ repeat, times, before?, after? }` is `before + repeat * times + after`,
// `{ generate_catalog_roles: n }` the JSON text of a catalog of n roles, and in a score
// position (the value of `score`, an element of `scores`) the strings "NaN", "Infinity"
// and "-Infinity" are those numbers; any other string stays a string.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import care from '../index.js'
import { BOUND, calendarOf } from './bound.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const dir = join(root, 'tests', 'vectors', 'bad')
const DOMAINS = ['career', 'certification', 'cohort', 'escalation']
const NON_FINITE = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }

// The same text as `care_tests::bad::catalog_json`.
export function catalogJson(roles) {
  const parts = []
  for (let i = 0; i < roles; i++) {
    parts.push(`{"id":"u/r${i}","title":"R${i}","unit":"u","grade":105,"track":"leadership"}`)
  }
  return `{"units":[{"id":"u","name":"U","grades":[105]}],"roles":[${parts.join(',')}]}`
}

const nonFinite = (v) => (typeof v === 'string' && Object.hasOwn(NON_FINITE, v) ? NON_FINITE[v] : v)

export function decode(value, key) {
  if (Array.isArray(value)) {
    return key === 'scores' ? value.map((v) => (typeof v === 'string' ? nonFinite(v) : decode(v))) : value.map((v) => decode(v))
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
    if ('repeat' in value && 'times' in value && keys.every((k) => ['repeat', 'times', 'before', 'after'].includes(k))) {
      return (value.before ?? '') + value.repeat.repeat(value.times) + (value.after ?? '')
    }
    if (keys.length === 1 && keys[0] === 'generate_catalog_roles') return catalogJson(value.generate_catalog_roles)
    return Object.fromEntries(keys.map((k) => [k, decode(value[k], k)]))
  }
  return key === 'score' ? nonFinite(value) : value
}

const loaded = (load) => (i) => {
  load(i.text)
  return null
}
const calendarFor = (i) => {
  const c = calendarOf(i)
  return c instanceof care.Calendar ? c : typeof c === 'string' ? care.Calendar.byName(c) : new care.Calendar(c)
}

// The corpus's own calls (see `care_tests::bad::run`), besides the domains' calls.
const EXTRA = {
  'certification.json': {
    evaluate_scores: (i) => care.evaluateScores(i.agent, i.scores, i.policy),
    standing: (i) => care.standing(i.scores, i.policy),
    cert_policy_from_toml: loaded(care.CertPolicy.fromToml),
    cert_policy_from_json: loaded(care.CertPolicy.fromJson),
  },
  'cohort.json': {
    cohort_policy_from_toml: loaded(care.CohortPolicy.fromToml),
    cohort_policy_from_json: loaded(care.CohortPolicy.fromJson),
  },
  'escalation.json': {
    holidays_between: (i) => calendarFor(i).holidaysBetween(i.from, i.to),
    escalation_policy_from_toml: loaded(care.EscalationPolicy.fromToml),
    escalation_policy_from_json: loaded(care.EscalationPolicy.fromJson),
    calendar_from_toml: loaded(care.Calendar.fromToml),
    calendar_from_json: loaded(care.Calendar.fromJson),
  },
}

const files = readdirSync(dir).sort()

test('every bad/ file is a domain with its fn map', () => {
  assert.deepEqual(files, DOMAINS.map((d) => `${d}.json`))
  for (const f of files) assert.ok(BOUND[f], `no fn map for ${f} in bound.mjs`)
})

test('decoding', () => {
  assert.deepEqual(decode({ a: { repeat: 'ab', times: 2, after: '!' } }), { a: 'abab!' })
  const d = decode({ score: 'NaN', scores: ['Infinity', 1, 'ninety'], name: 'NaN' })
  assert.ok(Number.isNaN(d.score))
  assert.deepEqual(d.scores, [Infinity, 1, 'ninety'])
  assert.equal(d.name, 'NaN')
  assert.equal(care.Catalog.fromJson(decode({ generate_catalog_roles: 3 })).toJSON().roles.length, 3)
})

let total = 0
for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  const calls = { ...(BOUND[file] ?? {}), ...(EXTRA[file] ?? {}) }
  for (const c of doc.cases ?? []) {
    total++
    const name = `bad/${file}: ${c.name}`
    const call = Object.hasOwn(calls, c.fn) ? calls[c.fn] : undefined
    test(name, () => {
      assert.ok(c.error && !('output' in c), 'every bad/ case is an error case')
      assert.ok(call, `unknown fn ${JSON.stringify(c.fn)} in bad/${file}: add it to EXTRA or bound.mjs`)
      const input = decode(c.input ?? {})
      assert.throws(() => call(input), (e) => {
        assert.ok(e instanceof Error, 'throws an Error')
        assert.equal(e.message, c.error.message)
        assert.equal(e.code, c.error.kind.toUpperCase())
        assert.equal(e.kind, c.error.kind)
        assert.ok(e instanceof care.CareError)
        return true
      })
    })
  }
}

test('the corpus is not empty', () => assert.ok(total >= 100, `only ${total} cases`))

// Beyond the corpus: the policy methods convert their arguments as the free functions do,
// and a value JSON has no form for is a typed error too.
test('scores the corpus reaches through free functions are checked the same by CertPolicy methods', () => {
  const p = new care.CertPolicy()
  const throwsCode = (f, code, message) =>
    assert.throws(f, (e) => e.code === code && (message === undefined || e.message === message))
  throwsCode(() => p.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: NaN }] }), 'INVALID_SCORE',
    'invalid score for call 2: not a number; give a score from 0 to 100')
  throwsCode(() => p.qaAudit('ninety'), 'INVALID_SCORE',
    'invalid score for QA audit: "ninety" is not a number; give a score from 0 to 100')
  throwsCode(() => p.evaluateScores('Ana Rivera', [100, -Infinity]), 'INVALID_SCORE',
    'invalid score for call 2: -inf is outside 0 to 100')
  throwsCode(() => care.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: () => 90 }] }), 'INVALID_INPUT',
    'invalid session: a function is not data')
  throwsCode(() => care.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: NaN, certifier: Symbol('x') }] }),
    'INVALID_INPUT', 'invalid session: a symbol is not data')
  // A BigInt is not data either; `undefined` with a NaN elsewhere is a key left out.
  throwsCode(() => care.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: 90n }] }), 'INVALID_INPUT',
    'invalid session: a bigint is not data')
  throwsCode(() => care.evaluate({ agent: 'Ana Rivera', calls: [{ number: 2, score: NaN, certifier: undefined }] }),
    'INVALID_SCORE', 'invalid score for call 2: not a number; give a score from 0 to 100')
  throwsCode(() => care.qaAudit(null), 'INVALID_SCORE', 'invalid score for QA audit: no score (null); give a score from 0 to 100')
})
