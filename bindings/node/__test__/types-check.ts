import * as care from '../index'
// The data types of types.d.ts are exported by the package too.
import type { Reason, Evaluation, T } from '../index'
const e: Evaluation = care.evaluateScores('Rivera, Ana', [100, 90, 80, 95, 88])
const rate: number = e.pass_rate
const s: 'in_progress' | 'certified' | 'failed' = e.status
const p = care.paths('Care Rep', 'Senior Rep', { k: 2 })
const first: string = p[0].steps[0].from.title
const r = care.Cohort.sample().report('2026-07-10', { calendar: care.Calendar.byName('us-federal', 'America/New_York') })
const n: string = r.agents[0].name
const st = new care.CertPolicy({ pass_mark: 80 }).standing(Float64Array.from([100, 90]))
const code: 'in_progress' | 'certified' | 'failed' = st.status
const svg: string = care.renderMap('svg', { highlight: p[0].roles })
const b = care.evaluateBatch(new Uint8Array(5).fill(100))
const name: string = care.STATUS_NAMES[b.status[0]]
// @ts-expect-error: not a field of Evaluation
e.passrate
const why: Reason[] = e.reasons
const mark: T.CertPolicy['pass_mark'] = new care.CertPolicy().toJSON().pass_mark
export const used = [rate, s, first, n, code, svg.length, why.length, mark, name]

// Agreement, calibration and the policy tools.
{
  const m: care.Matrix = { data: Float64Array.of(1, 2, 3, 4), rows: 2, cols: 2 }
  const a: care.Agreement = care.krippendorffAlpha(m, { level: 'ordinal' })
  const v: number | null | undefined = a.value
  void v
  care.icc(m, { kind: '3,1' })
  care.cohenKappa(Float64Array.of(1, 2), Float64Array.of(1, 2), { weights: 'linear' })
  const s = care.CalibrationSession.fromToml('')
  const c: care.Calibration = care.calibrate(s, new care.CalibrationPolicy({ min_alignment: 80 }))
  void c.certifiers[0]?.mean_points_off
  const f: care.Finding[] = care.lint('pass_mark = 85', { format: 'toml' })
  void f
  const d: care.PolicyDiff = care.diff('a = 1', 'a = 2', { kind: 'cert_policy' })
  void d.changes
  const h: care.HistoryDiff = care.diffHistory('[[versions]]', { from_version: '1', to_version: '2' })
  void h.steps[0]?.effective_from
  const asOf: care.Catalog = care.Catalog.fromToml('', { as_of: '2027-01-01' })
  void asOf
}
