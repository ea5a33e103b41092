// The vectors' `fn` names (Rust snake_case) mapped to calls of this package's camelCase
// exports, one map per vector file (the same name means different things in different
// domains: `lookup` is a role in career.json). `input` holds the arguments by name; the
// mapping mirrors the Rust runners in tests/tests/<domain>_vectors.rs.
import care from '../index.js'

const catalog = care.Catalog.builtin()
const counts = (c) => {
  const data = c.toJSON()
  return { units: data.units.length, roles: data.roles.length }
}

// Escalation and calendar inputs: `calendar` (a built-in name or a spec) in `time_zone`,
// `excused`.
export const calendarOf = (i) =>
  typeof i.calendar === 'string' && i.time_zone != null ? care.Calendar.byName(i.calendar, i.time_zone) : i.calendar
export const esc = (i) => ({ calendar: calendarOf(i), excused: i.excused })
const cal = (i) => {
  const c = calendarOf(i)
  return c instanceof care.Calendar ? c : typeof c === 'string' ? care.Calendar.byName(c) : new care.Calendar(c)
}
// A vector's `policy` is a policy file's content, read as the Rust and Python runners read
// it: as JSON text.
const file = (Class, p) => (p == null ? undefined : Class.fromJson(JSON.stringify(p)))
const cert = (i) => file(care.CertPolicy, i.policy)
// Cohort inputs: `holidays` (a built-in calendar name, UTC), `policy`.
const co = (i) => ({ calendar: i.holidays ?? 'none', policy: file(care.CohortPolicy, i.policy) })
const cohortOf = (i) => {
  let c = care.Cohort.fromTracker(i.tracker, co(i).policy)
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
    evaluate: (i) => care.evaluate(i.session, cert(i)),
    file_stem: (i) => care.fileStem(i.agent, i.pass_rate),
    qa_audit: (i) => care.qaAudit(i.score, cert(i)),
    score_scorecard: (i) => (i.template == null ? care.Scorecard.sample() : new care.Scorecard(i.template)).score(i.marks),
    evaluate_batch: (i) => columns(care.evaluateBatch(Uint8Array.from(i.scores), cert(i))),
    evaluate_batch_f64: (i) =>
      columns(care.evaluateBatch(Float64Array.from(i.scores, (x) => x ?? NaN), cert(i))),
    validate: (i) => cert(i) && null,
  },
  'escalation.json': {
    is_business_day: (i) => cal(i).isBusinessDay(i.date),
    add_business_days: (i) => cal(i).addBusinessDays(i.date, i.n),
    business_days_between: (i) => cal(i).businessDaysBetween(i.a, i.b),
    timeline: (i) => care.timeline(i.start, esc(i)),
    status: (i) => care.escalationStatus(i.start, i.as_of, { completed: i.completed, ...esc(i) }),
    cert_session_budget: (i) => care.certSessionBudget(i.connected, i.finished, { calendar: calendarOf(i) }),
    tbt_budget: (i) => care.tbtBudget(i.started, i.finished, { calendar: calendarOf(i) }),
    combined_budget: (i) => care.combinedBudget(i.start, i.finished, esc(i)),
    escalation_steps: (i) => [...care.escalationSteps(Int32Array.from(i.starts), i.as_of, { calendar: calendarOf(i) })],
  },
  'cohort.json': {
    parse_note: (i) => care.parseNote(i.text),
    parse_notes: (i) => care.parseNotes(i.text),
    import_tracker: (i) => care.Cohort.fromTracker(i.tracker, co(i).policy).toJSON(),
    pair: (i) => cohortOf(i).pair(i.day, co(i)),
    report: (i) => cohortOf(i).report(i.as_of, co(i)),
    to_csv: (i) => cohortOf(i).reportCsv(i.as_of, co(i)),
    forecast: (i) => care.forecast(i.agents, i.certifiers, i.start, co(i)),
    neutralize_csv_cell: (i) => care.neutralizeCsvCell(i.cell),
    // No export of its own (docs/api.md): the forecast says it.
    sessions_per_certifier: (i) =>
      care.forecast(0, 1, '2026-07-06', { policy: co(i).policy }).sessions_per_certifier,
  },
}

// Typed-array columns as the plain arrays serde writes for `BatchColumns`.
function columns(b) {
  return { status: [...b.status], passes: [...b.passes], pass_rate: [...b.pass_rate] }
}
