//! The shape of a file before its type: parsing to a plain value, telling the kind of file,
//! and the field-by-field check against the built-in's shape that explains why a file cannot
//! be read into its type.

use super::{FileKind, Finding, Severity};
use crate::error::Result;
use crate::policy::Format;
use serde_json::Value;

/// The most fields lint blames one by one before it gives up on reading the rest.
const MAX_BLAMES: usize = 64;

/// Lists longer than this are searched by halving for the element to blame.
const BISECT_OVER: usize = 16;

/// Parses TOML or JSON text to a plain JSON value (TOML dates and times become their text,
/// as the policy types read them).
///
/// # Errors
///
/// [`Error::Parse`](crate::Error::Parse) with the place when the text is not valid TOML or JSON;
/// [`Error::TooLarge`](crate::Error::TooLarge) over [`MAX_INPUT_BYTES`](crate::policy::MAX_INPUT_BYTES).
pub fn parse_value(text: &str, format: Format) -> Result<Value> {
    match format {
        Format::Json => crate::policy::from_json(text),
        Format::Toml => crate::policy::from_toml::<toml::Table>(text)
            .map(|t| toml_to_json(toml::Value::Table(t))),
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The top-level fields that mark each kind of file (ids and versions are shared, so they
/// do not count).
fn marks(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::CertPolicy => &[
            "calls",
            "pdp_calls",
            "mapd_calls",
            "coached_call",
            "coached_score",
            "pass_mark",
            "passes_needed",
            "early_decision",
            "qa_audit_pass_mark",
        ],
        FileKind::EscalationPolicy => &["steps", "budgets"],
        FileKind::CohortPolicy => &[
            "certifier_hours_per_day",
            "pairing_order",
            "role_play_day",
            "role_play_day_fraction",
            "excuse_equipment_days",
            "cert",
            "escalation",
        ],
        FileKind::Calendar => &["weekdays", "holidays", "builtin", "time_zone"],
        FileKind::Scorecard => &["sections", "name"],
        FileKind::Catalog => &["roles", "units", "policy"],
    }
}

/// Tells the kind of a file from its fields: the kind whose fields it names most (a typo'd
/// field still counts for the kind whose field it resembles); the policy id
/// (`care.certification`...) decides when the fields do not. `None` when nothing tells.
pub fn detect_kind(value: &Value) -> Option<FileKind> {
    let obj = value.as_object()?;
    let by_id = obj
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| match id {
            "care.certification" => Some(FileKind::CertPolicy),
            "care.escalation" => Some(FileKind::EscalationPolicy),
            "care.cohort" => Some(FileKind::CohortPolicy),
            _ => None,
        });
    let score = |kind: FileKind| -> usize {
        let known = marks(kind);
        obj.keys()
            .filter(|k| known.contains(&k.as_str()) || near(k, known.iter().copied()).is_some())
            .count()
    };
    let mut best: Option<(usize, FileKind)> = None;
    let mut tie = false;
    for kind in FileKind::ALL {
        let s = score(kind);
        match best {
            Some((b, _)) if s < b => {}
            Some((b, _)) if s == b => tie = true,
            _ if s > 0 => {
                best = Some((s, kind));
                tie = false;
            }
            _ => {}
        }
    }
    match (best, tie, by_id) {
        (_, _, Some(k)) if best.is_none() || tie => Some(k),
        (Some((_, k)), false, _) => Some(k),
        _ => by_id,
    }
}

/// The built-in of `kind` as a plain value: the shape lint checks a file against (the
/// default policy, the sample scorecard, the built-in catalog).
pub fn template(kind: FileKind) -> Value {
    fn to<T: serde::Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap_or(Value::Null)
    }
    match kind {
        FileKind::CertPolicy => to(&crate::CertPolicy::default()),
        FileKind::EscalationPolicy => to(&crate::EscalationPolicy::default()),
        FileKind::CohortPolicy => to(&crate::cohort::CohortPolicy::default()),
        FileKind::Calendar => {
            let mut v = to(&crate::CalendarSpec::default());
            if let Some(o) = v.as_object_mut() {
                o.insert("holidays".into(), Value::from(vec!["2026-12-24"]));
                o.insert("builtin".into(), Value::from("none"));
            }
            v
        }
        FileKind::Scorecard => to(&crate::Scorecard::sample()),
        FileKind::Catalog => crate::Catalog::builtin()
            .map(|c| to(c.data()))
            .unwrap_or(Value::Null),
    }
}

/// Every element of a template list merged into one: the union of their fields.
fn element(template: &[Value]) -> Value {
    template.iter().fold(Value::Null, merge)
}

fn merge(a: Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Null, b) => b.clone(),
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let old = a.remove(k).unwrap_or(Value::Null);
                a.insert(k.clone(), merge(old, v));
            }
            Value::Object(a)
        }
        (Value::Array(mut a), Value::Array(b)) => {
            a.extend(b.iter().cloned());
            Value::Array(a)
        }
        (a, _) => a,
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "a whole number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What the shape check found and repaired.
pub(super) struct Checked {
    /// The findings, their fields in the file's own terms.
    pub findings: Vec<Finding>,
    /// The value with every blamed field repaired (removed, or set to the built-in's value),
    /// or `None` when it still cannot be read.
    pub repaired: Option<Value>,
    /// The list elements removed to read the rest, in order: (the list's field, index).
    /// [`Checked::original`] maps a field of the repaired value back to the file's.
    pub removed: Vec<(String, usize)>,
}

impl Checked {
    /// The field of the file that `field` of the repaired value is.
    pub fn original(&self, field: &str) -> String {
        unshift(field, &self.removed)
    }
}

/// `field` with the indexes shifted back past each removal, latest first.
fn unshift(field: &str, removed: &[(String, usize)]) -> String {
    let mut field = field.to_string();
    for (list, i) in removed.iter().rev() {
        let Some(rest) = field.strip_prefix(&format!("{list}[")) else {
            continue;
        };
        let Some(end) = rest.find(']') else {
            continue;
        };
        let Ok(j) = rest[..end].parse::<usize>() else {
            continue;
        };
        if j >= *i {
            field = format!("{list}[{}]{}", j + 1, &rest[end + 1..]);
        }
    }
    field
}

/// Checks `value` against `kind`'s shape, then reads it into `kind`'s type, blaming each
/// field the type refuses, and repairing it to read the rest.
pub(super) fn check(value: &Value, kind: FileKind) -> Checked {
    let mut out = Checked {
        findings: Vec::new(),
        repaired: None,
        removed: Vec::new(),
    };
    let Some(_) = value.as_object() else {
        out.findings.push(Finding::new(
            Severity::Error,
            kind,
            "",
            "lint.shape",
            format!("the file holds {}, not a table of fields", describe(value)),
            "write the fields as a TOML table or a JSON object",
        ));
        return out;
    };
    let template = template(kind);
    let mut repaired = value.clone();
    walk(&mut repaired, &template, "", kind, &mut out.findings);
    for _ in 0..MAX_BLAMES {
        let Err(message) = parses(kind, &repaired) else {
            out.repaired = Some(repaired);
            return out;
        };
        let Some(path) = blame(kind, &repaired, &template) else {
            let (field, fix) = match missing_field(&message) {
                Some(m) => (m.to_string(), format!("add {m}")),
                None => (
                    String::new(),
                    "correct the file as the message says".to_string(),
                ),
            };
            out.findings.push(Finding::new(
                Severity::Error,
                kind,
                field,
                "lint.shape",
                format!("cannot be read as {}: {message}", a(kind)),
                fix,
            ));
            if fill(&mut repaired, &template, &[], kind) {
                continue;
            }
            return out;
        };
        // The reader's message for this field alone.
        let message = parses(kind, &isolate(&repaired, &template, &path, Keep::Whole))
            .err()
            .unwrap_or(message);
        let mut label = out.original(&path_label(&path));
        let missing = missing_field(&message);
        if let Some(m) = missing {
            label = format!("{label}.{m}");
        }
        let suggestion = match missing {
            Some(m) => format!("add {m}"),
            None => expected_one_of(&message, &repaired, &path)
                .unwrap_or_else(|| format!("give {label} as {} expects", a(kind))),
        };
        out.findings.push(Finding::new(
            Severity::Error,
            kind,
            label,
            "lint.shape",
            format!("cannot be read: {message}"),
            suggestion,
        ));
        if fill(&mut repaired, &template, &path, kind) {
            continue;
        }
        if let Some((Step::Index(i), list)) = path.split_last() {
            out.removed.push((path_label(list), *i));
        }
        repair(&mut repaired, &template, &path);
    }
    out
}

/// A step of a path into a value.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

fn path_label(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The shape check: unknown fields and wrong types, each reported and repaired in place.
fn walk(value: &mut Value, template: &Value, path: &str, kind: FileKind, out: &mut Vec<Finding>) {
    match (value, template) {
        // JSON's null is an optional field left empty; the type says whether it may be.
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(obj), Value::Object(t)) => {
            let keys: Vec<String> = obj.keys().cloned().collect();
            for k in keys {
                let field = join(path, &k);
                match t.get(&k) {
                    None => {
                        let closest = near(&k, t.keys().map(String::as_str));
                        let suggestion = match &closest {
                            Some(c) => format!("rename it to {c:?}"),
                            None => format!(
                                "remove it; the known fields here are {}",
                                t.keys().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        };
                        out.push(Finding::new(
                            Severity::Error,
                            kind,
                            field,
                            "lint.unknown_field",
                            format!("unknown field {k:?}: {} has no such field", a(kind)),
                            suggestion,
                        ));
                        obj.remove(&k);
                    }
                    Some(sub) => {
                        if let Some(v) = obj.get_mut(&k) {
                            walk(v, sub, &field, kind, out);
                        }
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(t)) => {
            let elem = element(t);
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &elem, &format!("{path}[{i}]"), kind, out);
            }
        }
        (v, t) => {
            let fits = match (&*v, t) {
                (Value::Number(n), Value::Number(tn)) => tn.is_f64() || n.as_u64().is_some(),
                (Value::String(_), Value::String(_)) | (Value::Bool(_), Value::Bool(_)) => true,
                _ => false,
            };
            if !fits {
                let what = describe(t);
                let message = match (&*v, t) {
                    (Value::Number(n), _) if n.as_i64().is_some_and(|i| i < 0) => {
                        format!("{} is negative, not {what} of 0 or more", show(v))
                    }
                    _ => format!("{} is {}, not {what}", show(v), describe(v)),
                };
                out.push(Finding::new(
                    Severity::Error,
                    kind,
                    path,
                    "lint.type",
                    message,
                    format!("give {what}, e.g. {}", show(t)),
                ));
                *v = t.clone();
            }
        }
    }
}

/// The known field name `name` is likely a typo of: Jaro-Winkler similarity of at least 0.85
/// (stricter than role names: field names are short and alike).
fn near<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = name.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&name, &k.to_ascii_lowercase()), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_string())
}

/// `kind` with its article: "a calendar", "an escalation policy".
pub(crate) fn a(kind: FileKind) -> String {
    let name = kind.to_string();
    let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Whether `value` reads as `kind`'s type; the reader's message when it does not.
fn parses(kind: FileKind, value: &Value) -> std::result::Result<(), String> {
    fn read<T: serde::de::DeserializeOwned>(v: &Value) -> std::result::Result<(), String> {
        T::deserialize(v).map(|_| ()).map_err(|e| e.to_string())
    }
    match kind {
        FileKind::CertPolicy => read::<crate::CertPolicy>(value),
        FileKind::EscalationPolicy => read::<crate::EscalationPolicy>(value),
        FileKind::CohortPolicy => read::<crate::cohort::CohortPolicy>(value),
        FileKind::Calendar => read::<crate::CalendarSpec>(value),
        FileKind::Scorecard => read::<crate::Scorecard>(value),
        FileKind::Catalog => read::<crate::catalog::CatalogData>(value),
    }
}

fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, s| match s {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, s| match s {
        Step::Key(k) => v.get_mut(k),
        Step::Index(i) => v.get_mut(i),
    })
}

/// The template's value for `path` (list indexes read the merged element).
fn template_at(template: &Value, path: &[Step]) -> Option<Value> {
    let mut t = template.clone();
    for s in path {
        t = match (s, t) {
            (Step::Key(k), Value::Object(mut o)) => o.remove(k)?,
            (Step::Index(_), Value::Array(a)) => element(&a),
            _ => return None,
        };
    }
    (!t.is_null()).then_some(t)
}

/// Gives the table at `path` the fields it lacks, from the template, when that makes it
/// readable: a list element missing a field stays in its list (so the other elements keep
/// their places and the roles it names stay known).
fn fill(value: &mut Value, template: &Value, path: &[Step], kind: FileKind) -> bool {
    let Some(Value::Object(t)) = template_at(template, path) else {
        return false;
    };
    let Some(Value::Object(o)) = get(value, path).cloned() else {
        return false;
    };
    let mut filled = o.clone();
    for (k, v) in t {
        filled.entry(k).or_insert(v);
    }
    if filled.len() == o.len() {
        return false;
    }
    let mut candidate = value.clone();
    if let Some(slot) = get_mut(&mut candidate, path) {
        *slot = Value::Object(filled);
    }
    if parses(kind, &isolate(&candidate, template, path, Keep::Whole)).is_err() {
        return false;
    }
    *value = candidate;
    true
}

fn repair(value: &mut Value, template: &Value, path: &[Step]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let replacement = match last {
        Step::Key(_) => template_at(template, path),
        Step::Index(_) => None,
    };
    let Some(p) = get_mut(value, parent) else {
        return;
    };
    match (last, p) {
        (Step::Key(k), Value::Object(o)) => match replacement {
            Some(r) => {
                o.insert(k.clone(), r);
            }
            None => {
                o.remove(k);
            }
        },
        (Step::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => {}
    }
}

/// What [`isolate`] keeps of the subtree at its path.
#[derive(Debug, Clone, Copy)]
enum Keep {
    /// The subtree as it is.
    Whole,
    /// The node with its children set to the template's values.
    Node,
    /// The elements `lo..hi` of a list.
    Range(usize, usize),
}

/// A sibling's stand-in while another field is tested: the template's value, except for a
/// tag (`kind`), which picks the variant the other fields belong to.
fn stand_in(key: &str, own: &Value, template: &Value) -> Value {
    match template.get(key).filter(|t| !t.is_null()) {
        Some(t) if key != "kind" => t.clone(),
        _ => own.clone(),
    }
}

/// `value` with everything outside the subtree at `path` set to the template's values (or
/// removed from lists), so that reading it fails only for a problem inside that subtree;
/// of the subtree, what `keep` says. Every list on the way keeps one element, so the
/// subtree's path in the result has every index 0.
fn isolate(value: &Value, template: &Value, path: &[Step], keep: Keep) -> Value {
    match path.split_first() {
        None => match (keep, value) {
            (Keep::Node, Value::Object(o)) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), stand_in(k, v, template)))
                    .collect(),
            ),
            (Keep::Node, Value::Array(_)) => Value::Array(Vec::new()),
            (Keep::Range(lo, hi), Value::Array(a)) => Value::Array(
                a.iter()
                    .skip(lo)
                    .take(hi.saturating_sub(lo))
                    .cloned()
                    .collect(),
            ),
            (_, v) => v.clone(),
        },
        Some((step, rest)) => match (step, value) {
            (Step::Key(key), Value::Object(o)) => {
                let sub = template.get(key).cloned().unwrap_or(Value::Null);
                Value::Object(
                    o.iter()
                        .map(|(k, v)| {
                            if k == key {
                                (k.clone(), isolate(v, &sub, rest, keep))
                            } else {
                                (k.clone(), stand_in(k, v, template))
                            }
                        })
                        .collect(),
                )
            }
            (Step::Index(i), Value::Array(a)) => {
                let elem = match template {
                    Value::Array(t) => element(t),
                    _ => Value::Null,
                };
                Value::Array(
                    a.get(*i)
                        .map(|v| isolate(v, &elem, rest, keep))
                        .into_iter()
                        .collect(),
                )
            }
            (_, v) => v.clone(),
        },
    }
}

/// The field to blame for `value` not reading as `kind`: the first node, from the top,
/// whose own shape fails (a missing field, a wrong value) when everything else is repaired.
/// `None` when the file as a whole is to blame.
fn blame(kind: FileKind, value: &Value, template: &Value) -> Option<Vec<Step>> {
    let mut path: Vec<Step> = Vec::new();
    loop {
        if parses(kind, &isolate(value, template, &path, Keep::Node)).is_err() {
            return (!path.is_empty()).then_some(path);
        }
        let here = get(value, &path)?;
        let children: Vec<Step> = match here {
            Value::Object(o) => o.keys().map(|k| Step::Key(k.clone())).collect(),
            Value::Array(a) => (0..a.len()).map(Step::Index).collect(),
            _ => Vec::new(),
        };
        let next = match here {
            Value::Array(a) if a.len() > BISECT_OVER => {
                bisect(kind, value, template, &path, a.len())
            }
            _ => children.into_iter().find(|c| {
                let mut p = path.clone();
                p.push(c.clone());
                parses(kind, &isolate(value, template, &p, Keep::Whole)).is_err()
            }),
        };
        match next {
            Some(c) => path.push(c),
            None => return (!path.is_empty()).then_some(path),
        }
    }
}

/// The first element of the long list at `path` that fails to read on its own, found by
/// halving (a catalog of 100,000 roles takes 17 reads, not 100,000).
fn bisect(
    kind: FileKind,
    value: &Value,
    template: &Value,
    path: &[Step],
    n: usize,
) -> Option<Step> {
    let fails = |lo: usize, hi: usize| {
        parses(kind, &isolate(value, template, path, Keep::Range(lo, hi))).is_err()
    };
    let (mut lo, mut hi) = (0, n);
    if !fails(lo, hi) {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fails(lo, mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    fails(lo, lo + 1).then_some(Step::Index(lo))
}

/// The field a `missing field` message names.
fn missing_field(message: &str) -> Option<&str> {
    message.split("missing field `").nth(1)?.split('`').next()
}

/// For an `unknown variant` message, the fix: the closest of the variants it lists to the
/// value at `path`, or all of them.
fn expected_one_of(message: &str, value: &Value, path: &[Step]) -> Option<String> {
    let given = get(value, path)?.as_str()?;
    let rest = message
        .split("expected one of ")
        .nth(1)
        .or_else(|| message.split("expected ").nth(1))?;
    let names: Vec<&str> = rest
        .split(['`', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "or")
        .collect();
    if !message.contains("unknown variant") || names.is_empty() {
        return None;
    }
    Some(
        match crate::suggest::closest(given, names.iter().copied()) {
            Some(c) => format!("use {c:?}"),
            None => format!("use one of {}", names.join(", ")),
        },
    )
}
