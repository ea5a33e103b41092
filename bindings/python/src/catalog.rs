//! The career map: `Catalog` and its lookups, moves, readiness, paths and pictures (as
//! `Catalog` methods, and the built-in catalog's as module functions).

use care_core::catalog as core;
use care_core::{render, transition as tr};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::care;
use crate::values::{Arg, Out};

crate::results!(
    Role(core::Role),
    Unit(core::Unit),
    Overview(core::Overview),
    Move(tr::Move) => explain,
    Readiness(tr::Readiness) => explain,
    CareerPath(tr::CareerPath),
    Edge(render::Edge),
);

crate::data_class!(
    /// The career map: business units, job grades and roles with their prerequisites.
    Catalog(core::Catalog), |s| s.inner.data()
);

/// The `highlight` of `render_map` / `map_edges`: a `CareerPath`, a role name or a list of
/// them.
struct Highlight(Vec<String>);

impl<'a, 'py> Arg<'a, 'py> for Highlight {
    fn arg(py: Python<'py>, name: &str, h: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        Ok(Highlight(match h.map(|h| h.cast::<CareerPath>()) {
            Some(Ok(p)) => p.get().inner.roles.clone(),
            _ if h.is_some_and(|h| h.is_instance_of::<PyString>()) => vec![String::arg(py, name, h)?],
            _ => Option::<Vec<String>>::arg(py, name, h)?.unwrap_or_default(),
        }))
    }
}

crate::export! { impl Catalog;
    /// The guide's built-in career map.
    #[staticmethod]
    fn builtin(py) -> Catalog = core::Catalog::builtin();
    /// The built-in map's TOML, a template for an organisation's own.
    #[staticmethod]
    fn builtin_toml(py) -> &'static str = Ok(core::Catalog::builtin_toml());
    /// The units, in file order.
    fn units(&self, py) -> Vec<Unit> = Ok(self.inner.units().to_vec());
    /// The roles, in file order; only those of a unit, grade and / or track if given.
    fn roles(&self, py, unit: Option<String> = None, grade: Option<u16> = None,
        track: Option<core::Track> = None) -> Vec<Role> =
        self.inner.filter(&core::RoleFilter { unit, grade, track })
            .map(|roles| roles.into_iter().cloned().collect::<Vec<_>>());
    /// Finds a role by id, title, alias or level name, forgivingly.
    fn lookup(&self, py, name: String) -> Role = self.inner.lookup(&name).cloned();
    /// Finds a unit by id, name or alias, forgivingly.
    fn unit(&self, py, name: String) -> Unit = self.inner.unit(&name).cloned();
    /// Units by grades with role counts: the map at a glance.
    fn overview(&self, py) -> Overview = Ok(self.inner.overview());
    /// Classifies the move from role `from_` to role `to`: direction, scope, match, prerequisites.
    fn classify(&self, py, from_: String, to: String) -> Move = tr::classify(&self.inner, &from_, &to);
    /// Whether `person` (`{"current_role": ..., "months_in_role": {...}, "call_center_years":
    /// ..., "credentials": [...]}`) may move to `target`, each prerequisite checked.
    fn readiness(&self, py, person: tr::Person, target: String) -> Readiness = tr::readiness(&self.inner,
        &person, &target);
    /// The well-matched moves up from `role`.
    fn next_steps(&self, py, role: String) -> Vec<Move> = tr::next_steps(&self.inner, &role);
    /// Up to `k` shortest career paths of well-matched steps, kept to a track and to units if
    /// given. Empty when there is none.
    fn paths(&self, py, from_: String, to: String, k: Option<usize> = None, track: Option<core::Track> = None,
        units: Option<Vec<String>> = None) -> Vec<CareerPath> = {
        let options = tr::PathOptions { track, units: units.unwrap_or_default(), ..Default::default() };
        tr::paths(&self.inner, &from_, &to, &tr::PathOptions { k: k.unwrap_or(options.k), ..options })
    };
    /// The map as `svg` (self-contained), `mermaid` or `dot` (Graphviz); `highlight` is a path
    /// drawn strongly, `units` keeps only these units.
    fn render_map(&self, py, format: Option<String> = None, highlight: Highlight = None,
        units: Option<Vec<String>> = None, career_matches: Option<bool> = None) -> String =
        render::draw(format.as_deref().unwrap_or("svg").parse()?, &self.inner, &render::MapOptions {
            highlight: highlight.0, units, career_matches: career_matches.unwrap_or(true) });
    /// The map's arrows, as `render_map` draws them.
    fn map_edges(&self, py, highlight: Highlight = None, units: Option<Vec<String>> = None,
        career_matches: Option<bool> = None) -> Vec<Edge> =
        render::edges(&self.inner, &render::MapOptions { highlight: highlight.0, units,
            career_matches: career_matches.unwrap_or(true) });
    /// The map as SVG, for notebooks.
    fn _repr_svg_(&self, py) -> String = render::svg(&self.inner, &render::MapOptions::default());
}

#[pymethods]
impl Catalog {
    fn __len__(&self) -> usize {
        self.inner.roles().len()
    }
}

crate::register! {
    [Catalog, Role, Unit, Overview, Move, Readiness, CareerPath, Edge],
    []
}

/// The built-in catalog's `classify`, `readiness`, `next_steps`, `paths`, `render_map` and
/// `map_edges` as module functions (bound methods: `classify(a, b)` is
/// `Catalog.builtin().classify(a, b)`).
pub fn register_builtin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let builtin = Bound::new(m.py(), care(m.py(), core::Catalog::builtin)?.out()?)?;
    for name in ["classify", "readiness", "next_steps", "paths", "render_map", "map_edges"] {
        m.add(name, builtin.getattr(name)?)?;
    }
    Ok(())
}
