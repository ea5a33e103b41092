//! `care cert score | scorecard | policy`.

use crate::out::{CliResult, Ctx};
use clap::Subcommand;

/// `care cert ...`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Score a certification session from its call scores.
    Score {},
}

pub fn run(_ctx: &Ctx, _c: CertCommand) -> CliResult {
    Err(care_core::Error::invalid_input("`care cert` is not built yet").into())
}
