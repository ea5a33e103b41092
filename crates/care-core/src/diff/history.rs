//! Diff of a policy history: what changed from each version to the next (or between two
//! versions named by their `version`), each with the rules that read the changed fields.

use super::{diff_values, PolicyDiff};
use crate::error::{Error, Result};
use crate::lint::FileKind;
use crate::policy::Format;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The changes from one version of a history to a later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionStep {
    /// The older version, named as the file names it (`care.certification v1`, or
    /// `versions[0]` when it has no version).
    pub from: String,
    /// The newer version.
    pub to: String,
    /// The day the newer version takes effect (`None`: from the beginning).
    pub effective_from: Option<Date>,
    /// What changed, field by field, with the rules that read each field.
    pub diff: PolicyDiff,
}

/// A history's versions compared in the order they take effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryDiff {
    /// The kind of file the versions are.
    pub kind_of_file: FileKind,
    /// One step per pair of consecutive versions, or the one pair asked for.
    pub steps: Vec<VersionStep>,
}

/// Whether a parsed file is a history (`versions` at the top).
pub fn is_history(value: &Value) -> bool {
    value.get("versions").is_some()
}

/// Compares the versions of a history file given as text: each version with the next, in
/// the order they take effect, or only `from` with `to` (versions named by their `version`,
/// a catalog's by its `policy.version`). The effective dates are not fields of the policy
/// and are left out of the comparison.
///
/// # Errors
///
/// [`Error::Parse`] for text that is not TOML or JSON; [`Error::InvalidInput`] when the file
/// is not a history, a date cannot be read, the kind cannot be told (give `kind`), a named
/// version is not in the file, or a version cannot be read as its kind (`care lint` says
/// why).
pub fn diff_history(
    text: &str,
    format: Format,
    kind: Option<FileKind>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<HistoryDiff> {
    let value = crate::lint::parse_value(text, format)?;
    let Some(Value::Array(items)) = value.get("versions") else {
        return Err(Error::invalid_input(
            "not a history: the file has no `versions` list; give two files to compare",
        ));
    };
    let mut versions = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(m) = item else {
            return Err(Error::invalid_input(format!(
                "versions[{i}] is not a table"
            )));
        };
        let mut m = m.clone();
        let mut date = |key: &str| -> Result<Option<Date>> {
            match m.remove(key) {
                None => Ok(None),
                Some(v) => v
                    .as_str()
                    .and_then(|s| s.parse::<Date>().ok())
                    .map(Some)
                    .ok_or_else(|| {
                        Error::invalid_input(format!("versions[{i}].{key}: {v} is not a date"))
                    }),
            }
        };
        let effective_from = date("effective_from")?;
        date("effective_until")?;
        let name = crate::lint::version_name(&m);
        versions.push((effective_from, i, name, Value::Object(m)));
    }
    versions.sort_by_key(|v| (v.0, v.1));
    let kind = match kind {
        Some(k) => k,
        None => {
            let mut all = Map::new();
            for (_, _, _, v) in &versions {
                if let Value::Object(m) = v {
                    all.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            crate::lint::detect_kind(&Value::Object(all)).ok_or_else(|| {
                Error::invalid_input(
                    "cannot tell what kind of policy the versions are from their fields; name the kind",
                )
            })?
        }
    };
    let label = |v: &(Option<Date>, usize, Option<String>, Value)| {
        v.2.clone().unwrap_or_else(|| format!("versions[{}]", v.1))
    };
    let find = |name: &str| {
        versions
            .iter()
            .position(|v| {
                v.2.as_deref().is_some_and(|n| {
                    n == name || n == format!("v{name}") || n.ends_with(&format!(" v{name}"))
                })
            })
            .ok_or_else(|| {
                let known: Vec<String> = versions.iter().map(label).collect();
                Error::invalid_input(format!(
                    "no version {name:?} in the history; it has {}",
                    known.join(", ")
                ))
            })
    };
    let pairs: Vec<(usize, usize)> = match (from, to) {
        (None, None) => (1..versions.len()).map(|i| (i - 1, i)).collect(),
        (Some(a), Some(b)) => vec![(find(a)?, find(b)?)],
        (Some(a), None) => vec![(find(a)?, versions.len().saturating_sub(1))],
        (None, Some(b)) => vec![(0, find(b)?)],
    };
    let steps = pairs
        .into_iter()
        .map(|(a, b)| {
            let (old, new) = (&versions[a], &versions[b]);
            Ok(VersionStep {
                from: label(old),
                to: label(new),
                effective_from: new.0,
                diff: diff_values(&old.3, &new.3, kind)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(HistoryDiff {
        kind_of_file: kind,
        steps,
    })
}
