//! Career moves and the map as pictures: `classify`, `readiness`, `nextSteps`, `paths`,
//! `renderMap` and `mapEdges`, on the built-in map (built once and kept) or as methods of a
//! [`Catalog`](crate::catalog::Catalog).

use crate::convert::{builtin_catalog, from_json, to_js};
use crate::errors::{core, guard, Result};
use care_core::catalog as cat;
use care_core::render;
use care_core::transition as tr;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

pub(crate) fn classify_in<'env>(
    env: &'env Env,
    c: &cat::Catalog,
    from: &str,
    to: &str,
) -> Result<Unknown<'env>> {
    to_js(env, &tr::classify(c, from, to).map_err(core)?)
}

pub(crate) fn readiness_in<'env>(
    env: &'env Env,
    c: &cat::Catalog,
    person: serde_json::Value,
    target: &str,
) -> Result<Unknown<'env>> {
    let person: tr::Person = from_json("person", person)?;
    to_js(env, &tr::readiness(c, &person, target).map_err(core)?)
}

pub(crate) fn next_steps_in<'env>(
    env: &'env Env,
    c: &cat::Catalog,
    role: &str,
) -> Result<Unknown<'env>> {
    to_js(env, &tr::next_steps(c, role).map_err(core)?)
}

pub(crate) fn paths_in<'env>(
    env: &'env Env,
    c: &cat::Catalog,
    from: &str,
    to: &str,
    options: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    let o = match options {
        None | Some(serde_json::Value::Null) => tr::PathOptions::default(),
        Some(v) => from_json("path options", v)?,
    };
    to_js(env, &tr::paths(c, from, to, &o).map_err(core)?)
}

fn map_options(options: Option<serde_json::Value>) -> Result<render::MapOptions> {
    match options {
        None | Some(serde_json::Value::Null) => Ok(render::MapOptions::default()),
        Some(v) => from_json("map options", v),
    }
}

pub(crate) fn render_in(
    c: &cat::Catalog,
    format: &str,
    options: Option<serde_json::Value>,
) -> Result<String> {
    let o = map_options(options)?;
    match format {
        "svg" => render::svg(c, &o),
        "mermaid" => render::mermaid(c, &o),
        "dot" => render::dot(c, &o),
        other => Err(care_core::Error::unknown_name(
            "map format",
            other,
            ["svg", "mermaid", "dot"],
        )),
    }
    .map_err(core)
}

pub(crate) fn edges_in<'env>(
    env: &'env Env,
    c: &cat::Catalog,
    options: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    to_js(
        env,
        &render::edges(c, &map_options(options)?).map_err(core)?,
    )
}

/// Classifies the move from one role to another on the built-in map (ids, titles or
/// aliases): direction, scope, whether it is a well-matched step, and why.
#[napi(ts_return_type = "Move")]
pub fn classify<'env>(env: &'env Env, from: String, to: String) -> Result<Unknown<'env>> {
    guard(|| classify_in(env, builtin_catalog()?, &from, &to))
}

/// A person's readiness for `target` on the built-in map: each prerequisite checked, what is
/// missing, and the move classified.
#[napi(ts_return_type = "Readiness")]
pub fn readiness<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "Person")] person: serde_json::Value,
    target: String,
) -> Result<Unknown<'env>> {
    guard(|| readiness_in(env, builtin_catalog()?, person, &target))
}

/// The well-matched next steps from `role` on the built-in map.
#[napi(ts_return_type = "Move[]")]
pub fn next_steps<'env>(env: &'env Env, role: String) -> Result<Unknown<'env>> {
    guard(|| next_steps_in(env, builtin_catalog()?, &role))
}

/// Up to `options.k` (3) shortest career paths of well-matched steps on the built-in map,
/// optionally kept to a `track` and to `units`. Empty when there is none.
#[napi(ts_return_type = "CareerPath[]")]
pub fn paths<'env>(
    env: &'env Env,
    from: String,
    to: String,
    #[napi(ts_arg_type = "PathOptions")] options: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| paths_in(env, builtin_catalog()?, &from, &to, options))
}

/// The built-in map drawn as `'svg'` (self-contained; role boxes carry `data-role`, arrows
/// `data-from`/`data-to`), `'mermaid'` or `'dot'`; `options.highlight` lists a path's roles.
#[napi]
pub fn render_map(
    #[napi(ts_arg_type = "'svg' | 'mermaid' | 'dot'")] format: String,
    #[napi(ts_arg_type = "MapOptions")] options: Option<serde_json::Value>,
) -> Result<String> {
    guard(|| render_in(builtin_catalog()?, &format, options))
}

/// The arrows of the built-in map for `options`, in drawing order.
#[napi(ts_return_type = "MapEdge[]")]
pub fn map_edges<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "MapOptions")] options: Option<serde_json::Value>,
) -> Result<Unknown<'env>> {
    guard(|| edges_in(env, builtin_catalog()?, options))
}
