//! `care report | pair | forecast | troubleshoot`.

use crate::out::{CliResult, Ctx};
use clap::Args;

/// `care report`.
#[derive(Debug, Args)]
pub struct ReportArgs {}
/// `care pair`.
#[derive(Debug, Args)]
pub struct PairArgs {}
/// `care forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {}
/// `care troubleshoot SYMPTOM`.
#[derive(Debug, Args)]
pub struct TroubleshootArgs {
    /// The symptom in your own words, e.g. "20 error" or "CTI screen frozen".
    pub symptom: String,
    /// An organisation's own troubleshooting list (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub guide: Option<std::path::PathBuf>,
}

pub fn report(_ctx: &Ctx, _a: ReportArgs) -> CliResult {
    todo_cmd("report")
}
pub fn pair(_ctx: &Ctx, _a: PairArgs) -> CliResult {
    todo_cmd("pair")
}
pub fn forecast(_ctx: &Ctx, _a: ForecastArgs) -> CliResult {
    todo_cmd("forecast")
}
/// Looks up the fix for a symptom in the built-in (or a given) troubleshooting list.
pub fn troubleshoot(ctx: &Ctx, a: TroubleshootArgs) -> CliResult {
    use care_core::troubleshoot::Troubleshooting;
    let guide = match &a.guide {
        None => Troubleshooting::builtin(),
        Some(path) => {
            let text = crate::out::read_file(path)?;
            match care_core::policy::Format::from_path(path) {
                Some(care_core::policy::Format::Json) => Troubleshooting::from_json(&text)?,
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

fn todo_cmd(name: &str) -> CliResult {
    Err(care_core::Error::invalid_input(format!("`care {name}` is not built yet")).into())
}
