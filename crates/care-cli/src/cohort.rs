//! `care report | pair | forecast | troubleshoot`.

use crate::out::{data_format, emit, parse_date, read_file, CliResult, Ctx};
use care_core::cohort::{self, Cohort, CohortPolicy, Staff};
use care_core::Calendar;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Where the cohort, staff, calendar and policy come from: shared by report and pair.
#[derive(Debug, Args)]
pub struct CohortSource {
    /// The tracker, CSV or xlsx (one row per agent and day; `-` for a CSV on stdin);
    /// without it, the sample cohort.
    #[arg(value_name = "TRACKER")]
    pub tracker: Option<PathBuf>,
    /// The sheet of an xlsx tracker (default: "Tracker", else the first sheet).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The staff file (TOML or JSON: coordinator and certifiers); default the sample staff.
    #[arg(long, value_name = "FILE")]
    pub certifiers: Option<PathBuf>,
    /// Progress notes to add: a text file of `Date - Name - Note` lines (e.g. from emails),
    /// or an xlsx workbook whose first sheet has columns date, name, note or such lines.
    /// Notes already in the tracker are reported on stderr and not added twice.
    #[arg(long, value_name = "FILE")]
    pub notes: Option<PathBuf>,
    /// The holiday calendar: `none` (the default) or `us-federal`.
    #[arg(long, default_value = "none")]
    pub holidays: String,
    /// The site's IANA time zone (`--tz` is accepted too).
    #[arg(long, alias = "tz", default_value = "UTC")]
    pub time_zone: String,
    /// A cohort policy file (TOML or JSON) naming what it changes.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

/// The report's text format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Plain text for an email.
    Text,
    /// Markdown.
    Markdown,
    /// CSV (formula-like cells are prefixed with ').
    Csv,
    /// An xlsx workbook, one sheet per section (needs -o FILE).
    Xlsx,
    /// An HTML email body (inline styles, no scripts or images).
    Html,
    /// An email draft (.eml): text and HTML, the workbook attached, To the policy's
    /// distribution list, X-Unsent: 1. Nothing is sent.
    Eml,
}

/// `care report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub source: CohortSource,
    /// The day of the report (as of its end): 2026-07-10 or 7/10/2026.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: jiff::civil::Date,
    /// text, markdown, csv, xlsx, html or eml (ignored with --json).
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Write the report to FILE instead of stdout (required for xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}
/// `care pair`.
#[derive(Debug, Args)]
pub struct PairArgs {
    #[command(flatten)]
    pub source: CohortSource,
    /// The day to pair for.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub day: jiff::civil::Date,
}
/// `care forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// How many agents start together.
    #[arg(long)]
    pub agents: u32,
    /// How many certifiers.
    #[arg(long)]
    pub certifiers: u32,
    /// The agents' start date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: jiff::civil::Date,
    /// The holiday calendar: `none` (the default) or `us-federal`.
    #[arg(long, default_value = "none")]
    pub holidays: String,
    /// The site's IANA time zone (`--tz` is accepted too).
    #[arg(long, alias = "tz", default_value = "UTC")]
    pub time_zone: String,
    /// A cohort policy file (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}
/// `care troubleshoot SYMPTOM`.
#[derive(Debug, Args)]
pub struct TroubleshootArgs {
    /// The symptom in your own words, e.g. "20 error" or "CTI screen frozen".
    pub symptom: String,
    /// An organisation's own troubleshooting list (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub guide: Option<std::path::PathBuf>,
}

/// Prints the end-of-day report.
pub fn report(ctx: &Ctx, a: ReportArgs) -> CliResult {
    let as_of = a.as_of;
    let (cohort, calendar, policy) = load(&a.source, as_of)?;
    if a.format == ReportFormat::Csv && !ctx.json {
        // Written one agent at a time: a large cohort's report is never held whole.
        return crate::out::write_streamed(a.output.as_deref(), |out| {
            cohort::report::write_csv(&cohort, as_of, &calendar, &policy, out)
        });
    }
    let r = cohort::report(&cohort, as_of, &calendar, &policy)?;
    if ctx.json {
        return emit(ctx, &r, String::new);
    }
    let bytes: Vec<u8> = match a.format {
        ReportFormat::Text => r.to_text().into_bytes(),
        ReportFormat::Markdown => r.to_markdown().into_bytes(),
        ReportFormat::Csv => r.to_csv()?.into_bytes(),
        ReportFormat::Html => cohort::email::report_html(&r).into_bytes(),
        ReportFormat::Xlsx => care_core::workbook::report::report_xlsx(&r)?,
        ReportFormat::Eml => {
            care_core::workbook::report::report_eml_with_xlsx(&r, &policy)?.into_bytes()
        }
    };
    match &a.output {
        Some(path) => crate::out::write_file(path, &bytes),
        None if a.format == ReportFormat::Xlsx => Err(care_core::Error::invalid_input(
            "an xlsx report needs -o FILE; a workbook is not written to the terminal",
        )
        .into()),
        None => emit(ctx, &r, || String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Prints the pairing of a day.
pub fn pair(ctx: &Ctx, a: PairArgs) -> CliResult {
    let day = a.day;
    let (cohort, calendar, policy) = load(&a.source, day)?;
    let p = cohort::pair(&cohort, day, &calendar, &policy)?;
    emit(ctx, &p, || p.to_string())
}

/// Prints a forecast.
pub fn forecast(ctx: &Ctx, a: ForecastArgs) -> CliResult {
    let start = a.start;
    let calendar = Calendar::by_name(&a.holidays, &a.time_zone)?;
    let policy = load_policy(a.policy.as_deref(), start)?;
    let f = cohort::forecast(a.agents, a.certifiers, start, &calendar, &policy)?;
    emit(ctx, &f, || f.to_string())
}

/// `care demo`'s cohort part: the sample cohort's end-of-day report as of Friday
/// 2026-07-10 on the US federal calendar (the July 3rd holiday counts).
pub fn demo_cohort() -> CliResult<crate::out::Section> {
    let calendar = Calendar::us_federal("America/New_York")?;
    let r = cohort::report(
        &Cohort::sample(),
        jiff::civil::date(2026, 7, 10),
        &calendar,
        &CohortPolicy::default(),
    )?;
    crate::out::section(&r, || r.to_text())
}

/// The cohort policy file as a history (a file of one version is a history of one).
pub(crate) fn load_history(path: Option<&Path>) -> CliResult<care_core::History<CohortPolicy>> {
    let Some(path) = path else {
        return Ok(care_core::History::single(CohortPolicy::default()));
    };
    let format = data_format(path)?;
    Ok(care_core::History::load(&read_file(path)?, format)?)
}

/// Whether a file is a workbook, by its extension as the core tells formats
/// ([`cohort::TrackerFormat::from_extension`]): `.xlsx`, and `.ods` (to be told to save it
/// as .xlsx); an old `.xls` is the core's typed error.
fn is_workbook(path: &Path) -> CliResult<bool> {
    let ext = path.extension().and_then(|e| e.to_str());
    let format = ext
        .map(cohort::TrackerFormat::from_extension)
        .transpose()?
        .flatten();
    Ok(matches!(
        format,
        Some(cohort::TrackerFormat::Xlsx | cohort::TrackerFormat::Ods)
    ))
}

/// The version of the cohort policy file in force on `on`.
pub(crate) fn load_policy(path: Option<&Path>, on: jiff::civil::Date) -> CliResult<CohortPolicy> {
    Ok(load_history(path)?.in_force(on)?.clone())
}

/// The cohort as it stood at the end of `as_of`: tracker rows dated later do not count.
fn load(
    src: &CohortSource,
    as_of: jiff::civil::Date,
) -> CliResult<(Cohort, Calendar, CohortPolicy)> {
    let policy = load_policy(src.policy.as_deref(), as_of)?;
    let calendar = Calendar::by_name(&src.holidays, &src.time_zone)?;
    let mut cohort = match &src.tracker {
        None => Cohort::sample_as_of(as_of),
        Some(path) if is_workbook(path)? => {
            // Read from the file as it is needed, never held whole (issue 13's memory).
            care_core::workbook::tracker::import_tracker_xlsx_from_reader(
                crate::out::open_file(path)?,
                src.sheet.as_deref(),
                Some(as_of),
                &policy,
            )?
            .with_staff(Staff::sample())
        }
        Some(path) => cohort::import_tracker_as_of(&read_file(path)?, as_of, &policy)?
            .with_staff(Staff::sample()),
    };
    if let Some(path) = &src.certifiers {
        let format = data_format(path)?;
        let staff: Staff = care_core::policy::load(&read_file(path)?, format)?;
        cohort = cohort.with_staff(staff);
    }
    if let Some(path) = &src.notes {
        let options = cohort::TrackerOptions {
            extension: path.extension().and_then(|e| e.to_str()),
            ..Default::default()
        };
        let notes = cohort::read_notes(&crate::out::read_bytes(path)?, &options)?;
        let merge = care_core::workbook::tracker::merge_notes(&mut cohort, notes)?;
        for d in &merge.duplicates {
            eprintln!(
                "note already in the tracker, not added twice: {} ({}: {})",
                d.note,
                path.display(),
                d.place
            );
        }
    }
    Ok((cohort, calendar, policy))
}

/// Looks up the fix for a symptom in the built-in (or a given) troubleshooting list.
pub fn troubleshoot(ctx: &Ctx, a: TroubleshootArgs) -> CliResult {
    use care_core::troubleshoot::Troubleshooting;
    let guide = match &a.guide {
        None => Troubleshooting::builtin(),
        Some(path) => {
            let text = crate::out::read_file(path)?;
            match data_format(path)? {
                care_core::policy::Format::Json => Troubleshooting::from_json(&text)?,
                _ => Troubleshooting::from_toml(&text)?,
            }
        }
    };
    let fix = guide.lookup(&a.symptom)?;
    crate::out::emit(ctx, &fix, || {
        let mut s = format!("{}\n", fix.entry.symptom);
        for (i, step) in fix.entry.steps.iter().enumerate() {
            s.push_str(&format!("  {}. {}\n", i + 1, step));
        }
        s.push_str(&format!(
            "(matched {}; {})\n",
            fix.matched.join(", "),
            fix.policy
        ));
        s
    })
}
