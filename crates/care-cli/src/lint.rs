//! `care lint FILE...`: policies, calendars, scorecards and catalogs that cannot work or are
//! likely mistakes, each finding with its field, severity and fix.

use crate::out::{read_file, write_stdout, CliResult, Ctx};
use care_core::lint::{self, FileKind, Finding, Severity};
use care_core::policy::Format;
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// `care lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// The files to check (TOML or JSON): certification, escalation or cohort policies,
    /// calendars, QA scorecards, catalogs.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The kind of every file, when its fields do not tell: cert_policy, escalation_policy,
    /// cohort_policy, calendar, scorecard or catalog.
    #[arg(long)]
    kind: Option<String>,
}

/// One file's answer.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind_of_file: Option<FileKind>,
    findings: Vec<Finding>,
    /// Why the file could not be checked at all (unreadable, not TOML or JSON, kind unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The format a file's name gives.
pub fn format_of(path: &Path) -> CliResult<Format> {
    Format::from_path(path).ok_or_else(|| {
        care_core::Error::invalid_input(format!(
            "cannot tell the format of {:?}; name it .toml or .json",
            path.display().to_string()
        ))
        .into()
    })
}

fn check(path: &Path, kind: Option<FileKind>) -> CliResult<(FileKind, Vec<Finding>)> {
    let text = read_file(path)?;
    let format = format_of(path)?;
    let value = lint::parse_value(&text, format)?;
    // A history file is linted version by version; the only error is a kind not told.
    lint::lint_document(&value, kind).map_err(|_| {
        care_core::Error::invalid_input(
            "cannot tell what kind of file this is from its fields; give --kind",
        )
        .into()
    })
}

/// Runs `care lint`; `Ok(true)` when a file has an error finding or could not be checked
/// (the exit code is then 1).
pub fn run(ctx: &Ctx, a: LintArgs) -> CliResult<bool> {
    let kind = a.kind.as_deref().map(FileKind::parse).transpose()?;
    let reports: Vec<FileReport> = a
        .files
        .iter()
        .map(|path| {
            let file = path.display().to_string();
            match check(path, kind) {
                Ok((k, findings)) => FileReport {
                    file,
                    kind_of_file: Some(k),
                    findings,
                    error: None,
                },
                Err(e) => FileReport {
                    file,
                    kind_of_file: None,
                    findings: Vec::new(),
                    error: Some(e.to_string()),
                },
            }
        })
        .collect();
    let failed = reports
        .iter()
        .any(|r| r.error.is_some() || lint::has_errors(&r.findings));
    if ctx.json {
        write_stdout(&(care_core::policy::to_json(&reports)? + "\n"))?;
    } else {
        write_stdout(&text(&reports))?;
    }
    Ok(failed)
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn text(reports: &[FileReport]) -> String {
    let mut s = String::new();
    for r in reports {
        let Some(kind) = r.kind_of_file else {
            s.push_str(&format!(
                "{}: cannot check: {}\n",
                r.file,
                r.error.as_deref().unwrap_or("")
            ));
            continue;
        };
        let n = |sev| r.findings.iter().filter(|f| f.severity == sev).count();
        s.push_str(&format!(
            "{} ({kind}): {}, {}, {}\n",
            r.file,
            count(n(Severity::Error), "error"),
            count(n(Severity::Warning), "warning"),
            count(n(Severity::Info), "info")
        ));
        for f in &r.findings {
            let field = if f.field.is_empty() {
                "(file)"
            } else {
                &f.field
            };
            s.push_str(&format!(
                "  {:<8} {field}: {} [{}]\n",
                f.severity.to_string(),
                f.message,
                f.rule
            ));
            if !f.suggestion.is_empty() {
                s.push_str(&format!("           fix: {}\n", f.suggestion));
            }
        }
    }
    s
}
