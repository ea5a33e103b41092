//! Policy lint: finds policies and data files that cannot work or are likely mistakes.
//!
//! The loaders ([`crate::policy::load`], [`Catalog::new`](crate::Catalog::new)) refuse a
//! file that does not validate, with every problem listed. Lint goes further in two ways:
//!
//! - it reads files the loaders would **reject** and says why: the text is parsed to a plain
//!   value first, checked field by field against the shape of the built-in (an unknown field
//!   with the closest known name, a number where text belongs...), then read into the
//!   policy type without validation and checked rule by rule;
//! - it warns about policies that load but are likely mistakes: an audit mark under the
//!   pass mark, a coached call that scores below the pass mark, scorecard weights that do not
//!   add up to 100, escalation steps out of order, catalog roles that no path reaches,
//!   prerequisite cycles.
//!
//! Every [`Finding`] names the field (`passes_needed`, `steps[2].day`,
//! `roles[12].prerequisites[0]`), says what is wrong and how to fix it, with a [`Severity`]
//! and the lint rule's id (`lint.cert.passes_needed`). Findings are plain serde data.
//!
//! ```
//! use care_core::lint::{lint_text, FileKind, Severity};
//! use care_core::policy::Format;
//!
//! let findings = lint_text("passes_needed = 6", Format::Toml, None).unwrap();
//! let f = &findings[0];
//! assert_eq!((f.kind_of_file, f.severity), (FileKind::CertPolicy, Severity::Error));
//! assert_eq!(f.field, "passes_needed");
//! ```

mod catalog;
mod checks;
mod history;
mod shape;

pub use catalog::lint_catalog;
pub use checks::{
    lint_calendar, lint_cert_policy, lint_cohort_policy, lint_escalation_policy, lint_scorecard,
};
pub use history::lint_document;
pub(crate) use history::version_name;
pub(crate) use shape::a as article;
pub use shape::{detect_kind, parse_value, template};

use crate::error::{Error, Result};
use crate::policy::Format;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot load, or the policy cannot work (no agent could ever certify).
    Error,
    /// The file loads, but this is probably a mistake.
    Warning,
    /// Worth knowing; often intended.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// The kinds of file lint and diff know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A certification policy ([`CertPolicy`](crate::CertPolicy)).
    CertPolicy,
    /// An escalation policy ([`EscalationPolicy`](crate::EscalationPolicy)).
    EscalationPolicy,
    /// A cohort policy ([`CohortPolicy`](crate::cohort::CohortPolicy)).
    CohortPolicy,
    /// A calendar spec ([`CalendarSpec`](crate::CalendarSpec)).
    Calendar,
    /// A QA scorecard template ([`Scorecard`](crate::Scorecard)).
    Scorecard,
    /// A career map ([`CatalogData`](crate::catalog::CatalogData)).
    Catalog,
}

impl FileKind {
    /// Every kind.
    pub const ALL: [FileKind; 6] = [
        FileKind::CertPolicy,
        FileKind::EscalationPolicy,
        FileKind::CohortPolicy,
        FileKind::Calendar,
        FileKind::Scorecard,
        FileKind::Catalog,
    ];

    /// The snake_case name used on the command line and in JSON (`cert_policy`).
    pub fn code(self) -> &'static str {
        match self {
            FileKind::CertPolicy => "cert_policy",
            FileKind::EscalationPolicy => "escalation_policy",
            FileKind::CohortPolicy => "cohort_policy",
            FileKind::Calendar => "calendar",
            FileKind::Scorecard => "scorecard",
            FileKind::Catalog => "catalog",
        }
    }

    /// Parses a kind forgivingly: `cert_policy`, `cert`, `certification`, `escalation`,
    /// `cohort`, `calendar`, `scorecard`, `catalog`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] with the closest kind.
    pub fn parse(name: &str) -> Result<FileKind> {
        let n = crate::suggest::normalize(name).replace([' ', '_', '-'], "");
        let kind = match n.as_str() {
            "cert" | "certpolicy" | "certification" | "certificationpolicy" => FileKind::CertPolicy,
            "escalation" | "escalationpolicy" => FileKind::EscalationPolicy,
            "cohort" | "cohortpolicy" => FileKind::CohortPolicy,
            "calendar" | "calendarspec" => FileKind::Calendar,
            "scorecard" | "qascorecard" => FileKind::Scorecard,
            "catalog" | "careermap" | "map" => FileKind::Catalog,
            _ => {
                return Err(Error::unknown_name(
                    "file kind",
                    name,
                    FileKind::ALL.iter().map(|k| k.code()),
                ))
            }
        };
        Ok(kind)
    }
}

/// The options of the text tools ([`lint_text`], [`crate::diff::diff_text`] and
/// [`crate::diff::diff_history`]) read in one step, as a binding takes them: the same keys as
/// Python's keyword arguments (each function takes only the keys it has).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextOptions {
    /// How the text is written; TOML when left out ([`TextOptions::format`]).
    pub format: Option<Format>,
    /// The kind of file, a name [`FileKind::parse`] reads; told from the fields when left out.
    pub kind: Option<String>,
    /// [`crate::diff::diff_history`]: the version compared from (each with the next when left
    /// out).
    pub from_version: Option<String>,
    /// [`crate::diff::diff_history`]: the version compared to.
    pub to_version: Option<String>,
}

impl TextOptions {
    /// The format given, TOML when left out.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(Format::Toml)
    }

    /// The kind given, parsed ([`FileKind::parse`]); `None` when left out.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] with the closest kind.
    pub fn kind(&self) -> Result<Option<FileKind>> {
        self.kind.as_deref().map(FileKind::parse).transpose()
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::CertPolicy => "certification policy",
            FileKind::EscalationPolicy => "escalation policy",
            FileKind::CohortPolicy => "cohort policy",
            FileKind::Calendar => "calendar",
            FileKind::Scorecard => "QA scorecard",
            FileKind::Catalog => "catalog",
        })
    }
}

/// One thing lint found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// The kind of file it was found in.
    pub kind_of_file: FileKind,
    /// The field, in the file's own terms: `passes_needed`, `steps[2].day`,
    /// `roles[12].prerequisites[0]`; empty for the file as a whole.
    pub field: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to fix it, in a sentence.
    pub suggestion: String,
    /// The lint rule's stable id, e.g. `lint.cert.passes_needed`.
    pub rule: String,
}

impl Finding {
    /// A finding.
    pub fn new(
        severity: Severity,
        kind_of_file: FileKind,
        field: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
        suggestion: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            kind_of_file,
            field: field.into(),
            message: message.into(),
            suggestion: suggestion.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() {
            "(file)"
        } else {
            &self.field
        };
        write!(
            f,
            "{}: {field}: {} [{}]",
            self.severity, self.message, self.rule
        )?;
        if !self.suggestion.is_empty() {
            write!(f, "; fix: {}", self.suggestion)?;
        }
        Ok(())
    }
}

/// Whether any finding is an [`Severity::Error`].
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Lints a policy or data file given as text: parses it (TOML or JSON), finds its kind from
/// its fields unless `kind` is given, and checks it ([`lint_value`]; a history file version
/// by version and as a whole, [`lint_document`]). The findings come
/// sorted: errors first, then warnings, then infos, each in file order.
///
/// # Errors
///
/// [`Error::Parse`] when the text is not TOML or JSON at all (the place is named);
/// [`Error::InvalidInput`] when the kind cannot be told from the fields (give `kind`);
/// [`Error::TooLarge`] over [`MAX_INPUT_BYTES`](crate::policy::MAX_INPUT_BYTES).
pub fn lint_text(text: &str, format: Format, kind: Option<FileKind>) -> Result<Vec<Finding>> {
    let value = parse_value(text, format)?;
    lint_document(&value, kind).map(|(_, findings)| findings)
}

/// Lints a file already parsed to a plain value as `kind`: the shape first (unknown fields,
/// wrong types, values the type cannot hold), then the typed checks of `kind` on what can be
/// read ([`lint_cert_policy`] and the others). Never fails: what cannot be read is a finding.
pub fn lint_value(value: &serde_json::Value, kind: FileKind) -> Vec<Finding> {
    let checked = shape::check(value, kind);
    let typed = match checked.repaired.clone() {
        Some(v) => match kind {
            FileKind::CertPolicy => serde_json::from_value(v).map(|p| checks::lint_cert_policy(&p)),
            FileKind::EscalationPolicy => {
                serde_json::from_value(v).map(|p| checks::lint_escalation_policy(&p))
            }
            FileKind::CohortPolicy => {
                serde_json::from_value(v).map(|p| checks::lint_cohort_policy(&p))
            }
            FileKind::Calendar => serde_json::from_value(v).map(|p| checks::lint_calendar(&p)),
            FileKind::Scorecard => serde_json::from_value(v).map(|p| checks::lint_scorecard(&p)),
            FileKind::Catalog => serde_json::from_value(v).map(|p| catalog::lint_catalog(&p)),
        }
        .ok(),
        None => None,
    };
    // A field the shape check repaired holds a stand-in value: what the typed checks say
    // about it, or about the rest of its list element, is not the file's.
    let stand_ins: Vec<String> = checked
        .findings
        .iter()
        .filter(|f| !f.field.is_empty())
        .map(|f| f.field.clone())
        .collect();
    let mut findings = checked.findings.clone();
    for mut f in typed.unwrap_or_default() {
        f.field = checked.original(&f.field);
        if stand_ins.iter().any(|s| covers(s, &f.field)) {
            continue;
        }
        if !findings
            .iter()
            .any(|g| g.field == f.field && g.severity == f.severity && g.rule == f.rule)
        {
            findings.push(f);
        }
    }
    findings.sort_by_key(|f| f.severity);
    findings
}

/// Whether a finding on `field` is about the stand-in put at `repaired`: the field itself,
/// inside it, or in the same list element (`roles[3].grade` covers `roles[3].unit`).
fn covers(repaired: &str, field: &str) -> bool {
    let inside = |base: &str| {
        field == base
            || field
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    };
    if inside(repaired) {
        return true;
    }
    match repaired.rfind(']') {
        Some(end) => inside(&repaired[..=end]),
        None => false,
    }
}

/// Adds the problems a type's own validation reports that no finding names yet, as errors
/// of rule `rule`: lint never says less than the loader.
pub(crate) fn add_problems(
    findings: &mut Vec<Finding>,
    kind: FileKind,
    rule: &str,
    prefix: &str,
    result: Result<()>,
) {
    let problems = match result {
        Ok(()) => return,
        Err(Error::InvalidPolicy { problems, .. })
        | Err(Error::InvalidCatalog { problems })
        | Err(Error::InvalidScorecard { problems }) => problems,
        Err(e) => vec![crate::Problem::new("", e.to_string())],
    };
    for p in problems {
        let field = format!("{prefix}{}", p.place);
        let named = findings.iter().any(|f| {
            f.severity == Severity::Error
                && (f.field == field || field.split(", ").any(|part| part == f.field))
        });
        if !named {
            let suggestion = did_you_mean(&p.message)
                .map(|s| format!("use {s:?}"))
                .unwrap_or_else(|| "correct the value as the message says".to_string());
            findings.push(Finding::new(
                Severity::Error,
                kind,
                field,
                rule,
                p.message,
                suggestion,
            ));
        }
    }
}

/// The name in a `(did you mean "x"?)` of a message, if any.
pub(crate) fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.split("did you mean \"").nth(1)?;
    Some(rest.split('"').next()?.to_string())
}

#[cfg(test)]
mod tests;
