// Answers are written by serde (napi's serializer): exactly serde's keys in serde's order,
// the same values, strings whole whatever their script; the batch paths agree.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import care from '../index.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const vectors = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'certification.json'), 'utf8'))

// serde's key order: the field order of the Rust structs.
const ORDER = {
  evaluation: ['agent', 'status', 'decided_early', 'passes', 'fails', 'pending', 'pass_rate', 'calls', 'file_stem', 'reasons', 'policy'],
  call: ['number', 'kind', 'coached', 'score', 'verdict', 'margin', 'certifier'],
  audit: ['score', 'pass_mark', 'passed', 'margin', 'reasons', 'policy'],
  reason: ['rule', 'input', 'message'],
  policy: ['id', 'version'],
}
// The vector files keep their keys sorted: compare values with sorted keys.
const sorted = (v) => Array.isArray(v)
  ? v.map(sorted)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v

test('evaluate and qaAudit answer the vectors exactly, keys in serde order', () => {
  let checked = 0
  for (const c of vectors.cases) {
    if (c.error || !['evaluate', 'qa_audit'].includes(c.fn)) continue
    const out = c.fn === 'evaluate' ? care.evaluate(c.input.session, c.input.policy) : care.qaAudit(c.input.score, c.input.policy)
    assert.equal(JSON.stringify(sorted(out)), JSON.stringify(c.output), c.name)
    // `counterfactual` is written last, and only for a decision that can be reversed.
    const keys = Object.keys(out)
    const order = c.fn === 'evaluate' ? ORDER.evaluation : ORDER.audit
    assert.deepEqual(keys, 'counterfactual' in out ? [...order, 'counterfactual'] : order)
    for (const call of out.calls ?? []) assert.deepEqual(Object.keys(call), ORDER.call)
    for (const r of out.reasons) assert.deepEqual(Object.keys(r), ORDER.reason)
    assert.deepEqual(Object.keys(out.policy), ORDER.policy)
    checked++
  }
  assert.ok(checked >= 15, `only ${checked} cases`)
})

test('numbers cross exactly: whole floats as integers, fractions and -0 kept', () => {
  const a = care.qaAudit(95)
  assert.equal(a.score, 95)
  assert.ok(Object.is(a.margin, 0))
  assert.equal(care.qaAudit(96.25).margin, 1.25)
  assert.equal(care.qaAudit(80.5).margin, -14.5)
  const e = care.evaluateScores('Ana Rivera', [100, 85.75, 84, 90, 99.5])
  assert.deepEqual(e.calls.map((c) => c.margin), [15, 0.75, -1, 5, 14.5])
  assert.ok(Object.is(care.evaluateScores('Ana Rivera', [100, 85, 85, 85, 85]).calls[1].margin, 0))
})

test('strings of any script are sliced whole', () => {
  const agent = 'Çelik-Öz, Ümit 🚀 李'
  const session = {
    agent,
    calls: [
      { number: 1 },
      { number: 2, score: 90, kind: 'pdp', certifier: 'Zoë 👩🏽‍💻' },
      { number: 3, score: 84.5, kind: 'mapd', certifier: '李雷' },
      { number: 4, score: 85, certifier: 'plain' },
    ],
  }
  const e = care.evaluate(session)
  assert.equal(e.agent, agent)
  assert.deepEqual(e.calls.map((c) => c.certifier), [null, 'Zoë 👩🏽‍💻', '李雷', 'plain', null])
  assert.deepEqual(e.calls.map((c) => c.kind), [null, 'pdp', 'mapd', null, null])
  assert.deepEqual(e.calls.map((c) => c.score), [100, 90, 84.5, 85, null])
  assert.deepEqual(e.calls.map((c) => c.margin), [15, 5, -0.5, 0, null])
  // The file stem from the evaluation and from fileStem (a plain string return) agree.
  assert.equal(e.file_stem, care.fileStem(agent, e.pass_rate))
  const last = e.reasons.at(-1)
  assert.deepEqual(last, { rule: 'cert.file_stem', input: 'agent', message: `the scorecard file is named ${e.file_stem}` })
  for (const r of e.reasons) assert.deepEqual(Object.keys(r), ['rule', 'input', 'message'])
  assert.deepEqual(e.policy, { id: 'care.certification', version: '1' })
  assert.deepEqual(care.evaluate(session), e)
})

test('standing has the keys and values of the evaluation it summarises', () => {
  const policy = new care.CertPolicy()
  for (const scores of [[100, 90, 84, 88, 92], [100, 60, 50], [100], [], [100, 85, 85, 85]]) {
    const st = policy.standing(Float64Array.from(scores))
    const e = policy.evaluateScores('A', scores)
    assert.deepEqual(Object.keys(st), ['status', 'decided_early', 'passes', 'fails', 'pending', 'pass_rate'])
    for (const k of Object.keys(st)) assert.equal(st[k], e[k], `${k} of ${scores}`)
  }
})

test('a policy of 100 calls (many reasons) gives the whole evaluation', () => {
  const policy = new care.CertPolicy({ calls: 100, pdp_calls: 60, mapd_calls: 40, passes_needed: 80 })
  const scores = Array.from({ length: 100 }, (_, i) => (i === 0 ? 100 : 60 + (i % 41)))
  const e = policy.evaluateScores('Rivera, Ana', scores)
  assert.equal(e.calls.length, 100)
  assert.equal(e.calls[99].number, 100)
  assert.equal(e.reasons.filter((r) => r.rule === 'cert.pass_mark').length, 99)
  assert.equal(e.reasons.find((r) => r.input === 'call 100').message.startsWith('call 100 scored'), true)
})

test('worker threads load the package and answer the same', async () => {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.js')
  const work = `
    const { parentPort, workerData } = require('node:worker_threads')
    const care = require(workerData.pkg)
    parentPort.postMessage(JSON.stringify([care.evaluateScores('Rivera, Ana', [100, 90, 70]), care.qaAudit(94)]))`
  const here = JSON.stringify([care.evaluateScores('Rivera, Ana', [100, 90, 70]), care.qaAudit(94)])
  const answers = await Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const w = new Worker(work, { eval: true, workerData: { pkg } })
    w.once('message', resolve)
    w.once('error', reject)
  })))
  for (const a of answers) assert.equal(a, here)
})

test('the batch paths agree: Uint8Array and Float64Array, function and class, into', () => {
  const policy = new care.CertPolicy()
  for (const rows of [0, 1, 2, 1365, 1366, 3000]) {
    const scores = Uint8Array.from({ length: rows * 5 }, (_, i) => (i % 5 === 0 ? 100 : i % 7 === 0 ? 255 : 60 + (i * 13) % 41))
    const scoresF = Float64Array.from(scores, (x) => (x === 255 ? NaN : x))
    const into = { status: new Uint8Array(rows), passes: new Uint8Array(rows), pass_rate: new Uint8Array(rows) }
    care.evaluateBatchInto(scores, into)
    for (const out of [care.evaluateBatch(scores), policy.evaluateBatch(scores), care.evaluateBatch(scoresF), policy.evaluateBatch(scoresF)]) {
      assert.deepEqual(Object.keys(out), ['status', 'passes', 'pass_rate'])
      for (const k of Object.keys(out)) {
        assert.ok(out[k] instanceof Uint8Array, `${k} of ${rows} rows`)
        assert.deepEqual(out[k], into[k], `${k} of ${rows} rows`)
      }
    }
  }
})
