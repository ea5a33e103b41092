//! The documents' troubleshooting steps as data, with a lookup by symptom.
//!
//! The certification process lists four technical fixes (a failed CTI login or Zoiper's
//! "20 error", an empty yes/no dropdown, a frozen CTI screen, a failing training CNRX link).
//! They ship as [`Troubleshooting::builtin`]; an organisation loads its own with
//! [`Troubleshooting::from_toml`] or [`Troubleshooting::from_json`].
//!
//! ```
//! use care_core::troubleshoot::Troubleshooting;
//!
//! let guide = Troubleshooting::builtin();
//! let fix = guide.lookup("Zoiper says 20 error").unwrap();
//! assert_eq!(fix.entry.id, "cti-login-or-20-error");
//! assert_eq!(fix.entry.steps, ["Reboot the computer."]);
//! ```

use crate::error::{Error, Problem, Result};
use crate::explain::{PolicyRef, Reason};
use crate::suggest::normalize;
use serde::{Deserialize, Serialize};

const BUILTIN: &str = include_str!("../data/troubleshooting.toml");

/// One known problem and its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    /// A stable id, e.g. `cti-screen-frozen`.
    pub id: String,
    /// The symptom as a person would describe it.
    pub symptom: String,
    /// Words and phrases that point to this entry.
    pub keywords: Vec<String>,
    /// What to do, in order.
    pub steps: Vec<String>,
}

/// A list of known problems and their fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Troubleshooting {
    /// The list's id.
    pub id: String,
    /// The list's version.
    pub version: String,
    /// The entries, in the order they are tried.
    pub entries: Vec<Entry>,
}

/// The answer to a lookup: the entry that matched and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fix {
    /// The entry that matched best.
    pub entry: Entry,
    /// Which keywords of the entry the symptom contained.
    pub matched: Vec<String>,
    /// Why this entry was chosen.
    pub reasons: Vec<Reason>,
    /// The list that answered.
    pub policy: PolicyRef,
}

crate::policy::loadable!(Troubleshooting, "a troubleshooting list");

impl Troubleshooting {
    /// The documents' four fixes.
    pub fn builtin() -> Troubleshooting {
        // The embedded file is checked by a test; should it ever fail to parse, an empty
        // list (every lookup an `UnknownName` error) is better than a panic.
        Troubleshooting::from_toml(BUILTIN).unwrap_or_else(|_| Troubleshooting {
            id: "care.troubleshooting".into(),
            version: "0".into(),
            entries: Vec::new(),
        })
    }

    /// Checks that ids are unique and non-empty and that every entry has keywords and steps.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.id.trim().is_empty() {
                problems.push(Problem::new(format!("entries[{i}].id"), "is empty"));
            } else if !seen.insert(e.id.as_str()) {
                problems.push(Problem::new(
                    format!("entries[{i}].id"),
                    format!("duplicate id {:?}", e.id),
                ));
            }
            if e.keywords.iter().all(|k| normalize(k).is_empty()) {
                problems.push(Problem::new(
                    format!("entries[{i}].keywords"),
                    "has no keyword",
                ));
            }
            if e.steps.is_empty() {
                problems.push(Problem::new(format!("entries[{i}].steps"), "has no step"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: self.id.clone(),
                problems,
            })
        }
    }

    /// Finds the fix for a symptom described in free text.
    ///
    /// The entry whose keywords cover the most words of the symptom wins (ties go to the
    /// earlier entry). A symptom that matches nothing is an [`Error::UnknownName`] that
    /// suggests the closest known symptom.
    pub fn lookup(&self, symptom: &str) -> Result<Fix> {
        let wanted = format!(" {} ", normalize(symptom));
        let mut best: Option<(usize, &Entry, Vec<String>)> = None;
        for entry in &self.entries {
            let mut score = 0;
            let mut matched = Vec::new();
            for k in &entry.keywords {
                let key = normalize(k);
                if !key.is_empty() && wanted.contains(&format!(" {key} ")) {
                    score += key.split(' ').count();
                    matched.push(k.clone());
                }
            }
            if score > 0 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, entry, matched));
            }
        }
        let Some((_, entry, matched)) = best else {
            return Err(Error::unknown_name(
                "symptom",
                symptom,
                self.entries.iter().map(|e| e.symptom.as_str()),
            ));
        };
        let reasons = vec![Reason::new(
            "troubleshoot.keywords",
            crate::suggest::clip(symptom),
            format!(
                "the symptom mentions {}, which points to {:?}",
                quote_list(&matched),
                entry.symptom
            ),
        )];
        Ok(Fix {
            entry: entry.clone(),
            matched,
            reasons,
            policy: PolicyRef {
                id: self.id.clone(),
                version: self.version.clone(),
            },
        })
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_the_four_fixes() {
        let t = Troubleshooting::from_toml(BUILTIN).unwrap();
        assert_eq!(t.entries.len(), 4);
        assert_eq!(Troubleshooting::builtin(), t);
    }

    #[test]
    fn lookups_by_symptom() {
        let t = Troubleshooting::builtin();
        let id = |s: &str| t.lookup(s).unwrap().entry.id;
        assert_eq!(id("20 error"), "cti-login-or-20-error");
        assert_eq!(id("I can't LOGIN to CTI"), "cti-login-or-20-error");
        assert_eq!(
            id("the yes/no dropdown has no options"),
            "yes-no-dropdown-empty"
        );
        assert_eq!(id("CTI screen frozen"), "cti-screen-frozen");
        assert_eq!(id("training CNRX link fails"), "training-cnrx-link");
    }

    #[test]
    fn unknown_symptoms_are_errors_that_suggest() {
        let t = Troubleshooting::builtin();
        let e = t.lookup("printer out of paper").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::UnknownName);
        assert!(
            e.to_string()
                .starts_with("unknown symptom \"printer out of paper\""),
            "{e}"
        );
        assert!(t.lookup("").is_err());
    }

    #[test]
    fn validation_lists_every_problem() {
        let text = r#"
            id = "x"
            version = "1"
            [[entries]]
            id = "a"
            symptom = "s"
            keywords = ["k"]
            steps = []
            [[entries]]
            id = "a"
            symptom = "s"
            keywords = []
            steps = ["do"]
        "#;
        let e = Troubleshooting::from_toml(text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid policy \"x\": 3 problems: entries[0].steps: has no step; entries[1].id: duplicate id \"a\"; entries[1].keywords: has no keyword"
        );
    }
}
