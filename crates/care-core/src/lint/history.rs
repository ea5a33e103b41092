//! Lint of policy histories: a file with `[[versions]]` (or effective dates at the top) is
//! linted version by version, each finding naming its version (`versions[1].pass_mark`,
//! "care.certification v2: ..."), and the history as a whole is checked for versions that
//! overlap, leave a gap, or end before they begin (the loader's rules, [`crate::History`]).

use super::{lint_value, shape, FileKind, Finding, Severity};
use crate::error::{Error, Result};
use jiff::civil::Date;
use serde_json::{Map, Value};

const DATES: [&str; 2] = ["effective_from", "effective_until"];
const RULE_DATES: &str = "lint.history.dates";
const RULE_SHAPE: &str = "lint.history.shape";

/// Lints a parsed file that may be a history: a plain policy file is linted as `kind` (or
/// the kind its fields tell) by [`lint_value`]; a history is linted version by version and
/// checked as a whole. Returns the kind and the findings, sorted as [`lint_value`] sorts
/// them.
///
/// # Errors
///
/// [`Error::InvalidInput`] when no kind is given and the fields (of all versions together)
/// do not tell it.
pub fn lint_document(value: &Value, kind: Option<FileKind>) -> Result<(FileKind, Vec<Finding>)> {
    let Value::Object(top) = value else {
        return single(value, kind);
    };
    let dated = DATES.iter().any(|k| top.contains_key(*k));
    match top.get("versions") {
        None if !dated => single(value, kind),
        None => {
            let mut rest = top.clone();
            let (from, until, mut findings) = take_dates(&mut rest, "", None);
            let (kind, mut more) = single(&Value::Object(rest), kind)?;
            for f in &mut findings {
                f.kind_of_file = kind;
            }
            let label = String::new();
            findings.extend(date_findings(kind, &[(from, until, label)]));
            more.append(&mut findings);
            more.sort_by_key(|f| f.severity);
            Ok((kind, more))
        }
        Some(versions) => versions_of(top, versions, kind),
    }
}

fn single(value: &Value, kind: Option<FileKind>) -> Result<(FileKind, Vec<Finding>)> {
    let kind = kind
        .or_else(|| shape::detect_kind(value))
        .ok_or_else(unknown_kind)?;
    Ok((kind, lint_value(value, kind)))
}

fn unknown_kind() -> Error {
    Error::invalid_input(
        "cannot tell what kind of file this is from its fields; name it with a kind \
         (cert_policy, escalation_policy, cohort_policy, calendar, scorecard, catalog)",
    )
}

fn versions_of(
    top: &Map<String, Value>,
    versions: &Value,
    kind: Option<FileKind>,
) -> Result<(FileKind, Vec<Finding>)> {
    let items: Vec<Map<String, Value>> = match versions {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_object().cloned())
            .collect(),
        _ => Vec::new(),
    };
    // The kind from every version's fields together: a first version may name only its
    // version and leave the rest to the defaults.
    let kind = kind
        .or_else(|| {
            let mut all: Map<String, Value> = top
                .iter()
                .filter(|(k, _)| *k != "versions")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for m in &items {
                all.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            for k in DATES {
                all.remove(k);
            }
            shape::detect_kind(&Value::Object(all))
        })
        .ok_or_else(unknown_kind)?;
    let mut findings = Vec::new();
    let shape_problem = match versions {
        Value::Array(all) if all.is_empty() => Some("is empty; give at least one version"),
        Value::Array(all) if all.len() != items.len() => {
            Some("holds something other than policy tables")
        }
        Value::Array(_) => None,
        _ => Some("must be a list of policy tables"),
    };
    if let Some(problem) = shape_problem {
        findings.push(Finding::new(
            Severity::Error,
            kind,
            "versions",
            RULE_SHAPE,
            format!("`versions` {problem}"),
            "write each version as a [[versions]] table (TOML) or an object in the list (JSON)",
        ));
    }
    for key in top.keys().filter(|k| *k != "versions") {
        findings.push(Finding::new(
            Severity::Error,
            kind,
            key.clone(),
            RULE_SHAPE,
            format!("`{key}` is beside `versions` at the top; a history holds only its versions"),
            format!("move `{key}` into each version that needs it"),
        ));
    }
    let mut dates = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut rest = item.clone();
        let name = version_name(&rest);
        let place = format!("versions[{i}]");
        let (from, until, mut date_findings) = take_dates(&mut rest, &place, Some(kind));
        findings.append(&mut date_findings);
        for mut f in lint_value(&Value::Object(rest), kind) {
            f.field = if f.field.is_empty() {
                place.clone()
            } else {
                format!("{place}.{}", f.field)
            };
            if let Some(n) = &name {
                f.message = format!("{n}: {}", f.message);
            }
            findings.push(f);
        }
        let label = match &name {
            Some(n) => format!("{place} ({n})"),
            None => place,
        };
        dates.push((from, until, label));
    }
    dates.sort_by_key(|d| d.0);
    findings.extend(date_findings(kind, &dates));
    findings.sort_by_key(|f| f.severity);
    Ok((kind, findings))
}

/// `care.certification v2` from a version's `id` and `version` (a catalog's under
/// `policy`); `None` when it has no version.
pub(crate) fn version_name(m: &Map<String, Value>) -> Option<String> {
    let holder = match m.get("policy") {
        Some(Value::Object(p)) if p.contains_key("version") => p,
        _ => m,
    };
    let text = |k: &str| holder.get(k).and_then(Value::as_str);
    let version = text("version")?;
    Some(match text("id") {
        Some(id) => format!("{id} v{version}"),
        None => format!("v{version}"),
    })
}

/// Removes and reads a version's two dates; an unreadable one is a finding (and `None`).
fn take_dates(
    m: &mut Map<String, Value>,
    place: &str,
    kind: Option<FileKind>,
) -> (Option<Date>, Option<Date>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut read = |key: &str| -> Option<Date> {
        let v = m.remove(key)?;
        let parsed = v.as_str().and_then(|s| s.parse::<Date>().ok());
        if parsed.is_none() {
            findings.push(Finding::new(
                Severity::Error,
                kind.unwrap_or(FileKind::CertPolicy),
                if place.is_empty() {
                    key.to_string()
                } else {
                    format!("{place}.{key}")
                },
                RULE_DATES,
                format!("{v} is not a date"),
                "write a calendar date, e.g. 2026-09-01",
            ));
        }
        parsed
    };
    let from = read("effective_from");
    let until = read("effective_until");
    if let Some(kind) = kind {
        for f in &mut findings {
            f.kind_of_file = kind;
        }
    }
    (from, until, findings)
}

fn date_findings(kind: FileKind, dates: &[(Option<Date>, Option<Date>, String)]) -> Vec<Finding> {
    crate::history::date_problems(dates)
        .into_iter()
        .map(|p| {
            let field = if p.place.is_empty() {
                "effective_until".to_string()
            } else {
                p.place
            };
            Finding::new(
                Severity::Error,
                kind,
                field,
                RULE_DATES,
                p.message,
                "make each version end the day before the next takes effect (or leave \
                 effective_until out), and give every version but the first an effective_from",
            )
        })
        .collect()
}
