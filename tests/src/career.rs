//! `tests/vectors/career.json`: the career map (lookups, moves, readiness, paths, catalogs).
//!
//! Inputs by `fn`: `lookup` `{ name }`; `classify` `{ from, to }`; `readiness` `{ person,
//! target }`; `next_steps` `{ role }`; `paths` `{ from, to, options? }`; `from_toml` /
//! `from_json` `{ text }`, output `{ units, roles }` (the counts).

use crate::{arg, to_value, Answer};
use care_core::catalog::Catalog;
use care_core::transition::{self, PathOptions, Person};
use serde_json::{json, Value};
use std::sync::OnceLock;

fn builtin() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in catalog"))
}

fn counts(c: Result<Catalog, care_core::Error>) -> Result<Value, care_core::Error> {
    c.map(|c| json!({ "units": c.units().len(), "roles": c.roles().len() }))
}

/// The call `f` of career.json on `input`.
pub fn run(f: &str, input: &Value) -> Answer {
    let cat = builtin();
    let s = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    Some(match f {
        "lookup" => to_value(cat.lookup(&s("name"))),
        "classify" => to_value(transition::classify(cat, &s("from"), &s("to"))),
        "readiness" => care_core::policy::from_value::<Person>("person", input["person"].clone())
            .and_then(|person| to_value(transition::readiness(cat, &person, &s("target")))),
        "next_steps" => to_value(transition::next_steps(cat, &s("role"))),
        "paths" => match input.get("options") {
            Some(_) => arg::<PathOptions>(input, "options"),
            None => Ok(PathOptions::default()),
        }
        .and_then(|o| to_value(transition::paths(cat, &s("from"), &s("to"), &o))),
        "from_toml" => counts(Catalog::from_toml(&s("text"))),
        "from_json" => counts(Catalog::from_json(&s("text"))),
        _ => return None,
    })
}
