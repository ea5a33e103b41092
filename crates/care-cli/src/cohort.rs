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
/// `care troubleshoot`.
#[derive(Debug, Args)]
pub struct TroubleshootArgs {}

pub fn report(_ctx: &Ctx, _a: ReportArgs) -> CliResult {
    todo_cmd("report")
}
pub fn pair(_ctx: &Ctx, _a: PairArgs) -> CliResult {
    todo_cmd("pair")
}
pub fn forecast(_ctx: &Ctx, _a: ForecastArgs) -> CliResult {
    todo_cmd("forecast")
}
pub fn troubleshoot(_ctx: &Ctx, _a: TroubleshootArgs) -> CliResult {
    todo_cmd("troubleshoot")
}

fn todo_cmd(name: &str) -> CliResult {
    Err(care_core::Error::invalid_input(format!("`care {name}` is not built yet")).into())
}
