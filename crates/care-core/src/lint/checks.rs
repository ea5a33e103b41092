//! The typed checks of each policy kind (the catalog's are in `catalog.rs`).

use super::{add_problems, FileKind, Finding, Severity};
use crate::calendar::{CalendarSpec, BUILTIN_NAMES, FIRST_SUPPORTED, LAST_SUPPORTED};
use crate::certification::{CertPolicy, MAX_CALLS};
use crate::cohort::CohortPolicy;
use crate::escalation::{EscalationPolicy, MAX_STEPS};
use crate::scorecard::Scorecard;
use crate::Error;

/// Collects findings of one kind under a field prefix (`cert.` inside a cohort policy).
struct Out<'a> {
    kind: FileKind,
    prefix: &'a str,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn push(
        &mut self,
        severity: Severity,
        field: &str,
        rule: &str,
        message: String,
        suggestion: String,
    ) {
        self.findings.push(Finding::new(
            severity,
            self.kind,
            format!("{}{field}", self.prefix),
            rule,
            message,
            suggestion,
        ));
    }
    fn error(&mut self, field: &str, rule: &str, message: String, suggestion: String) {
        self.push(Severity::Error, field, rule, message, suggestion);
    }
    fn warning(&mut self, field: &str, rule: &str, message: String, suggestion: String) {
        self.push(Severity::Warning, field, rule, message, suggestion);
    }
    fn info(&mut self, field: &str, rule: &str, message: String, suggestion: String) {
        self.push(Severity::Info, field, rule, message, suggestion);
    }
    fn empty_text(&mut self, field: &str, value: &str, rule: &str) {
        if value.trim().is_empty() {
            self.error(
                field,
                rule,
                format!("{field} is empty"),
                format!("give the {field}, e.g. the built-in's"),
            );
        }
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// Lints a certification policy: more passes needed than calls, a coached call outside the
/// session, marks outside 0 to 100, an audit mark under the pass mark, a coached call that
/// scores below the pass mark, a call mix that does not add up; and everything
/// [`CertPolicy::validate`] refuses.
pub fn lint_cert_policy(p: &CertPolicy) -> Vec<Finding> {
    let mut out = Out {
        kind: FileKind::CertPolicy,
        prefix: "",
        findings: Vec::new(),
    };
    cert(&mut out, p);
    let mut findings = out.findings;
    add_problems(
        &mut findings,
        FileKind::CertPolicy,
        "lint.cert.invalid",
        "",
        p.validate(),
    );
    findings
}

fn cert(out: &mut Out<'_>, p: &CertPolicy) {
    let d = CertPolicy::default();
    out.empty_text("id", &p.id, "lint.cert.id");
    out.empty_text("version", &p.version, "lint.cert.version");
    let calls_ok = (1..=MAX_CALLS).contains(&p.calls);
    if !calls_ok {
        out.error(
            "calls",
            "lint.cert.calls",
            format!("{} calls: a session has 1 to {MAX_CALLS} calls", p.calls),
            format!("set calls to 1 to {MAX_CALLS} (the documents: {})", d.calls),
        );
    }
    let mix = u16::from(p.pdp_calls) + u16::from(p.mapd_calls);
    if calls_ok && mix != u16::from(p.calls) {
        // Name the field that was changed from the documents' value.
        let field =
            if p.calls != d.calls && p.pdp_calls == d.pdp_calls && p.mapd_calls == d.mapd_calls {
                "calls"
            } else if p.mapd_calls != d.mapd_calls && p.pdp_calls == d.pdp_calls {
                "mapd_calls"
            } else {
                "pdp_calls"
            };
        out.error(
            field,
            "lint.cert.call_mix",
            format!(
                "{} PDP + {} MAPD calls make {mix}, not the {} calls of a session",
                p.pdp_calls, p.mapd_calls, p.calls
            ),
            "make pdp_calls + mapd_calls equal calls".to_string(),
        );
    }
    if p.passes_needed == 0 {
        out.error(
            "passes_needed",
            "lint.cert.passes_needed",
            "0 passes needed: every agent would certify without passing a call".to_string(),
            format!(
                "set passes_needed to 1 to {} (the documents: {})",
                p.calls, d.passes_needed
            ),
        );
    } else if p.passes_needed > p.calls {
        out.error(
            "passes_needed",
            "lint.cert.passes_needed",
            format!(
                "{} passes are needed but a session has {} calls: no agent can certify",
                p.passes_needed, p.calls
            ),
            format!("lower passes_needed to at most {}, or add calls", p.calls),
        );
    }
    let coached = p.coached_call != 0 && p.coached_call <= p.calls;
    if p.coached_call > p.calls && calls_ok {
        out.error(
            "coached_call",
            "lint.cert.coached_call",
            format!(
                "call {} is the coached call, but a session has {} calls",
                p.coached_call, p.calls
            ),
            format!(
                "set coached_call to 1 to {}, or 0 for no coached call",
                p.calls
            ),
        );
    }
    for (field, value, what) in [
        ("coached_score", p.coached_score, "the coached call's score"),
        ("pass_mark", p.pass_mark, "the pass mark"),
        (
            "qa_audit_pass_mark",
            p.qa_audit_pass_mark,
            "the QA audit's pass mark",
        ),
    ] {
        if !(0.0..=100.0).contains(&value) {
            let default = match field {
                "coached_score" => d.coached_score,
                "pass_mark" => d.pass_mark,
                _ => d.qa_audit_pass_mark,
            };
            out.error(
                field,
                &format!("lint.cert.{field}"),
                format!("{what} is {}, outside the scores 0 to 100", fmt_num(value)),
                format!(
                    "set {field} to a score from 0 to 100 (the documents: {})",
                    fmt_num(default)
                ),
            );
        }
    }
    let marks_ok = (0.0..=100.0).contains(&p.pass_mark);
    if marks_ok && p.pass_mark == 0.0 {
        out.warning(
            "pass_mark",
            "lint.cert.pass_mark",
            "a pass mark of 0 passes every call".to_string(),
            format!(
                "set pass_mark to the lowest passing score (the documents: {})",
                fmt_num(d.pass_mark)
            ),
        );
    }
    if marks_ok
        && (0.0..=100.0).contains(&p.qa_audit_pass_mark)
        && p.qa_audit_pass_mark < p.pass_mark
    {
        out.warning(
            "qa_audit_pass_mark",
            "lint.cert.qa_audit_pass_mark",
            format!(
                "the QA audit's pass mark {} is under the call pass mark {}: the audit after \
                 training asks less than certification did",
                fmt_num(p.qa_audit_pass_mark),
                fmt_num(p.pass_mark)
            ),
            format!(
                "raise qa_audit_pass_mark to at least {} (the documents: {})",
                fmt_num(p.pass_mark),
                fmt_num(d.qa_audit_pass_mark)
            ),
        );
    }
    if coached
        && marks_ok
        && (0.0..=100.0).contains(&p.coached_score)
        && p.coached_score < p.pass_mark
    {
        out.warning(
            "coached_score",
            "lint.cert.coached_score",
            format!(
                "the coached call scores {} automatically, under the pass mark {}: it always fails",
                fmt_num(p.coached_score),
                fmt_num(p.pass_mark)
            ),
            format!(
                "set coached_score to at least the pass mark (the documents: {})",
                fmt_num(d.coached_score)
            ),
        );
        if p.passes_needed == p.calls && calls_ok {
            out.error(
                "passes_needed",
                "lint.cert.passes_needed",
                format!(
                    "{} passes are needed of {} calls, but the coached call always fails: no \
                     agent can certify",
                    p.passes_needed, p.calls
                ),
                format!(
                    "lower passes_needed to at most {}",
                    p.calls.saturating_sub(1)
                ),
            );
        }
    }
    if calls_ok && p.passes_needed > 0 && u16::from(p.passes_needed) * 2 <= u16::from(p.calls) {
        out.info(
            "passes_needed",
            "lint.cert.passes_needed",
            format!(
                "{} passes of {} calls certify: half the calls or fewer",
                p.passes_needed, p.calls
            ),
            format!(
                "check that {} passes are meant (the documents: {} of {})",
                p.passes_needed, d.passes_needed, d.calls
            ),
        );
    }
}

/// Lints an escalation policy: steps out of order or due before the expected completion,
/// duplicate or empty step ids, budgets out of range or longer than the days they fit in, an
/// empty ladder; and everything [`EscalationPolicy::validate`] refuses.
pub fn lint_escalation_policy(p: &EscalationPolicy) -> Vec<Finding> {
    let mut out = Out {
        kind: FileKind::EscalationPolicy,
        prefix: "",
        findings: Vec::new(),
    };
    escalation(&mut out, p);
    let mut findings = out.findings;
    add_problems(
        &mut findings,
        FileKind::EscalationPolicy,
        "lint.escalation.invalid",
        "",
        p.validate(),
    );
    findings
}

fn escalation(out: &mut Out<'_>, p: &EscalationPolicy) {
    out.empty_text("id", &p.id, "lint.escalation.id");
    out.empty_text("version", &p.version, "lint.escalation.version");
    let b = &p.budgets;
    let d = crate::escalation::Budgets::default();
    for (field, h, default) in [
        (
            "budgets.cert_session_hours",
            b.cert_session_hours,
            d.cert_session_hours,
        ),
        ("budgets.tbt_hours", b.tbt_hours, d.tbt_hours),
    ] {
        if !(h.is_finite() && h > 0.0 && h <= 8784.0) {
            out.error(
                field,
                "lint.escalation.budget",
                format!(
                    "{} is not a number of hours above 0 and at most 8784 (a year)",
                    fmt_num(h)
                ),
                format!(
                    "set {field} to the hours allowed (the documents: {})",
                    fmt_num(default)
                ),
            );
        } else if field == "budgets.cert_session_hours" && h > 24.0 {
            out.warning(
                field,
                "lint.escalation.budget",
                format!(
                    "a certification session of {} hours is longer than a day",
                    fmt_num(h)
                ),
                format!("check the hours (the documents: {})", fmt_num(default)),
            );
        }
    }
    let days = b.combined_business_days;
    if !(1..=10_000).contains(&days) {
        out.error(
            "budgets.combined_business_days",
            "lint.escalation.budget",
            format!("{days} business days is outside 1 to 10000"),
            format!(
                "set budgets.combined_business_days to the days certs and TBTs may take (the documents: {})",
                d.combined_business_days
            ),
        );
    } else if b.tbt_hours.is_finite() && b.tbt_hours > f64::from(days) * 24.0 {
        out.warning(
            "budgets.tbt_hours",
            "lint.escalation.budget",
            format!(
                "{} hours of TBTs do not fit in {days} business days",
                fmt_num(b.tbt_hours)
            ),
            "lower budgets.tbt_hours or raise budgets.combined_business_days".to_string(),
        );
    }
    if let Some(first) = p.steps.first() {
        if (1..=10_000).contains(&days) && first.day <= days {
            out.error(
                "budgets.combined_business_days",
                "lint.escalation.budget",
                format!(
                    "certs and TBTs may take until the end of day {days}, but the first step \
                     ({:?}) is due on day {}",
                    first.id, first.day
                ),
                format!(
                    "end the budget before day {} (the documents: {})",
                    first.day, d.combined_business_days
                ),
            );
        }
    }
    if p.steps.is_empty() {
        out.warning(
            "steps",
            "lint.escalation.steps",
            "the ladder has no steps: a late agent is never escalated".to_string(),
            "give the steps (the documents: coaching on day 4, written CAP 5, final CAP 6, termination review 7)".to_string(),
        );
    }
    if p.steps.len() > MAX_STEPS {
        out.error(
            "steps",
            "lint.escalation.steps",
            format!("{} steps is more than {MAX_STEPS}", p.steps.len()),
            format!("keep at most {MAX_STEPS} steps"),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut previous: Option<(u32, &str)> = None;
    for (i, s) in p.steps.iter().enumerate() {
        let place = format!("steps[{i}]");
        if s.id.trim().is_empty() {
            out.error(
                &format!("{place}.id"),
                "lint.escalation.step_id",
                "the step's id is empty".to_string(),
                "give a stable id, e.g. \"coaching\"".to_string(),
            );
        } else if seen.contains(&s.id.as_str()) {
            out.error(
                &format!("{place}.id"),
                "lint.escalation.step_id",
                format!("duplicate step id {:?}", s.id),
                "give each step its own id".to_string(),
            );
        } else {
            seen.push(&s.id);
        }
        if s.name.trim().is_empty() {
            out.error(
                &format!("{place}.name"),
                "lint.escalation.step_name",
                format!("step {:?} has no name", s.id),
                "name what is delivered, e.g. \"documented coaching\"".to_string(),
            );
        }
        let field = format!("{place}.day");
        if s.day > 10_000 {
            out.error(
                &field,
                "lint.escalation.step_day",
                format!("day {} is past day 10000", s.day),
                "give a post-training business day up to 10000".to_string(),
            );
        } else if (1..=10_000).contains(&days) && s.day <= days {
            out.error(
                &field,
                "lint.escalation.step_day",
                format!(
                    "step {:?} is due on day {}, not after the expected completion (the end of day {days})",
                    s.id, s.day
                ),
                format!("move it to day {} or later", days + 1),
            );
        }
        if let Some((day, id)) = previous {
            if s.day <= day {
                out.error(
                    &field,
                    "lint.escalation.order",
                    format!(
                        "step {:?} on day {} is out of order: it comes after {id:?} on day {day}",
                        s.id, s.day
                    ),
                    "list the steps in order of day, each on a later day than the one before"
                        .to_string(),
                );
            }
        }
        previous = Some((s.day, s.id.as_str()));
        if s.id == "termination-review" && i + 1 != p.steps.len() {
            out.warning(
                &format!("{place}.id"),
                "lint.escalation.order",
                "the termination review is not the last step".to_string(),
                "put the termination review last".to_string(),
            );
        }
    }
}

/// Lints a cohort policy: certifier hours that hold no session, a role-play day of 0 or after
/// the expected completion, a role-play fraction outside 0 to 1; its certification and
/// escalation parts as [`lint_cert_policy`] and [`lint_escalation_policy`] do (fields
/// prefixed `cert.` and `escalation.`); and everything [`CohortPolicy::validate`] refuses.
pub fn lint_cohort_policy(p: &CohortPolicy) -> Vec<Finding> {
    let mut out = Out {
        kind: FileKind::CohortPolicy,
        prefix: "",
        findings: Vec::new(),
    };
    out.empty_text("id", &p.id, "lint.cohort.id");
    out.empty_text("version", &p.version, "lint.cohort.version");
    let h = p.certifier_hours_per_day;
    let session = p.escalation.budgets.cert_session_hours;
    if !(h.is_finite() && h > 0.0 && h <= 24.0) {
        out.error(
            "certifier_hours_per_day",
            "lint.cohort.capacity",
            format!(
                "{} is not a number of hours above 0 and at most 24",
                fmt_num(h)
            ),
            "set certifier_hours_per_day to a working day's hours (the documents: 8)".to_string(),
        );
    } else if session.is_finite() && session > 0.0 && p.sessions_per_certifier() == 0 {
        out.error(
            "certifier_hours_per_day",
            "lint.cohort.capacity",
            format!(
                "{} hours hold no session of {} hours: no agent is ever paired",
                fmt_num(h),
                fmt_num(session)
            ),
            format!(
                "give at least {} hours (the session budget)",
                fmt_num(session)
            ),
        );
        out.error(
            "escalation.budgets.cert_session_hours",
            "lint.cohort.capacity",
            format!(
                "a session of {} hours is longer than a certifier's day of {} hours",
                fmt_num(session),
                fmt_num(h)
            ),
            "shorten the session budget (the documents: 4 hours)".to_string(),
        );
    }
    if p.role_play_day == 0 {
        out.error(
            "role_play_day",
            "lint.cohort.role_play_day",
            "role plays on day 0: post-training days start at 1".to_string(),
            "set role_play_day to 1 or later (the documents: 2)".to_string(),
        );
    } else if p.role_play_day > p.escalation.budgets.combined_business_days
        && p.escalation.budgets.combined_business_days > 0
    {
        out.warning(
            "role_play_day",
            "lint.cohort.role_play_day",
            format!(
                "role plays on day {}, after the expected completion (day {}): every agent starts late",
                p.role_play_day, p.escalation.budgets.combined_business_days
            ),
            "move role_play_day earlier (the documents: 2)".to_string(),
        );
    }
    let f = p.role_play_day_fraction;
    if !(0.0..=1.0).contains(&f) {
        out.error(
            "role_play_day_fraction",
            "lint.cohort.role_play_day",
            format!("{} is outside 0 to 1 (a part of the day)", fmt_num(f)),
            "set role_play_day_fraction to a part of the day, e.g. 0.5 (the documents: the first half)".to_string(),
        );
    } else if (h.is_finite() && h > 0.0 && h <= 24.0) && p.sessions_on_role_play_day() == 0 {
        out.info(
            "role_play_day_fraction",
            "lint.cohort.role_play_day",
            "the role plays leave no time for a session on the role-play day".to_string(),
            "lower role_play_day_fraction if sessions should start that day".to_string(),
        );
    }
    out.prefix = "cert.";
    cert(&mut out, &p.cert);
    out.prefix = "escalation.";
    escalation(&mut out, &p.escalation);
    let mut findings = out.findings;
    add_problems(
        &mut findings,
        FileKind::CohortPolicy,
        "lint.cohort.invalid",
        "",
        p.validate(),
    );
    findings
}

/// Lints a calendar spec: no working days, an unknown time zone or built-in calendar (with
/// the closest name), a working day listed twice, holidays outside the supported years
/// (ignored), on a day off (no effect) or listed twice.
pub fn lint_calendar(spec: &CalendarSpec) -> Vec<Finding> {
    let mut out = Out {
        kind: FileKind::Calendar,
        prefix: "",
        findings: Vec::new(),
    };
    if spec.weekdays.is_empty() {
        out.error(
            "weekdays",
            "lint.calendar.weekdays",
            "no working days: nothing is ever a business day".to_string(),
            "list the working days, e.g. [\"monday\", ..., \"friday\"] (the default)".to_string(),
        );
    }
    for (i, w) in spec.weekdays.iter().enumerate() {
        if spec.weekdays[..i].contains(w) {
            out.warning(
                &format!("weekdays[{i}]"),
                "lint.calendar.weekdays",
                format!("{w:?} is listed twice"),
                "remove the repeat".to_string(),
            );
        }
    }
    if let Err(e) = crate::calendar::time_zone(&spec.time_zone) {
        let suggestion = super::did_you_mean(&e.to_string())
            .map(|s| format!("use {s:?}"))
            .unwrap_or_else(|| "give an IANA time zone, e.g. \"America/New_York\"".to_string());
        out.error(
            "time_zone",
            "lint.calendar.time_zone",
            e.to_string(),
            suggestion,
        );
    }
    if let Some(b) = &spec.builtin {
        let known = BUILTIN_NAMES.contains(&b.trim().to_ascii_lowercase().as_str());
        if !known {
            let e = Error::unknown_name("holiday calendar", b, BUILTIN_NAMES);
            let suggestion = super::did_you_mean(&e.to_string())
                .map(|s| format!("use {s:?}"))
                .unwrap_or_else(|| format!("use one of {}", BUILTIN_NAMES.join(", ")));
            out.error(
                "builtin",
                "lint.calendar.builtin",
                e.to_string(),
                suggestion,
            );
        }
    }
    let federal = spec
        .builtin
        .as_deref()
        .is_some_and(|b| b.trim().eq_ignore_ascii_case("us-federal"));
    if federal && spec.time_zone.trim().eq_ignore_ascii_case("UTC") {
        out.info(
            "time_zone",
            "lint.calendar.time_zone",
            "US federal holidays in UTC: due times and budgets across daylight-saving changes are measured in the site's zone".to_string(),
            "give the site's zone, e.g. \"America/New_York\"".to_string(),
        );
    }
    for (i, h) in spec.holidays.iter().enumerate() {
        let field = format!("holidays[{i}]");
        if *h < FIRST_SUPPORTED || *h > LAST_SUPPORTED {
            out.warning(
                &field,
                "lint.calendar.holidays",
                format!("{h} is outside the supported {FIRST_SUPPORTED} to {LAST_SUPPORTED}: it is ignored"),
                "correct the year".to_string(),
            );
        } else if spec.holidays[..i].contains(h) {
            out.info(
                &field,
                "lint.calendar.holidays",
                format!("{h} is listed twice"),
                "remove the repeat".to_string(),
            );
        } else if !spec.weekdays.is_empty()
            && !spec.weekdays.iter().any(|w| w.to_jiff() == h.weekday())
        {
            out.info(
                &field,
                "lint.calendar.holidays",
                format!(
                    "{h} is a {:?}, not a working day: the holiday has no effect",
                    h.weekday()
                ),
                "check the date".to_string(),
            );
        }
    }
    out.findings
}

/// Lints a QA scorecard template: regular weights that do not add up to 100 (they are
/// re-weighted, so only their ratios count), critical items (they may be marked not
/// applicable, which skips them), bonus points over 100; and everything
/// [`Scorecard::validate`] refuses (no sections, empty sections, duplicate ids, weights not
/// above 0, items both critical and bonus, no regular item).
pub fn lint_scorecard(s: &Scorecard) -> Vec<Finding> {
    let mut out = Out {
        kind: FileKind::Scorecard,
        prefix: "",
        findings: Vec::new(),
    };
    out.empty_text("id", &s.id, "lint.scorecard.id");
    let mut total = 0.0;
    for (si, section) in s.sections.iter().enumerate() {
        for (ii, item) in section.items.iter().enumerate() {
            let place = format!("sections[{si}].items[{ii}]");
            if !(item.weight.is_finite() && item.weight > 0.0) {
                out.error(
                    &format!("{place}.weight"),
                    "lint.scorecard.weight",
                    format!(
                        "item {:?} weighs {}: a weight must be above 0",
                        item.id, item.weight
                    ),
                    "give a positive weight, or remove the item".to_string(),
                );
            } else if !item.bonus {
                total += item.weight;
            } else if item.weight > 100.0 {
                out.warning(
                    &format!("{place}.weight"),
                    "lint.scorecard.bonus",
                    format!(
                        "bonus item {:?} adds {} points, more than a whole score",
                        item.id, item.weight
                    ),
                    "give a bonus item a few points".to_string(),
                );
            }
            if item.critical && item.bonus {
                out.error(
                    &format!("{place}.critical"),
                    "lint.scorecard.critical",
                    format!("item {:?} is both critical and bonus", item.id),
                    "make it one or the other".to_string(),
                );
            } else if item.critical {
                out.info(
                    &format!("{place}.critical"),
                    "lint.scorecard.critical_na",
                    format!(
                        "critical item {:?} may be marked not applicable, which drops it without failing the call",
                        item.id
                    ),
                    "make sure certifiers mark a critical item yes or no whenever it can apply".to_string(),
                );
            }
        }
    }
    if total > 0.0 && (total - 100.0).abs() > 1e-9 {
        out.warning(
            "sections[*].items[*].weight",
            "lint.scorecard.total",
            format!(
                "the regular items' weights add up to {}, not the 100 points of a score: they are re-weighted, so only their ratios count",
                fmt_num((total * 100.0).round() / 100.0)
            ),
            "write the weights out of 100 so the form reads as it scores".to_string(),
        );
    }
    let mut findings = out.findings;
    add_problems(
        &mut findings,
        FileKind::Scorecard,
        "lint.scorecard.invalid",
        "",
        s.validate(),
    );
    findings
}
