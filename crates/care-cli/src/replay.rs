//! `care replay`: a tracker's agents re-decided under two policy versions.

use crate::out::{emit, read_file, CliResult, Ctx};
use care_core::cohort::{self, Cohort, CohortPolicy, Staff};
use care_core::policy::Format;
use care_core::Calendar;
use clap::Args;
use std::path::{Path, PathBuf};

/// `care replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The tracker CSV; without it, the sample cohort.
    #[arg(value_name = "TRACKER.csv")]
    pub tracker: Option<PathBuf>,
    /// The old version: a cohort, certification or escalation policy file, or a history of
    /// versions (the one in force on the as-of date); default the documents' policy.
    #[arg(long, value_name = "OLD")]
    pub from: Option<PathBuf>,
    /// The new version (as --from).
    #[arg(long, value_name = "NEW")]
    pub to: Option<PathBuf>,
    /// The day the decisions are made as of (tracker rows dated later do not count).
    #[arg(long, value_name = "DATE")]
    pub as_of: String,
    /// The holiday calendar: `none` (the default) or `us-federal`.
    #[arg(long, default_value = "none")]
    pub holidays: String,
    /// The site's IANA time zone.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
}

/// A cohort policy from a file of any policy kind or a history of one
/// ([`care_core::replay::policy_side`]); the documents' without a file.
fn load(path: Option<&Path>, on: jiff::civil::Date) -> CliResult<CohortPolicy> {
    let Some(path) = path else {
        return Ok(CohortPolicy::default());
    };
    let text = read_file(path)?;
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    Ok(care_core::replay::policy_side(&text, Some(format), on)?)
}

/// `care replay`.
pub fn run(ctx: &Ctx, a: ReplayArgs) -> CliResult {
    let as_of = cohort::notes::parse_date(&a.as_of)
        .map_err(|m| care_core::Error::invalid_date(&a.as_of, m))?;
    let from = load(a.from.as_deref(), as_of)?;
    let to = load(a.to.as_deref(), as_of)?;
    let calendar = Calendar::by_name(&a.holidays, &a.time_zone)?;
    let cohort = match &a.tracker {
        None => Cohort::sample_as_of(as_of),
        Some(path) => cohort::import_tracker_as_of(&read_file(path)?, as_of, &from)?
            .with_staff(Staff::sample()),
    };
    let r = care_core::replay::replay(&cohort, as_of, &calendar, &from, &to)?;
    emit(ctx, &r, || r.to_string().trim_end().to_string())
}
