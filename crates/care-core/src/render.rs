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

// ------------------------------------------------------------------------------- model

#[derive(Debug, Clone, Copy)]
struct Ix {
    from: usize,
    to: usize,
    kind: EdgeKind,
    highlighted: bool,
}

/// What every format draws: columns, rows, cells, arrows, the path.
struct Model<'a> {
    roles: &'a [Role],
    /// The drawn units, left to right.
    units: Vec<&'a Unit>,
    /// The ladder's grades, highest first (one row each).
    grades: Vec<Grade>,
    /// `cells[column][row]`: the catalog indexes of the roles there, in catalog order.
    cells: Vec<Vec<Vec<usize>>>,
    edges: Vec<Ix>,
    /// Catalog index -> position on the highlighted path (1-based, first occurrence).
    path_pos: HashMap<usize, usize>,
}

impl<'a> Model<'a> {
    fn build(catalog: &'a Catalog, options: &MapOptions) -> Result<Model<'a>> {
        let roles = catalog.roles();
        let all_units = catalog.units();
        let ix = catalog.index();
        let gc = ix.grade_count;

        // The highlighted path, resolved forgivingly.
        let mut path = Vec::with_capacity(options.highlight.len());
        for name in &options.highlight {
            path.push(catalog.lookup_index(name)? as usize);
        }

        // Columns.
        let mut cols: Vec<usize> = Vec::new();
        match &options.units {
            None => cols.extend(0..all_units.len()),
            Some(names) => {
                if names.is_empty() && path.is_empty() {
                    return Err(Error::invalid_input(
                        "the list of units to draw is empty: name at least one unit, or leave it out to draw them all",
                    ));
                }
                for name in names {
                    let u = match catalog.unit_index(name) {
                        Some(u) => u as usize,
                        None => {
                            return Err(catalog.unit(name).err().unwrap_or_else(|| {
                                Error::unknown_name("unit", name, std::iter::empty())
                            }))
                        }
                    };
                    if !cols.contains(&u) {
                        cols.push(u);
                    }
                }
            }
        }
        for &r in &path {
            if let Some(&u) = ix.role_unit.get(r) {
                let u = u as usize;
                if !cols.contains(&u) {
                    cols.push(u);
                }
            }
        }
        let col_of: HashMap<usize, usize> = cols.iter().enumerate().map(|(c, &u)| (u, c)).collect();

        // Rows: highest grade first.
        let mut grades = catalog.grades();
        grades.reverse();
        let rows = grades.len();
        let mut cells = vec![vec![Vec::new(); rows]; cols.len()];
        let mut drawn = vec![false; roles.len()];
        for i in 0..roles.len() {
            let (Some(&u), Some(&g)) = (ix.role_unit.get(i), ix.role_grade.get(i)) else {
                continue;
            };
            let Some(&c) = col_of.get(&(u as usize)) else {
                continue;
            };
            let row = rows.saturating_sub(1).saturating_sub(usize::from(g));
            if let Some(cell) = cells.get_mut(c).and_then(|col| col.get_mut(row)) {
                cell.push(i);
                if let Some(d) = drawn.get_mut(i) {
                    *d = true;
                }
            }
        }

        // Count the natural steps before making them (a huge cell squared is too many).
        let mut count: usize = 0;
        for &u in &cols {
            for g in 0..gc {
                let here = ix.by_unit_grade.get(u * gc + g).map_or(0, Vec::len);
                let up = ix
                    .next_up
                    .get(u * gc + g)
                    .copied()
                    .flatten()
                    .and_then(|up| ix.by_unit_grade.get(u * gc + usize::from(up)))
                    .map_or(0, Vec::len);
                count = count.saturating_add(here.saturating_mul(up));
            }
        }
        if options.career_matches {
            for m in &ix.matches_in {
                count = count.saturating_add(m.len());
            }
        }
        count = count.saturating_add(path.len());
        if count > MAX_EDGES {
            return Err(Error::TooLarge {
                what: "career map (its number of arrows)",
                limit: MAX_EDGES,
                actual: count,
            });
        }

        let mut edges: Vec<Ix> = Vec::new();
        let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
        for &u in &cols {
            for g in 0..gc {
                let Some(up) = ix.next_up.get(u * gc + g).copied().flatten() else {
                    continue;
                };
                let (Some(lower), Some(upper)) = (
                    ix.by_unit_grade.get(u * gc + g),
                    ix.by_unit_grade.get(u * gc + usize::from(up)),
                ) else {
                    continue;
                };
                for &a in lower {
                    for &b in upper {
                        let (a, b) = (a as usize, b as usize);
                        seen.insert((a, b), edges.len());
                        edges.push(Ix {
                            from: a,
                            to: b,
                            kind: EdgeKind::Step,
                            highlighted: false,
                        });
                    }
                }
            }
        }
        if options.career_matches {
            for (t, sources) in ix.matches_in.iter().enumerate() {
                if !drawn.get(t).copied().unwrap_or(false) {
                    continue;
                }
                for &s in sources {
                    let s = s as usize;
                    if !drawn.get(s).copied().unwrap_or(false) || seen.contains_key(&(s, t)) {
                        continue;
                    }
                    seen.insert((s, t), edges.len());
                    edges.push(Ix {
                        from: s,
                        to: t,
                        kind: EdgeKind::CareerMatch,
                        highlighted: false,
                    });
                }
            }
        }
        let mut path_pos = HashMap::new();
        for (n, &r) in path.iter().enumerate() {
            path_pos.entry(r).or_insert(n + 1);
        }
        for pair in path.windows(2) {
            let &[a, b] = pair else { continue };
            if a == b {
                continue;
            }
            match seen.get(&(a, b)) {
                Some(&e) => {
                    if let Some(edge) = edges.get_mut(e) {
                        edge.highlighted = true;
                    }
                }
                None => {
                    seen.insert((a, b), edges.len());
                    edges.push(Ix {
                        from: a,
                        to: b,
                        kind: EdgeKind::Path,
                        highlighted: true,
                    });
                }
            }
        }

        Ok(Model {
            roles,
            units: cols.iter().filter_map(|&u| all_units.get(u)).collect(),
            grades,
            cells,
            edges,
            path_pos,
        })
    }

    fn role(&self, i: usize) -> &'a Role {
        // Indexes come from the catalog's own index, so they are in range; the fallback
        // keeps this total.
        self.roles.get(i).unwrap_or(&FALLBACK_ROLE)
    }

    /// The drawn roles: column by column, highest grade first, catalog order in a cell.
    fn drawn(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.cells.iter().enumerate().flat_map(|(c, col)| {
            col.iter()
                .enumerate()
                .flat_map(move |(r, cell)| cell.iter().map(move |&i| (c, r, i)))
        })
    }

    fn highlighted(&self, i: usize) -> bool {
        self.path_pos.contains_key(&i)
    }
}

static FALLBACK_ROLE: Role = Role {
    id: String::new(),
    title: String::new(),
    unit: String::new(),
    grade: 0,
    track: Track::IndividualContributor,
    levels: Vec::new(),
    lateral_skills: Vec::new(),
    summary: String::new(),
    prerequisites: Vec::new(),
    aliases: Vec::new(),
};

// ------------------------------------------------------------------------------- text

/// Greedy word wrap into at most `max_lines` lines of at most `width` characters; a word
/// longer than a line is split; what does not fit ends in an ellipsis.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut len = 0usize;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let wlen = word.len();
            if len == 0 && wlen <= width {
                line.extend(word.iter());
                len = wlen;
                break;
            }
            if len > 0 && len + 1 + wlen <= width {
                line.push(' ');
                line.extend(word.iter());
                len += 1 + wlen;
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                len = 0;
                continue;
            }
            // A word longer than a line: split it.
            let rest = word.split_off(width);
            line.extend(word.iter());
            lines.push(std::mem::take(&mut line));
            word = rest;
        }
    }
    if len > 0 {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(width.saturating_sub(1));
            while chars.last() == Some(&' ') || chars.last() == Some(&',') {
                chars.pop();
            }
            *last = chars.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

/// Text made safe inside XML content and attribute values; characters XML 1.0 forbids
/// (most control characters) become spaces.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe inside a double-quoted DOT string (one line).
fn dot_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe inside a double-quoted Mermaid label (entity codes).
fn mermaid_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid node ids: ASCII letters, digits and `_`, prefixed, unique.
fn mermaid_ids<'s>(ids: impl Iterator<Item = &'s str>, prefix: &str) -> Vec<String> {
    let mut used = HashSet::new();
    ids.map(|id| {
        let mut base = String::from(prefix);
        for ch in id.chars() {
            base.push(if ch.is_ascii_alphanumeric() { ch } else { '_' });
        }
        let mut name = base.clone();
        let mut n = 2usize;
        while !used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    })
    .collect()
}

const LEAD_FILL: &str = "#dbeafe";
const LEAD_STROKE: &str = "#1d4ed8";
const IC_FILL: &str = "#fef3c7";
const IC_STROKE: &str = "#b45309";
const HL: &str = "#dc2626";
const STEP_COLOR: &str = "#475569";
const MATCH_COLOR: &str = "#7c3aed";

fn track_label(t: Track) -> &'static str {
    match t {
        Track::Leadership => "Leadership",
        Track::IndividualContributor => "Individual contributor",
    }
}

// ------------------------------------------------------------------------------- Mermaid

/// The map as a Mermaid flowchart: one subgraph per unit, grades in the labels, natural
/// steps as `-->`, career matches as `-.->`, extra path steps as `==>`; the highlighted
/// path by `classDef highlight` and `linkStyle`.
pub fn mermaid(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let ids = mermaid_ids(m.roles.iter().map(|r| r.id.as_str()), "r_");
    let unit_ids = mermaid_ids(m.units.iter().map(|u| u.id.as_str()), "u_");
    let nid = |i: usize| ids.get(i).map_or("r_", String::as_str);
    let mut s = String::new();
    s.push_str("%% The career map: units as subgraphs, promotional steps as arrows.\n");
    s.push_str("flowchart BT\n");
    let _ = writeln!(
        s,
        "  classDef leadership fill:{LEAD_FILL},stroke:{LEAD_STROKE},color:#0f172a"
    );
    let _ = writeln!(
        s,
        "  classDef ic fill:{IC_FILL},stroke:{IC_STROKE},color:#0f172a"
    );
    let _ = writeln!(s, "  classDef highlight stroke:{HL},stroke-width:4px");
    for (c, unit) in m.units.iter().enumerate() {
        let uid = unit_ids.get(c).map_or("u_", String::as_str);
        let _ = writeln!(s, "  subgraph {uid}[\"{}\"]", mermaid_str(&unit.name));
        s.push_str("    direction BT\n");
        for cell in m.cells.get(c).into_iter().flatten().rev() {
            for &i in cell {
                let r = m.role(i);
                let class = match r.track {
                    Track::Leadership => "leadership",
                    Track::IndividualContributor => "ic",
                };
                let _ = writeln!(
                    s,
                    "    {}[\"{}<br/>Grade {}\"]:::{class}",
                    nid(i),
                    mermaid_str(&r.title),
                    r.grade
                );
            }
        }
        s.push_str("  end\n");
    }
    let mut lit = Vec::new();
    for (n, e) in m.edges.iter().enumerate() {
        let arrow = match e.kind {
            EdgeKind::Step => "-->",
            EdgeKind::CareerMatch => "-.->",
            EdgeKind::Path => "==>",
        };
        let _ = writeln!(s, "  {} {arrow} {}", nid(e.from), nid(e.to));
        if e.highlighted {
            lit.push(n.to_string());
        }
    }
    let mut hl: Vec<(usize, usize)> = m.path_pos.iter().map(|(&i, &p)| (p, i)).collect();
    hl.sort_unstable();
    if !hl.is_empty() {
        let names: Vec<&str> = hl.iter().map(|&(_, i)| nid(i)).collect();
        let _ = writeln!(s, "  class {} highlight", names.join(","));
    }
    if !lit.is_empty() {
        let _ = writeln!(
            s,
            "  linkStyle {} stroke:{HL},stroke-width:4px",
            lit.join(",")
        );
    }
    Ok(s)
}

// ------------------------------------------------------------------------------- DOT

/// The map as Graphviz DOT (`rankdir=BT`, so cluster labels use `labelloc=b` to sit on
/// top): one cluster per unit, one rank per grade (labelled on the
/// left, highest at the top), natural steps solid, career matches dashed, the highlighted
/// path in red with a heavy pen.
pub fn dot(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let mut s = String::new();
    s.push_str("// The career map: units as clusters, grades as ranks, moves as arrows.\n");
    s.push_str("digraph career_map {\n");
    s.push_str("  graph [rankdir=BT, newrank=true, nodesep=0.25, ranksep=0.7, fontname=\"Helvetica,Arial,sans-serif\"];\n");
    s.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, width=1.6];\n");
    let _ = writeln!(s, "  edge [color=\"{STEP_COLOR}\", arrowsize=0.7];");
    // Grade labels, chained so the ranks keep their order.
    for g in m.grades.iter().rev() {
        let _ = writeln!(
            s,
            "  \"grade {g}\" [label=\"Grade {g}\", shape=plaintext, style=\"\", fontsize=12];"
        );
    }
    let ladder: Vec<String> = m
        .grades
        .iter()
        .rev()
        .map(|g| format!("\"grade {g}\""))
        .collect();
    if ladder.len() > 1 {
        let _ = writeln!(s, "  {} [style=invis];", ladder.join(" -> "));
    }
    for (c, unit) in m.units.iter().enumerate() {
        let _ = writeln!(s, "  subgraph \"cluster_{}\" {{", dot_str(&unit.id));
        let _ = writeln!(
            s,
            "    label=\"{}\"; labelloc=b; fontsize=12; style=\"rounded\"; color=\"#cbd5e1\";",
            dot_str(&unit.name)
        );
        for cell in m.cells.get(c).into_iter().flatten().rev() {
            for &i in cell {
                let r = m.role(i);
                let (fill, stroke) = match r.track {
                    Track::Leadership => (LEAD_FILL, LEAD_STROKE),
                    Track::IndividualContributor => (IC_FILL, IC_STROKE),
                };
                let label: Vec<String> = wrap(&r.title, 22, 3).iter().map(|l| dot_str(l)).collect();
                let hl = if m.highlighted(i) {
                    format!(", color=\"{HL}\", penwidth=3")
                } else {
                    format!(", color=\"{stroke}\"")
                };
                let _ = writeln!(
                    s,
                    "    \"{id}\" [id=\"{id}\", label=\"{}\", tooltip=\"{}\", fillcolor=\"{fill}\"{hl}];",
                    label.join("\\n"),
                    dot_str(&r.summary),
                    id = dot_str(&r.id),
                );
            }
        }
        s.push_str("  }\n");
    }
    for (row, g) in m.grades.iter().enumerate() {
        let mut names = vec![format!("\"grade {g}\"")];
        for col in &m.cells {
            for &i in col.get(row).into_iter().flatten() {
                names.push(format!("\"{}\"", dot_str(&m.role(i).id)));
            }
        }
        let _ = writeln!(s, "  {{ rank=same; {}; }}", names.join("; "));
    }
    for e in &m.edges {
        let mut attrs: Vec<String> = Vec::new();
        match e.kind {
            EdgeKind::Step => {}
            EdgeKind::CareerMatch => {
                attrs.push("style=dashed".into());
                attrs.push(format!("color=\"{MATCH_COLOR}\""));
                attrs.push("constraint=false".into());
            }
            EdgeKind::Path => attrs.push("constraint=false".into()),
        }
        if e.highlighted {
            attrs.retain(|a| !a.starts_with("color="));
            attrs.push(format!("color=\"{HL}\""));
            attrs.push("penwidth=3".into());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(
            s,
            "  \"{}\" -> \"{}\"{attrs};",
            dot_str(&m.role(e.from).id),
            dot_str(&m.role(e.to).id)
        );
    }
    s.push_str("}\n");
    Ok(s)
}

// ------------------------------------------------------------------------------- SVG

const MARGIN: f64 = 16.0;
const GRADE_W: f64 = 92.0;
const HEADER_H: f64 = 52.0;
const BOX_W: f64 = 152.0;
const BOX_H: f64 = 66.0;
const BOX_GAP: f64 = 14.0;
const COL_PAD: f64 = 16.0;
const ROW_PAD: f64 = 30.0;
const ROW_H: f64 = BOX_H + 2.0 * ROW_PAD;
const LEGEND_H: f64 = 44.0;
const TITLE_CHARS: usize = 20;
const LINE_H: f64 = 14.0;

#[derive(Debug, Clone, Copy)]
struct BoxAt {
    x: f64,
    y: f64,
}

fn f(v: f64) -> String {
    // One decimal at most, no "-0".
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The map as a self-contained SVG drawn like the guide: units as columns, grades as rows
/// (highest at the top), roles as boxes marked by track, moves as arrows.
///
/// Every role box is a `<g>` with `id` and `data-role` set to the role id and a `<title>`
/// tooltip (title, unit, grade, track and summary); every arrow a `<path>` with
/// `data-from`, `data-to` and the class `move` plus its [`EdgeKind::code`].
pub fn svg(catalog: &Catalog, options: &MapOptions) -> Result<String> {
    let m = Model::build(catalog, options)?;
    let rows = m.grades.len();

    // Column geometry: as wide as the unit's fullest cell.
    let mut col_x = Vec::with_capacity(m.units.len());
    let mut col_w = Vec::with_capacity(m.units.len());
    let mut x = MARGIN + GRADE_W;
    for col in &m.cells {
        let k = col.iter().map(Vec::len).max().unwrap_or(0).max(1) as f64;
        let w = k * BOX_W + (k - 1.0) * BOX_GAP + 2.0 * COL_PAD;
        col_x.push(x);
        col_w.push(w);
        x += w;
    }
    let width = (x + MARGIN).max(MARGIN * 2.0 + GRADE_W + 420.0);
    let grid_top = MARGIN + HEADER_H;
    let grid_bottom = grid_top + rows as f64 * ROW_H;
    let height = grid_bottom + LEGEND_H + MARGIN;

    let mut at: HashMap<usize, BoxAt> = HashMap::new();
    for (c, col) in m.cells.iter().enumerate() {
        let cx = col_x.get(c).copied().unwrap_or(0.0);
        let cw = col_w.get(c).copied().unwrap_or(0.0);
        for (r, cell) in col.iter().enumerate() {
            let n = cell.len() as f64;
            let used = n * BOX_W + (n - 1.0).max(0.0) * BOX_GAP;
            let x0 = cx + (cw - used) / 2.0;
            let y = grid_top + r as f64 * ROW_H + ROW_PAD;
            for (k, &i) in cell.iter().enumerate() {
                at.insert(
                    i,
                    BoxAt {
                        x: x0 + k as f64 * (BOX_W + BOX_GAP),
                        y,
                    },
                );
            }
        }
    }

    // Spread the arrow ends along each box's top (out) and bottom (in) edge, ordered by
    // the other end's position so arrows do not cross at the box.
    let mut outs: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut ins: HashMap<usize, Vec<usize>> = HashMap::new();
    for (n, e) in m.edges.iter().enumerate() {
        outs.entry(e.from).or_default().push(n);
        ins.entry(e.to).or_default().push(n);
    }
    let key_x = |i: usize| at.get(&i).map_or(0.0, |b| b.x);
    let mut start = vec![(0.0, 0.0); m.edges.len()];
    let mut end = vec![(0.0, 0.0); m.edges.len()];
    for (&i, list) in outs.iter_mut() {
        let Some(b) = at.get(&i) else { continue };
        list.sort_by(|&p, &q| {
            let (ep, eq) = (m.edges.get(p), m.edges.get(q));
            let xp = ep.map_or(0.0, |e| key_x(e.to));
            let xq = eq.map_or(0.0, |e| key_x(e.to));
            xp.total_cmp(&xq).then(p.cmp(&q))
        });
        let n = list.len() as f64;
        for (k, &e) in list.iter().enumerate() {
            let x = b.x + BOX_W * (0.12 + 0.76 * (k as f64 + 1.0) / (n + 1.0));
            if let Some(s) = start.get_mut(e) {
                *s = (x, b.y);
            }
        }
    }
    for (&i, list) in ins.iter_mut() {
        let Some(b) = at.get(&i) else { continue };
        list.sort_by(|&p, &q| {
            let (ep, eq) = (m.edges.get(p), m.edges.get(q));
            let xp = ep.map_or(0.0, |e| key_x(e.from));
            let xq = eq.map_or(0.0, |e| key_x(e.from));
            xp.total_cmp(&xq).then(p.cmp(&q))
        });
        let n = list.len() as f64;
        for (k, &e) in list.iter().enumerate() {
            let x = b.x + BOX_W * (0.12 + 0.76 * (k as f64 + 1.0) / (n + 1.0));
            if let Some(s) = end.get_mut(e) {
                *s = (x, b.y + BOX_H);
            }
        }
    }

    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Career map\" font-family=\"Helvetica, Arial, sans-serif\">",
        w = f(width),
        h = f(height)
    );
    s.push_str("<title>Career map: units as columns, grades as rows, moves as arrows</title>\n");
    s.push_str("<defs>\n");
    for (id, color) in [
        ("care-map-arrow", STEP_COLOR),
        ("care-map-arrow-match", MATCH_COLOR),
        ("care-map-arrow-path", HL),
    ] {
        let _ = writeln!(
            s,
            "<marker id=\"{id}\" viewBox=\"0,0,10,10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
        );
    }
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        f(width),
        f(height)
    );

    // Grade rows: bands and labels.
    s.push_str("<g class=\"grades\">\n");
    for (r, g) in m.grades.iter().enumerate() {
        let y = grid_top + r as f64 * ROW_H;
        let fill = if r % 2 == 0 { "#f8fafc" } else { "#f1f5f9" };
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            f(MARGIN),
            f(y),
            f(width - 2.0 * MARGIN),
            f(ROW_H)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"#334155\" data-grade=\"{g}\">Grade {g}</text>",
            f(MARGIN + 10.0),
            f(y + ROW_H / 2.0 + 5.0)
        );
    }
    s.push_str("</g>\n");

    // Unit columns: separators and headers.
    s.push_str("<g class=\"units\">\n");
    for (c, unit) in m.units.iter().enumerate() {
        let cx = col_x.get(c).copied().unwrap_or(0.0);
        let cw = col_w.get(c).copied().unwrap_or(0.0);
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"1\"/>",
            f(MARGIN),
            f(grid_bottom),
            x = f(cx)
        );
        let chars = ((cw - 12.0) / 7.6).max(4.0) as usize;
        let lines = wrap(&unit.name, chars, 2);
        let _ = write!(
            s,
            "<text class=\"unit\" data-unit=\"{}\" x=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#0f172a\">",
            xml(&unit.id),
            f(cx + cw / 2.0)
        );
        let y0 = if lines.len() > 1 {
            MARGIN + 20.0
        } else {
            MARGIN + 28.0
        };
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                f(cx + cw / 2.0),
                f(y0 + k as f64 * 16.0),
                xml(line)
            );
        }
        s.push_str("</text>\n");
    }
    if let Some(last) = col_x.last().zip(col_w.last()).map(|(x, w)| x + w) {
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#cbd5e1\" stroke-width=\"1\"/>",
            f(MARGIN),
            f(grid_bottom),
            x = f(last)
        );
    }
    s.push_str("</g>\n");

    // Arrows: plain ones first, highlighted on top; all beneath the boxes.
    s.push_str("<g class=\"moves\" fill=\"none\">\n");
    let mut order: Vec<usize> = (0..m.edges.len()).collect();
    order.sort_by_key(|&n| {
        let e = m.edges.get(n);
        (
            e.is_some_and(|e| e.highlighted),
            e.is_some_and(|e| e.kind == EdgeKind::Step),
            n,
        )
    });
    for n in order {
        let (Some(e), Some(&(sx, sy)), Some(&(tx, ty))) =
            (m.edges.get(n), start.get(n), end.get(n))
        else {
            continue;
        };
        let (color, marker, extra) = if e.highlighted {
            (
                HL,
                "care-map-arrow-path",
                " stroke-width=\"3.5\"".to_string(),
            )
        } else if e.kind == EdgeKind::CareerMatch {
            (
                MATCH_COLOR,
                "care-map-arrow-match",
                " stroke-width=\"1.2\" stroke-dasharray=\"5,4\" stroke-opacity=\"0.75\"".into(),
            )
        } else {
            (STEP_COLOR, "care-map-arrow", " stroke-width=\"1.3\"".into())
        };
        let extra = if e.highlighted && e.kind == EdgeKind::CareerMatch {
            format!("{extra} stroke-dasharray=\"8,4\"")
        } else {
            extra
        };
        let d = curve(sx, sy, tx, ty);
        let _ = writeln!(
            s,
            "<path class=\"move {}{}\" data-from=\"{}\" data-to=\"{}\" d=\"{d}\" stroke=\"{color}\"{extra} marker-end=\"url(#{marker})\"/>",
            e.kind.code(),
            if e.highlighted { " highlighted" } else { "" },
            xml(&m.role(e.from).id),
            xml(&m.role(e.to).id),
        );
    }
    s.push_str("</g>\n");

    // Role boxes.
    s.push_str("<g class=\"roles\">\n");
    for (c, _, i) in m.drawn() {
        let Some(b) = at.get(&i) else { continue };
        let r = m.role(i);
        let unit = m.units.get(c).map_or("", |u| u.name.as_str());
        let (fill, stroke, track_class) = match r.track {
            Track::Leadership => (LEAD_FILL, LEAD_STROKE, "leadership"),
            Track::IndividualContributor => (IC_FILL, IC_STROKE, "individual_contributor"),
        };
        let hl = m.path_pos.get(&i).copied();
        let _ = writeln!(
            s,
            "<g class=\"role {track_class}{}\" id=\"{id}\" data-role=\"{id}\" data-grade=\"{}\" data-unit=\"{}\">",
            if hl.is_some() { " highlighted" } else { "" },
            r.grade,
            xml(&r.unit),
            id = xml(&r.id),
        );
        let mut tip = format!(
            "{}\n{unit}, Grade {}, {}",
            r.title,
            r.grade,
            track_label(r.track).to_lowercase()
        );
        if !r.summary.is_empty() {
            tip.push('\n');
            tip.push_str(&r.summary);
        }
        // Keep the tooltip's line breaks: escape everything else.
        let tip: Vec<String> = tip.split('\n').map(xml).collect();
        let _ = writeln!(s, "<title>{}</title>", tip.join("&#10;"));
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"7\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            f(b.x),
            f(b.y),
            f(BOX_W),
            f(BOX_H),
            if hl.is_some() { HL } else { stroke },
            if hl.is_some() { "4" } else { "1.5" },
        );
        // Track marker: a band along the left edge, solid for leadership.
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"5\" height=\"{}\" fill=\"{stroke}\"/>",
            f(b.x + 3.0),
            f(b.y + 8.0),
            f(BOX_H - 16.0)
        );
        let lines = wrap(&r.title, TITLE_CHARS, 3);
        let text_h = lines.len() as f64 * LINE_H;
        let body_top = b.y + (BOX_H - 12.0 - text_h) / 2.0;
        let _ = write!(
            s,
            "<text x=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0f172a\">",
            f(b.x + BOX_W / 2.0 + 3.0)
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                f(b.x + BOX_W / 2.0 + 3.0),
                f(body_top + 11.0 + k as f64 * LINE_H),
                xml(line)
            );
        }
        s.push_str("</text>\n");
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{stroke}\" letter-spacing=\"0.4\">{}</text>",
            f(b.x + BOX_W / 2.0 + 3.0),
            f(b.y + BOX_H - 6.0),
            match r.track {
                Track::Leadership => "LEADERSHIP",
                Track::IndividualContributor => "INDIVIDUAL CONTRIBUTOR",
            }
        );
        if let Some(p) = hl {
            let _ = writeln!(
                s,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"{HL}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#ffffff\">{p}</text>",
                f(b.y + 4.0),
                x = f(b.x + BOX_W - 4.0),
                y = f(b.y + 2.0)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");

    // Legend.
    let ly = grid_bottom + 14.0;
    let lx = MARGIN + 10.0;
    s.push_str("<g class=\"legend\" font-size=\"12\" fill=\"#334155\">\n");
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"4\" fill=\"{LEAD_FILL}\" stroke=\"{LEAD_STROKE}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\">Leadership</text>",
        f(lx),
        f(ly),
        f(lx + 32.0),
        f(ly + 12.5)
    );
    let lx = lx + 110.0;
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"26\" height=\"16\" rx=\"4\" fill=\"{IC_FILL}\" stroke=\"{IC_STROKE}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\">Individual contributor</text>",
        f(lx),
        f(ly),
        f(lx + 32.0),
        f(ly + 12.5)
    );
    let lx = lx + 190.0;
    let _ = writeln!(
        s,
        "<path d=\"M{},{} h34\" stroke=\"{STEP_COLOR}\" stroke-width=\"1.3\" fill=\"none\" marker-end=\"url(#care-map-arrow)\"/><text x=\"{}\" y=\"{}\">Promotional step in the unit</text>",
        f(lx),
        f(ly + 8.0),
        f(lx + 42.0),
        f(ly + 12.5)
    );
    let lx = lx + 230.0;
    let _ = writeln!(
        s,
        "<path d=\"M{},{} h34\" stroke=\"{MATCH_COLOR}\" stroke-width=\"1.2\" stroke-dasharray=\"5,4\" fill=\"none\" marker-end=\"url(#care-map-arrow-match)\"/><text x=\"{}\" y=\"{}\">Career match named in the guide</text>",
        f(lx),
        f(ly + 8.0),
        f(lx + 42.0),
        f(ly + 12.5)
    );
    if !m.path_pos.is_empty() {
        let lx = lx + 250.0;
        let _ = writeln!(
            s,
            "<path d=\"M{},{} h34\" stroke=\"{HL}\" stroke-width=\"3.5\" fill=\"none\" marker-end=\"url(#care-map-arrow-path)\"/><text x=\"{}\" y=\"{}\">Highlighted path</text>",
            f(lx),
            f(ly + 8.0),
            f(lx + 42.0),
            f(ly + 12.5)
        );
    }
    s.push_str("</g>\n");
    s.push_str("</svg>\n");
    Ok(s)
}

/// A smooth arrow from a box's top (`sx`, `sy`) to another's bottom (`tx`, `ty`).
fn curve(sx: f64, sy: f64, tx: f64, ty: f64) -> String {
    let dy = (sy - ty).abs().max(40.0);
    let bend = (dy * 0.5).min(140.0);
    format!(
        "M{},{} C{},{} {},{} {},{}",
        f(sx),
        f(sy),
        f(sx),
        f(sy - bend),
        f(tx),
        f(ty + bend),
        f(tx),
        f(ty)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogData;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn builtin() -> Catalog {
        Catalog::builtin().expect("the built-in catalog is valid")
    }

    fn path_options() -> MapOptions {
        MapOptions {
            highlight: vec![
                "Care Rep".into(),
                "Senior Rep".into(),
                "continuous-improvement/analyst-project-management".into(),
                "Senior Analyst, Project".into(),
                "Manager, Process".into(),
            ],
            ..MapOptions::default()
        }
    }

    /// A small XML well-formedness check: one root, balanced and matching tags, quoted
    /// attributes without `<`, and every `&` starting a known entity or a character
    /// reference.
    fn check_xml(text: &str) -> std::result::Result<(), String> {
        fn entity_ok(rest: &str) -> bool {
            let Some(end) = rest.find(';') else {
                return false;
            };
            let name = &rest[1..end];
            matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || name
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        }
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut i = 0;
        let b = text;
        while i < b.len() {
            let rest = &b[i..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").ok_or("unclosed comment")?;
                i += end + 3;
            } else if rest.starts_with("<?") {
                let end = rest.find("?>").ok_or("unclosed declaration")?;
                i += end + 2;
            } else if let Some(close) = rest.strip_prefix("</") {
                let end = close.find('>').ok_or("unclosed end tag")?;
                let name = close[..end].trim();
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
                i += 2 + end + 1;
            } else if let Some(tag) = rest.strip_prefix('<') {
                let name_len = tag
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .ok_or("unclosed tag")?;
                let name = &tag[..name_len];
                if name.is_empty() {
                    return Err(format!("empty tag name at byte {i}"));
                }
                let mut j = name_len;
                let self_closing;
                loop {
                    let t = &tag[j..];
                    let trimmed = t.trim_start();
                    j += t.len() - trimmed.len();
                    if trimmed.starts_with("/>") {
                        self_closing = true;
                        j += 2;
                        break;
                    }
                    if trimmed.starts_with('>') {
                        self_closing = false;
                        j += 1;
                        break;
                    }
                    let eq = trimmed
                        .find('=')
                        .ok_or(format!("attribute without value in <{name}>"))?;
                    let attr = &trimmed[..eq];
                    if attr.is_empty() || attr.contains(char::is_whitespace) {
                        return Err(format!("bad attribute name {attr:?} in <{name}>"));
                    }
                    let after = &trimmed[eq + 1..];
                    let quote = after.chars().next().ok_or("attribute cut off")?;
                    if quote != '"' && quote != '\'' {
                        return Err(format!("unquoted attribute {attr} in <{name}>"));
                    }
                    let close = after[1..].find(quote).ok_or("unclosed attribute value")?;
                    let value = &after[1..1 + close];
                    if value.contains('<') {
                        return Err(format!("`<` in attribute {attr} of <{name}>"));
                    }
                    for (k, _) in value.match_indices('&') {
                        if !entity_ok(&value[k..]) {
                            return Err(format!("bare `&` in attribute {attr} of <{name}>"));
                        }
                    }
                    j += eq + 1 + 1 + close + 1;
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
                i += 1 + j;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let content = &rest[..end];
                if stack.is_empty() && !content.trim().is_empty() {
                    return Err(format!("text outside the root: {content:?}"));
                }
                for (k, _) in content.match_indices('&') {
                    if !entity_ok(&content[k..]) {
                        return Err(format!("bare `&` in text {content:?}"));
                    }
                }
                i += end;
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed elements {stack:?}"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    #[test]
    fn the_checker_catches_broken_xml() {
        assert!(check_xml("<a><b/></a>").is_ok());
        assert!(check_xml("<a><b></a>").is_err());
        assert!(check_xml("<a>x & y</a>").is_err());
        assert!(check_xml("<a t=\"<\"/>").is_err());
        assert!(check_xml("<a/><b/>").is_err());
        assert!(check_xml("<a>&amp;&#10;</a>").is_ok());
    }

    #[test]
    fn snapshots_of_the_builtin_map() {
        let c = builtin();
        let plain = MapOptions::default();
        let path = path_options();
        insta::assert_snapshot!("mermaid_plain", mermaid(&c, &plain).unwrap());
        insta::assert_snapshot!("mermaid_path", mermaid(&c, &path).unwrap());
        insta::assert_snapshot!("dot_plain", dot(&c, &plain).unwrap());
        insta::assert_snapshot!("dot_path", dot(&c, &path).unwrap());
        insta::assert_snapshot!("svg_plain", svg(&c, &plain).unwrap());
        insta::assert_snapshot!("svg_path", svg(&c, &path).unwrap());
    }

    #[test]
    fn the_svg_is_well_formed_and_self_contained() {
        let c = builtin();
        for options in [MapOptions::default(), path_options()] {
            let s = svg(&c, &options).unwrap();
            check_xml(&s).unwrap();
            assert!(!s.contains("<script"));
            assert!(!s.contains("href"));
            assert!(!s.contains("@import"));
            assert!(
                !s.contains("http") || s.matches("http").count() == 1,
                "only the namespace"
            );
            // Units as column headers, grades as rows, 109 above 105.
            assert!(s.contains(">Care Operations<"));
            let top = s.find(">Grade 109<").unwrap();
            let bottom = s.find(">Grade 105<").unwrap();
            assert!(top < bottom);
        }
    }

    #[test]
    fn every_role_appears_exactly_once() {
        let c = builtin();
        let s = svg(&c, &path_options()).unwrap();
        let d = dot(&c, &MapOptions::default()).unwrap();
        let m = mermaid(&c, &MapOptions::default()).unwrap();
        let mids = mermaid_ids(c.roles().iter().map(|r| r.id.as_str()), "r_");
        for (r, mid) in c.roles().iter().zip(&mids) {
            assert_eq!(
                s.matches(&format!("data-role=\"{}\"", r.id)).count(),
                1,
                "{}",
                r.id
            );
            assert_eq!(
                s.matches(&format!(" id=\"{}\"", r.id)).count(),
                1,
                "{}",
                r.id
            );
            assert_eq!(
                d.matches(&format!("[id=\"{}\"", r.id)).count(),
                1,
                "{}",
                r.id
            );
            assert_eq!(m.matches(&format!("    {mid}[\"")).count(), 1, "{}", r.id);
        }
        assert_eq!(s.matches("<g class=\"role ").count(), c.roles().len());
    }

    #[test]
    fn natural_steps_follow_the_units_grades() {
        let c = builtin();
        let e = edges(&c, &MapOptions::default()).unwrap();
        let has = |a: &str, b: &str, k: EdgeKind| {
            e.iter().any(|x| x.from == a && x.to == b && x.kind == k)
        };
        // Care Operations has no 108: its supervisor steps to the manager.
        assert!(has(
            "care-operations/supervisor",
            "care-operations/manager",
            EdgeKind::Step
        ));
        assert!(has(
            "care-operations/rep",
            "care-operations/senior-rep",
            EdgeKind::Step
        ));
        // Every role at 107 in Resource Planning to every role at 108.
        let rp = e
            .iter()
            .filter(|x| {
                x.kind == EdgeKind::Step
                    && x.from.starts_with("resource-planning/")
                    && c.get(&x.from).unwrap().grade == 107
            })
            .count();
        assert_eq!(rp, 9);
        // Career matches from the guide, dashed, not duplicating a step.
        assert!(has(
            "care-operations/rep",
            "continuous-improvement/analyst-project-management",
            EdgeKind::CareerMatch
        ));
        assert!(has(
            "continuous-improvement/analyst-project-management",
            "continuous-improvement/sr-analyst-project",
            EdgeKind::Step
        ));
        assert!(!has(
            "continuous-improvement/analyst-project-management",
            "continuous-improvement/sr-analyst-project",
            EdgeKind::CareerMatch
        ));
        // No arrow goes down, none within a grade of one unit.
        for x in &e {
            let (a, b) = (c.get(&x.from).unwrap(), c.get(&x.to).unwrap());
            assert!(a.grade < b.grade, "{} -> {}", a.id, b.id);
        }
        assert!(e.iter().all(|x| !x.highlighted));
        let without = edges(
            &c,
            &MapOptions {
                career_matches: false,
                ..MapOptions::default()
            },
        )
        .unwrap();
        assert!(without.iter().all(|x| x.kind == EdgeKind::Step));
    }

    #[test]
    fn a_highlighted_path_marks_its_arrows_and_adds_missing_ones() {
        let c = builtin();
        let options = MapOptions {
            highlight: vec![
                "Care Rep".into(),
                "Senior Rep".into(),
                "Manager, Vendor Management".into(),
            ],
            ..MapOptions::default()
        };
        let e = edges(&c, &options).unwrap();
        let lit: Vec<_> = e.iter().filter(|x| x.highlighted).collect();
        assert_eq!(lit.len(), 2);
        assert_eq!(lit[0].kind, EdgeKind::Step);
        assert_eq!(
            (lit[1].from.as_str(), lit[1].to.as_str(), lit[1].kind),
            (
                "care-operations/senior-rep",
                "vendor-management/manager",
                EdgeKind::Path
            )
        );
        let m = mermaid(&c, &options).unwrap();
        assert!(m.contains("r_care_operations_senior_rep ==> r_vendor_management_manager"));
        assert!(m.contains("linkStyle "));
        assert!(m.contains("class r_care_operations_rep,r_care_operations_senior_rep,r_vendor_management_manager highlight"));
        let d = dot(&c, &options).unwrap();
        assert!(d.contains(
            "\"care-operations/senior-rep\" -> \"vendor-management/manager\" [constraint=false, color=\"#dc2626\", penwidth=3];"
        ));
        let s = svg(&c, &options).unwrap();
        assert_eq!(s.matches("class=\"move path highlighted\"").count(), 1);
        assert_eq!(s.matches("class=\"move step highlighted\"").count(), 1);
        assert_eq!(
            s.matches("<g class=\"role individual_contributor highlighted\"")
                .count(),
            2
        );
        assert_eq!(
            s.matches("<g class=\"role leadership highlighted\"")
                .count(),
            1
        );
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let c = builtin();
        let options = MapOptions {
            highlight: vec!["Care Rep".into(), "Senoir Rep".into()],
            ..MapOptions::default()
        };
        for result in [svg(&c, &options), dot(&c, &options), mermaid(&c, &options)] {
            let e = result.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::UnknownRole);
            assert_eq!(
                e.to_string(),
                r#"unknown role "Senoir Rep" (did you mean "Senior Rep"?)"#
            );
        }
        let e = svg(
            &c,
            &MapOptions {
                highlight: vec!["Senior Analyst, Business Analytics".into()],
                ..MapOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AmbiguousRole);
        let e = svg(
            &c,
            &MapOptions {
                units: Some(vec!["Resource Planing".into()]),
                ..MapOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownName);
        assert!(e.to_string().contains("did you mean \"resource-planning\""));
    }

    #[test]
    fn units_can_be_chosen_and_path_units_are_added() {
        let c = builtin();
        let options = MapOptions {
            units: Some(vec!["RP".into(), "Care Operations".into()]),
            highlight: vec!["vendor-management/manager".into()],
            ..MapOptions::default()
        };
        let s = svg(&c, &options).unwrap();
        check_xml(&s).unwrap();
        let rp = s.find(">Resource Planning<").unwrap();
        let co = s.find(">Care Operations<").unwrap();
        let vm = s.find(">Vendor Management<").unwrap();
        assert!(rp < co && co < vm);
        assert!(!s.contains("participant-services/"));
        let e = edges(&c, &options).unwrap();
        assert!(e
            .iter()
            .all(|x| !x.from.starts_with("participant-services/")));
        assert!(!e
            .iter()
            .any(|x| x.to.starts_with("continuous-improvement/")));
    }

    fn with_title(title: &str) -> Catalog {
        let mut data: CatalogData = builtin().data().clone();
        data.roles[0].title = title.to_string();
        data.roles[0].summary = format!("{title} summary");
        data.units[0].name = format!("{title} unit");
        Catalog::new(data).unwrap()
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        let c = with_title(r#"R&D <Lead> "A" 'B'"#);
        let s = svg(&c, &MapOptions::default()).unwrap();
        check_xml(&s).unwrap();
        assert!(s.contains("R&amp;D &lt;Lead&gt; &quot;A&quot; &apos;B&apos;"));
        assert!(!s.contains("<Lead>"));
        let d = dot(&c, &MapOptions::default()).unwrap();
        assert!(d.contains(r#"label="R&D <Lead> \"A\" 'B'""#), "{d}");
        let m = mermaid(&c, &MapOptions::default()).unwrap();
        assert!(m.contains("R#amp;D #lt;Lead#gt; #quot;A#quot; 'B'<br/>Grade 105"));
    }

    #[test]
    fn long_titles_wrap_onto_at_most_three_lines() {
        assert_eq!(
            wrap("Associate Manager, Resource Planning", 20, 3),
            vec!["Associate Manager,", "Resource Planning"]
        );
        assert_eq!(wrap("Care Rep", 20, 3), vec!["Care Rep"]);
        let long = wrap(&"word ".repeat(40), 20, 3);
        assert_eq!(long.len(), 3);
        assert!(long[2].ends_with('…'));
        assert!(long.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(wrap(&"x".repeat(45), 20, 3).len(), 3);
        assert!(wrap("", 20, 3).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn any_title_gives_well_formed_output(title in "\\PC{1,60}|[&<>\"' a-z]{1,40}") {
            prop_assume!(!title.trim().is_empty());
            let c = with_title(&title);
            let s = svg(&c, &MapOptions::default()).unwrap();
            prop_assert!(check_xml(&s).is_ok(), "{:?}", check_xml(&s));
            prop_assert!(dot(&c, &MapOptions::default()).is_ok());
            prop_assert!(mermaid(&c, &MapOptions::default()).is_ok());
        }
    }
}
