// Agreement statistics: the shared vectors (tests/vectors/agreement.json, from krippendorff,
// statsmodels, scikit-learn and pingouin) to 1e-9; matrices as { data: Float64Array, rows,
// cols }; an Agreement out (a value, or why there is none; never NaN).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import care from '../index.js'

const doc = JSON.parse(readFileSync(new URL('../../../tests/vectors/agreement.json', import.meta.url), 'utf8'))

/** An array of arrays (null = missing) as a Matrix. */
const matrix = (rows) => ({
  data: Float64Array.from(rows.flat(), (x) => (x === null ? NaN : x)),
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
})
const KINDS = { icc1_1: '1,1', icc2_1: '2,1', icc3_1: '3,1' }
const run = (fn, i) => {
  switch (fn) {
    case 'krippendorff_alpha': return care.krippendorffAlpha(matrix(i.ratings), { level: i.level })
    case 'fleiss_kappa': return care.fleissKappa(matrix(i.counts))
    case 'cohen_kappa': return care.cohenKappa(Float64Array.from(i.a), Float64Array.from(i.b), { weights: i.weights })
    case 'icc': return care.icc(matrix(i.ratings), { kind: KINDS[i.form] })
    default: throw new Error(`no call for fn ${fn}`)
  }
}

test('agreement vectors match the reference packages to 1e-9', () => {
  assert.ok(doc.cases.length >= 373 && doc.tolerance <= 1e-9)
  const failures = []
  for (const c of doc.cases) {
    const got = run(c.fn, c.input)
    const want = c.output.value
    if (want === null) {
      if (got.value !== null || !got.undefined || !got.undefined_reason) failures.push(`${c.name}: ${JSON.stringify(got)}`)
    } else if (typeof got.value !== 'number' || Math.abs(got.value - want) > doc.tolerance * Math.max(Math.abs(want), 1)) {
      failures.push(`${c.name}: reference ${want}, care-core ${got.value}`)
    }
  }
  assert.deepEqual(failures, [])
})

test("Krippendorff's example, defaults and the result", () => {
  const N = NaN
  const m = matrix([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
  ])
  const a = care.krippendorffAlpha(m, { level: 'nominal' })
  assert.equal(a.statistic, 'krippendorff_alpha_nominal')
  assert.ok(Math.abs(a.value - 0.743) < 1e-3)
  assert.equal(a.raters, 4)
  assert.equal(care.krippendorffAlpha(m).statistic, 'krippendorff_alpha_interval')
  const u = care.krippendorffAlpha(matrix([[1, 1], [1, 1]]))
  assert.equal(u.value, null)
  assert.equal(u.undefined, 'no_variation')
  const r = matrix([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
  assert.deepEqual(['1,1', '2,1', '3,1'].map((kind) => Math.round(care.icc(r, { kind }).value * 100) / 100), [0.17, 0.29, 0.71])
  assert.equal(care.icc(r).statistic, 'icc2_1')
  const [x, y] = [Float64Array.of(1, 2, 3, 4, 4), Float64Array.of(1, 2, 4, 4, 3)]
  assert.equal(care.cohenKappa(x, y).statistic, 'cohen_kappa')
  assert.equal(care.cohenKappa(x, y, { weights: 'quadratic' }).statistic, 'cohen_kappa_quadratic')
})

test('bad matrices are INVALID_INPUT errors naming the argument', () => {
  const bad = [
    [() => care.krippendorffAlpha([[1, 2], [1, 2]]), /matrix/],
    [() => care.krippendorffAlpha(Float64Array.of(1, 2)), /matrix/],
    [() => care.krippendorffAlpha({ data: [1, 2], rows: 1, cols: 2 }), /Float64Array/],
    [() => care.krippendorffAlpha({ data: Float64Array.of(1, 2, 3), rows: 2, cols: 2 }), /3 values/],
    [() => care.krippendorffAlpha({ data: Float64Array.of(1, 2), rows: 1.5, cols: 2 }), /rows/],
    [() => care.krippendorffAlpha({ data: Float64Array.of(1, 2), rows: 1, cols: 2, dtype: 'f8' }), /dtype/],
    [() => care.krippendorffAlpha(matrix([[1, 2]]), { level: 'nomimal' }), /level/],
    [() => care.krippendorffAlpha(matrix([[1, 2]]), { levle: 'nominal' }), /levle/],
    [() => care.krippendorffAlpha(matrix([[1, Infinity]])), /finite/],
    [() => care.icc(matrix([[1, 2], [3, 4]]), { kind: '2,2' }), /kind/],
    [() => care.fleissKappa(matrix([[1.5, 1]])), /counts/],
    [() => care.cohenKappa(Float64Array.of(1, 2), Float64Array.of(1)), /./],
    [() => care.cohenKappa([1, 2], [1, 2]), /Float64Array/],
  ]
  for (const [call, message] of bad) {
    assert.throws(call, (e) => e instanceof care.CareError && e.code !== 'INTERNAL' && message.test(e.message))
  }
})

test('a getter that detaches the buffer cannot pull the memory away', () => {
  const data = new Float64Array(4).fill(1)
  const m = { data, rows: 2, get cols() { structuredClone(data.buffer, { transfer: [data.buffer] }); return 2 } }
  assert.throws(() => care.krippendorffAlpha(m), (e) => e.code === 'INVALID_INPUT' && /detached/.test(e.message))
})
