//! Policy diff: what changed between two versions of a policy, calendar, scorecard or
//! catalog, and which rules read each changed field.
//!
//! Both versions are read into their type (without validation, so a draft can be compared)
//! and written back, so a field left out and a field given its default value compare equal.
//! Policies compare field by field (`pass_mark`, `cert.passes_needed`), lists of tables with
//! ids by id (`steps[written-cap].day`, `sections[greeting].items[greeting.branded].weight`);
//! catalogs compare units and roles by id: roles added, removed, regraded, with prerequisites
//! changed, or with another field changed (`roles[care-operations/rep].title`). Each
//! [`Change`] lists the rules that read its field, from the static table in [`fields`].
//!
//! ```
//! use care_core::diff::{diff_text, ChangeKind};
//! use care_core::policy::Format;
//!
//! let d = diff_text("pass_mark = 85", "pass_mark = 80", Format::Toml, None).unwrap();
//! assert_eq!(d.changes.len(), 1);
//! assert_eq!(d.changes[0].field, "pass_mark");
//! assert_eq!(d.changes[0].change, ChangeKind::Changed);
//! assert!(d.changes[0].rules.contains(&"cert.pass_mark".to_string()));
//! ```

pub mod fields;
mod history;

pub use fields::rules_for;
pub use history::{diff_history, is_history, HistoryDiff, VersionStep};

use crate::catalog::CatalogData;
use crate::error::{Error, Result};
use crate::lint::FileKind;
use crate::policy::Format;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In the new version only (a role, a unit, a step, a list element).
    Added,
    /// In the old version only.
    Removed,
    /// A value changed.
    Changed,
    /// A catalog role's grade changed.
    Regraded,
    /// A catalog role's prerequisites changed.
    PrerequisitesChanged,
}

impl ChangeKind {
    /// The snake_case name used in JSON (`prerequisites_changed`).
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Regraded => "regraded",
            ChangeKind::PrerequisitesChanged => "prerequisites_changed",
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// The field: `pass_mark`, `steps[2].day`, `roles[care-operations/rep].grade` (catalog
    /// units and roles by id).
    pub field: String,
    /// How it changed.
    pub change: ChangeKind,
    /// The old value (none when added).
    pub old: Option<Value>,
    /// The new value (none when removed).
    pub new: Option<Value>,
    /// The ids of the rules that read the field ([`rules_for`]).
    pub rules: Vec<String>,
}

/// What changed between two versions of one kind of file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PolicyDiff {
    /// The kind of file both versions are.
    pub kind_of_file: FileKind,
    /// Every changed field, in file order (catalogs: the policy, then units, then roles).
    pub changes: Vec<Change>,
}

impl PolicyDiff {
    /// The ids of every rule some change reads, sorted, each once.
    pub fn rules(&self) -> Vec<&str> {
        let mut r: Vec<&str> = self
            .changes
            .iter()
            .flat_map(|c| c.rules.iter().map(String::as_str))
            .collect();
        r.sort_unstable();
        r.dedup();
        r
    }
}

/// Compares two versions given as text in one format. The kind is told from the files'
/// fields unless given.
///
/// # Errors
///
/// [`Error::Parse`] for a text that is not TOML or JSON; [`Error::InvalidInput`] when the
/// kind cannot be told, the two files are of different kinds, or a file cannot be read as
/// its kind (`care lint` explains why).
pub fn diff_text(
    old: &str,
    new: &str,
    format: Format,
    kind: Option<FileKind>,
) -> Result<PolicyDiff> {
    diff_texts((old, format), (new, format), kind)
}

/// Compares two versions given as text, each in its own format.
///
/// # Errors
///
/// As [`diff_text`].
pub fn diff_texts(
    old: (&str, Format),
    new: (&str, Format),
    kind: Option<FileKind>,
) -> Result<PolicyDiff> {
    let a = crate::lint::parse_value(old.0, old.1)?;
    let b = crate::lint::parse_value(new.0, new.1)?;
    for (value, which) in [(&a, "old"), (&b, "new")] {
        if is_history(value) {
            return Err(Error::invalid_input(format!(
                "the {which} file is a history of versions; diff its versions with `care policy diff FILE` (diff::diff_history)"
            )));
        }
    }
    let kind =
        match kind {
            Some(k) => k,
            None => {
                let (ka, kb) = (crate::lint::detect_kind(&a), crate::lint::detect_kind(&b));
                match (ka, kb) {
                    (Some(x), Some(y)) if x != y => {
                        return Err(Error::invalid_input(format!(
                            "the old file is {} and the new one {}; compare files of one kind",
                            crate::lint::article(x),
                            crate::lint::article(y)
                        )))
                    }
                    (Some(x), _) | (None, Some(x)) => x,
                    (None, None) => return Err(Error::invalid_input(
                        "cannot tell what kind of files these are from their fields; name the kind",
                    )),
                }
            }
        };
    diff_values(&a, &b, kind)
}

/// Compares two versions of a `kind` file given as plain values.
///
/// # Errors
///
/// [`Error::InvalidInput`] when a value cannot be read as `kind` (an unknown field, a wrong
/// type); `care lint` explains such a file field by field.
pub fn diff_values(old: &Value, new: &Value, kind: FileKind) -> Result<PolicyDiff> {
    let changes = if kind == FileKind::Catalog {
        let a: CatalogData = read(old, kind, "old")?;
        let b: CatalogData = read(new, kind, "new")?;
        diff_catalogs(&a, &b)
    } else {
        let a = normalized(old, kind, "old")?;
        let b = normalized(new, kind, "new")?;
        let mut changes = Vec::new();
        walk(&a, &b, "", kind, &mut changes);
        changes
    };
    Ok(PolicyDiff {
        kind_of_file: kind,
        changes,
    })
}

fn read<T: serde::de::DeserializeOwned>(v: &Value, kind: FileKind, which: &str) -> Result<T> {
    T::deserialize(v).map_err(|e| {
        Error::invalid_input(format!(
            "cannot read the {which} file as {}: {e} (care lint explains it)",
            crate::lint::article(kind)
        ))
    })
}

fn to_value<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::invalid_input(format!("cannot write JSON: {e}")))
}

/// The value read into `kind`'s type and written back: defaults filled in.
fn normalized(v: &Value, kind: FileKind, which: &str) -> Result<Value> {
    match kind {
        FileKind::CertPolicy => to_value(&read::<crate::CertPolicy>(v, kind, which)?),
        FileKind::EscalationPolicy => to_value(&read::<crate::EscalationPolicy>(v, kind, which)?),
        FileKind::CohortPolicy => to_value(&read::<crate::cohort::CohortPolicy>(v, kind, which)?),
        FileKind::Calendar => to_value(&read::<crate::CalendarSpec>(v, kind, which)?),
        FileKind::Scorecard => to_value(&read::<crate::Scorecard>(v, kind, which)?),
        FileKind::Catalog => to_value(&read::<CatalogData>(v, kind, which)?),
    }
}

fn change(
    kind: FileKind,
    field: String,
    how: ChangeKind,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Change {
    let rules = rules_for(kind, &field)
        .into_iter()
        .map(str::to_string)
        .collect();
    Change {
        field,
        change: how,
        old: old.cloned(),
        new: new.cloned(),
        rules,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Field-by-field comparison: tables by key, lists by index, anything else by value.
fn walk(a: &Value, b: &Value, path: &str, kind: FileKind, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let field = join(path, k);
                match y.get(k) {
                    Some(vb) => walk(va, vb, &field, kind, out),
                    None => out.push(change(kind, field, ChangeKind::Removed, Some(va), None)),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(change(
                        kind,
                        join(path, k),
                        ChangeKind::Added,
                        None,
                        Some(vb),
                    ));
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if ids(x).is_some() && ids(y).is_some() => {
            by_key(x, y, path, kind, out);
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let field = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => walk(va, vb, &field, kind, out),
                    (Some(va), None) => {
                        out.push(change(kind, field, ChangeKind::Removed, Some(va), None))
                    }
                    (None, Some(vb)) => {
                        out.push(change(kind, field, ChangeKind::Added, None, Some(vb)))
                    }
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push(change(
            kind,
            path.to_string(),
            ChangeKind::Changed,
            Some(a),
            Some(b),
        )),
        _ => {}
    }
}

/// The `id`s of a list of tables, when every element has a distinct one.
fn ids(list: &[Value]) -> Option<Vec<&str>> {
    if list.is_empty() {
        return None;
    }
    let ids: Vec<&str> = list
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    let distinct = ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id));
    distinct.then_some(ids)
}

/// Lists of tables with ids (escalation steps, scorecard sections and items) compare by id,
/// `steps[coaching].day`, so inserting one does not shift the rest; a new order of the same
/// ids is a change of the list itself.
fn by_key(x: &[Value], y: &[Value], path: &str, kind: FileKind, out: &mut Vec<Change>) {
    let (Some(xi), Some(yi)) = (ids(x), ids(y)) else {
        return;
    };
    for (va, id) in x.iter().zip(&xi) {
        let field = format!("{path}[{id}]");
        match yi.iter().position(|k| k == id).and_then(|j| y.get(j)) {
            Some(vb) => walk(va, vb, &field, kind, out),
            None => out.push(change(kind, field, ChangeKind::Removed, Some(va), None)),
        }
    }
    for (vb, id) in y.iter().zip(&yi) {
        if !xi.contains(id) {
            out.push(change(
                kind,
                format!("{path}[{id}]"),
                ChangeKind::Added,
                None,
                Some(vb),
            ));
        }
    }
    let kept_a: Vec<&&str> = xi.iter().filter(|id| yi.contains(id)).collect();
    let kept_b: Vec<&&str> = yi.iter().filter(|id| xi.contains(id)).collect();
    if kept_a != kept_b {
        let order = |v: &[&str]| Value::from(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        out.push(change(
            kind,
            path.to_string(),
            ChangeKind::Changed,
            Some(&order(&xi)),
            Some(&order(&yi)),
        ));
    }
}

/// Compares two catalogs: the grade policy field by field, units and roles by id (added,
/// removed, regraded, prerequisites changed, another field changed). Role and unit order
/// does not count.
pub fn diff_catalogs(old: &CatalogData, new: &CatalogData) -> Vec<Change> {
    let kind = FileKind::Catalog;
    let mut out = Vec::new();
    let (pa, pb) = (
        to_value(&old.policy).unwrap_or(Value::Null),
        to_value(&new.policy).unwrap_or(Value::Null),
    );
    walk(&pa, &pb, "policy", kind, &mut out);
    by_id(
        kind,
        "units",
        &old.units,
        &new.units,
        |u| u.id.as_str(),
        &mut out,
    );
    by_id(
        kind,
        "roles",
        &old.roles,
        &new.roles,
        |r| r.id.as_str(),
        &mut out,
    );
    out
}

fn by_id<T: Serialize>(
    kind: FileKind,
    list: &str,
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &str,
    out: &mut Vec<Change>,
) {
    let find = |items: &'_ [T], key: &str| -> Option<Value> {
        items
            .iter()
            .find(|x| id(x) == key)
            .and_then(|x| to_value(x).ok())
    };
    for a in old {
        let key = id(a);
        let va = to_value(a).unwrap_or(Value::Null);
        let field = format!("{list}[{key}]");
        match find(new, key) {
            None => out.push(change(kind, field, ChangeKind::Removed, Some(&va), None)),
            Some(vb) => {
                let (Some(x), Some(y)) = (va.as_object(), vb.as_object()) else {
                    continue;
                };
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    let (fa, fb) = (x.get(k), y.get(k));
                    let empty = |v: Option<&Value>| {
                        v.is_none_or(|v| v.as_array().is_some_and(|a| a.is_empty()))
                            || v.is_some_and(|v| v.as_str() == Some(""))
                    };
                    if fa == fb || (empty(fa) && empty(fb)) {
                        continue;
                    }
                    let how = match k.as_str() {
                        "grade" if list == "roles" => ChangeKind::Regraded,
                        "prerequisites" => ChangeKind::PrerequisitesChanged,
                        _ => ChangeKind::Changed,
                    };
                    out.push(change(kind, format!("{field}.{k}"), how, fa, fb));
                }
            }
        }
    }
    for b in new {
        let key = id(b);
        if !old.iter().any(|a| id(a) == key) {
            let vb = to_value(b).unwrap_or(Value::Null);
            out.push(change(
                kind,
                format!("{list}[{key}]"),
                ChangeKind::Added,
                None,
                Some(&vb),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
