//! `care calibrate FILE...` and `care certifiers TRACKER`.

use crate::cohort::load_history;
use crate::cohort::ReportFormat;
use crate::out::{emit, read_bytes, read_file, CliResult, Ctx};
use care_core::calibration::{self, CalibrationPolicy, CalibrationSession};
use care_core::policy::Format;
use care_core::Scorecard;
use clap::Args;
use std::path::{Path, PathBuf};

/// `care calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The session's files: TOML or JSON sessions, CSV (call,certifier,<item ids>), or the
    /// certifiers' filled scorecard workbooks (.xlsx, one per certifier: the `Certifier` cell
    /// names them, else the file's stem); several files join into one session.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The scorecard template of CSV files (TOML or JSON); default the sample scorecard.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The benchmark grader of CSV files and workbooks; without one, the group's consensus is
    /// the reference.
    #[arg(long, value_name = "NAME")]
    pub benchmark: Option<String>,
    /// A calibration policy file (TOML or JSON) naming the thresholds it changes.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// text, markdown, csv or xlsx (ignored with --json).
    #[arg(long, default_value = "text")]
    pub format: ReportFormat,
    /// Write the result to FILE instead of stdout (required for xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `care certifiers`.
#[derive(Debug, Args)]
pub struct CertifiersArgs {
    /// The tracker CSV (one row per agent and day, with the certifier and call scores).
    #[arg(value_name = "TRACKER.csv")]
    pub tracker: PathBuf,
    /// A calibration policy file (TOML or JSON): minimum calls, allowed gaps.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// A cohort policy file (TOML or JSON) for reading the tracker (calls, pass mark).
    #[arg(long, value_name = "FILE")]
    pub cohort_policy: Option<PathBuf>,
    /// text, markdown, csv or xlsx (ignored with --json).
    #[arg(long, default_value = "text")]
    pub format: ReportFormat,
    /// Write the result to FILE instead of stdout (required for xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn format_of(path: &Path) -> Option<Format> {
    Format::from_path(path)
}

fn calibration_policy(path: Option<&Path>) -> CliResult<CalibrationPolicy> {
    match path {
        None => Ok(CalibrationPolicy::default()),
        Some(p) => {
            let text = read_file(p)?;
            Ok(match format_of(p) {
                Some(Format::Json) => CalibrationPolicy::from_json(&text)?,
                _ => CalibrationPolicy::from_toml(&text)?,
            })
        }
    }
}

/// Compares the certifiers of a calibration session.
pub fn calibrate(ctx: &Ctx, a: CalibrateArgs) -> CliResult {
    let policy = calibration_policy(a.policy.as_deref())?;
    let given = match &a.template {
        None => None,
        Some(p) => {
            let text = read_file(p)?;
            Some(match format_of(p) {
                Some(Format::Json) => Scorecard::from_json(&text)?,
                _ => Scorecard::from_toml(&text)?,
            })
        }
    };
    let has_ext = |path: &Path, ext: &str| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    };
    let is_csv = |path: &Path| has_ext(path, "csv");
    let is_xlsx = |path: &Path| has_ext(path, "xlsx");
    // The certifiers' workbooks make one session, in the order given.
    let books: Vec<(String, Vec<u8>)> = a
        .files
        .iter()
        .filter(|p| is_xlsx(p))
        .map(|p| Ok((p.display().to_string(), read_bytes(p)?)))
        .collect::<CliResult<_>>()?;
    // TOML and JSON sessions first: a CSV file's template is --template, else theirs, else
    // the sample scorecard.
    let mut sessions: Vec<(usize, CalibrationSession)> = Vec::with_capacity(a.files.len());
    if let Some(first) = a.files.iter().position(|p| is_xlsx(p)) {
        sessions.push((
            first,
            CalibrationSession::from_workbooks(&books, a.benchmark.clone())?,
        ));
    }
    for (i, path) in a
        .files
        .iter()
        .enumerate()
        .filter(|(_, p)| !is_csv(p) && !is_xlsx(p))
    {
        let text = read_file(path)?;
        let s = if format_of(path) == Some(Format::Json) {
            CalibrationSession::from_json(&text)
        } else {
            CalibrationSession::from_toml(&text)
        }
        .map_err(|e| in_file(path, e))?;
        sessions.push((i, s));
    }
    let template = given
        .or_else(|| sessions.first().map(|(_, s)| s.template.clone()))
        .unwrap_or_else(Scorecard::sample);
    for (i, path) in a.files.iter().enumerate().filter(|(_, p)| is_csv(p)) {
        let text = read_file(path)?;
        let s = CalibrationSession::from_csv(&text, template.clone(), a.benchmark.clone())
            .map_err(|e| in_file(path, e))?;
        sessions.push((i, s));
    }
    sessions.sort_by_key(|(i, _)| *i);
    let sessions: Vec<CalibrationSession> = sessions
        .into_iter()
        .map(|(_, mut s)| {
            if s.benchmark.is_none() {
                s.benchmark.clone_from(&a.benchmark);
            }
            s
        })
        .collect();
    let session = CalibrationSession::merge(sessions)?;
    let r = calibration::calibrate(&session, &policy)?;
    if ctx.json {
        return emit(ctx, &r, String::new);
    }
    let bytes = match a.format {
        ReportFormat::Text => r.to_text().into_bytes(),
        ReportFormat::Markdown => r.to_markdown().into_bytes(),
        ReportFormat::Csv => r.to_csv()?.into_bytes(),
        ReportFormat::Xlsx => care_core::workbook::calibration::calibration_xlsx(&r)?,
        other => return Err(table_only(other)),
    };
    output(ctx, &r, a.format, a.output.as_deref(), bytes)
}

/// Writes `bytes` to `path`, or prints them (an xlsx workbook needs a file).
fn output<T: serde::Serialize>(
    ctx: &Ctx,
    value: &T,
    format: ReportFormat,
    path: Option<&Path>,
    bytes: Vec<u8>,
) -> CliResult {
    match path {
        Some(path) => crate::out::write_file(path, &bytes),
        None if format == ReportFormat::Xlsx => Err(care_core::Error::invalid_input(
            "an xlsx workbook needs -o FILE; a workbook is not written to the terminal",
        )
        .into()),
        None => emit(ctx, value, || String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Each certifier's pass rate and mean score against the pool's, from a tracker.
pub fn certifiers(ctx: &Ctx, a: CertifiersArgs) -> CliResult {
    let policy = calibration_policy(a.policy.as_deref())?;
    // A history of cohort policies: the latest version reads the tracker.
    let cohort_policy = load_history(a.cohort_policy.as_deref())?.latest().clone();
    let text = read_file(&a.tracker)?;
    let calls =
        calibration::graded_calls(&text, &cohort_policy).map_err(|e| in_file(&a.tracker, e))?;
    let r = calibration::leniency(&calls.calls, &policy)?;
    if ctx.json {
        let v = serde_json::json!({ "leniency": r, "unattributed": calls.unattributed });
        return emit(ctx, &v, String::new);
    }
    let mut text = match a.format {
        ReportFormat::Text => r.to_text(),
        ReportFormat::Markdown => r.to_markdown(),
        ReportFormat::Csv => r.to_csv()?,
        ReportFormat::Xlsx => {
            let bytes = care_core::workbook::calibration::leniency_xlsx(&r)?;
            return output(ctx, &r, a.format, a.output.as_deref(), bytes);
        }
        other => return Err(table_only(other)),
    };
    if !calls.unattributed.is_empty() && a.format != ReportFormat::Csv {
        text.push_str(&format!(
            "\n{} scored call{} name no certifier and are left out: {}\n",
            calls.unattributed.len(),
            if calls.unattributed.len() == 1 {
                ""
            } else {
                "s"
            },
            calls.unattributed.join(", ")
        ));
    }
    output(ctx, &r, a.format, a.output.as_deref(), text.into_bytes())
}

/// An error of one of several files, prefixed with the file's name.
fn in_file(path: &Path, e: care_core::Error) -> crate::out::CliError {
    crate::out::CliError::Core(care_core::Error::invalid_input(format!(
        "{}: {e}",
        path.display()
    )))
}

/// The calibration tables are written as text, Markdown or CSV only.
fn table_only(format: ReportFormat) -> crate::out::CliError {
    care_core::Error::invalid_input(format!(
        "--format {format:?} is for the end-of-day report; calibration tables are text, markdown, csv or xlsx"
    ))
    .into()
}
