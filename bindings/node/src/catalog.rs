//! The career map: the `Catalog` class (built-in, or loaded from TOML/JSON).

use crate::convert::{from_json, to_js};
use crate::errors::{core, guard, Result};
use crate::transition as t;
use care_core::catalog as cat;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

/// A validated career map with its lookup index.
#[napi]
pub struct Catalog {
    pub(crate) inner: cat::Catalog,
}

#[napi]
impl Catalog {
    /// The guide's built-in career map (built once per process, then copied).
    #[napi(factory)]
    pub fn builtin() -> Result<Catalog> {
        guard(|| {
            Ok(Catalog {
                inner: crate::convert::builtin_catalog()?.clone(),
            })
        })
    }

    /// Loads and validates a career map from TOML text.
    #[napi(factory)]
    pub fn from_toml(text: String) -> Result<Catalog> {
        guard(|| {
            Ok(Catalog {
                inner: cat::Catalog::from_toml(&text).map_err(core)?,
            })
        })
    }

    /// Loads and validates a career map from JSON text.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Catalog> {
        guard(|| {
            Ok(Catalog {
                inner: cat::Catalog::from_json(&text).map_err(core)?,
            })
        })
    }

    /// The built-in map's TOML text (a template for an organisation's own).
    #[napi]
    pub fn builtin_toml() -> String {
        cat::Catalog::builtin_toml().to_string()
    }

    /// The business units.
    #[napi(ts_return_type = "Unit[]")]
    pub fn units<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.inner.units()))
    }

    /// The roles, optionally filtered by `{ unit, grade, track }`.
    #[napi(ts_return_type = "Role[]")]
    pub fn roles<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "RoleFilter")] filter: Option<serde_json::Value>,
    ) -> Result<Unknown<'env>> {
        guard(|| match filter {
            None | Some(serde_json::Value::Null) => to_js(env, self.inner.roles()),
            Some(f) => {
                let f: cat::RoleFilter = from_json("role filter", f)?;
                to_js(env, &self.inner.filter(&f).map_err(core)?)
            }
        })
    }

    /// One role by id, title or alias (forgiving; an ambiguous title is an error listing the
    /// candidates).
    #[napi(ts_return_type = "Role")]
    pub fn lookup<'env>(&self, env: &'env Env, name: String) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.inner.lookup(&name).map_err(core)?))
    }

    /// One unit by id, name or alias.
    #[napi(ts_return_type = "Unit")]
    pub fn unit<'env>(&self, env: &'env Env, name: String) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.inner.unit(&name).map_err(core)?))
    }

    /// Units by grades with role counts.
    #[napi(ts_return_type = "Overview")]
    pub fn overview<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, &self.inner.overview()))
    }

    /// The map as a plain object (its data file's shape; also what `JSON.stringify` writes).
    #[napi(js_name = "toJSON", ts_return_type = "CatalogData")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, self.inner.data()))
    }

    /// The map as TOML text.
    #[napi]
    pub fn to_toml(&self) -> Result<String> {
        guard(|| self.inner.to_toml().map_err(core))
    }

    /// Classifies the move from one role to another on this map.
    #[napi(ts_return_type = "Move")]
    pub fn classify<'env>(
        &self,
        env: &'env Env,
        from: String,
        to: String,
    ) -> Result<Unknown<'env>> {
        guard(|| t::classify_in(env, &self.inner, &from, &to))
    }

    /// A person's readiness for `target` on this map.
    #[napi(ts_return_type = "Readiness")]
    pub fn readiness<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "Person")] person: serde_json::Value,
        target: String,
    ) -> Result<Unknown<'env>> {
        guard(|| t::readiness_in(env, &self.inner, person, &target))
    }

    /// The well-matched next steps from `role` on this map.
    #[napi(ts_return_type = "Move[]")]
    pub fn next_steps<'env>(&self, env: &'env Env, role: String) -> Result<Unknown<'env>> {
        guard(|| t::next_steps_in(env, &self.inner, &role))
    }

    /// Up to `options.k` shortest career paths on this map.
    #[napi(ts_return_type = "CareerPath[]")]
    pub fn paths<'env>(
        &self,
        env: &'env Env,
        from: String,
        to: String,
        #[napi(ts_arg_type = "PathOptions")] options: Option<serde_json::Value>,
    ) -> Result<Unknown<'env>> {
        guard(|| t::paths_in(env, &self.inner, &from, &to, options))
    }

    /// This map drawn as `'svg'`, `'mermaid'` or `'dot'`.
    #[napi]
    pub fn render_map(
        &self,
        #[napi(ts_arg_type = "'svg' | 'mermaid' | 'dot'")] format: String,
        #[napi(ts_arg_type = "MapOptions")] options: Option<serde_json::Value>,
    ) -> Result<String> {
        guard(|| t::render_in(&self.inner, &format, options))
    }

    /// The arrows of this map for `options`, in drawing order.
    #[napi(ts_return_type = "MapEdge[]")]
    pub fn map_edges<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "MapOptions")] options: Option<serde_json::Value>,
    ) -> Result<Unknown<'env>> {
        guard(|| t::edges_in(env, &self.inner, options))
    }
}
