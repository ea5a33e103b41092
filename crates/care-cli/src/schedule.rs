//! `care timeline | status`.

use crate::out::{CliResult, Ctx};
use clap::Args;

/// `care timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {}
/// `care status`.
#[derive(Debug, Args)]
pub struct StatusArgs {}

pub fn timeline(_ctx: &Ctx, _a: TimelineArgs) -> CliResult {
    todo_cmd("timeline")
}
pub fn status(_ctx: &Ctx, _a: StatusArgs) -> CliResult {
    todo_cmd("status")
}

fn todo_cmd(name: &str) -> CliResult {
    Err(care_core::Error::invalid_input(format!("`care {name}` is not built yet")).into())
}
