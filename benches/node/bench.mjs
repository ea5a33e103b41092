// Node benchmark: batch certification of 1 million agents through care-core beside the same
// rule as a plain typed-array JS loop and as an array of objects, and one single call.
// Prints a table and one `RATIO {json}` line per figure (baseline / ours), like
// benches/src/lib.rs. Run: node benches/node/bench.mjs (after building bindings/node).
import care from '../../bindings/node/index.mjs'

const N = 1_000_000
const CALLS = 5
const scores = new Uint8Array(N * CALLS)
let seed = 42
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 31
for (let r = 0; r < N; r++) {
  scores[r * CALLS] = 100
  for (let c = 1; c < CALLS; c++) scores[r * CALLS + c] = 70 + rnd()
}

// The same counting rule in plain JS (pass mark 85, 4 passes certify, no pending calls).
function jsTyped(s) {
  const status = new Uint8Array(N), passes = new Uint8Array(N), rate = new Uint8Array(N)
  for (let r = 0; r < N; r++) {
    let p = 0
    for (let c = 0; c < CALLS; c++) if (s[r * CALLS + c] >= 85) p++
    passes[r] = p
    rate[r] = (p * 100 / CALLS) | 0
    status[r] = p >= 4 ? 1 : 2
  }
  return { status, passes, pass_rate: rate }
}
let objects = null
const makeObjects = () => Array.from({ length: N }, (_, r) => ({ agent: `a${r}`, scores: Array.from(scores.subarray(r * CALLS, r * CALLS + CALLS)) }))
function jsObjects(list) {
  return list.map((a) => {
    const passes = a.scores.filter((x) => x >= 85).length
    return { agent: a.agent, passes, pass_rate: (passes * 100 / CALLS) | 0, status: passes >= 4 ? 'certified' : 'failed' }
  })
}

function time(fn, reps) {
  fn() // warm up
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < reps; i++) fn()
  return Number(process.hrtime.bigint() - t0) / reps
}

// Same answers first.
const ours = care.evaluateBatch(scores), base = jsTyped(scores)
for (const k of ['status', 'passes', 'pass_rate']) {
  if (Buffer.compare(Buffer.from(ours[k]), Buffer.from(base[k])) !== 0) throw new Error(`column ${k} differs`)
}

const rows = []
const batch = time(() => care.evaluateBatch(scores), 10)
rows.push({ label: 'batch certification, 1M agents (per agent)', ns: batch / N, base: time(() => jsTyped(scores), 5) / N, baseline: 'JS typed-array loop', target: 5 })
const one = Uint8Array.from([100, 90, 80, 95, 88])
rows.push({ label: 'single call: evaluateBatch of 1 agent', ns: time(() => care.evaluateBatch(one), 200_000), base: time(() => jsObjects([{ agent: 'a', scores: [100, 90, 80, 95, 88] }]), 200_000), baseline: 'JS one object', target: 1000 })
rows.push({ label: 'single call: evaluateScores (full Evaluation)', ns: time(() => care.evaluateScores('Rivera, Ana', [100, 90, 80, 95, 88]), 50_000), base: time(() => jsObjects([{ agent: 'a', scores: [100, 90, 80, 95, 88] }]), 200_000), baseline: 'JS one object', target: 1000 })
const asyncT0 = process.hrtime.bigint()
await care.evaluateBatchAsync(scores)
const asyncNs = Number(process.hrtime.bigint() - asyncT0) / N
rows.push({ label: 'async batch, 1M agents (per agent, incl. copy)', ns: asyncNs, base: base && time(() => jsTyped(scores), 1) / N, baseline: 'JS typed-array loop', target: null })

objects = makeObjects()
rows.push({ label: 'batch certification vs array of objects (per agent)', ns: batch / N, base: time(() => jsObjects(objects), 2) / N, baseline: 'JS array of objects', target: 5 })
objects = null

console.log('\n== node: care-core batch certification ==')
for (const r of rows) {
  const verdict = r.target == null ? '' : r.ns <= r.target ? `target <= ${r.target} ns: met` : `target <= ${r.target} ns: MISSED`
  console.log(`${r.label.padEnd(52)} ${r.ns.toFixed(3).padStart(12)} ns/item  baseline (${r.baseline}) ${r.base.toFixed(3).padStart(10)} ns/item  ratio ${(r.base / r.ns).toFixed(1).padStart(7)}x  ${verdict}`)
  console.log('RATIO ' + JSON.stringify({ bench: 'node', label: r.label, ns_per_item: r.ns, baseline_ns_per_item: r.base, ratio: r.base / r.ns, target_ns: r.target }))
}
