//! Which rules read which policy field: a static table per kind of file.
//!
//! Rule ids are those of [`Reason::rule`](crate::Reason) (`cert.pass_mark`, `pair.capacity`,
//! `move.well_matched`...), listed with their sources in `docs/rules/`. Four ids name readers
//! that are not rules of an outcome:
//!
//! - `policy.ref`: the policy's identity, carried by every outcome as its `policy`;
//! - `policy.validate`: read only when the policy or an input is checked (the call mix is
//!   checked against a session's call kinds);
//! - `catalog.lookup`: finding a role or unit by name (ids, titles, aliases, level names);
//! - `display`: shown to people, read by no rule.
//!
//! A field is named as in the file, with list indexes as `[]`: `steps[].day`,
//! `roles[].prerequisites[].months`. Every field of every kind has an entry; a unit test
//! walks the built-ins' JSON so that a new field cannot be left out.

use crate::lint::FileKind;

type Table = &'static [(&'static str, &'static [&'static str])];

const CERT_CALLS: &[&str] = &[
    "cert.pending",
    "cert.passes_needed",
    "cert.early_decision",
    "cert.pass_rate",
    "cert.file_stem",
];

const CERT: Table = &[
    ("id", &["policy.ref"]),
    ("version", &["policy.ref"]),
    ("calls", CERT_CALLS),
    ("pdp_calls", &["policy.validate"]),
    ("mapd_calls", &["policy.validate"]),
    ("coached_call", &["cert.coached_call", "cert.passes_needed"]),
    (
        "coached_score",
        &["cert.coached_call", "cert.passes_needed", "cert.pass_rate"],
    ),
    (
        "pass_mark",
        &[
            "cert.pass_mark",
            "cert.passes_needed",
            "cert.early_decision",
            "cert.pass_rate",
            "cert.file_stem",
            "cert.scorecard",
        ],
    ),
    (
        "passes_needed",
        &["cert.passes_needed", "cert.early_decision"],
    ),
    ("early_decision", &["cert.early_decision", "cert.pending"]),
    ("qa_audit_pass_mark", &["cert.qa_audit"]),
];

const STEPS: &[&str] = &[
    "escalation.step",
    "escalation.day",
    "escalation.review_only",
    "forecast.step",
];

const ESCALATION: Table = &[
    ("id", &["policy.ref"]),
    ("version", &["policy.ref"]),
    ("steps", STEPS),
    ("steps[]", STEPS),
    ("steps[].id", STEPS),
    ("steps[].name", &["escalation.step", "display"]),
    ("steps[].day", STEPS),
    (
        "budgets.cert_session_hours",
        &["budget.cert_session", "pair.capacity", "forecast.capacity"],
    ),
    ("budgets.tbt_hours", &["budget.tbt", "report.tbt_budget"]),
    (
        "budgets.combined_business_days",
        &[
            "escalation.expected_completion",
            "escalation.late",
            "budget.combined",
        ],
    ),
];

const COHORT: Table = &[
    ("id", &["policy.ref"]),
    ("version", &["policy.ref"]),
    (
        "certifier_hours_per_day",
        &["pair.capacity", "forecast.capacity"],
    ),
    ("pairing_order", &["pair.order"]),
    ("role_play_day", &["forecast.capacity", "forecast.finish"]),
    (
        "role_play_day_fraction",
        &["forecast.capacity", "forecast.finish"],
    ),
    (
        "excuse_equipment_days",
        &["escalation.excused", "report.escalation"],
    ),
];

const CALENDAR: Table = &[
    (
        "weekdays",
        &["calendar.business_day", "escalation.step", "escalation.day"],
    ),
    (
        "weekdays[]",
        &["calendar.business_day", "escalation.step", "escalation.day"],
    ),
    ("holidays", &["calendar.business_day", "escalation.holiday"]),
    (
        "holidays[]",
        &["calendar.business_day", "escalation.holiday"],
    ),
    ("builtin", &["calendar.us_federal", "calendar.business_day"]),
    ("time_zone", &["budget.dst", "escalation.step"]),
];

const ITEM_WEIGHT: &[&str] = &[
    "scorecard.weights",
    "scorecard.not_applicable",
    "scorecard.bonus",
    "cert.scorecard",
];

const SCORECARD: Table = &[
    ("id", &["scorecard.weights"]),
    ("name", &["display"]),
    ("version", &["display"]),
    ("sections", ITEM_WEIGHT),
    ("sections[]", ITEM_WEIGHT),
    ("sections[].id", &["display"]),
    ("sections[].title", &["display"]),
    ("sections[].items", ITEM_WEIGHT),
    ("sections[].items[]", ITEM_WEIGHT),
    (
        "sections[].items[].id",
        &["scorecard.weights", "cert.scorecard"],
    ),
    ("sections[].items[].text", &["display"]),
    ("sections[].items[].weight", ITEM_WEIGHT),
    (
        "sections[].items[].critical",
        &["scorecard.critical", "cert.scorecard"],
    ),
    ("sections[].items[].bonus", &["scorecard.bonus"]),
];

const MOVES: &[&str] = &[
    "move.direction",
    "move.scope",
    "move.track",
    "move.well_matched",
    "move.prerequisites",
    "ready.eligible",
];

const PREREQUISITES: &[&str] = &[
    "move.prerequisites",
    "move.well_matched",
    "ready.prerequisite",
    "ready.eligible",
];

const CATALOG: Table = &[
    ("policy.id", &["policy.ref"]),
    ("policy.version", &["policy.ref"]),
    (
        "policy.lowest_grade",
        &["policy.validate", "move.well_matched"],
    ),
    (
        "policy.highest_grade",
        &["policy.validate", "move.well_matched"],
    ),
    ("units", &["move.scope", "move.well_matched"]),
    ("units[]", &["move.scope", "move.well_matched"]),
    ("units[].id", &["move.scope", "catalog.lookup"]),
    ("units[].name", &["move.scope", "catalog.lookup", "display"]),
    ("units[].summary", &["display"]),
    ("units[].grades", &["move.well_matched", "policy.validate"]),
    (
        "units[].grades[]",
        &["move.well_matched", "policy.validate"],
    ),
    ("units[].aliases", &["catalog.lookup"]),
    ("units[].aliases[]", &["catalog.lookup"]),
    ("roles", MOVES),
    ("roles[]", MOVES),
    ("roles[].id", &["catalog.lookup"]),
    ("roles[].title", &["catalog.lookup", "display"]),
    ("roles[].unit", &["move.scope", "move.well_matched"]),
    (
        "roles[].grade",
        &["move.direction", "move.well_matched", "ready.eligible"],
    ),
    ("roles[].track", &["move.track"]),
    ("roles[].levels", &["catalog.lookup", "display"]),
    ("roles[].levels[]", &["catalog.lookup", "display"]),
    ("roles[].lateral_skills", &["display"]),
    ("roles[].lateral_skills[]", &["display"]),
    ("roles[].summary", &["display"]),
    ("roles[].aliases", &["catalog.lookup"]),
    ("roles[].aliases[]", &["catalog.lookup"]),
    ("roles[].prerequisites", PREREQUISITES),
    ("roles[].prerequisites[]", PREREQUISITES),
    ("roles[].prerequisites[].kind", PREREQUISITES),
    ("roles[].prerequisites[].need", PREREQUISITES),
    ("roles[].prerequisites[].roles", PREREQUISITES),
    ("roles[].prerequisites[].roles[]", PREREQUISITES),
    ("roles[].prerequisites[].months", PREREQUISITES),
    (
        "roles[].prerequisites[].years",
        &["ready.prerequisite", "ready.eligible"],
    ),
    (
        "roles[].prerequisites[].credential",
        &["ready.prerequisite", "ready.eligible"],
    ),
];

/// The table of `kind`: each field (list indexes as `[]`) with the ids of the rules that read
/// it. The cohort policy's own fields only; its `cert.` and `escalation.` parts read as the
/// certification and escalation tables ([`rules_for`] follows them).
pub fn table(kind: FileKind) -> &'static [(&'static str, &'static [&'static str])] {
    match kind {
        FileKind::CertPolicy => CERT,
        FileKind::EscalationPolicy => ESCALATION,
        FileKind::CohortPolicy => COHORT,
        FileKind::Calendar => CALENDAR,
        FileKind::Scorecard => SCORECARD,
        FileKind::Catalog => CATALOG,
    }
}

/// The field's name in the tables: every list index (`[2]`, `[care-operations/rep]`) as `[]`.
pub fn normalize(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut depth = 0usize;
    for c in field.chars() {
        match c {
            '[' => {
                if depth == 0 {
                    out.push('[');
                }
                depth += 1;
            }
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(']');
                }
            }
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// The exact entry for a normalised field, following the cohort policy's parts.
pub(crate) fn exact(kind: FileKind, field: &str) -> Option<Vec<&'static str>> {
    if kind == FileKind::CohortPolicy {
        if let Some(rest) = field.strip_prefix("cert.") {
            return exact(FileKind::CertPolicy, rest);
        }
        if let Some(rest) = field.strip_prefix("escalation.") {
            let mut rules = exact(FileKind::EscalationPolicy, rest)?;
            rules.push("report.escalation");
            return Some(rules);
        }
    }
    table(kind)
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, rules)| rules.to_vec())
}

/// The ids of the rules that read `field` of a `kind` file (`steps[2].day`, `cert.pass_mark`
/// in a cohort policy, `roles[care-operations/rep].grade`); a field without its own entry
/// reads as the closest enclosing one. Empty for a field no table knows.
pub fn rules_for(kind: FileKind, field: &str) -> Vec<&'static str> {
    let mut f = normalize(field);
    loop {
        if let Some(rules) = exact(kind, &f) {
            return rules;
        }
        let cut = f.rfind(['.', '[']);
        match cut {
            Some(i) if i > 0 => f.truncate(i),
            _ => return Vec::new(),
        }
    }
}
