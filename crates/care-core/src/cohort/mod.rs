//! The certification cohort's day: who is paired with which certifier, the agents' progress
//! notes, the coordinator's end-of-day report, a forecast of when everyone finishes, and the
//! import of the tracker spreadsheet.
//!
//! A [`Cohort`] is agents (start date, equipment issues, day-1 training and role plays, TBT
//! progress, certification call scores, self-reported progress notes, excused days), about
//! ten [`Certifier`]s and one coordinator. The rules that are numbers or choices live in a
//! [`CohortPolicy`] (with the [`CertPolicy`] and [`EscalationPolicy`] it builds on):
//!
//! - a certifier serves at most [`CohortPolicy::sessions_per_certifier`] agents a day:
//!   the certifier's hours a day divided by the hours a session may take (8 / 4 = 2 with
//!   the defaults), derived, never written down as a number in the logic;
//! - pairing takes ready agents (no open equipment issue, day 1 and the role plays done,
//!   certification not finished) in the order of [`PairingOrder`] ([`pairing`]);
//! - progress notes read `Date - Name - Note` and round-trip exactly ([`notes`]);
//! - the end-of-day report lists state, scores, pass rate, next escalation step, missing
//!   self-reports and open equipment issues, as text, Markdown, JSON or CSV ([`report`](report()));
//! - [`forecast`](forecast()) says when N agents with M certifiers finish and who reaches which step;
//! - [`tracker`] imports the tracker CSV, naming the line and column of every problem.
//!
//! ```
//! use care_core::cohort::{Cohort, CohortPolicy, report::report};
//! use care_core::Calendar;
//!
//! let cohort = Cohort::sample();
//! let calendar = Calendar::us_federal("America/New_York").unwrap();
//! let day = jiff::civil::date(2026, 7, 10);
//! let r = report(&cohort, day, &calendar, &CohortPolicy::default()).unwrap();
//! assert_eq!(r.agents.len(), cohort.agents.len());
//! ```

pub mod email;
pub mod forecast;
pub mod notes;
pub mod pairing;
pub mod report;
pub mod source;
pub mod tracker;

pub use forecast::{forecast, Forecast};
pub use notes::{parse_notes, ProgressNote};
pub use pairing::{pair, Pairing};
pub use report::{report, AgentState, Report, ReportFormat};
pub use source::{read_notes, read_tracker, TrackerFormat, TrackerOptions};
pub use tracker::{import_tracker, import_tracker_as_of};

use crate::calendar::Calendar;
use crate::certification::{
    evaluate, Call, CertPolicy, Evaluation, PreparedCertPolicy, Session, Standing,
};
use crate::error::{Error, Problem, Result};
use crate::escalation::{EscalationPolicy, Excused};
use crate::explain::PolicyRef;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The default id of the cohort policy.
pub const POLICY_ID: &str = "care.cohort";

/// The longest agent or certifier name, in characters.
pub const MAX_NAME_CHARS: usize = crate::certification::MAX_AGENT_NAME_CHARS;

/// The most agents a cohort (or a forecast) may have.
pub const MAX_AGENTS: usize = 1_000_000;

const SAMPLE_TRACKER: &str = include_str!("../../data/sample-cohort.csv");
const SAMPLE_STAFF: &str = include_str!("../../data/sample-certifiers.toml");

/// The order in which ready agents get a certifier when there are not enough for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PairingOrder {
    /// Closest to an escalation step first: the highest post-training day (excused days do
    /// not count), then the earliest start, then the name. The default: it pairs first the
    /// agent whose coaching or CAP is nearest.
    EscalationFirst,
    /// The earliest start first, then the name.
    LongestWaiting,
    /// By name only.
    Name,
}

/// The cohort's rules. Every field has the documents' value (or the decision page's) as its
/// default, so a TOML or JSON file only names what it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CohortPolicy {
    /// The policy's id; default `care.cohort`.
    pub id: String,
    /// The policy's version; default `1`.
    pub version: String,
    /// The hours a certifier spends on sessions in a day; default 8. With the escalation
    /// policy's session budget of 4 hours, a certifier serves two agents a day.
    pub certifier_hours_per_day: f64,
    /// The order of ready agents when certifiers run short.
    pub pairing_order: PairingOrder,
    /// The post-training day that starts with role plays; default 2.
    pub role_play_day: u32,
    /// The part of that day the role plays take; default 0.5 (the first half), so on that
    /// day a certifier has half the hours for sessions.
    pub role_play_day_fraction: f64,
    /// Whether a business day with an open equipment issue is excused (does not count for
    /// escalation); default yes, per the decision page.
    pub excuse_equipment_days: bool,
    /// The certification rules (calls, pass mark, passes needed).
    pub cert: CertPolicy,
    /// The escalation ladder and the time budgets (the session budget of 4 hours).
    pub escalation: EscalationPolicy,
    /// Who the end-of-day report goes to (the Ops Leadership distribution list): the `To`
    /// of the email draft ([`email`]). Default a placeholder,
    /// `ops-leadership@example.invalid`; set the real list in the policy file.
    pub distribution_list: Vec<String>,
}

impl Default for CohortPolicy {
    fn default() -> CohortPolicy {
        CohortPolicy {
            id: POLICY_ID.to_string(),
            version: "1".to_string(),
            certifier_hours_per_day: 8.0,
            pairing_order: PairingOrder::EscalationFirst,
            role_play_day: 2,
            role_play_day_fraction: 0.5,
            excuse_equipment_days: true,
            cert: CertPolicy::default(),
            escalation: EscalationPolicy::default(),
            distribution_list: vec![DEFAULT_DISTRIBUTION_LIST.to_string()],
        }
    }
}

/// The placeholder distribution list of the default policy.
pub const DEFAULT_DISTRIBUTION_LIST: &str = "ops-leadership@example.invalid";

crate::policy::loadable!(
    CohortPolicy,
    "a cohort policy (fields left out keep the documents' values)"
);

impl CohortPolicy {
    /// Checks the policy (with its certification and escalation parts); the error lists
    /// every problem.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(Problem::new("id", "is empty"));
        }
        if self.version.trim().is_empty() {
            problems.push(Problem::new("version", "is empty"));
        }
        let h = self.certifier_hours_per_day;
        if !(h.is_finite() && h > 0.0 && h <= 24.0) {
            problems.push(Problem::new(
                "certifier_hours_per_day",
                format!("{h} is not a number of hours above 0 and at most 24"),
            ));
        } else if self.sessions_per_certifier() == 0 {
            problems.push(Problem::new(
                "certifier_hours_per_day",
                format!(
                    "{h} hours hold no session of {} hours; give at least the session budget",
                    self.escalation.budgets.cert_session_hours
                ),
            ));
        }
        if self.role_play_day == 0 {
            problems.push(Problem::new("role_play_day", "must be 1 or later"));
        }
        let f = self.role_play_day_fraction;
        if !(0.0..=1.0).contains(&f) {
            problems.push(Problem::new(
                "role_play_day_fraction",
                format!("{f} is outside 0 to 1"),
            ));
        }
        for (i, address) in self.distribution_list.iter().enumerate() {
            if let Err(m) = email::check_address(address) {
                problems.push(Problem::new(format!("distribution_list[{i}]"), m));
            }
        }
        for (prefix, result) in [
            ("cert", self.cert.validate()),
            ("escalation", self.escalation.validate()),
        ] {
            if let Err(Error::InvalidPolicy { problems: ps, .. }) = result {
                problems.extend(
                    ps.into_iter()
                        .map(|p| Problem::new(format!("{prefix}.{}", p.place), p.message)),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: crate::suggest::clip(&self.id),
                problems,
            })
        }
    }

    /// The id and version of this policy, for outcomes.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// The most sessions a certifier takes in a full day: the certifier's hours a day
    /// divided by the session budget, rounded down (8 / 4 = 2 with the defaults).
    pub fn sessions_per_certifier(&self) -> u32 {
        self.sessions_in(self.certifier_hours_per_day)
    }

    /// The sessions a certifier takes on the role-play day: the hours left after the role
    /// plays divided by the session budget, rounded down (4 / 4 = 1 with the defaults).
    pub fn sessions_on_role_play_day(&self) -> u32 {
        let left = self.certifier_hours_per_day * (1.0 - self.role_play_day_fraction);
        self.sessions_in(left)
    }

    fn sessions_in(&self, hours: f64) -> u32 {
        let session = self.escalation.budgets.cert_session_hours;
        if !(session.is_finite() && session > 0.0 && hours.is_finite() && hours > 0.0) {
            return 0;
        }
        // A tiny tolerance so that 8 / (8 / 3) is 3, not 2.9999.
        let n = (hours / session + 1e-9).floor();
        if n >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            n as u32
        }
    }
}

/// An equipment or IT issue of an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EquipmentIssue {
    /// The day it was reported.
    pub opened: Date,
    /// The day it was resolved, if it was (the agent can work that day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Date>,
}

impl EquipmentIssue {
    /// Whether the issue is open on `date`: opened on or before it, not closed by then.
    pub fn open_on(&self, date: Date) -> bool {
        self.opened <= date && self.closed.is_none_or(|c| c > date)
    }
}

/// One agent of the cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// The agent's name, `"Ana Rivera"` or `"Rivera, Ana"`.
    pub name: String,
    /// The first day after training (post-training day 1 is the first business day on or
    /// after it).
    pub start: Date,
    /// Equipment and IT issues, open or closed.
    #[serde(default)]
    pub equipment_issues: Vec<EquipmentIssue>,
    /// Whether day-1 training (systems and scripting) is done.
    #[serde(default)]
    pub day1_done: bool,
    /// Whether the role plays and call shadowing are done.
    #[serde(default)]
    pub role_plays_done: bool,
    /// Hours spent on TBTs so far (the budget is the escalation policy's TBT hours).
    #[serde(default)]
    pub tbt_hours: f64,
    /// Whether the TBTs are complete.
    #[serde(default)]
    pub tbt_done: bool,
    /// The certification call scores in call order (`null` for a call not taken yet).
    #[serde(default)]
    pub scores: Vec<Option<f64>>,
    /// The certifier the agent works with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifier: Option<String>,
    /// The day certs and TBTs were complete, if they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// Excused business days (approved absence, an issue the coordinator excused).
    #[serde(default)]
    pub excused: Vec<Excused>,
    /// The agent's self-reported progress notes.
    #[serde(default)]
    pub notes: Vec<ProgressNote>,
}

impl Agent {
    /// A new agent starting on `start` with nothing done yet.
    pub fn new(name: impl Into<String>, start: Date) -> Agent {
        Agent {
            name: name.into(),
            start,
            equipment_issues: Vec::new(),
            day1_done: false,
            role_plays_done: false,
            tbt_hours: 0.0,
            tbt_done: false,
            scores: Vec::new(),
            certifier: None,
            completed_on: None,
            excused: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The agent's calls as a certification [`Session`]. The coached call with no score
    /// counts as taken (scored automatically) once any later call has a score.
    pub fn session(&self, policy: &CertPolicy) -> Session {
        let any = self.scores.iter().any(Option::is_some);
        let calls = self
            .scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let number = u8::try_from(i + 1).unwrap_or(u8::MAX);
                match s {
                    Some(score) => Some(Call::scored(number, *score)),
                    None if any && policy.coached_call != 0 && number == policy.coached_call => {
                        Some(Call {
                            score: None,
                            ..Call::scored(number, 0.0)
                        })
                    }
                    None => None,
                }
            })
            .collect();
        Session {
            agent: self.name.clone(),
            calls,
        }
    }

    /// Where the agent's certification stands, in numbers only: the same status, counts and
    /// pass rate as [`Agent::evaluation`], without a session, a file stem or sentences (the
    /// coached call with no score counts as scored automatically once a later call has one,
    /// as in [`Agent::session`]).
    pub fn standing(&self, policy: &PreparedCertPolicy) -> Result<Standing> {
        let p = policy.policy();
        let calls = self
            .scores
            .len()
            .min(usize::from(crate::certification::MAX_CALLS));
        if self.scores.len() > usize::from(p.calls) {
            return Err(Error::invalid_input(format!(
                "the session has {} calls; the policy has {}",
                self.scores.len(),
                p.calls
            )));
        }
        let any = self.scores.iter().any(Option::is_some);
        let mut row = [f64::NAN; crate::certification::MAX_CALLS as usize];
        for (i, (slot, score)) in row.iter_mut().zip(&self.scores).take(calls).enumerate() {
            *slot = match score {
                Some(s) => *s,
                None if any && p.coached_call != 0 && i + 1 == usize::from(p.coached_call) => {
                    p.coached_score
                }
                None => f64::NAN,
            };
        }
        policy.standing(&row[..calls])
    }

    /// The agent's certification so far.
    pub fn evaluation(&self, policy: &CertPolicy) -> Result<Evaluation> {
        evaluate(&self.session(policy), policy)
    }

    /// The equipment issue open on `date`, if any.
    pub fn open_issue_on(&self, date: Date) -> Option<&EquipmentIssue> {
        self.equipment_issues.iter().find(|i| i.open_on(date))
    }

    /// The excused business days on or before `through`: the recorded ones, and (when the
    /// policy says so) every business day with an open equipment issue. Sorted by date, one
    /// per date (a recorded reason wins).
    pub fn excused_days(
        &self,
        through: Date,
        calendar: &Calendar,
        policy: &CohortPolicy,
    ) -> Result<Vec<Excused>> {
        let mut out: Vec<Excused> = self
            .excused
            .iter()
            .filter(|e| e.date <= through)
            .cloned()
            .collect();
        if policy.excuse_equipment_days {
            for issue in &self.equipment_issues {
                let mut d = calendar.roll_forward(issue.opened.max(self.start))?;
                while d <= through && issue.open_on(d) {
                    out.push(Excused::new(
                        d,
                        format!("equipment issue open since {}", issue.opened),
                    ));
                    d = calendar.next_business_day(d)?;
                }
            }
        }
        // A stable sort keeps the recorded reason first on a date that has both.
        out.sort_by_key(|e| e.date);
        out.dedup_by_key(|e| e.date);
        Ok(out)
    }
}

/// A certifier: plays the customer on the certification calls and grades them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Certifier {
    /// The certifier's name.
    pub name: String,
    /// Days the certifier is not available.
    #[serde(default)]
    pub off: Vec<Date>,
}

impl Certifier {
    /// A certifier available every business day.
    pub fn new(name: impl Into<String>) -> Certifier {
        Certifier {
            name: name.into(),
            off: Vec::new(),
        }
    }
}

/// The coordinator and the certifiers, as a staff file says (TOML or JSON):
///
/// ```toml
/// coordinator = "Dana Whitfield"
/// [[certifiers]]
/// name = "Omar Haddad"
/// off = ["2026-07-09"]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Staff {
    /// The cert coordinator.
    pub coordinator: String,
    /// The certifiers, in the order ties are broken.
    pub certifiers: Vec<Certifier>,
}

crate::policy::loadable!(Staff, "a staff file (the coordinator and the certifiers)");

impl Staff {
    /// The sample staff: a coordinator and ten certifiers with made-up names.
    pub fn sample() -> Staff {
        Staff::from_toml(SAMPLE_STAFF).unwrap_or_default()
    }

    /// Checks the certifiers' names: non-empty, not too long, unique.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen = Vec::new();
        for (i, c) in self.certifiers.iter().enumerate() {
            let place = format!("certifiers[{i}].name");
            if let Err(m) = check_name(&c.name) {
                problems.push(Problem::new(place, m));
            } else {
                let key = crate::suggest::normalize(&c.name);
                if seen.contains(&key) {
                    problems.push(Problem::new(place, format!("duplicate name {:?}", c.name)));
                } else {
                    seen.push(key);
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidInput {
                message: format!(
                    "invalid staff: {}",
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            })
        }
    }
}

/// Checks a person's name: not empty, one line, at most [`MAX_NAME_CHARS`] characters.
pub(crate) fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.trim().is_empty() {
        return Err("the name is empty".into());
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "the name {:?} holds a control character",
            crate::suggest::clip(name)
        ));
    }
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(format!(
            "the name has {n} characters; at most {MAX_NAME_CHARS} are allowed"
        ));
    }
    Ok(())
}

/// A certification cohort: its agents, certifiers and coordinator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// The cert coordinator.
    #[serde(default)]
    pub coordinator: String,
    /// The certifiers, in the order ties are broken.
    #[serde(default)]
    pub certifiers: Vec<Certifier>,
    /// The agents, in tracker order.
    #[serde(default)]
    pub agents: Vec<Agent>,
}

impl Cohort {
    /// The sample cohort: the embedded `data/sample-cohort.csv` tracker (eleven agents with
    /// made-up names starting from 2026-06-29 to 2026-07-08) and `data/sample-certifiers.toml`
    /// (a coordinator and ten certifiers).
    pub fn sample() -> Cohort {
        // Both files are checked by tests; should they ever fail, an empty cohort is better
        // than a panic.
        let mut cohort =
            import_tracker(SAMPLE_TRACKER, &CohortPolicy::default()).unwrap_or_default();
        let staff = Staff::sample();
        cohort.coordinator = staff.coordinator;
        cohort.certifiers = staff.certifiers;
        cohort
    }

    /// The sample cohort as it stood at the end of `as_of`: [`Cohort::sample`] from only the
    /// tracker rows dated on or before `as_of` ([`import_tracker_as_of`]).
    pub fn sample_as_of(as_of: Date) -> Cohort {
        let mut cohort = import_tracker_as_of(SAMPLE_TRACKER, as_of, &CohortPolicy::default())
            .unwrap_or_default();
        let staff = Staff::sample();
        cohort.coordinator = staff.coordinator;
        cohort.certifiers = staff.certifiers;
        cohort
    }

    /// The sample tracker CSV as text.
    pub fn sample_tracker() -> &'static str {
        SAMPLE_TRACKER
    }

    /// This cohort with `staff`'s coordinator and certifiers.
    pub fn with_staff(mut self, staff: Staff) -> Cohort {
        self.coordinator = staff.coordinator;
        self.certifiers = staff.certifiers;
        self
    }

    /// This cohort with these certifiers and, when given, this coordinator (else its own).
    pub fn with_certifiers(
        mut self,
        certifiers: Vec<Certifier>,
        coordinator: Option<String>,
    ) -> Cohort {
        self.certifiers = certifiers;
        self.coordinator = coordinator.unwrap_or(self.coordinator);
        self
    }

    /// The agents' names, in tracker order.
    pub fn agent_names(&self) -> impl Iterator<Item = &str> {
        self.agents.iter().map(|a| a.name.as_str())
    }

    /// The agent named `name` (forgiving of case and punctuation); an unknown name suggests
    /// the closest.
    pub fn agent(&self, name: &str) -> Result<&Agent> {
        let key = crate::suggest::normalize(name);
        self.agents
            .iter()
            .find(|a| crate::suggest::normalize(&a.name) == key)
            .ok_or_else(|| Error::unknown_name("agent", name, self.agent_names()))
    }

    /// Adds progress notes (e.g. from the agents' emails) to the agents they name. A note
    /// naming no agent is an error that suggests the closest name; nothing is added then.
    pub fn add_notes(&mut self, notes: Vec<ProgressNote>) -> Result<()> {
        // Agents by normalised name, once: not a search of the cohort per note.
        let by_name: std::collections::HashMap<String, usize> = self
            .agents
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| (crate::suggest::normalize(&a.name), i))
            .collect();
        let mut places = Vec::with_capacity(notes.len());
        for n in &notes {
            let key = crate::suggest::normalize(n.name());
            let i = by_name
                .get(&key)
                .copied()
                .ok_or_else(|| Error::unknown_name("agent", n.name(), self.agent_names()))?;
            places.push(i);
        }
        for (i, n) in places.into_iter().zip(notes) {
            if let Some(a) = self.agents.get_mut(i) {
                a.notes.push(n);
            }
        }
        Ok(())
    }

    /// Checks names (non-empty, unique), scores (count), equipment issues (closed after
    /// opened) and TBT hours; the error names the agent or certifier.
    pub fn validate(&self, policy: &CohortPolicy) -> Result<()> {
        Staff {
            coordinator: self.coordinator.clone(),
            certifiers: self.certifiers.clone(),
        }
        .validate()?;
        if self.agents.len() > MAX_AGENTS {
            return Err(Error::TooLarge {
                what: "cohort",
                limit: MAX_AGENTS,
                actual: self.agents.len(),
            });
        }
        // Names by the hash of their normalised form (8 bytes an agent, one buffer for the
        // text): a hash seen before is compared in full, so a collision is never a duplicate.
        let mut seen: std::collections::HashMap<u64, usize> =
            std::collections::HashMap::with_capacity(self.agents.len());
        let mut collided: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut key = String::new();
        for (i, a) in self.agents.iter().enumerate() {
            check_name(&a.name)
                .map_err(|m| Error::invalid_input(format!("agents[{i}].name: {m}")))?;
            key.clear();
            crate::suggest::push_normalized(&mut key, &a.name);
            let hash = {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                key.hash(&mut h);
                h.finish()
            };
            let duplicate = match seen.get(&hash) {
                None => {
                    seen.insert(hash, i);
                    false
                }
                Some(&first) => {
                    let same = self
                        .agents
                        .get(first)
                        .is_some_and(|f| crate::suggest::normalize(&f.name) == key);
                    same || !collided.insert(key.clone())
                }
            };
            if duplicate {
                return Err(Error::invalid_input(format!(
                    "agents[{i}].name: duplicate agent {:?}",
                    a.name
                )));
            }
            if a.scores.len() > usize::from(policy.cert.calls) {
                return Err(Error::invalid_input(format!(
                    "agent {:?} has {} scores; a session has {} calls",
                    a.name,
                    a.scores.len(),
                    policy.cert.calls
                )));
            }
            if !(a.tbt_hours.is_finite() && a.tbt_hours >= 0.0) {
                return Err(Error::invalid_input(format!(
                    "agent {:?}: TBT hours {} is not a number of hours of 0 or more",
                    a.name, a.tbt_hours
                )));
            }
            for issue in &a.equipment_issues {
                if let Some(c) = issue.closed {
                    if c < issue.opened {
                        return Err(Error::invalid_input(format!(
                            "agent {:?}: an equipment issue closed on {c}, before it opened on {}",
                            a.name, issue.opened
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
