//! `care policy diff | default`: what changed between two versions of a policy or catalog
//! and which rules read it; the built-in of each kind.

use crate::lint::format_of;
use crate::out::{emit, read_file, write_stdout, CliResult, Ctx};
use care_core::diff::{self, ChangeKind, PolicyDiff};
use care_core::lint::FileKind;
use clap::Subcommand;
use std::path::PathBuf;

/// `care policy ...`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// List each field changed from OLD to NEW with the rules that read it (policies,
    /// calendars, scorecards; catalogs by role: added, removed, regraded, prerequisites
    /// changed). With one file that holds [[versions]], each version against the next.
    Diff {
        /// The old version (TOML or JSON), or a history file alone.
        old: PathBuf,
        /// The new version (TOML or JSON); left out when OLD is a history.
        new: Option<PathBuf>,
        /// With a history: compare this version (its `version`) instead of each with the
        /// next; to the latest unless --to-version.
        #[arg(long, value_name = "VERSION")]
        from_version: Option<String>,
        /// With a history: compare up to this version (from the first unless
        /// --from-version).
        #[arg(long, value_name = "VERSION")]
        to_version: Option<String>,
        /// The kind of both files, when their fields do not tell: cert_policy,
        /// escalation_policy, cohort_policy, calendar, scorecard or catalog.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Print the built-in of a kind (the documents' values) as TOML, or JSON with --json:
    /// cert_policy, escalation_policy, cohort_policy, calendar, scorecard or catalog.
    Default {
        /// The kind.
        kind: String,
    },
}

/// Runs `care policy ...`.
pub fn run(ctx: &Ctx, c: PolicyCommand) -> CliResult {
    match c {
        PolicyCommand::Diff {
            old,
            new,
            from_version,
            to_version,
            kind,
        } => {
            let kind = kind.as_deref().map(FileKind::parse).transpose()?;
            let a = read_file(&old)?;
            let Some(new) = new else {
                let h = diff::diff_history(
                    &a,
                    format_of(&old)?,
                    kind,
                    from_version.as_deref(),
                    to_version.as_deref(),
                )?;
                return emit(ctx, &h, || history_text(&h));
            };
            if from_version.is_some() || to_version.is_some() {
                return Err(care_core::Error::invalid_input(
                    "--from-version and --to-version pick versions of one history file; give one file",
                )
                .into());
            }
            let b = read_file(&new)?;
            let d = diff::diff_texts((&a, format_of(&old)?), (&b, format_of(&new)?), kind)?;
            emit(ctx, &d, || text(&d))
        }
        PolicyCommand::Default { kind } => {
            use care_core::policy::{to_json, to_toml};
            let kind = FileKind::parse(&kind)?;
            let text = match (kind, ctx.json) {
                (FileKind::CertPolicy, false) => to_toml(&care_core::CertPolicy::default())?,
                (FileKind::CertPolicy, true) => to_json(&care_core::CertPolicy::default())?,
                (FileKind::EscalationPolicy, false) => {
                    to_toml(&care_core::EscalationPolicy::default())?
                }
                (FileKind::EscalationPolicy, true) => {
                    to_json(&care_core::EscalationPolicy::default())?
                }
                (FileKind::CohortPolicy, false) => {
                    to_toml(&care_core::cohort::CohortPolicy::default())?
                }
                (FileKind::CohortPolicy, true) => {
                    to_json(&care_core::cohort::CohortPolicy::default())?
                }
                (FileKind::Calendar, false) => to_toml(&care_core::CalendarSpec::default())?,
                (FileKind::Calendar, true) => to_json(&care_core::CalendarSpec::default())?,
                (FileKind::Scorecard, false) => care_core::scorecard::SAMPLE_TOML.to_string(),
                (FileKind::Scorecard, true) => to_json(&care_core::Scorecard::sample())?,
                (FileKind::Catalog, false) => care_core::Catalog::builtin_toml().to_string(),
                (FileKind::Catalog, true) => care_core::Catalog::builtin()?.to_json()?,
            };
            write_stdout(&text)?;
            if ctx.json {
                write_stdout("\n")?;
            }
            Ok(())
        }
    }
}

fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "-".to_string(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}...", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        }
    }
}

fn history_text(h: &diff::HistoryDiff) -> String {
    if h.steps.is_empty() {
        return format!("{}: one version, nothing to compare\n", h.kind_of_file);
    }
    let mut s = String::new();
    for (i, step) in h.steps.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let from = step
            .effective_from
            .map(|d| format!(" (from {d})"))
            .unwrap_or_default();
        s.push_str(&format!("{} -> {}{from}\n", step.from, step.to));
        s.push_str(&text(&step.diff));
    }
    s
}

fn text(d: &PolicyDiff) -> String {
    if d.changes.is_empty() {
        return format!("{}: no changes\n", d.kind_of_file);
    }
    let n = d.changes.len();
    let mut s = format!(
        "{}: {n} change{}\n",
        d.kind_of_file,
        if n == 1 { "" } else { "s" }
    );
    for c in &d.changes {
        let what = match c.change {
            ChangeKind::Added => format!("added {}", show(c.new.as_ref())),
            ChangeKind::Removed => format!("removed (was {})", show(c.old.as_ref())),
            ChangeKind::Changed => format!("{} -> {}", show(c.old.as_ref()), show(c.new.as_ref())),
            ChangeKind::Regraded => format!(
                "regraded {} -> {}",
                show(c.old.as_ref()),
                show(c.new.as_ref())
            ),
            ChangeKind::PrerequisitesChanged => "prerequisites changed".to_string(),
        };
        s.push_str(&format!("  {}: {what}\n", c.field));
        if !c.rules.is_empty() {
            s.push_str(&format!("      read by {}\n", c.rules.join(", ")));
        }
    }
    s.push_str(&format!("rules affected: {}\n", d.rules().join(", ")));
    s
}
