//! The career map: the `Catalog` class (the facade's `classify`, `paths`... are the methods of
//! the built-in one).

use crate::js::{self, Data, Raw, Str};
use care_core::{catalog as cat, render, transition as tr};
use napi_derive::napi;
use std::sync::OnceLock;

/// A validated career map with its lookup index.
#[napi]
pub struct Catalog {
    inner: cat::Catalog,
}

crate::loaders!(Catalog, cat::Catalog, "T.CatalogData", |c| c.data());

crate::export! {
    #[doc = "The guide's built-in career map."]
    fn Catalog::builtin(env) -> Catalog = {
        static BUILTIN: OnceLock<care_core::Result<cat::Catalog>> = OnceLock::new();
        BUILTIN.get_or_init(cat::Catalog::builtin).clone().map(|inner| Catalog { inner })
    };
    #[doc = "The built-in map's TOML text (a template for an organisation's own)."]
    fn Catalog::builtin_toml(env) -> String = Ok(cat::Catalog::builtin_toml().into());
    #[doc = "The roles, optionally filtered by `{ unit, grade, track }`."]
    fn Catalog::roles(env, &c, filter: Option<Raw> = "{ unit?: string, grade?: number, track?: T.Track }")
        -> "T.Role[]" =
        c.filter(&js::opts(env, "role filter", filter, ["unit", "grade", "track"])?);
    #[doc = "The business units."]
    fn Catalog::units(env, &c) -> "T.Unit[]" = Ok(c.units());
    #[doc = "One role by id, title or alias (forgiving)."]
    fn Catalog::lookup(env, &c, name: Str) -> "T.Role" = c.lookup(&name);
    #[doc = "One unit by id, name or alias."]
    fn Catalog::unit(env, &c, name: Str) -> "T.Unit" = c.unit(&name);
    #[doc = "Units by grades with role counts."]
    fn Catalog::overview(env, &c) -> "T.Overview" = Ok(c.overview());
    #[doc = "Classifies the move from one role to another on this map."]
    fn Catalog::classify(env, &c, from: Str, to: Str) -> "T.Move" = tr::classify(c, &from, &to);
    #[doc = "A person's readiness for `target` on this map."]
    fn Catalog::readiness(env, &c, person: Data = "T.Person", target: Str) -> "T.Readiness" =
        tr::readiness(c, &person, &target);
    #[doc = "The well-matched next steps from `role` on this map."]
    fn Catalog::next_steps(env, &c, role: Str) -> "T.Move[]" = tr::next_steps(c, &role);
    #[doc = "Up to `options.k` shortest career paths on this map."]
    fn Catalog::paths(env, &c, from: Str, to: Str, options: Option<Data> = "Partial<T.PathOptions>"
        as "path options") -> "T.CareerPath[]" =
        tr::paths(c, &from, &to, &options.unwrap_or_default());
    #[doc = "This map drawn as `'svg'`, `'mermaid'` or `'dot'`."]
    fn Catalog::render_map(env, &c, format: Str = "'svg' | 'mermaid' | 'dot'",
        options: Option<Data> = "Partial<T.MapOptions>" as "map options") -> String =
        format.parse().and_then(|f| render::draw(f, c, &options.unwrap_or_default()));
    #[doc = "The arrows of this map, in drawing order."]
    fn Catalog::map_edges(env, &c, options: Option<Data> = "Partial<T.MapOptions>" as "map options")
        -> "T.Edge[]" = render::edges(c, &options.unwrap_or_default());
}
