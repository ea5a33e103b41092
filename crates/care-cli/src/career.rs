//! `care roles | role | move | ready | next | paths | map`.

use crate::out::{CliResult, Ctx};
use clap::Args;

/// `care roles`.
#[derive(Debug, Args)]
pub struct RolesArgs {}
/// `care role NAME`.
#[derive(Debug, Args)]
pub struct RoleArgs {}
/// `care move FROM TO`.
#[derive(Debug, Args)]
pub struct MoveArgs {}
/// `care ready ...`.
#[derive(Debug, Args)]
pub struct ReadyArgs {}
/// `care next ROLE`.
#[derive(Debug, Args)]
pub struct NextArgs {}
/// `care paths FROM TO`.
#[derive(Debug, Args)]
pub struct PathsArgs {}
/// `care map`.
#[derive(Debug, Args)]
pub struct MapArgs {}

pub fn roles(_ctx: &Ctx, _a: RolesArgs) -> CliResult {
    todo_cmd("roles")
}
pub fn role(_ctx: &Ctx, _a: RoleArgs) -> CliResult {
    todo_cmd("role")
}
pub fn classify(_ctx: &Ctx, _a: MoveArgs) -> CliResult {
    todo_cmd("move")
}
pub fn ready(_ctx: &Ctx, _a: ReadyArgs) -> CliResult {
    todo_cmd("ready")
}
pub fn next(_ctx: &Ctx, _a: NextArgs) -> CliResult {
    todo_cmd("next")
}
pub fn paths(_ctx: &Ctx, _a: PathsArgs) -> CliResult {
    todo_cmd("paths")
}
pub fn map(_ctx: &Ctx, _a: MapArgs) -> CliResult {
    todo_cmd("map")
}

fn todo_cmd(name: &str) -> CliResult {
    Err(care_core::Error::invalid_input(format!("`care {name}` is not built yet")).into())
}
