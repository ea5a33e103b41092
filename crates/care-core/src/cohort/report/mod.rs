//! The coordinator's end-of-day report: every agent's state, scores, pass rate, the
//! escalation step due next, missing self-reports and open equipment issues, as text,
//! Markdown, JSON (serde) or CSV.
//!
//! **CSV and spreadsheet formulas.** A cell that a spreadsheet would run as a formula (one
//! starting with `=`, `+`, `-` or `@`, or with a tab or carriage return) is written with a
//! `'` in front ([`neutralize_csv_cell`]), so a name like `=HYPERLINK(...)` shows as text.
//! The cost: such a cell (e.g. a negative number) reads back with the `'`.
//!
//! The CSV is also written straight from a cohort, one agent at a time ([`write_csv`]),
//! without the report's rows held together: the large cohort's report in the memory of one
//! agent's line.

mod csv_out;

#[cfg(feature = "xlsx")]
pub(crate) use self::csv_out::agent_columns;
pub use self::csv_out::{neutralize_csv_cell, write_csv};

use super::{Agent, Cohort, CohortPolicy};
use crate::calendar::Calendar;
use crate::certification::Status as CertStatus;
use crate::error::Result;
use crate::escalation::{self, Excused, Moment, StepDue};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Where an agent stands at the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgentState {
    /// No certification call taken yet (training, role plays or waiting for a certifier).
    Waiting,
    /// Certification calls under way.
    InCertification,
    /// Certified.
    Certified,
    /// Failed the certification.
    Failed,
    /// An equipment issue is open.
    BlockedByEquipment,
}

impl AgentState {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            AgentState::Waiting => "waiting",
            AgentState::InCertification => "in certification",
            AgentState::Certified => "certified",
            AgentState::Failed => "failed",
            AgentState::BlockedByEquipment => "blocked by equipment",
        }
    }
}

/// One agent's line of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentReport {
    /// The agent.
    pub name: String,
    /// The start date.
    pub start: Date,
    /// The post-training day as of the report (excused days do not count).
    pub day: u32,
    /// The state.
    pub state: AgentState,
    /// Each call's score, `null` when not taken (the coached call's automatic score shows).
    pub scores: Vec<Option<f64>>,
    /// Passing calls.
    pub passes: u8,
    /// The pass rate so far, whole percent.
    pub pass_rate: u8,
    /// The scorecard file stem.
    pub file_stem: String,
    /// TBT hours so far.
    pub tbt_hours: f64,
    /// Whether the TBTs are done.
    pub tbt_done: bool,
    /// The certifier the agent works with.
    pub certifier: Option<String>,
    /// The day certs and TBTs were complete, if they are.
    pub completed_on: Option<Date>,
    /// The escalation step that fell due last, if any, while certs and TBTs are not complete
    /// (once they are, the ladder stops: see `step_before_completion`).
    pub current_step: Option<StepDue>,
    /// For an agent whose certs and TBTs are complete: the last escalation step that fell
    /// due before completing, labelled so in every format ("step reached before completing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_before_completion: Option<StepDue>,
    /// The escalation step due next and its date, while not complete.
    pub next_step: Option<StepDue>,
    /// Business days (from day 1 to the report or the completion) without a progress note.
    pub missing_self_reports: Vec<Date>,
    /// The day the open equipment issue was reported, if one is open.
    pub equipment_issue_since: Option<Date>,
    /// Excused business days so far.
    pub excused: Vec<Excused>,
    /// The latest progress note on or before the report date.
    pub last_note: Option<String>,
    /// The smallest change that would reverse each negative or pending decision: the
    /// certification's (while not certified), then the escalation's (while not complete);
    /// empty when there is none. Every render shows their sentences in a "what would change
    /// it" column ([`AgentReport::what_would_change_it`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counterfactuals: Vec<crate::counterfactual::Counterfactual>,
    /// Why.
    pub reasons: Vec<Reason>,
}

impl AgentReport {
    /// The counterfactuals' sentences joined by `; `, empty when there is none: "call 5
    /// needs 85 or more to certify; completing by Tue 2026-07-07 avoids the written CAP"
    /// (the CSV's and the workbook's cell; the text, Markdown and HTML tables show `-` for
    /// none).
    pub fn what_would_change_it(&self) -> String {
        self.counterfactuals
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Counts over the cohort.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// Agents.
    pub agents: u32,
    /// Waiting.
    pub waiting: u32,
    /// In certification.
    pub in_certification: u32,
    /// Certified.
    pub certified: u32,
    /// Failed.
    pub failed: u32,
    /// Blocked by an equipment issue.
    pub blocked_by_equipment: u32,
    /// Agents with an escalation step due.
    pub at_escalation_step: u32,
    /// Agents missing at least one self-report.
    pub missing_self_reports: u32,
}

/// The text formats of the end-of-day report ([`Report::render`]); JSON is serde's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Plain text for an email ([`Report::to_text`]).
    Text,
    /// Markdown ([`Report::to_markdown`]).
    Markdown,
    /// CSV safe for spreadsheets ([`Report::to_csv`]).
    Csv,
}

crate::policy::named_formats!(ReportFormat, "report format", { Text => "text", Markdown => "markdown", Csv => "csv" });

/// The end-of-day report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// The day the report is for (as of its end).
    pub as_of: Date,
    /// The cert coordinator.
    pub coordinator: String,
    /// The calendar's name.
    pub calendar: String,
    /// One line per agent, in cohort order.
    pub agents: Vec<AgentReport>,
    /// Counts.
    pub totals: Totals,
    /// Agents with an open equipment issue.
    pub open_equipment_issues: Vec<String>,
    /// The rules applied to every agent.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
}

/// The end-of-day report as of the end of `as_of`.
///
/// The cohort is taken as recorded (scores, flags): a cohort from a tracker should be
/// imported as of the same day ([`import_tracker_as_of`](super::import_tracker_as_of)), so
/// that rows dated later do not count. `as_of` decides the post-training day, the escalation
/// step, which equipment issues are open and which self-reports are missing (notes dated
/// after it do not count).
///
/// # Errors
///
/// [`Error::InvalidPolicy`] for an invalid policy; [`Error::InvalidInput`] for an invalid
/// cohort; [`Error::InvalidDate`] for a date outside the calendar's range; an agent's
/// certification errors as [`crate::certification::evaluate`] gives them.
///
/// ```
/// use care_core::cohort::{self, Cohort, CohortPolicy};
/// use care_core::Calendar;
/// use jiff::civil::date;
/// let cal = Calendar::by_name("us-federal", "America/New_York")?;
/// let day = date(2026, 7, 10);
/// let r = cohort::report(&Cohort::sample_as_of(day), day, &cal, &CohortPolicy::default())?;
/// assert!(r.to_text().contains("End-of-day call cert report"));
/// let far = date(2201, 1, 1);
/// assert!(cohort::report(&Cohort::sample(), far, &cal, &CohortPolicy::default()).is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn report(
    cohort: &Cohort,
    as_of: Date,
    calendar: &Calendar,
    policy: &CohortPolicy,
) -> Result<Report> {
    policy.validate()?;
    cohort.validate(policy)?;
    let mut agents = Vec::with_capacity(cohort.agents.len());
    let mut totals = Totals::default();
    for a in &cohort.agents {
        let line = agent_report(a, as_of, calendar, policy)?;
        totals.agents += 1;
        match line.state {
            AgentState::Waiting => totals.waiting += 1,
            AgentState::InCertification => totals.in_certification += 1,
            AgentState::Certified => totals.certified += 1,
            AgentState::Failed => totals.failed += 1,
            AgentState::BlockedByEquipment => totals.blocked_by_equipment += 1,
        }
        if line.current_step.is_some() {
            totals.at_escalation_step += 1;
        }
        if !line.missing_self_reports.is_empty() {
            totals.missing_self_reports += 1;
        }
        agents.push(line);
    }
    let open_equipment_issues = agents
        .iter()
        .filter(|a| a.equipment_issue_since.is_some())
        .map(|a| a.name.clone())
        .collect();
    let reasons = vec![
        Reason::new(
            rule::REPORT_STATE,
            "agents",
            "certified or failed once the certification is decided; else blocked by equipment while an issue is open; else in certification once a call is taken; else waiting",
        ),
        Reason::new(
            rule::REPORT_SELF_REPORTS,
            "agents",
            "every business day from post-training day 1 to the report (or the completion) needs a progress note, except excused days",
        ),
        Reason::new(
            rule::REPORT_ESCALATION,
            "agents",
            "the escalation step comes from the escalation timeline with the agent's excused days; it stops once certs and TBTs are complete",
        ),
    ];
    Ok(Report {
        as_of,
        coordinator: cohort.coordinator.clone(),
        calendar: calendar.name().to_string(),
        agents,
        totals,
        open_equipment_issues,
        reasons,
        policy: policy.policy_ref(),
    })
}

fn agent_report(
    a: &Agent,
    as_of: Date,
    calendar: &Calendar,
    policy: &CohortPolicy,
) -> Result<AgentReport> {
    let ev = a.evaluation(&policy.cert)?;
    let mut reasons = Vec::new();
    let issue = a.open_issue_on(as_of).map(|i| i.opened);
    let any_call = a.scores.iter().any(Option::is_some);
    let state = match ev.status {
        CertStatus::Certified => AgentState::Certified,
        CertStatus::Failed => AgentState::Failed,
        CertStatus::InProgress if issue.is_some() => AgentState::BlockedByEquipment,
        CertStatus::InProgress if any_call => AgentState::InCertification,
        CertStatus::InProgress => AgentState::Waiting,
    };
    reasons.push(Reason::new(
        rule::REPORT_STATE,
        a.name.clone(),
        match (state, issue) {
            (AgentState::BlockedByEquipment, Some(d)) => {
                format!("an equipment issue is open since {d}")
            }
            _ => format!(
                "{}; {} of {} calls passed",
                state.label(),
                ev.passes,
                policy.cert.calls
            ),
        },
    ));
    // Completion: certification decided and TBTs done.
    let decided = ev.status != CertStatus::InProgress;
    let complete = decided && a.tbt_done;
    let completed_on = if complete {
        Some(a.completed_on.unwrap_or_else(|| {
            reasons.push(Reason::new(
                rule::REPORT_COMPLETED,
                a.name.clone(),
                "certs and TBTs are complete but no completion day is recorded; the report date is used",
            ));
            as_of
        }))
    } else {
        if decided && !a.tbt_done {
            reasons.push(Reason::new(
                rule::REPORT_COMPLETED,
                a.name.clone(),
                "the certification is decided but the TBTs are not done, so certs and TBTs are not complete",
            ));
        }
        None
    };
    if ev.status == CertStatus::Failed {
        reasons.push(Reason::new(
            rule::REPORT_FAILED,
            a.name.clone(),
            "the certification failed; what follows is for a person to decide",
        ));
    }
    let tbt_budget = policy.escalation.budgets.tbt_hours;
    if a.tbt_hours > tbt_budget {
        reasons.push(Reason::new(
            rule::REPORT_TBT_BUDGET,
            a.name.clone(),
            format!(
                "{} TBT hours is over the budget of {tbt_budget} hours",
                a.tbt_hours
            ),
        ));
    }
    let excused = a.excused_days(as_of, calendar, policy)?;
    let done_moment = completed_on.map(Moment::Date);
    let st = escalation::status(
        a.start,
        &Moment::Date(as_of),
        done_moment.as_ref(),
        calendar,
        &excused,
        &policy.escalation,
    )?;
    if let Some(s) = &st.current_step {
        reasons.push(Reason::new(
            rule::REPORT_ESCALATION,
            a.name.clone(),
            if st.completed {
                format!(
                    "{} fell due on {} (day {}), before certs and TBTs were complete; the ladder stopped there",
                    s.name, s.date, s.day
                )
            } else {
                format!("{} fell due on {} (day {})", s.name, s.date, s.day)
            },
        ));
    }
    if let Some(s) = &st.next_step {
        reasons.push(Reason::new(
            rule::REPORT_ESCALATION,
            a.name.clone(),
            format!(
                "if not complete, {} is due on {} (day {})",
                s.name, s.date, s.day
            ),
        ));
    }
    // Self-reports.
    let noted: HashSet<Date> = a
        .notes
        .iter()
        .map(|n| n.date)
        .filter(|d| *d <= as_of)
        .collect();
    let excused_set: HashSet<Date> = excused.iter().map(|e| e.date).collect();
    let until = completed_on.map_or(as_of, |c| c.min(as_of));
    let mut missing = Vec::new();
    let mut d = calendar.roll_forward(a.start)?;
    while d <= until {
        if !excused_set.contains(&d) && !noted.contains(&d) {
            missing.push(d);
        }
        d = calendar.next_business_day(d)?;
    }
    if !missing.is_empty() {
        reasons.push(Reason::new(
            rule::REPORT_SELF_REPORTS,
            a.name.clone(),
            format!(
                "no progress note on {} business day(s): {}",
                missing.len(),
                missing
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let counterfactuals = ev
        .counterfactual
        .iter()
        .chain(st.counterfactual.iter().filter(|_| !st.completed))
        .cloned()
        .collect();
    let last_note = a
        .notes
        .iter()
        .filter(|n| n.date <= as_of)
        .max_by_key(|n| n.date)
        .map(|n| n.note().to_string());
    Ok(AgentReport {
        name: a.name.clone(),
        start: a.start,
        day: st.day,
        state,
        scores: ev.calls.iter().map(|c| c.score).collect(),
        passes: ev.passes,
        pass_rate: ev.pass_rate,
        file_stem: ev.file_stem,
        tbt_hours: a.tbt_hours,
        tbt_done: a.tbt_done,
        certifier: a.certifier.clone(),
        completed_on,
        current_step: if st.completed {
            None
        } else {
            st.current_step.clone()
        },
        step_before_completion: if st.completed { st.current_step } else { None },
        next_step: st.next_step,
        missing_self_reports: missing,
        equipment_issue_since: issue,
        excused,
        last_note,
        counterfactuals,
        reasons,
    })
}

/// A score in the report: exactly ([`format_score`] without a mark), so 84.9999999 and
/// 85.0000001 are not both `85`, and never `-0`.
fn score(s: Option<f64>) -> String {
    match s {
        None => "-".into(),
        Some(x) => crate::certification::format_score(x, None),
    }
}

/// `-` for an empty cell of the text, Markdown and HTML tables.
pub(crate) fn or_dash(s: String) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}

fn step_text(a: &AgentReport) -> String {
    if let Some(s) = &a.step_before_completion {
        return format!(
            "step reached before completing: {} (due {})",
            s.name, s.date
        );
    }
    match (&a.current_step, &a.next_step) {
        (Some(c), Some(n)) => format!("{} due {}; next {} {}", c.name, c.date, n.name, n.date),
        (Some(c), None) => format!("{} due {}", c.name, c.date),
        (None, Some(n)) => format!("next {} {}", n.name, n.date),
        (None, None) => "-".into(),
    }
}

impl Report {
    fn headline(&self) -> String {
        let t = &self.totals;
        format!(
            "{} agents: {} certified, {} failed, {} in certification, {} waiting, {} blocked by equipment",
            t.agents, t.certified, t.failed, t.in_certification, t.waiting, t.blocked_by_equipment
        )
    }

    /// The report as plain text for an email.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "End-of-day call cert report, as of {} ({} calendar)\n",
            self.as_of.strftime("%a %Y-%m-%d"),
            self.calendar
        );
        if !self.coordinator.is_empty() {
            let _ = writeln!(s, "Coordinator: {}", self.coordinator);
        }
        let _ = writeln!(s, "{}\n", self.headline());
        let rows: Vec<[String; 8]> = self
            .agents
            .iter()
            .map(|a| {
                [
                    a.name.clone(),
                    a.day.to_string(),
                    a.state.label().to_string(),
                    a.scores
                        .iter()
                        .map(|x| score(*x))
                        .collect::<Vec<_>>()
                        .join(" "),
                    format!("{}%", a.pass_rate),
                    step_text(a),
                    a.missing_self_reports.len().to_string(),
                    or_dash(a.what_would_change_it()),
                ]
            })
            .collect();
        let head = [
            "agent",
            "day",
            "state",
            "scores",
            "rate",
            "escalation",
            "missing",
            "what would change it",
        ];
        let mut w = head.map(|h| h.chars().count());
        for r in &rows {
            for (wi, c) in w.iter_mut().zip(r) {
                *wi = (*wi).max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut l = String::new();
            for (i, (c, wi)) in cells.iter().zip(w).enumerate() {
                if i > 0 {
                    l.push_str("  ");
                }
                let _ = write!(l, "{c:<wi$}");
            }
            l.trim_end().to_string()
        };
        let _ = writeln!(s, "{}", line(&head.map(String::from)));
        for r in &rows {
            let _ = writeln!(s, "{}", line(r));
        }
        s.push_str(&self.sections(false));
        let _ = writeln!(s, "policy: {}", self.policy);
        s
    }

    fn sections(&self, markdown: bool) -> String {
        let mut s = String::new();
        let (h, item) = if markdown {
            ("\n## ", "- ")
        } else {
            ("\n", "  - ")
        };
        let _ = writeln!(
            s,
            "{h}Open equipment issues{}",
            if markdown { "\n" } else { ":" }
        );
        let open: Vec<&AgentReport> = self
            .agents
            .iter()
            .filter(|a| a.equipment_issue_since.is_some())
            .collect();
        if open.is_empty() {
            let _ = writeln!(s, "{item}none");
        }
        for a in open {
            let since = a
                .equipment_issue_since
                .map(|d| d.to_string())
                .unwrap_or_default();
            let _ = writeln!(s, "{item}{} (since {since})", md(&a.name, markdown));
        }
        let _ = writeln!(s, "{h}Escalation{}", if markdown { "\n" } else { ":" });
        let mut any = false;
        for a in &self.agents {
            if a.current_step.is_some()
                || a.next_step.is_some()
                || a.step_before_completion.is_some()
            {
                any = true;
                let _ = writeln!(s, "{item}{}: {}", md(&a.name, markdown), step_text(a));
            }
        }
        if !any {
            let _ = writeln!(s, "{item}none");
        }
        let _ = writeln!(
            s,
            "{h}Missing self-reports{}",
            if markdown { "\n" } else { ":" }
        );
        let mut any = false;
        for a in &self.agents {
            if !a.missing_self_reports.is_empty() {
                any = true;
                let days: Vec<String> = a
                    .missing_self_reports
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let _ = writeln!(s, "{item}{}: {}", md(&a.name, markdown), days.join(", "));
            }
        }
        if !any {
            let _ = writeln!(s, "{item}none");
        }
        s.push('\n');
        s
    }

    /// The report in `format` ([`to_text`](Report::to_text),
    /// [`to_markdown`](Report::to_markdown) or [`to_csv`](Report::to_csv)).
    ///
    /// # Errors
    ///
    /// As [`to_csv`](Report::to_csv) for CSV; the text formats cannot fail.
    pub fn render(&self, format: ReportFormat) -> Result<String> {
        Ok(match format {
            ReportFormat::Text => self.to_text(),
            ReportFormat::Markdown => self.to_markdown(),
            ReportFormat::Csv => self.to_csv()?,
        })
    }

    /// The report as Markdown: a table and lists.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "# End-of-day call cert report, {}\n\n",
            self.as_of.strftime("%a %Y-%m-%d")
        );
        if !self.coordinator.is_empty() {
            let _ = writeln!(s, "Coordinator: {}  ", md(&self.coordinator, true));
        }
        let _ = writeln!(s, "Calendar: {}  \n{}\n", self.calendar, self.headline());
        s.push_str("| Agent | Day | State | Scores | Pass rate | Escalation | Missing reports | What would change it |\n");
        s.push_str("|---|---:|---|---|---:|---|---:|---|\n");
        for a in &self.agents {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {}% | {} | {} | {} |",
                md(&a.name, true),
                a.day,
                a.state.label(),
                a.scores
                    .iter()
                    .map(|x| score(*x))
                    .collect::<Vec<_>>()
                    .join(" "),
                a.pass_rate,
                step_text(a),
                a.missing_self_reports.len(),
                md(&or_dash(a.what_would_change_it()), true)
            );
        }
        s.push_str(&self.sections(true));
        let _ = writeln!(s, "Policy: {}", self.policy);
        s
    }
}

fn md(text: &str, markdown: bool) -> Cow<'_, str> {
    if markdown && text.contains(['|', '*', '_', '`', '<', '[']) {
        let mut s = String::with_capacity(text.len() + 4);
        for c in text.chars() {
            if matches!(c, '|' | '*' | '_' | '`' | '<' | '[' | ']' | '\\') {
                s.push('\\');
            }
            s.push(c);
        }
        Cow::Owned(s)
    } else {
        Cow::Borrowed(text)
    }
}
