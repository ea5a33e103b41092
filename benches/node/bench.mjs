// Node benchmark: batch certification of 1 million agents through care-core beside the same
// rule as a plain typed-array JS loop and as an array of objects, and single calls.
// Prints a table and one `RATIO {json}` line per figure (baseline / ours, so above 1 means
// care-core is faster), like benches/src/lib.rs. Run after a release build of the package:
//   (cd bindings/node && npm run build) && node benches/node/bench.mjs
// BENCH_QUICK=1 runs fewer repetitions.
import care from '../../bindings/node/index.js'

const QUICK = process.env.BENCH_QUICK === '1'
const N = 1_000_000
const CALLS = 5
const scores = new Uint8Array(N * CALLS)
let seed = 42
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 31
for (let r = 0; r < N; r++) {
  scores[r * CALLS] = 100 // the coached call scores 100
  for (let c = 1; c < CALLS; c++) scores[r * CALLS + c] = 70 + rnd()
}

// The same counting rule in plain JS (pass mark 85, 4 passes certify, no pending calls).
function jsTyped(s, out) {
  const { status, passes, pass_rate: rate } = out
  for (let r = 0; r < N; r++) {
    let p = 0
    for (let c = 0; c < CALLS; c++) if (s[r * CALLS + c] >= 85) p++
    passes[r] = p
    rate[r] = (p * 100 / CALLS) | 0
    status[r] = p >= 4 ? 1 : 2
  }
  return out
}
const columns = () => ({ status: new Uint8Array(N), passes: new Uint8Array(N), pass_rate: new Uint8Array(N) })
const jsTypedFresh = (s) => jsTyped(s, columns())
function jsObjects(list) {
  return list.map((a) => {
    const passes = a.scores.filter((x) => x >= 85).length
    return { agent: a.agent, passes, pass_rate: (passes * 100 / CALLS) | 0, status: passes >= 4 ? 'certified' : 'failed' }
  })
}

/** Mean ns per call of `fn` over `reps` calls, best of `rounds` rounds, after a warm-up. */
function time(fn, reps, rounds = QUICK ? 2 : 5) {
  for (let i = 0; i < Math.min(reps, 1000); i++) fn()
  let best = Infinity
  for (let k = 0; k < rounds; k++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < reps; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / reps)
  }
  return best
}
const R = (n) => Math.max(1, QUICK ? Math.ceil(n / 10) : n)

// Same answers first.
const ours = care.evaluateBatch(scores)
const base = jsTypedFresh(scores)
for (const k of ['status', 'passes', 'pass_rate']) {
  if (Buffer.compare(Buffer.from(ours[k]), Buffer.from(base[k])) !== 0) throw new Error(`column ${k} differs`)
}

const rows = []
const add = (label, ns, baseNs, baseline, target) => rows.push({ label, ns, base: baseNs, baseline, target })

// --- batch, per agent
const policy = new care.CertPolicy()
const out = columns()
const jsLoop = time(() => jsTyped(scores, out), R(10)) / N
const jsLoopFresh = time(() => jsTypedFresh(scores), R(10)) / N
add('batch 1M: evaluateBatch (new columns)', time(() => care.evaluateBatch(scores), R(10)) / N, jsLoopFresh, 'JS typed loop, new columns', 5)
add('batch 1M: evaluateBatchInto (reused columns)', time(() => care.evaluateBatchInto(scores, out), R(10)) / N, jsLoop, 'JS typed loop, reused columns', 5)
add('batch 1M: evaluateBatchInto with a CertPolicy', time(() => care.evaluateBatchInto(scores, out, policy), R(10)) / N, jsLoop, 'JS typed loop, reused columns', 5)
{
  const t0 = process.hrtime.bigint()
  await care.evaluateBatchAsync(scores)
  add('batch 1M: evaluateBatchAsync (incl. copy)', Number(process.hrtime.bigint() - t0) / N, jsLoopFresh, 'JS typed loop, new columns', null)
}
{
  let objects = Array.from({ length: N }, (_, r) => ({ agent: `a${r}`, scores: Array.from(scores.subarray(r * CALLS, r * CALLS + CALLS)) }))
  add('batch 1M vs an array of objects', rows[1].ns, time(() => jsObjects(objects), R(2), 2) / N, 'JS array of objects', 5)
  objects = null
}

// --- escalation steps, per agent (1M start days spread over two months)
{
  const starts = Int32Array.from({ length: N }, (_, i) => 20600 + (i % 60))
  const calendar = care.Calendar.byName('us-federal')
  const jsDays = time(() => { const o = new Uint8Array(N); for (let i = 0; i < N; i++) o[i] = (20660 - starts[i]) > 5 ? 1 : 0; return o }, R(10)) / N
  add('batch 1M: escalationSteps', time(() => care.escalationSteps(starts, '2026-07-13', { calendar }), R(10)) / N, jsDays, 'JS typed loop (day difference only)', 20)
}

// --- single calls, per call
const one = { agent: 'a', scores: [100, 90, 80, 95, 88] }
const jsOne = time(() => jsObjects([one]), R(200_000))
const session = { agent: 'Rivera, Ana', calls: [100, 90, 80, 95, 88].map((score, i) => ({ number: i + 1, score })) }
add('single: new CertPolicy()', time(() => new care.CertPolicy(), R(200_000)), jsOne, 'JS one object', null)
add('single: qaAudit(95)', time(() => care.qaAudit(95), R(200_000)), jsOne, 'JS one object', null)
add('single: CertPolicy#qaAudit(95)', time(() => policy.qaAudit(95), R(200_000)), jsOne, 'JS one object', null)
const row = Float64Array.from(one.scores)
add('single: CertPolicy#standing (status, counts)', time(() => policy.standing(row), R(500_000)), jsOne, 'JS one object', null)
add('single: evaluateScores (full Evaluation)', time(() => care.evaluateScores('Rivera, Ana', one.scores), R(50_000)), jsOne, 'JS one object', 10_000)
add('single: CertPolicy#evaluateScores', time(() => policy.evaluateScores('Rivera, Ana', one.scores), R(50_000)), jsOne, 'JS one object', 10_000)
add('single: evaluate(session)', time(() => care.evaluate(session), R(50_000)), jsOne, 'JS one object', 10_000)
add('single: evaluateBatch of 1 agent', time(() => care.evaluateBatch(Uint8Array.from(one.scores)), R(5_000)), jsOne, 'JS one object', null)
add('single: classify (built-in map)', time(() => care.classify('Care Rep', 'Senior Rep'), R(50_000)), jsOne, 'JS one object', null)
add('single: paths k=3 (built-in map)', time(() => care.paths('Care Rep', 'Manager, Customer Care'), R(5_000)), jsOne, 'JS one object', null)
add('single: Catalog.builtin()', time(() => care.Catalog.builtin(), R(2_000)), jsOne, 'JS one object', null)

console.log('\n== node: care-core (release build: ' + care.version + ') ==')
for (const r of rows) {
  const verdict = r.target == null ? '' : r.ns <= r.target ? `target <= ${r.target} ns: met` : `target <= ${r.target} ns: MISSED`
  console.log(`${r.label.padEnd(46)} ${r.ns.toFixed(2).padStart(11)} ns  baseline (${r.baseline}) ${r.base.toFixed(2).padStart(9)} ns  ratio ${(r.base / r.ns).toFixed(2).padStart(7)}x  ${verdict}`)
}
for (const r of rows) {
  console.log('RATIO ' + JSON.stringify({ bench: 'node', label: r.label, ns: r.ns, baseline: r.baseline, baseline_ns: r.base, ratio: r.base / r.ns, target_ns: r.target, met: r.target == null ? null : r.ns <= r.target }))
}
