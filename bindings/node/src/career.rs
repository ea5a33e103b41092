//! The career map: the `Catalog` class (the facade's `classify`, `paths`... are the methods of
//! the built-in one).

use crate::js::{self, core, out, Result, Str};
use care_core::{catalog as cat, render, transition as tr};
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;
use std::sync::OnceLock;

/// A validated career map with its lookup index.
#[napi]
pub struct Catalog {
    inner: cat::Catalog,
}

crate::loaders!(Catalog, cat::Catalog, "T.CatalogData", |c| c.data(), |c| c.to_toml());

#[napi]
impl Catalog {
    /// The guide's built-in career map.
    #[napi(factory, configurable = true, catch_unwind)]
    pub fn builtin(env: &Env) -> Result<Catalog> {
        static BUILTIN: OnceLock<care_core::Result<cat::Catalog>> = OnceLock::new();
        let c = BUILTIN.get_or_init(cat::Catalog::builtin).as_ref();
        let inner = c.map_err(|e| js::throw(env, e.clone()))?.clone();
        Ok(Catalog { inner })
    }

    /// The built-in map's TOML text (a template for an organisation's own).
    #[napi(configurable = true, catch_unwind)]
    pub fn builtin_toml() -> &'static str {
        cat::Catalog::builtin_toml()
    }

    /// The business units.
    #[napi(ts_return_type = "T.Unit[]", catch_unwind)]
    pub fn units<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        out(env, self.inner.units())
    }

    /// The roles, optionally filtered by `{ unit, grade, track }`.
    #[napi(ts_return_type = "T.Role[]", catch_unwind)]
    pub fn roles<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "{ unit?: string, grade?: number, track?: T.Track }")] filter: Option<
            Unknown,
        >,
    ) -> Result<Unknown<'e>> {
        js::options(env, filter, ["unit", "grade", "track"])?;
        match js::opt::<cat::RoleFilter>(env, "role filter", filter)? {
            None => out(env, self.inner.roles()),
            Some(f) => out(env, &core(env, self.inner.filter(&f))?),
        }
    }

    /// One role by id, title or alias (forgiving).
    #[napi(ts_return_type = "T.Role", catch_unwind)]
    pub fn lookup<'e>(&self, env: &'e Env, name: Str<'_>) -> Result<Unknown<'e>> {
        let name = js::text(env, "name", name)?;
        out(env, core(env, self.inner.lookup(&name))?)
    }

    /// One unit by id, name or alias.
    #[napi(ts_return_type = "T.Unit", catch_unwind)]
    pub fn unit<'e>(&self, env: &'e Env, name: Str<'_>) -> Result<Unknown<'e>> {
        let name = js::text(env, "name", name)?;
        out(env, core(env, self.inner.unit(&name))?)
    }

    /// Units by grades with role counts.
    #[napi(ts_return_type = "T.Overview", catch_unwind)]
    pub fn overview<'e>(&self, env: &'e Env) -> Result<Unknown<'e>> {
        out(env, &self.inner.overview())
    }

    /// Classifies the move from one role to another on this map.
    #[napi(ts_return_type = "T.Move", catch_unwind)]
    pub fn classify<'e>(&self, env: &'e Env, from: Str<'_>, to: Str<'_>) -> Result<Unknown<'e>> {
        let (from, to) = (js::text(env, "from", from)?, js::text(env, "to", to)?);
        out(env, &core(env, tr::classify(&self.inner, &from, &to))?)
    }

    /// A person's readiness for `target` on this map.
    #[napi(ts_return_type = "T.Readiness", catch_unwind)]
    pub fn readiness<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "T.Person")] person: Unknown,
        target: Str<'_>,
    ) -> Result<Unknown<'e>> {
        let person: tr::Person = js::arg(env, "person", person)?;
        let target = js::text(env, "target", target)?;
        out(env, &core(env, tr::readiness(&self.inner, &person, &target))?)
    }

    /// The well-matched next steps from `role` on this map.
    #[napi(ts_return_type = "T.Move[]", catch_unwind)]
    pub fn next_steps<'e>(&self, env: &'e Env, role: Str<'_>) -> Result<Unknown<'e>> {
        let role = js::text(env, "role", role)?;
        out(env, &core(env, tr::next_steps(&self.inner, &role))?)
    }

    /// Up to `options.k` shortest career paths on this map.
    #[napi(ts_return_type = "T.CareerPath[]", catch_unwind)]
    pub fn paths<'e>(
        &self,
        env: &'e Env,
        from: Str<'_>,
        to: Str<'_>,
        #[napi(ts_arg_type = "Partial<T.PathOptions>")] options: Option<Unknown>,
    ) -> Result<Unknown<'e>> {
        let (from, to) = (js::text(env, "from", from)?, js::text(env, "to", to)?);
        let o: tr::PathOptions = js::opt(env, "path options", options)?.unwrap_or_default();
        out(env, &core(env, tr::paths(&self.inner, &from, &to, &o))?)
    }

    /// This map drawn as `'svg'`, `'mermaid'` or `'dot'`.
    #[napi(catch_unwind)]
    pub fn render_map(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "'svg' | 'mermaid' | 'dot'")] format: Unknown,
        #[napi(ts_arg_type = "Partial<T.MapOptions>")] options: Option<Unknown>,
    ) -> Result<String> {
        let format = js::text(env, "format", format)?;
        let o: render::MapOptions = js::opt(env, "map options", options)?.unwrap_or_default();
        let c = &self.inner;
        core(
            env,
            match format.as_str() {
                "svg" => render::svg(c, &o),
                "mermaid" => render::mermaid(c, &o),
                "dot" => render::dot(c, &o),
                other => Err(care_core::Error::unknown_name(
                    "map format",
                    other,
                    ["svg", "mermaid", "dot"],
                )),
            },
        )
    }

    /// The arrows of this map, in drawing order.
    #[napi(ts_return_type = "T.Edge[]", catch_unwind)]
    pub fn map_edges<'e>(
        &self,
        env: &'e Env,
        #[napi(ts_arg_type = "Partial<T.MapOptions>")] options: Option<Unknown>,
    ) -> Result<Unknown<'e>> {
        let o: render::MapOptions = js::opt(env, "map options", options)?.unwrap_or_default();
        out(env, &core(env, render::edges(&self.inner, &o))?)
    }
}
