//! `care timeline | status | calendar`: the escalation ladder and business-day arithmetic.

use crate::out::{
    data_format, emit, parse_date, parse_moment, read_file, CliError, CliResult, Ctx,
};
use care_core::calendar::{Calendar, CalendarSpec};
use care_core::escalation::{self, EscalationPolicy, Excused, Moment};
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::path::PathBuf;

/// Which calendar and policy to use; shared by every command here.
#[derive(Debug, Args)]
pub struct CalendarOpts {
    /// Built-in holiday calendar: `us-federal` or `none`.
    #[arg(long, default_value = "none")]
    holidays: String,
    /// The site's IANA time zone (`--tz` is accepted too).
    #[arg(long, alias = "tz", default_value = "UTC")]
    time_zone: String,
    /// A calendar spec file (TOML or JSON; `-` for stdin); replaces --holidays and
    /// --time-zone.
    #[arg(long)]
    calendar: Option<PathBuf>,
}

impl CalendarOpts {
    fn build(&self) -> CliResult<Calendar> {
        match &self.calendar {
            Some(path) => {
                let format = data_format(path)?;
                let text = read_file(path)?;
                let spec: CalendarSpec = care_core::policy::from_str(&text, format)?;
                Ok(spec.build()?)
            }
            None => Ok(Calendar::by_name(&self.holidays, &self.time_zone)?),
        }
    }
}

/// `care timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The agent's start date (post-training day 1 is the first business day on or after it).
    #[arg(long, value_parser = parse_date)]
    start: Date,
    /// An excused business day and why, as DATE:REASON (repeatable).
    #[arg(long = "excused", value_name = "DATE:REASON")]
    excused: Vec<String>,
    /// An escalation policy file (TOML or JSON); defaults to the documents' values.
    #[arg(long)]
    policy: Option<PathBuf>,
    #[command(flatten)]
    cal: CalendarOpts,
}

/// `care status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The agent's start date.
    #[arg(long, value_parser = parse_date)]
    start: Date,
    /// As of this date (its end) or date and time (site time zone), e.g. 2026-07-09T10:30.
    #[arg(long = "as-of", value_parser = parse_moment)]
    as_of: Moment,
    /// When certs and TBTs were completed (date or date and time).
    #[arg(long, value_parser = parse_moment)]
    completed: Option<Moment>,
    /// An excused business day and why, as DATE:REASON (repeatable).
    #[arg(long = "excused", value_name = "DATE:REASON")]
    excused: Vec<String>,
    /// An escalation policy file (TOML or JSON).
    #[arg(long)]
    policy: Option<PathBuf>,
    #[command(flatten)]
    cal: CalendarOpts,
}

/// `care calendar ...`.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The business day N business days from a date (negative N goes back).
    Add {
        /// The date.
        #[arg(value_parser = parse_date)]
        date: Date,
        /// How many business days.
        #[arg(allow_hyphen_values = true)]
        n: i64,
        #[command(flatten)]
        cal: CalendarOpts,
    },
    /// The business days in [FROM, TO): FROM counts, TO does not.
    Between {
        /// The first date (counted).
        #[arg(value_parser = parse_date)]
        from: Date,
        /// The last date (not counted).
        #[arg(value_parser = parse_date)]
        to: Date,
        #[command(flatten)]
        cal: CalendarOpts,
    },
    /// Whether a date is a business day.
    IsBusinessDay {
        /// The date.
        #[arg(value_parser = parse_date)]
        date: Date,
        #[command(flatten)]
        cal: CalendarOpts,
    },
}

/// The escalation policy file as a history (a file of one version is a history of one);
/// the version in force on `on` decides.
fn load_policy(path: &Option<PathBuf>, on: Date) -> CliResult<EscalationPolicy> {
    match path {
        None => Ok(EscalationPolicy::default()),
        Some(p) => {
            let format = data_format(p)?;
            let text = read_file(p)?;
            let history = care_core::History::<EscalationPolicy>::load(&text, format)?;
            Ok(history.in_force(on)?.clone())
        }
    }
}

fn parse_excused(items: &[String]) -> CliResult<Vec<Excused>> {
    items
        .iter()
        .map(|item| {
            let (d, reason) = item.split_once(':').unwrap_or((item.as_str(), "excused"));
            let date: Date = parse_date(d).map_err(|e| {
                CliError::Usage(format!(
                    "--excused wants DATE:REASON, e.g. 2026-07-06:IT-issue ({e})"
                ))
            })?;
            Ok(Excused::new(date, reason.trim()))
        })
        .collect()
}

/// `care timeline`.
pub fn timeline(ctx: &Ctx, a: TimelineArgs) -> CliResult {
    let cal = a.cal.build()?;
    let policy = load_policy(&a.policy, a.start)?;
    let excused = parse_excused(&a.excused)?;
    let t = escalation::timeline(a.start, &cal, &excused, &policy)?;
    emit(ctx, &t, || t.to_string())
}

/// `care status`.
pub fn status(ctx: &Ctx, a: StatusArgs) -> CliResult {
    let cal = a.cal.build()?;
    let excused = parse_excused(&a.excused)?;
    let policy = load_policy(&a.policy, a.as_of.in_zone(&cal)?.date())?;
    let s = escalation::status(
        a.start,
        &a.as_of,
        a.completed.as_ref(),
        &cal,
        &excused,
        &policy,
    )?;
    emit(ctx, &s, || s.to_string())
}

/// `care calendar ...`.
pub fn calendar(ctx: &Ctx, c: CalendarCommand) -> CliResult {
    match c {
        CalendarCommand::Add { date, n, cal } => {
            let cal = cal.build()?;
            let d = cal.add_business_days(date, n)?;
            let v = serde_json::json!({"date": date, "n": n, "result": d, "calendar": cal.name()});
            emit(ctx, &v, || {
                format!(
                    "{d} ({}) is {n} business day(s) from {date} on the {} calendar",
                    d.strftime("%a"),
                    cal.name()
                )
            })
        }
        CalendarCommand::Between { from, to, cal } => {
            let cal = cal.build()?;
            let n = cal.business_days_between(from, to)?;
            let v = serde_json::json!({"from": from, "to": to, "business_days": n, "calendar": cal.name()});
            emit(ctx, &v, || {
                format!(
                    "{n} business day(s) in [{from}, {to}) on the {} calendar",
                    cal.name()
                )
            })
        }
        CalendarCommand::IsBusinessDay { date, cal } => {
            let cal = cal.build()?;
            let yes = cal.is_business_day(date)?;
            let v = serde_json::json!({"date": date, "business_day": yes, "calendar": cal.name()});
            emit(ctx, &v, || {
                format!(
                    "{date} ({}) is {}a business day on the {} calendar",
                    date.strftime("%a"),
                    if yes { "" } else { "not " },
                    cal.name()
                )
            })
        }
    }
}

/// For `care demo`: the timeline of an agent starting on 2026-07-02 on the US federal
/// calendar (Friday July 3rd is the observed Independence Day in 2026).
pub fn demo_escalation() -> CliResult<crate::out::Section> {
    let cal = Calendar::us_federal("America/New_York")?;
    let policy = EscalationPolicy::default();
    let start = jiff::civil::date(2026, 7, 2);
    let t = escalation::timeline(start, &cal, &[], &policy)?;
    crate::out::section(&t, || t.to_string())
}
