// The vectors' `fn` names (Rust snake_case) mapped to calls of this package's camelCase
// exports, one map per vector file (the same name means different things in different
// domains: `lookup` is a role in career.json). `input` holds the arguments by name; the
// mapping mirrors the Rust runners in tests/tests/<domain>_vectors.rs.
import care from '../index.mjs'

const catalog = care.Catalog.builtin()
const counts = (c) => {
  const data = c.toJSON()
  return { units: data.units.length, roles: data.roles.length }
}

// Escalation and calendar inputs: `calendar` (a built-in name or a spec), `time_zone`,
// `excused`.
const esc = (i) => ({ calendar: i.calendar, timeZone: i.time_zone, excused: i.excused })
// Cohort inputs: `holidays` (a built-in calendar name, UTC), `policy`.
const co = (i) => ({ calendar: i.holidays ?? 'none', policy: i.policy })
const cohortOf = (i) => {
  let c = care.Cohort.fromTracker(i.tracker, i.policy)
  if (i.certifiers != null) c = c.withCertifiers(i.certifiers)
  return c
}

export const BOUND = {
  'career.json': {
    lookup: (i) => catalog.lookup(i.name),
    classify: (i) => care.classify(i.from, i.to),
    readiness: (i) => care.readiness(i.person, i.target),
    next_steps: (i) => care.nextSteps(i.role),
    paths: (i) => care.paths(i.from, i.to, i.options),
    from_toml: (i) => counts(care.Catalog.fromToml(i.text)),
    from_json: (i) => counts(care.Catalog.fromJson(i.text)),
  },
  'certification.json': {
    evaluate: (i) => care.evaluate(i.session, i.policy),
    file_stem: (i) => care.fileStem(i.agent, i.pass_rate),
    qa_audit: (i) => care.qaAudit(i.score, i.policy),
    score_scorecard: (i) => care.scoreScorecard(i.marks, i.template),
    evaluate_batch: (i) => columns(care.evaluateBatch(Uint8Array.from(i.scores), i.policy)),
    evaluate_batch_f64: (i) =>
      columns(care.evaluateBatchF64(Float64Array.from(i.scores, (x) => x ?? NaN), i.policy)),
    validate: (i) => {
      care.validateCertPolicy(i.policy)
      return null
    },
  },
  'escalation.json': {
    is_business_day: (i) => care.isBusinessDay(i.date, esc(i)),
    add_business_days: (i) => care.addBusinessDays(i.date, i.n, esc(i)),
    business_days_between: (i) => care.businessDaysBetween(i.a, i.b, esc(i)),
    timeline: (i) => care.timeline(i.start, esc(i)),
    status: (i) => care.escalationStatus(i.start, i.as_of, i.completed, esc(i)),
    cert_session_budget: (i) => care.certSessionBudget(i.connected, i.finished, esc(i)),
    tbt_budget: (i) => care.tbtBudget(i.started, i.finished, esc(i)),
    combined_budget: (i) => care.combinedBudget(i.start, i.finished, esc(i)),
    escalation_steps: (i) => [...care.escalationSteps(Int32Array.from(i.starts), i.as_of, esc(i))],
  },
  'cohort.json': {
    parse_note: (i) => care.parseNote(i.text),
    parse_notes: (i) => care.parseNotes(i.text),
    import_tracker: (i) => care.importTracker(i.tracker, i.policy),
    pair: (i) => cohortOf(i).pair(i.day, co(i)),
    report: (i) => cohortOf(i).report(i.as_of, co(i)),
    to_csv: (i) => cohortOf(i).reportCsv(i.as_of, co(i)),
    forecast: (i) => care.forecast(i.agents, i.certifiers, i.start, co(i)),
    neutralize_csv_cell: (i) => care.neutralizeCsvCell(i.cell),
    sessions_per_certifier: (i) => care.sessionsPerCertifier(i.policy),
  },
}

// Typed-array columns as the plain arrays serde writes for `BatchColumns`.
function columns(b) {
  return { status: [...b.status], passes: [...b.passes], pass_rate: [...b.pass_rate] }
}
