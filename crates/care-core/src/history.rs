//! Policies over time: a policy file may hold several versions, each with the calendar date
//! (in the site's zone) it takes effect and, optionally, the last date it is in force. The
//! version in force on a date is the latest whose `effective_from` is on or before it
//! (`DECISIONS.md`); a version without `effective_from` is in force from the beginning.
//!
//! ```toml
//! [[versions]]
//! version = "1"
//! pass_mark = 85
//!
//! [[versions]]
//! version = "2"
//! effective_from = 2026-09-01
//! pass_mark = 88
//! ```
//!
//! In JSON the same is `{"versions": [{...}, {...}]}`. A file without `versions` is one
//! version (it may carry `effective_from` / `effective_until` at the top); a file with
//! neither key loads exactly as before (the type's own `from_toml` / `from_json`).
//!
//! [`History::load`] checks the history as a whole: two versions effective from the same
//! date, a version that ends after the next begins (overlap), one that ends more than a day
//! before the next begins (gap), or one that ends before it begins are errors naming the
//! versions.

use crate::error::{Error, Problem, Result};
use crate::explain::PolicyRef;
use crate::policy::{Format, Validate};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A policy type that names itself (id and version) and checks itself: every policy kind.
pub trait Versioned: DeserializeOwned + Validate {
    /// The policy's id and version.
    fn policy_ref(&self) -> PolicyRef;

    /// Loads one version from a file without `versions`, as the type's own `from_toml` /
    /// `from_json` load it (errors included: a catalog's are `InvalidCatalog`).
    ///
    /// # Errors
    ///
    /// The type's own load errors.
    fn load_one(text: &str, format: Format) -> Result<Self>;
}

macro_rules! versioned {
    ($($ty:ty),+) => {$(
        impl Versioned for $ty {
            fn policy_ref(&self) -> PolicyRef {
                <$ty>::policy_ref(self)
            }
            fn load_one(text: &str, format: Format) -> Result<$ty> {
                match format {
                    Format::Toml => <$ty>::from_toml(text),
                    Format::Json => <$ty>::from_json(text),
                }
            }
        }
        impl LoadAsOf for $ty {
            fn load_as_of(text: &str, format: Format, as_of: Option<Date>) -> Result<$ty> {
                History::<$ty>::load(text, format)?.as_of(as_of).cloned()
            }
        }
    )+};
}
versioned!(
    crate::certification::CertPolicy,
    crate::escalation::EscalationPolicy,
    crate::cohort::CohortPolicy,
    crate::calibration::CalibrationPolicy,
    crate::catalog::Catalog
);

/// A certification policy as it stood on a date, checked once for the batch calls.
impl LoadAsOf for crate::certification::PreparedCertPolicy {
    fn load_as_of(text: &str, format: Format, as_of: Option<Date>) -> Result<Self> {
        crate::certification::CertPolicy::load_as_of(text, format, as_of)?.prepare()
    }
}

/// A data file type read from text as it stood on a date: what the bindings' `from_toml` /
/// `from_json` (with `as_of`) call. A policy or catalog file may be a [`History`]: the
/// version in force on `as_of` is returned, the latest when `as_of` is `None`; a plain policy
/// file is in force always. Other data files (a calendar, a scorecard...) have no versions:
/// they load as before, and an `as_of` is an error naming it.
pub trait LoadAsOf: Sized {
    /// Loads and validates the version in force on `as_of` (the latest without one).
    ///
    /// # Errors
    ///
    /// The type's own load errors; a history's ([`History::load`]); [`Error::InvalidInput`]
    /// when no version is in force on `as_of`, or `as_of` is given for a file type without
    /// versions.
    fn load_as_of(text: &str, format: Format, as_of: Option<Date>) -> Result<Self>;
}

macro_rules! unversioned {
    ($($ty:ty => $what:literal),+) => {$(
        impl LoadAsOf for $ty {
            fn load_as_of(text: &str, format: Format, as_of: Option<Date>) -> Result<$ty> {
                if as_of.is_some() {
                    return Err(Error::invalid_input(concat!(
                        "as_of: ", $what,
                        " has no versions or effective dates; leave out as_of (it picks a version of a policy or catalog history)"
                    )));
                }
                match format {
                    Format::Toml => <$ty>::from_toml(text),
                    Format::Json => <$ty>::from_json(text),
                }
            }
        }
    )+};
}
unversioned!(
    crate::calendar::Calendar => "a calendar",
    crate::scorecard::Scorecard => "a scorecard",
    crate::calibration::CalibrationSession => "a calibration session",
    crate::troubleshoot::Troubleshooting => "a troubleshooting list"
);

/// One version of a policy and the dates it is in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Version<T> {
    /// The first day it is in force (site's zone); `None`: from the beginning.
    pub effective_from: Option<Date>,
    /// The last day it is in force; `None`: until the next version takes effect.
    pub effective_until: Option<Date>,
    /// The policy.
    pub policy: T,
}

/// The versions of one policy, ordered by the date they take effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct History<T> {
    versions: Vec<Version<T>>,
}

impl<T: Versioned> History<T> {
    /// One version, in force always.
    pub fn single(policy: T) -> History<T> {
        History {
            versions: vec![Version {
                effective_from: None,
                effective_until: None,
                policy,
            }],
        }
    }

    /// A history of `versions` (any order), checked: each policy validated, no two effective
    /// from the same date, no overlap, no gap.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] naming the versions (`versions[1] (care.certification v2)`).
    pub fn new(mut versions: Vec<Version<T>>) -> Result<History<T>> {
        if versions.is_empty() {
            return Err(Error::InvalidPolicy {
                policy: "history".to_string(),
                problems: vec![Problem::new("versions", "is empty; give at least one")],
            });
        }
        versions.sort_by_key(|v| v.effective_from);
        let name = |v: &Version<T>| {
            let r = v.policy.policy_ref();
            format!("{} v{}", r.id, r.version)
        };
        let mut problems = Vec::new();
        let mut dates = Vec::with_capacity(versions.len());
        for (i, v) in versions.iter().enumerate() {
            let label = format!("versions[{i}] ({})", name(v));
            if let Err(e) = v.policy.validate() {
                problems.push(Problem::new(label.clone(), e.to_string()));
            }
            dates.push((v.effective_from, v.effective_until, label));
        }
        problems.extend(date_problems(&dates));
        if problems.is_empty() {
            Ok(History { versions })
        } else {
            Err(Error::InvalidPolicy {
                policy: crate::suggest::clip(&versions[0].policy.policy_ref().id),
                problems,
            })
        }
    }

    /// Loads a policy file that holds one version or several (`versions`); see the
    /// [module docs](self). A file with neither `versions` nor an effective date loads
    /// exactly as the type's own `from_toml` / `from_json` ([`Versioned::load_one`]), errors included.
    pub fn load(text: &str, format: Format) -> Result<History<T>> {
        // A file that names neither key loads as one version without a second parse (large
        // catalogs); a key inside a string only takes the slower path below.
        if !text.contains("versions") && !text.contains("effective_") {
            return T::load_one(text, format).map(History::single);
        }
        let value = match format {
            Format::Json => crate::policy::from_json::<serde_json::Value>(text).ok(),
            Format::Toml => crate::policy::from_toml::<toml::Table>(text)
                .ok()
                .map(|t| toml_to_json(toml::Value::Table(t))),
        };
        let Some(serde_json::Value::Object(mut top)) = value else {
            return T::load_one(text, format).map(History::single);
        };
        let dated = top.contains_key("effective_from") || top.contains_key("effective_until");
        match top.remove("versions") {
            Some(serde_json::Value::Array(items)) if !dated && top.is_empty() => {
                let versions = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| version_of(item, &format!("versions[{i}]")))
                    .collect::<Result<Vec<_>>>()?;
                History::new(versions)
            }
            Some(_) => Err(Error::invalid_input(
                "`versions` must be a list of policy tables and the only key at the top",
            )),
            None if dated => {
                History::new(vec![version_of(serde_json::Value::Object(top), "policy")?])
            }
            None => T::load_one(text, format).map(History::single),
        }
    }

    /// The version in force on `date`: the latest whose `effective_from` is on or before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when no version is in force that day (before the first takes
    /// effect, or after the last one's `effective_until`).
    pub fn in_force(&self, date: Date) -> Result<&T> {
        self.version_in_force(date).map(|v| &v.policy)
    }

    /// [`History::in_force`] with the version's dates.
    pub fn version_in_force(&self, date: Date) -> Result<&Version<T>> {
        let v =
            self.versions
                .iter()
                .rev()
                .find(|v| v.effective_from.is_none_or(|f| f <= date))
                .ok_or_else(|| {
                    let first = &self.versions[0];
                    Error::invalid_input(format!(
                    "no version of {} is in force on {date}; the first, v{}, takes effect on {}",
                    first.policy.policy_ref().id,
                    first.policy.policy_ref().version,
                    first.effective_from.map(|d| d.to_string()).unwrap_or_default()
                ))
                })?;
        if let Some(until) = v.effective_until.filter(|u| *u < date) {
            return Err(Error::invalid_input(format!(
                "no version of {} is in force on {date}; v{} ended on {until}",
                v.policy.policy_ref().id,
                v.policy.policy_ref().version
            )));
        }
        Ok(v)
    }

    /// The version in force on `date`, or the latest when no date is given (the career
    /// commands without `--as-of`).
    ///
    /// # Errors
    ///
    /// As [`History::in_force`].
    pub fn as_of(&self, date: Option<Date>) -> Result<&T> {
        match date {
            Some(d) => self.in_force(d),
            None => Ok(self.latest()),
        }
    }

    /// The versions, in the order they take effect.
    pub fn versions(&self) -> &[Version<T>] {
        &self.versions
    }

    /// The latest version (the one in force from the last `effective_from` on).
    pub fn latest(&self) -> &T {
        // `new` refuses an empty history.
        &self.versions[self.versions.len() - 1].policy
    }
}

/// What is wrong with the dates of a history's versions, given in the order they take
/// effect as `(effective_from, effective_until, label)`: one ending before it begins, two
/// in force from the beginning or from the same day, an overlap, a gap. Each problem's place
/// is the version's label, or the two labels of a pair. Shared by [`History::new`] and lint.
pub(crate) fn date_problems(dates: &[(Option<Date>, Option<Date>, String)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (from, until, label) in dates {
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                problems.push(Problem::new(
                    label.clone(),
                    format!("effective_until {u} is before effective_from {f}"),
                ));
            }
        }
    }
    for pair in dates.windows(2) {
        let ((a_from, a_until, a), (b_from, _, b)) = (&pair[0], &pair[1]);
        let place = format!("{a}, {b}");
        let Some(from) = *b_from else {
            problems.push(Problem::new(
                place,
                "both are in force from the beginning (no effective_from)",
            ));
            continue;
        };
        if *a_from == Some(from) {
            problems.push(Problem::new(
                place,
                format!("both take effect on {from} (overlap)"),
            ));
            continue;
        }
        if let Some(until) = *a_until {
            if until >= from {
                problems.push(Problem::new(
                    place,
                    format!("the first is in force until {until}, after the second takes effect on {from} (overlap)"),
                ));
            } else if until.tomorrow().ok() != Some(from) {
                problems.push(Problem::new(
                    place,
                    format!("the first ends on {until} and the second takes effect on {from}; no version is in force in between (gap)"),
                ));
            }
        }
    }
    problems
}

fn version_of<T: Versioned>(value: serde_json::Value, place: &str) -> Result<Version<T>> {
    let serde_json::Value::Object(mut map) = value else {
        return Err(Error::invalid_input(format!("{place} is not a table")));
    };
    let mut date = |key: &str| -> Result<Option<Date>> {
        match map.remove(key) {
            None => Ok(None),
            Some(serde_json::Value::String(s)) => s.parse::<Date>().map(Some).map_err(|e| {
                Error::invalid_input(format!("{place}.{key}: {s:?} is not a date: {e}"))
            }),
            Some(other) => Err(Error::invalid_input(format!(
                "{place}.{key}: {other} is not a date (YYYY-MM-DD)"
            ))),
        }
    };
    let effective_from = date("effective_from")?;
    let effective_until = date("effective_until")?;
    let policy: T = crate::policy::from_value(place, serde_json::Value::Object(map))?;
    Ok(Version {
        effective_from,
        effective_until,
        policy,
    })
}

fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certification::CertPolicy;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    const TWO: &str = r#"
[[versions]]
version = "1"

[[versions]]
version = "2"
effective_from = 2026-09-01
pass_mark = 88
"#;

    #[test]
    fn the_version_in_force_is_the_latest_effective_on_or_before_the_date() {
        let h = History::<CertPolicy>::load(TWO, Format::Toml).unwrap();
        assert_eq!(h.in_force(d("2026-08-31")).unwrap().version, "1");
        assert_eq!(h.in_force(d("2026-09-01")).unwrap().pass_mark, 88.0);
        assert_eq!(h.latest().version, "2");
        let j = r#"{"versions": [{"version": "2", "effective_from": "2026-09-01", "pass_mark": 88}, {"version": "1"}]}"#;
        assert_eq!(History::<CertPolicy>::load(j, Format::Json).unwrap(), h);
    }

    #[test]
    fn single_files_load_unchanged() {
        let h = History::<CertPolicy>::load("pass_mark = 90", Format::Toml).unwrap();
        assert_eq!(
            h,
            History::single(CertPolicy::from_toml("pass_mark = 90").unwrap())
        );
        let e = History::<CertPolicy>::load("pass_mark = 101", Format::Toml).unwrap_err();
        assert_eq!(e, CertPolicy::from_toml("pass_mark = 101").unwrap_err());
        let e = History::<CertPolicy>::load("{", Format::Json).unwrap_err();
        assert_eq!(e, CertPolicy::from_json("{").unwrap_err());
        let h = History::<CertPolicy>::load(
            "effective_from = 2026-01-01\npass_mark = 90",
            Format::Toml,
        )
        .unwrap();
        assert!(h.in_force(d("2025-12-31")).is_err());
        assert_eq!(h.in_force(d("2026-01-01")).unwrap().pass_mark, 90.0);
    }

    #[test]
    fn overlaps_and_gaps_name_the_versions() {
        let overlap = "[[versions]]\nversion = \"1\"\neffective_until = 2026-09-05\n[[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\n";
        let e = History::<CertPolicy>::load(overlap, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("care.certification v1") && e.contains("v2") && e.contains("overlap"),
            "{e}"
        );
        let gap = "[[versions]]\nversion = \"1\"\neffective_until = 2026-08-20\n[[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\n";
        let e = History::<CertPolicy>::load(gap, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(e.contains("gap") && e.contains("versions[1]"), "{e}");
        let same = "[[versions]]\nversion = \"1\"\n[[versions]]\nversion = \"2\"\n";
        assert!(History::<CertPolicy>::load(same, Format::Toml).is_err());
        let ok = "[[versions]]\nversion = \"1\"\neffective_until = 2026-08-31\n[[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\neffective_until = 2026-12-31\n";
        let h = History::<CertPolicy>::load(ok, Format::Toml).unwrap();
        let e = h.in_force(d("2027-01-01")).unwrap_err().to_string();
        assert!(e.contains("v2 ended on 2026-12-31"), "{e}");
        let bad = "[[versions]]\nversion = \"1\"\npass_mark = 101\n";
        let e = History::<CertPolicy>::load(bad, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(e.contains("versions[0]") && e.contains("pass_mark"), "{e}");
    }

    const CATALOGS: &str = include_str!("../../../examples/policies/catalog-history.toml");

    #[test]
    fn catalogs_have_effective_dates_and_decisions_name_the_version() {
        use crate::catalog::Catalog;
        let h = History::<Catalog>::load(CATALOGS, Format::Toml).unwrap();
        assert_eq!(h.versions().len(), 2);
        let v1 = h.in_force(d("2026-12-31")).unwrap();
        let v2 = h.as_of(Some(d("2027-01-01"))).unwrap();
        assert_eq!(h.as_of(None).unwrap(), v2);
        let person = crate::transition::Person {
            current_role: "Agent".into(),
            months_in_role: [("support/agent".to_string(), 7)].into(),
            call_center_years: 0,
            credentials: vec![],
        };
        let r1 = crate::transition::readiness(v1, &person, "Senior Agent").unwrap();
        let r2 = crate::transition::readiness(v2, &person, "Senior Agent").unwrap();
        assert!(r1.eligible && !r2.eligible);
        assert_eq!(
            (r1.policy.version.as_str(), r2.policy.version.as_str()),
            ("1", "2")
        );
        let m = crate::transition::classify(v2, "Senior Agent", "Team Lead").unwrap();
        assert_eq!(m.policy.id, "example.career");
        assert_eq!(m.policy.version, "2");
        // The built-in catalog (no versions, no dates) loads as one version, unchanged.
        let b = History::<Catalog>::load(Catalog::builtin_toml(), Format::Toml).unwrap();
        assert_eq!(b.latest(), &Catalog::builtin().unwrap());
    }

    #[test]
    fn catalog_histories_refuse_overlaps_and_bad_versions() {
        use crate::catalog::Catalog;
        let overlap = CATALOGS.replace(
            "effective_until = 2026-12-31",
            "effective_until = 2027-01-05",
        );
        let e = History::<Catalog>::load(&overlap, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("example.career v1") && e.contains("overlap"),
            "{e}"
        );
        let gap = CATALOGS.replace(
            "effective_until = 2026-12-31",
            "effective_until = 2026-11-30",
        );
        let e = History::<Catalog>::load(&gap, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(e.contains("gap"), "{e}");
        let bad = CATALOGS.replace(
            "grade = 4\ntrack = \"leadership\"",
            "grade = 7\ntrack = \"leadership\"",
        );
        assert_ne!(bad, CATALOGS);
        let e = History::<Catalog>::load(&bad, Format::Toml)
            .unwrap_err()
            .to_string();
        assert!(e.contains("versions[1]") && e.contains("grade"), "{e}");
        let early = History::<Catalog>::load(
            &format!("effective_from = 2027-01-01\n{}", Catalog::builtin_toml()),
            Format::Toml,
        )
        .unwrap();
        assert!(early.in_force(d("2026-12-31")).is_err());
    }

    #[test]
    fn load_as_of_picks_the_version_in_force_or_the_latest() {
        let at = |date: Option<&str>| {
            CertPolicy::load_as_of(TWO, Format::Toml, date.map(d)).map(|p| p.policy_ref().version)
        };
        assert_eq!(at(Some("2026-08-31")).unwrap(), "1");
        assert_eq!(at(Some("2026-09-01")).unwrap(), "2");
        assert_eq!(at(None).unwrap(), "2");
        // A plain file is in force always; a catalog history names its version.
        let plain = CertPolicy::load_as_of("pass_mark = 90", Format::Toml, Some(d("2020-01-01")));
        assert_eq!(plain.unwrap().pass_mark, 90.0);
        let text = include_str!("../../../examples/policies/catalog-history.toml");
        let old = crate::Catalog::load_as_of(text, Format::Toml, Some(d("2026-12-31"))).unwrap();
        assert_eq!(old.policy_ref().version, "1");
        assert_eq!(
            crate::Catalog::load_as_of(text, Format::Toml, None)
                .unwrap()
                .policy_ref()
                .version,
            "2"
        );
    }

    #[test]
    fn load_as_of_refuses_a_date_for_files_without_versions() {
        let text = crate::policy::to_toml(&crate::scorecard::Scorecard::sample()).unwrap();
        let e = crate::scorecard::Scorecard::load_as_of(&text, Format::Toml, Some(d("2026-01-01")))
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("as_of"), "{e}");
        assert!(crate::scorecard::Scorecard::load_as_of(&text, Format::Toml, None).is_ok());
    }
}
