//! The career map as pictures: Mermaid, Graphviz DOT, or a self-contained SVG.
//!
//! All three draw the same model, built from the catalog by [`edges`]:
//!
//! - every role of the drawn units, once, marked by its track (leadership or individual
//!   contributor);
//! - the natural promotional steps inside each unit: every role to every role at the next
//!   grade the unit has above (Care Operations has no 108, so its 107 goes to its 109), the
//!   same rule [`crate::transition`] calls well-matched;
//! - the explicit career matches the guide names (a role's `career_match` prerequisites),
//!   drawn dashed, unless the pair is already a natural step;
//! - a highlighted path ([`MapOptions::highlight`]): its roles get a strong outline and the
//!   arrows between consecutive roles are drawn highlighted, added when they are not among
//!   the natural or explicit moves (a cross-functional step, say).
//!
//! The SVG is drawn like the guide: units as columns under their name, grades as rows (the
//! highest at the top), roles as boxes with a `<title>` tooltip, moves as arrows. It has no
//! scripts, external fonts or links; every role box carries `id` and `data-role` (the role
//! id) and every arrow `data-from` / `data-to`, so a web page can script it.
//!
//! Output is deterministic: units in the order asked (catalog order by default), roles in
//! catalog order, arrows in the order [`edges`] returns them.

use crate::catalog::{Catalog, Grade, Role, Track, Unit};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The most arrows a map may hold; a catalog that would need more (thousands of roles in
/// one unit and grade) is [`Error::TooLarge`].
pub const MAX_EDGES: usize = 200_000;

/// The picture formats of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum MapFormat {
    /// A self-contained SVG ([`svg`]).
    Svg,
    /// A Mermaid flowchart ([`mermaid`]).
    Mermaid,
    /// Graphviz DOT ([`dot`]).
    Dot,
}

crate::policy::named_formats!(MapFormat, "map format", { Svg => "svg", Mermaid => "mermaid", Dot => "dot" });

/// The map drawn in `format`: [`svg`], [`mermaid`] or [`dot`].
///
/// # Errors
///
/// As the drawing functions: a highlighted role or a unit that is not known, too many arrows.
///
/// ```
/// use care_core::render::{self, MapFormat, MapOptions};
/// let catalog = care_core::Catalog::builtin()?;
/// let format: MapFormat = "mermaid".parse()?;
/// let text = render::draw(format, &catalog, &MapOptions::default())?;
/// assert!(text.contains("flowchart BT"));
/// assert!("png".parse::<MapFormat>().is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn draw(format: MapFormat, catalog: &Catalog, options: &MapOptions) -> Result<String> {
    match format {
        MapFormat::Svg => svg(catalog, options),
        MapFormat::Mermaid => mermaid(catalog, options),
        MapFormat::Dot => dot(catalog, options),
    }
}

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MapOptions {
    /// Role ids (or any name [`Catalog::lookup`] knows) of a path, in order: these roles get
    /// a strong outline and the arrows between consecutive ones are highlighted.
    pub highlight: Vec<String>,
    /// Only these units (ids, names or aliases), in this order; `None` draws every unit in
    /// catalog order. The units of highlighted roles are always drawn.
    pub units: Option<Vec<String>>,
    /// Draw the guide's explicit career matches (dashed arrows). Default: yes.
    pub career_matches: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            highlight: Vec::new(),
            units: None,
            career_matches: true,
        }
    }
}

/// Why an arrow is on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A natural promotional step inside a unit, to the next grade the unit has above.
    Step,
    /// A career match the guide names explicitly (from a `career_match` prerequisite).
    CareerMatch,
    /// A step of the highlighted path that is neither of the above.
    Path,
}

impl EdgeKind {
    /// The snake_case name (`step`, `career_match`, `path`), also the SVG class.
    pub fn code(self) -> &'static str {
        match self {
            EdgeKind::Step => "step",
            EdgeKind::CareerMatch => "career_match",
            EdgeKind::Path => "path",
        }
    }
}

/// One arrow of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edge {
    /// The role id the move starts from.
    pub from: String,
    /// The role id the move goes to.
    pub to: String,
    /// Why the arrow is there.
    pub kind: EdgeKind,
    /// Part of the highlighted path.
    pub highlighted: bool,
}

/// The arrows of the map for `options`, in drawing order: natural steps (unit by unit,
/// lowest grade first), then career matches, then the highlighted path's extra steps.
///
/// Unknown or ambiguous role names in `highlight` and unknown units are errors
/// ([`Error::UnknownRole`], [`Error::AmbiguousRole`], [`Error::UnknownName`]).
pub fn edges(catalog: &Catalog, options: &MapOptions) -> Result<Vec<Edge>> {
    let model = Model::build(catalog, options)?;
    Ok(model
        .edges
        .iter()
        .map(|e| Edge {
            from: model.role(e.from).id.clone(),
            to: model.role(e.to).id.clone(),
            kind: e.kind,
            highlighted: e.highlighted,
        })
        .collect())
}

mod dot;
mod mermaid;
mod model;
mod svg;
#[cfg(test)]
mod tests;
mod text;

pub use dot::dot;
pub use mermaid::mermaid;
#[allow(unused_imports)]
use model::*;
pub use svg::svg;
#[allow(unused_imports)]
use text::*;
