//! `care_core.Catalog`: the career map (units, grades, roles) with its lookups.

use care_core::catalog as core;
use pyo3::prelude::*;
use std::sync::Arc;

use care_core::render;

use crate::errors::care;
use crate::record::{to_json_text, to_plain};
use crate::record_class;
use crate::transition as tr;

record_class!(
    Role,
    "Role",
    "A role of the career map: one unit, one grade, one track.",
    [
        id,
        title,
        unit,
        grade,
        track,
        levels,
        lateral_skills,
        summary,
        prerequisites,
        aliases
    ]
);
record_class!(
    Unit,
    "Unit",
    "A business unit of the career map.",
    [id, name, summary, grades, aliases]
);
record_class!(
    Overview,
    "Overview",
    "Units by grades with the number of roles in each cell.",
    [grades, units, total_roles]
);
record_class!(
    CareerPolicy,
    "CareerPolicy",
    "The career map's policy: its identity and grade ladder.",
    [id, version, lowest_grade, highest_grade]
);

/// The career map: business units, job grades and roles with their prerequisites.
#[pyclass(frozen, module = "care_core")]
pub struct Catalog {
    /// Shared with the results and the functions that take a catalog.
    pub inner: Arc<core::Catalog>,
}

impl Catalog {
    fn wrap(inner: core::Catalog) -> Catalog {
        Catalog {
            inner: Arc::new(inner),
        }
    }

    /// The guide's built-in career map, loaded afresh.
    pub fn load_builtin(py: Python<'_>) -> PyResult<Catalog> {
        care(py, core::Catalog::builtin).map(Catalog::wrap)
    }

    fn map_options(
        &self,
        py: Python<'_>,
        highlight: Option<&Bound<'_, PyAny>>,
        units: Option<Vec<String>>,
        career_matches: bool,
    ) -> PyResult<render::MapOptions> {
        let highlight = match highlight {
            None => Vec::new(),
            Some(h) => match h.cast::<tr::CareerPath>() {
                // A path from `paths()`: its roles, in order.
                Ok(p) => match p.as_super().get().attr(py, "roles")? {
                    Some(roles) => roles.extract()?,
                    None => Vec::new(),
                },
                Err(_) => {
                    if let Ok(one) = h.extract::<String>() {
                        vec![one]
                    } else {
                        h.extract()?
                    }
                }
            },
        };
        Ok(render::MapOptions {
            highlight,
            units,
            career_matches,
        })
    }
}

fn roles_list(py: Python<'_>, roles: Vec<&core::Role>) -> PyResult<Vec<Py<Role>>> {
    roles
        .into_iter()
        .map(|r| Role::create(py, r.clone()))
        .collect()
}

#[pymethods]
impl Catalog {
    /// The guide's built-in career map.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Catalog> {
        Catalog::load_builtin(py)
    }

    /// The built-in map's TOML text, a template for an organisation's own.
    #[staticmethod]
    fn builtin_toml() -> &'static str {
        core::Catalog::builtin_toml()
    }

    /// Parses and validates a catalog from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Catalog> {
        care(py, || core::Catalog::from_toml(text)).map(Catalog::wrap)
    }

    /// Parses and validates a catalog from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Catalog> {
        care(py, || core::Catalog::from_json(text)).map(Catalog::wrap)
    }

    /// The catalog as TOML text.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        care(py, || self.inner.to_toml())
    }

    /// The catalog as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json_text(py, self.inner.data())
    }

    /// The catalog as plain Python objects (the JSON serde writes).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, self.inner.data())
    }

    /// The grade ladder and the policy's identity.
    #[getter]
    fn policy(&self, py: Python<'_>) -> PyResult<Py<CareerPolicy>> {
        CareerPolicy::create(py, self.inner.policy().clone())
    }

    /// The units, in file order.
    #[getter]
    fn units(&self, py: Python<'_>) -> PyResult<Vec<Py<Unit>>> {
        self.inner
            .units()
            .iter()
            .map(|u| Unit::create(py, u.clone()))
            .collect()
    }

    /// The roles, in file order.
    #[getter]
    fn roles(&self, py: Python<'_>) -> PyResult<Vec<Py<Role>>> {
        roles_list(py, self.inner.roles().iter().collect())
    }

    /// The grades of the ladder, lowest first.
    #[getter]
    fn grades(&self) -> Vec<u16> {
        self.inner.grades()
    }

    /// The role with exactly this id, or None.
    fn get(&self, py: Python<'_>, id: &str) -> PyResult<Option<Py<Role>>> {
        self.inner
            .get(id)
            .map(|r| Role::create(py, r.clone()))
            .transpose()
    }

    /// The roles whose title is exactly `title` (titles are not unique across units).
    fn with_title(&self, py: Python<'_>, title: &str) -> PyResult<Vec<Py<Role>>> {
        roles_list(py, self.inner.with_title(title))
    }

    /// Finds a role by id, title, alias or level name, forgivingly (case, punctuation,
    /// abbreviations and word order do not matter).
    fn lookup(&self, py: Python<'_>, name: &str) -> PyResult<Py<Role>> {
        let role = care(py, || self.inner.lookup(name).cloned())?;
        Role::create(py, role)
    }

    /// Finds a unit by id, name or alias, forgivingly.
    fn unit(&self, py: Python<'_>, name: &str) -> PyResult<Py<Unit>> {
        let unit = care(py, || self.inner.unit(name).cloned())?;
        Unit::create(py, unit)
    }

    /// The roles of a unit, grade and/or track (each optional), in file order.
    #[pyo3(signature = (*, unit=None, grade=None, track=None))]
    fn filter(
        &self,
        py: Python<'_>,
        unit: Option<String>,
        grade: Option<u16>,
        track: Option<&str>,
    ) -> PyResult<Vec<Py<Role>>> {
        let roles = care(py, || {
            let filter = core::RoleFilter {
                unit,
                grade,
                track: track.map(core::Track::parse).transpose()?,
            };
            Ok(self
                .inner
                .filter(&filter)?
                .into_iter()
                .cloned()
                .collect::<Vec<_>>())
        })?;
        roles.into_iter().map(|r| Role::create(py, r)).collect()
    }

    /// Units by grades with role counts: the map at a glance.
    fn overview(&self, py: Python<'_>) -> PyResult<Py<Overview>> {
        let o = care(py, || Ok(self.inner.overview()))?;
        Overview::create(py, o)
    }

    /// Classifies the move from role `from_` to role `to` (ids or names): direction, scope,
    /// whether it is well matched, and the target's prerequisites.
    fn classify(&self, py: Python<'_>, from_: &str, to: &str) -> PyResult<Py<tr::Move>> {
        tr::classify_in(py, &self.inner, from_, to)
    }

    /// Whether `person` (a `Person`, a dict in its JSON shape, or JSON text) may move to
    /// `target`, with each prerequisite checked.
    fn readiness(
        &self,
        py: Python<'_>,
        person: &Bound<'_, PyAny>,
        target: &str,
    ) -> PyResult<Py<tr::Readiness>> {
        tr::readiness_in(py, &self.inner, person, target)
    }

    /// The well-matched moves up from `role`.
    fn next_steps(&self, py: Python<'_>, role: &str) -> PyResult<Vec<Py<tr::Move>>> {
        tr::next_steps_in(py, &self.inner, role)
    }

    /// Up to `k` shortest career paths of well-matched steps from `from_` to `to`, optionally
    /// kept to a `track` and to `units` (ids or names). Empty when no path exists.
    #[pyo3(signature = (from_, to, k=3, track=None, units=None))]
    fn paths(
        &self,
        py: Python<'_>,
        from_: &str,
        to: &str,
        k: usize,
        track: Option<&str>,
        units: Option<Vec<String>>,
    ) -> PyResult<Vec<Py<tr::CareerPath>>> {
        tr::paths_in(py, &self.inner, from_, to, k, track, units)
    }

    /// The map as a self-contained SVG. `highlight` is a path (role names in order, or a
    /// `CareerPath`) to draw strongly; `units` keeps only these units.
    #[pyo3(signature = (highlight=None, units=None, career_matches=true))]
    fn svg(
        &self,
        py: Python<'_>,
        highlight: Option<&Bound<'_, PyAny>>,
        units: Option<Vec<String>>,
        career_matches: bool,
    ) -> PyResult<String> {
        let options = self.map_options(py, highlight, units, career_matches)?;
        care(py, || render::svg(&self.inner, &options))
    }

    /// The map as a Mermaid flowchart (options as for `svg`).
    #[pyo3(signature = (highlight=None, units=None, career_matches=true))]
    fn mermaid(
        &self,
        py: Python<'_>,
        highlight: Option<&Bound<'_, PyAny>>,
        units: Option<Vec<String>>,
        career_matches: bool,
    ) -> PyResult<String> {
        let options = self.map_options(py, highlight, units, career_matches)?;
        care(py, || render::mermaid(&self.inner, &options))
    }

    /// The map as a Graphviz DOT graph (options as for `svg`).
    #[pyo3(signature = (highlight=None, units=None, career_matches=true))]
    fn dot(
        &self,
        py: Python<'_>,
        highlight: Option<&Bound<'_, PyAny>>,
        units: Option<Vec<String>>,
        career_matches: bool,
    ) -> PyResult<String> {
        let options = self.map_options(py, highlight, units, career_matches)?;
        care(py, || render::dot(&self.inner, &options))
    }

    /// The whole map as SVG, so a notebook shows it.
    fn _repr_svg_(&self, py: Python<'_>) -> PyResult<String> {
        care(py, || {
            render::svg(&self.inner, &render::MapOptions::default())
        })
    }

    fn __len__(&self) -> usize {
        self.inner.roles().len()
    }

    fn __repr__(&self) -> String {
        let p = self.inner.policy();
        format!(
            "Catalog(policy={:?} v{}, units={}, roles={}, grades={}..={})",
            p.id,
            p.version,
            self.inner.units().len(),
            self.inner.roles().len(),
            p.lowest_grade,
            p.highest_grade
        )
    }
}

/// Adds the classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Catalog>()?;
    m.add_class::<Role>()?;
    m.add_class::<Unit>()?;
    m.add_class::<Overview>()?;
    m.add_class::<CareerPolicy>()?;
    Ok(())
}
