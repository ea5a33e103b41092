//! `care`: the command line over care-core.
//!
//! The conventions every command follows (README, "The command line"): dates as
//! `2026-07-10` or `7/10/2026`; the site's zone as `--time-zone` (`--tz` is a hidden alias);
//! `-` for stdin or stdout; `--input-format` for a data file without a `.toml` / `.json` name;
//! exit code 0 for an answer, 1 for a data or rule error, 2 for a usage error; with `--json`,
//! errors as JSON on stderr (`{"error": {"kind", "message", "exit_code"}}`).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod calibrate;
mod career;
mod cert;
mod cohort;
mod demo;
mod lint;
mod map;
mod out;
mod policy;
mod replay;
mod schedule;

/// Career map and call-certification rules for a contact center, explained.
#[derive(Debug, Parser)]
#[command(name = "care", version, about, long_about = None, disable_help_subcommand = true)]
struct Cli {
    /// Print the answer as JSON instead of text (and errors as JSON on stderr).
    #[arg(long, global = true)]
    json: bool,
    /// The format of data files named without .toml or .json, and of `-` (stdin): toml or
    /// json.
    #[arg(long, global = true, value_name = "FORMAT")]
    input_format: Option<care_core::policy::Format>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job: a tour of the built-in career map, a certification and the sample
    /// cohort's end-of-day report.
    Demo(demo::DemoArgs),
    /// List the roles of the career map.
    Roles(career::RolesArgs),
    /// Show one role: unit, grade, track, levels, prerequisites.
    Role(career::RoleArgs),
    /// Classify a move from one role to another.
    Move(career::MoveArgs),
    /// Check a person's readiness for a role.
    Ready(career::ReadyArgs),
    /// The well-matched moves from a role.
    Next(career::NextArgs),
    /// Career paths of well-matched steps between two roles.
    Paths(career::PathsArgs),
    /// Draw the career map as SVG, Mermaid or Graphviz DOT.
    Map(map::MapArgs),
    /// Find policies, calendars, scorecards and catalogs that cannot work or are likely
    /// mistakes (exit code 1 on an error).
    Lint(lint::LintArgs),
    /// Policies over time: what changed between two versions, and which rules read it.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Re-decide every agent of a tracker under two policy versions and list what flips.
    Replay(replay::ReplayArgs),
    /// Call certification: score a session, a QA scorecard, the policy.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// The escalation timeline of an agent from their start date.
    Timeline(schedule::TimelineArgs),
    /// An agent's escalation status as of a date or time.
    Status(schedule::StatusArgs),
    /// Business-day arithmetic: add, between, is-business-day.
    #[command(subcommand)]
    Calendar(schedule::CalendarCommand),
    /// The cohort's end-of-day report from a tracker CSV.
    Report(cohort::ReportArgs),
    /// Pair free certifiers with ready agents for a day.
    Pair(cohort::PairArgs),
    /// Forecast when a cohort finishes with N agents and M certifiers.
    Forecast(cohort::ForecastArgs),
    /// Look up the documents' troubleshooting steps by symptom.
    Troubleshoot(cohort::TroubleshootArgs),
    /// Calibration: how far each certifier is from the benchmark (or the consensus) on the
    /// same calls, and how much they agree.
    Calibrate(calibrate::CalibrateArgs),
    /// Certifier leniency from a tracker: pass rates and mean scores against the pool's.
    Certifiers(calibrate::CertifiersArgs),
    /// Print the help of care or of one of its commands (`care help map`).
    Help(HelpArgs),
}

/// `care help [COMMAND...]`.
#[derive(Debug, clap::Args)]
struct HelpArgs {
    /// The command (and subcommand) to explain, e.g. `cert score`.
    command: Vec<String>,
}

/// Prints the long help of `care` or of the command `path` names.
fn help(path: &[String]) -> out::CliResult {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut at = &mut cmd;
    for name in path {
        let known: Vec<String> = at
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        at = match at.find_subcommand_mut(name) {
            Some(c) => c,
            None => {
                return Err(out::CliError::Usage(format!(
                    "unknown command {name:?}; the commands are {}",
                    known.join(", ")
                )))
            }
        };
    }
    out::write_stdout(&at.render_long_help().to_string())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                // `--help` and `--version` are answers: stdout, exit code 0.
                return match out::write_stdout(&e.render().to_string()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(_) => ExitCode::FAILURE,
                };
            }
            if std::env::args().any(|a| a == "--json") {
                let err = out::CliError::Usage(e.render().to_string().trim_end().to_string());
                eprintln!("{}", err.to_json());
                return ExitCode::from(2);
            }
            e.exit(); // clap's own message, exit code 2
        }
    };
    out::set_input_format(cli.input_format);
    let ctx = out::Ctx { json: cli.json };
    let result = match cli.command {
        Command::Demo(a) => demo::run(&ctx, a),
        Command::Roles(a) => career::roles(&ctx, a),
        Command::Role(a) => career::role(&ctx, a),
        Command::Move(a) => career::classify(&ctx, a),
        Command::Ready(a) => career::ready(&ctx, a),
        Command::Next(a) => career::next(&ctx, a),
        Command::Paths(a) => career::paths(&ctx, a),
        Command::Map(a) => map::run(&ctx, a),
        Command::Lint(a) => match lint::run(&ctx, a) {
            Ok(true) => return ExitCode::FAILURE,
            r => r.map(|_| ()),
        },
        Command::Policy(c) => policy::run(&ctx, c),
        Command::Replay(a) => replay::run(&ctx, a),
        Command::Cert(c) => cert::run(&ctx, c),
        Command::Timeline(a) => schedule::timeline(&ctx, a),
        Command::Status(a) => schedule::status(&ctx, a),
        Command::Calendar(c) => schedule::calendar(&ctx, c),
        Command::Report(a) => cohort::report(&ctx, a),
        Command::Pair(a) => cohort::pair(&ctx, a),
        Command::Forecast(a) => cohort::forecast(&ctx, a),
        Command::Troubleshoot(a) => cohort::troubleshoot(&ctx, a),
        Command::Calibrate(a) => calibrate::calibrate(&ctx, a),
        Command::Certifiers(a) => calibrate::certifiers(&ctx, a),
        Command::Help(a) => help(&a.command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if ctx.json {
                eprintln!("{}", e.to_json());
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
