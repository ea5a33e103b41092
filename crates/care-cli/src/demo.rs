//! `care demo`: the README's main job.

use crate::out::{CliResult, Ctx};
use clap::Args;

/// `care demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {}

/// Runs the tour. Each part is added by the issue that builds it.
pub fn run(_ctx: &Ctx, _a: DemoArgs) -> CliResult {
    println!("care-core demo");
    Ok(())
}
