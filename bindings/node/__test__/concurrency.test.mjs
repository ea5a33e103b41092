// Several worker_threads call the batch functions at once (each thread loads the addon into
// its own Node environment) and must give the same answers as one thread.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Worker } from 'node:worker_threads'
import { createHash } from 'node:crypto'
import care from '../index.js'

const ROWS = 200_000
const WORKERS = 4

// Deterministic scores: the coached call 100, the rest 60..100, some calls not taken (255).
function scores(seed) {
  const s = new Uint8Array(ROWS * 5)
  let x = seed >>> 0
  for (let r = 0; r < ROWS; r++) {
    s[r * 5] = 100
    for (let c = 1; c < 5; c++) {
      x = (x * 1103515245 + 12345) >>> 0
      const v = (x >>> 16) % 48
      s[r * 5 + c] = v >= 41 ? 255 : 60 + v
    }
  }
  return s
}

const digest = (b) => {
  const h = createHash('sha256')
  for (const k of ['status', 'passes', 'pass_rate']) h.update(b[k])
  return h.digest('hex')
}

// What each worker computes, also run here on the main thread for the expected answers.
const work = `
  const { parentPort, workerData } = require('node:worker_threads')
  const { createHash } = require('node:crypto')
  const care = require(workerData.pkg)
  const digest = ${digest.toString()}
  const s = new Uint8Array(workerData.scores)
  const out = []
  const policy = new care.CertPolicy({ pass_mark: 80 })
  for (let round = 0; round < 3; round++) {
    const a = care.evaluateBatch(s)
    const f = care.evaluateBatch(Float64Array.from(s, (v) => (v === 255 ? NaN : v)))
    const cols = { status: new Uint8Array(s.length / 5), passes: new Uint8Array(s.length / 5), pass_rate: new Uint8Array(s.length / 5) }
    care.evaluateBatchInto(s, cols)
    const p = policy.evaluateBatch(s)
    const starts = Int32Array.from({ length: 5000 }, (_, i) => 20600 + (i % 60))
    const steps = createHash('sha256').update(care.escalationSteps(starts, '2026-07-13', { calendar: 'us-federal' })).digest('hex')
    out.push([digest(a), digest(f), digest(cols), digest(p), steps])
  }
  Promise.resolve(care.evaluateBatchAsync(s)).then((b) => parentPort.postMessage({ out, async: digest(b) }))
`

test(`${WORKERS} worker threads running the batch functions at once agree with one thread`, async () => {
  const pkg = new URL('../index.js', import.meta.url).pathname
  const data = Array.from({ length: WORKERS }, (_, i) => scores(7 + i))
  const expected = data.map((s) => {
    const starts = Int32Array.from({ length: 5000 }, (_, i) => 20600 + (i % 60))
    const cols = { status: new Uint8Array(ROWS), passes: new Uint8Array(ROWS), pass_rate: new Uint8Array(ROWS) }
    care.evaluateBatchInto(s, cols)
    return [
      digest(care.evaluateBatch(s)),
      digest(care.evaluateBatch(Float64Array.from(s, (v) => (v === 255 ? NaN : v)))),
      digest(cols),
      digest(new care.CertPolicy({ pass_mark: 80 }).evaluateBatch(s)),
      createHash('sha256').update(care.escalationSteps(starts, '2026-07-13', { calendar: 'us-federal' })).digest('hex'),
    ]
  })
  const results = await Promise.all(
    data.map(
      (s) =>
        new Promise((ok, fail) => {
          const copy = s.slice().buffer
          const w = new Worker(work, { eval: true, workerData: { pkg, scores: copy }, transferList: [copy] })
          w.once('message', ok)
          w.once('error', fail)
        }),
    ),
  )
  results.forEach((r, i) => {
    for (const round of r.out) assert.deepEqual(round, expected[i], `worker ${i}`)
    assert.equal(r.async, expected[i][0], `worker ${i} async`)
  })
  // Different inputs really give different answers (the test would catch a mix-up).
  assert.notEqual(expected[0][0], expected[1][0])
})
