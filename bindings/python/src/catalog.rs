//! The career map: `Catalog` and its lookups, moves, readiness, paths and pictures (as
//! `Catalog` methods and as module functions over the built-in catalog).

use care_core::catalog as core;
use care_core::{render, transition as tr};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors::care;
use crate::values::{arg, opt_arg, out, Opt, Out};

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

/// The options of `render_map` / `map_edges`; `highlight` is a `CareerPath`, a role name or a
/// list of them.
fn map_options(highlight: Opt, units: Opt, career_matches: Opt) -> PyResult<render::MapOptions> {
    let highlight = match highlight.map(|h| (h, h.cast::<CareerPath>())) {
        None => Vec::new(),
        Some((_, Ok(p))) => p.get().value.roles.clone(),
        Some((h, _)) if h.is_instance_of::<pyo3::types::PyString>() => vec![arg("highlight", h)?],
        Some((h, _)) => arg("highlight", h)?,
    };
    let career_matches = opt_arg("career_matches", career_matches)?.unwrap_or(true);
    Ok(render::MapOptions { highlight, units: opt_arg("units", units)?, career_matches })
}

#[pymethods]
impl Catalog {
    /// () -> Catalog
    /// The guide's built-in career map.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Catalog> {
        Catalog::wrap(py, care(py, core::Catalog::builtin)?)
    }

    /// () -> str
    /// The built-in map's TOML, a template for an organisation's own.
    #[staticmethod]
    fn builtin_toml() -> &'static str {
        core::Catalog::builtin_toml()
    }

    /// (self) -> list[Unit]
    /// The units, in file order.
    fn units(&self) -> Vec<Unit> {
        self.inner.units().to_vec().out()
    }

    /// (self, unit: str | None = None, grade: int | None = None, track: str | None = None) -> list[Role]
    /// The roles, in file order; only those of a unit, grade and / or track if given.
    #[pyo3(signature = (unit=None, grade=None, track=None))]
    fn roles(&self, py: Python<'_>, unit: Opt, grade: Opt, track: Opt) -> PyResult<Vec<Role>> {
        let (unit, grade, track) =
            (opt_arg("unit", unit)?, opt_arg("grade", grade)?, opt_arg::<String>("track", track)?);
        out(py, || {
            let track = track.as_deref().map(core::Track::parse).transpose()?;
            let filter = core::RoleFilter { unit, grade, track };
            Ok(self.inner.filter(&filter)?.into_iter().cloned().collect::<Vec<_>>())
        })
    }

    /// (self, name: str) -> Role
    /// Finds a role by id, title, alias or level name, forgivingly.
    fn lookup(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Role> {
        let name = &arg::<String>("name", name)?;
        out(py, || self.inner.lookup(name).cloned())
    }

    /// (self, name: str) -> Unit
    /// Finds a unit by id, name or alias, forgivingly.
    fn unit(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Unit> {
        let name = &arg::<String>("name", name)?;
        out(py, || self.inner.unit(name).cloned())
    }

    /// (self) -> Overview
    /// Units by grades with role counts: the map at a glance.
    fn overview(&self) -> Overview {
        self.inner.overview().out()
    }

    /// (self, from_: str, to: str) -> Move
    /// Classifies the move from role `from_` to role `to`: direction, scope, match, prerequisites.
    fn classify(&self, py: Python<'_>, from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>) -> PyResult<Move> {
        let from_ = &arg::<String>("from", from_)?;
        let to = &arg::<String>("to", to)?;
        out(py, || tr::classify(&self.inner, from_, to))
    }

    /// (self, person: dict[str, Any], target: str) -> Readiness
    /// Whether `person` (`{"current_role": ..., "months_in_role": {...}, "call_center_years":
    /// ..., "credentials": [...]}`) may move to `target`, each prerequisite checked.
    fn readiness(
        &self, py: Python<'_>, person: &Bound<'_, PyAny>, target: &Bound<'_, PyAny>,
    ) -> PyResult<Readiness> {
        let target = &arg::<String>("target", target)?;
        let person: tr::Person = arg("person", person)?;
        out(py, || tr::readiness(&self.inner, &person, target))
    }

    /// (self, role: str) -> list[Move]
    /// The well-matched moves up from `role`.
    fn next_steps(&self, py: Python<'_>, role: &Bound<'_, PyAny>) -> PyResult<Vec<Move>> {
        let role = &arg::<String>("role", role)?;
        out(py, || tr::next_steps(&self.inner, role))
    }

    /// (self, from_: str, to: str, k: int | None = None, track: str | None = None, units: list[str] | None = None) -> list[CareerPath]
    /// Up to `k` shortest career paths of well-matched steps, kept to a track and to units if
    /// given. Empty when there is none.
    #[pyo3(signature = (from_, to, k=None, track=None, units=None))]
    fn paths(
        &self, py: Python<'_>, from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>, k: Opt, track: Opt,
        units: Opt,
    ) -> PyResult<Vec<CareerPath>> {
        let from_ = &arg::<String>("from", from_)?;
        let to = &arg::<String>("to", to)?;
        let k = opt_arg("k", k)?.unwrap_or(3);
        let track: Option<String> = opt_arg("track", track)?;
        let units = opt_arg("units", units)?.unwrap_or_default();
        out(py, || {
            let track = track.as_deref().map(core::Track::parse).transpose()?;
            tr::paths(&self.inner, from_, to, &tr::PathOptions { k, track, units })
        })
    }

    /// (self, format: str | None = None, highlight: CareerPath | str | list[str] | None = None, units: list[str] | None = None, career_matches: bool | None = None) -> str
    /// The map as `svg` (self-contained), `mermaid` or `dot` (Graphviz); `highlight` is a path
    /// drawn strongly, `units` keeps only these units.
    #[pyo3(signature = (format=None, highlight=None, units=None, career_matches=None))]
    fn render_map(
        &self, py: Python<'_>, format: Opt, highlight: Opt, units: Opt, career_matches: Opt,
    ) -> PyResult<String> {
        let format = opt_arg::<String>("format", format)?.unwrap_or_else(|| "svg".into());
        let options = map_options(highlight, units, career_matches)?;
        care(py, || match format.as_str() {
            "svg" => render::svg(&self.inner, &options),
            "mermaid" => render::mermaid(&self.inner, &options),
            "dot" => render::dot(&self.inner, &options),
            other => Err(care_core::Error::unknown_name("map format", other, ["svg", "mermaid", "dot"])),
        })
    }

    /// (self, highlight: CareerPath | str | list[str] | None = None, units: list[str] | None = None, career_matches: bool | None = None) -> list[Edge]
    /// The map's arrows, as `render_map` draws them.
    #[pyo3(signature = (highlight=None, units=None, career_matches=None))]
    fn map_edges(
        &self, py: Python<'_>, highlight: Opt, units: Opt, career_matches: Opt,
    ) -> PyResult<Vec<Edge>> {
        let options = map_options(highlight, units, career_matches)?;
        out(py, || render::edges(&self.inner, &options))
    }

    fn _repr_svg_(&self, py: Python<'_>) -> PyResult<String> {
        care(py, || render::svg(&self.inner, &render::MapOptions::default()))
    }

    fn __len__(&self) -> usize {
        self.inner.roles().len()
    }
}

static BUILTIN: PyOnceLock<Py<Catalog>> = PyOnceLock::new();

fn builtin(py: Python<'_>) -> PyResult<Bound<'_, Catalog>> {
    let c = BUILTIN.get_or_try_init(py, || Py::new(py, Catalog::builtin(py)?))?;
    Ok(c.bind(py).clone())
}

crate::delegate! { |py| builtin(py)?.get();
    "(from_: str, to: str) -> Move" "Classifies a move on the built-in catalog."
    fn classify(from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>) -> Move;
    "(person: dict[str, Any], target: str) -> Readiness" "Readiness on the built-in catalog."
    fn readiness(person: &Bound<'_, PyAny>, target: &Bound<'_, PyAny>) -> Readiness;
    "(role: str) -> list[Move]" "The well-matched moves up from `role` on the built-in catalog."
    fn next_steps(role: &Bound<'_, PyAny>) -> Vec<Move>;
    "(from_: str, to: str, k: int | None = None, track: str | None = None, units: list[str] | None = None) -> list[CareerPath]"
    "Career paths on the built-in catalog."
    fn paths(from_: &Bound<'_, PyAny>, to: &Bound<'_, PyAny>, k: Opt, track: Opt, units: Opt) = (from_, to, k=None, track=None, units=None) -> Vec<CareerPath>;
    "(format: str | None = None, highlight: CareerPath | str | list[str] | None = None, units: list[str] | None = None, career_matches: bool | None = None) -> str"
    "The built-in map as `svg`, `mermaid` or `dot`."
    fn render_map(format: Opt, highlight: Opt, units: Opt, career_matches: Opt) = (format=None, highlight=None, units=None, career_matches=None) -> String;
    "(highlight: CareerPath | str | list[str] | None = None, units: list[str] | None = None, career_matches: bool | None = None) -> list[Edge]"
    "The built-in map's arrows."
    fn map_edges(highlight: Opt, units: Opt, career_matches: Opt) = (highlight=None, units=None, career_matches=None) -> Vec<Edge>;
}

crate::register! {
    [Catalog, Role, Unit, Overview, Move, Readiness, CareerPath, Edge],
    [classify, readiness, next_steps, paths, render_map, map_edges]
}
