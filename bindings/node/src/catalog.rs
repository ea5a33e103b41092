//! The career map: the `Catalog` class (built-in, or loaded from TOML/JSON).

use crate::convert::{from_json, to_js};
use crate::errors::{core, guard, Result};
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
    /// The guide's built-in career map.
    #[napi(factory)]
    pub fn builtin() -> Result<Catalog> {
        guard(|| {
            Ok(Catalog {
                inner: cat::Catalog::builtin().map_err(core)?,
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
}
