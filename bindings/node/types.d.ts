/* The plain objects care-core returns: exactly the JSON serde writes for the Rust types, so
 * keys are snake_case like the Rust fields, dates are ISO 8601 strings (`IsoDate`), and an
 * Option that serde writes as null is `T | null` (fields serde leaves out when empty are `?`).
 * The generated index.d.ts imports these and exports them again (see dts-header.d.ts). */
/* eslint-disable */

/** An ISO 8601 date, `2026-07-02`. */
export type IsoDate = string
/** A job grade, 105 to 109 in the guide. */
export type Grade = number

// ------------------------------------------------------------------ shared

/** Which rule applied to which input, and what it concluded. */
export interface Reason { rule: string; input: string; message: string }
/** Which policy made a decision. */
export interface PolicyRef { id: string; version: string }
/** One problem found while validating a data file. */
export interface Problem { place: string; message: string }

// ------------------------------------------------------------------ troubleshooting

/** One known problem and its fix. */
export interface TroubleshootingEntry { id: string; symptom: string; keywords: string[]; steps: string[] }
/** A list of known problems and their fixes. */
export interface TroubleshootingData { id: string; version: string; entries: TroubleshootingEntry[] }
/** The answer to a troubleshooting lookup. */
export interface Fix { entry: TroubleshootingEntry; matched: string[]; reasons: Reason[]; policy: PolicyRef }

// ------------------------------------------------------------------ certification

/** The rules of call certification (`certPolicy()`; `CertPolicy#toJSON()`). */
export interface CertPolicyData {
  id: string
  version: string
  calls: number
  pdp_calls: number
  mapd_calls: number
  coached_call: number
  coached_score: number
  pass_mark: number
  passes_needed: number
  early_decision: boolean
  qa_audit_pass_mark: number
}
export type CallKind = 'pdp' | 'mapd'
export type Verdict = 'pass' | 'fail' | 'pending'
export type CertStatus = 'in_progress' | 'certified' | 'failed'
export type Mark = 'yes' | 'no' | 'na'
/** A call's scorecard marks against a template (the sample when left out). */
export interface MarkedScorecard { template?: Scorecard; marks: Record<string, Mark | 'y' | 'n' | 'n/a'> }
/** One call of a session: a score or a marked scorecard, when taken. */
export interface Call {
  number: number
  kind?: CallKind
  score?: number
  scorecard?: MarkedScorecard
  certifier?: string
  /** ISO instant, e.g. `2026-03-02T14:00:00Z`. */
  started?: string
  ended?: string
}
/** One agent's certification session. */
export interface Session { agent: string; calls?: Call[] }
/** The verdict on one call of an evaluation. */
export interface CallResult {
  number: number
  kind: CallKind | null
  coached: boolean
  score: number | null
  verdict: Verdict
  margin: number | null
  certifier: string | null
}
/** The outcome of one agent's certification session. */
export interface Evaluation {
  agent: string
  status: CertStatus
  decided_early: boolean
  passes: number
  fails: number
  pending: number
  pass_rate: number
  calls: CallResult[]
  file_stem: string
  reasons: Reason[]
  policy: PolicyRef
}
/** A post-training QA audit. */
export interface AuditResult { score: number; pass_mark: number; passed: boolean; margin: number; reasons: Reason[]; policy: PolicyRef }
/** A QA scorecard template. */
export interface Scorecard {
  id: string
  name?: string
  version?: string
  sections: Array<{ id: string; title?: string; items: Array<{ id: string; text?: string; weight: number; critical?: boolean; bonus?: boolean }> }>
}
/** One item of a scored scorecard. */
export interface ItemScore { id: string; section: string; mark: Mark; critical: boolean; bonus: boolean; weight: number; possible: number; earned: number }
/** A scored scorecard. */
export interface ScorecardScore { scorecard: string; score: number; raw_score: number; bonus: number; critical_missed: string[]; items: ItemScore[]; reasons: Reason[] }

// ------------------------------------------------------------------ career map

export type Track = 'leadership' | 'individual_contributor'
export type Need = 'required' | 'recommended'
/** A role's prerequisite, by `kind`. */
export type Prerequisite =
  | { kind: 'role_experience'; need: Need; roles: string[]; months: number }
  | { kind: 'call_center_experience'; need: Need; years: number }
  | { kind: 'credential'; need: Need; credential: string }
  | { kind: 'career_match'; need: Need; roles: string[]; months?: number }
/** A business unit. */
export interface Unit { id: string; name: string; summary: string; grades: Grade[]; aliases?: string[] }
/** A role of the map. */
export interface Role {
  id: string
  title: string
  unit: string
  grade: Grade
  track: Track
  levels?: string[]
  lateral_skills?: string[]
  summary: string
  prerequisites?: Prerequisite[]
  aliases?: string[]
}
export interface RoleFilter { unit?: string; grade?: Grade; track?: Track }
/** Units by grades with role counts (keys of `roles` are grades). */
export interface Overview { grades: Grade[]; units: Array<{ unit: string; name: string; roles: Record<string, number> }>; total_roles: number }
/** A career map as data (its file's shape). */
export interface CatalogData {
  policy: { id: string; version: string; lowest_grade: Grade; highest_grade: Grade }
  units: Unit[]
  roles: Role[]
}
/** A role in a move. */
export interface RoleRef { id: string; title: string; unit: string; grade: Grade; track: Track }
export type Direction = 'promotional' | 'lateral' | 'step_down'
export type Scope = 'within_unit' | 'cross_functional'
export type MatchBasis = 'lateral' | 'next_grade' | 'career_match'
/** A move from one role to another, classified. */
export interface Move {
  from: RoleRef
  to: RoleRef
  direction: Direction
  scope: Scope
  grade_steps: number
  unit_steps: number
  well_matched: boolean
  matched_by: MatchBasis[]
  prerequisites: Prerequisite[]
  reasons: Reason[]
  policy: PolicyRef
}
/** A person: their current role and history (role ids or names). */
export interface Person {
  current_role: string
  months_in_role?: Record<string, number>
  call_center_years?: number
  credentials?: string[]
}
/** What a person still lacks for a prerequisite. */
export type Shortfall =
  | { kind: 'months'; months: number; roles: string[] }
  | { kind: 'experience'; roles: string[] }
  | { kind: 'years'; years: number }
  | { kind: 'credential'; credential: string }
export interface PrerequisiteCheck { prerequisite: Prerequisite; met: boolean; missing: Shortfall | null; message: string }
/** A person's readiness for a target role. */
export interface Readiness {
  current: RoleRef
  target: RoleRef
  eligible: boolean
  step: Move | null
  required: PrerequisiteCheck[]
  recommended: PrerequisiteCheck[]
  reasons: Reason[]
  policy: PolicyRef
}
export interface PathOptions { k?: number; track?: Track | null; units?: string[] }
/** One career path of well-matched steps. */
export interface CareerPath { roles: string[]; transfers: number; steps: Move[] }
/** What `renderMap` draws. */
export interface MapOptions { highlight?: string[]; units?: string[] | null; career_matches?: boolean }
/** One arrow of the map. */
export interface MapEdge { from: string; to: string; kind: 'step' | 'career_match' | 'path'; highlighted: boolean }

// ------------------------------------------------------------------ calendar and escalation

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'
/** A business-day calendar as data. */
export interface CalendarSpec { weekdays?: Weekday[]; holidays?: IsoDate[]; builtin?: 'us-federal' | 'none' | null; time_zone?: string }
/** An excused business day. */
export interface Excused { date: IsoDate; reason: string }
export interface EscalationStep { id: string; name: string; day: number }
/** The escalation ladder and the time budgets. */
export interface EscalationPolicy {
  id: string
  version: string
  steps: EscalationStep[]
  budgets: { cert_session_hours: number; tbt_hours: number; combined_business_days: number }
}
/** A step with the date it falls due for one agent. */
export interface StepDue { id: string; name: string; day: number; date: IsoDate }
/** An agent's escalation timeline. */
export interface Timeline {
  start: IsoDate
  day1: IsoDate
  day2: IsoDate
  expected_completion: IsoDate
  steps: StepDue[]
  excused: Excused[]
  calendar: string
  time_zone: string
  reasons: Reason[]
  policy: PolicyRef
}
/** An agent's escalation status as of a moment. */
export interface EscalationStatus {
  start: IsoDate
  as_of: IsoDate
  /** `HH:MM:SS` when a time was given. */
  as_of_time: string | null
  day: number
  expected_completion: IsoDate
  completed: boolean
  completed_on: IsoDate | null
  days_late: number
  current_step: StepDue | null
  /** 0 none, 1 coaching, 2 written CAP, 3 final CAP, 4 termination review, 255 out of range. */
  step_code: number
  next_step: StepDue | null
  reasons: Reason[]
  policy: PolicyRef
}
/** A time budget checked. */
export interface BudgetCheck {
  budget: 'cert_session' | 'tbt' | 'combined'
  unit: 'seconds' | 'business_days'
  limit: number
  used: number
  over_by: number
  within: boolean
  reasons: Reason[]
  policy: PolicyRef
}

// ------------------------------------------------------------------ cohort

export type PairingOrder = 'escalation_first' | 'longest_waiting' | 'name'
/** The cohort's rules. */
export interface CohortPolicy {
  id: string
  version: string
  certifier_hours_per_day: number
  pairing_order: PairingOrder
  role_play_day: number
  role_play_day_fraction: number
  excuse_equipment_days: boolean
  cert: CertPolicyData
  escalation: EscalationPolicy
}
/** A progress note, `Date - Name - Note`. */
export interface ProgressNote { date: IsoDate; name: string; note: string; text: string }
export interface EquipmentIssue { opened: IsoDate; closed?: IsoDate }
/** One agent of a cohort. */
export interface Agent {
  name: string
  start: IsoDate
  equipment_issues: EquipmentIssue[]
  day1_done: boolean
  role_plays_done: boolean
  tbt_hours: number
  tbt_done: boolean
  scores: Array<number | null>
  certifier?: string
  completed_on?: IsoDate
  excused: Excused[]
  notes: ProgressNote[]
}
export interface Certifier { name: string; off?: IsoDate[] }
/** A cohort as data (`Cohort#toJSON()`, `importTracker`). */
export interface CohortData { coordinator: string; certifiers: Certifier[]; agents: Agent[] }
export type AgentState = 'waiting' | 'in_certification' | 'certified' | 'failed' | 'blocked_by_equipment'
/** One agent's line of the end-of-day report. */
export interface AgentReport {
  name: string
  start: IsoDate
  day: number
  state: AgentState
  scores: Array<number | null>
  passes: number
  pass_rate: number
  file_stem: string
  tbt_hours: number
  tbt_done: boolean
  certifier: string | null
  completed_on: IsoDate | null
  current_step: StepDue | null
  next_step: StepDue | null
  missing_self_reports: IsoDate[]
  equipment_issue_since: IsoDate | null
  excused: Excused[]
  last_note: string | null
  reasons: Reason[]
}
/** The end-of-day report. */
export interface CohortReport {
  as_of: IsoDate
  coordinator: string
  calendar: string
  agents: AgentReport[]
  totals: {
    agents: number
    waiting: number
    in_certification: number
    certified: number
    failed: number
    blocked_by_equipment: number
    at_escalation_step: number
    missing_self_reports: number
  }
  open_equipment_issues: string[]
  reasons: Reason[]
  policy: PolicyRef
}
/** The pairing of a day. */
export interface Pairing {
  day: IsoDate
  sessions_per_certifier: number
  order: PairingOrder
  pairs: Array<{ agent: string; certifier: string; session: number; day: number; next_step: StepDue | null; reasons: Reason[] }>
  unpaired: Array<{ agent: string; reason: 'finished' | 'not_started' | 'equipment_issue' | 'excused' | 'not_ready' | 'no_certifier_free'; message: string }>
  certifiers: Array<{ certifier: string; available: boolean; sessions: number }>
  reasons: Reason[]
  policy: PolicyRef
}
/** When a cohort finishes, and who reaches which step. */
export interface Forecast {
  agents: number
  certifiers: number
  start: IsoDate
  day1: IsoDate
  sessions_per_certifier: number
  sessions_on_role_play_day: number
  finish_day: number
  finish_date: IsoDate
  late: number
  days: Array<{ day: number; date: IsoDate; sessions: number; first_agent: number | null; last_agent: number | null; finished: number; step: string | null }>
  steps: Array<{ step: string; name: string; day: number; date: IsoDate; agents: number; first_agent: number | null }>
  reasons: Reason[]
  policy: PolicyRef
}
