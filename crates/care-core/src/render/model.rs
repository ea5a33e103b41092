//! The model all three pictures draw: the roles, grades and arrows of the map, built once.

#[allow(unused_imports)]
use super::*;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Ix {
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) kind: EdgeKind,
    pub(crate) highlighted: bool,
}

/// What every format draws: columns, rows, cells, arrows, the path.
pub(crate) struct Model<'a> {
    pub(crate) roles: &'a [Role],
    /// The drawn units, left to right.
    pub(crate) units: Vec<&'a Unit>,
    /// The ladder's grades, highest first (one row each).
    pub(crate) grades: Vec<Grade>,
    /// `cells[column][row]`: the catalog indexes of the roles there, in catalog order.
    pub(crate) cells: Vec<Vec<Vec<usize>>>,
    pub(crate) edges: Vec<Ix>,
    /// Catalog index -> position on the highlighted path (1-based, first occurrence).
    pub(crate) path_pos: HashMap<usize, usize>,
}

impl<'a> Model<'a> {
    pub(crate) fn build(catalog: &'a Catalog, options: &MapOptions) -> Result<Model<'a>> {
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

    pub(crate) fn role(&self, i: usize) -> &'a Role {
        // Indexes come from the catalog's own index, so they are in range; the fallback
        // keeps this total.
        self.roles.get(i).unwrap_or(&FALLBACK_ROLE)
    }

    /// The drawn roles: column by column, highest grade first, catalog order in a cell.
    pub(crate) fn drawn(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.cells.iter().enumerate().flat_map(|(c, col)| {
            col.iter()
                .enumerate()
                .flat_map(move |(r, cell)| cell.iter().map(move |&i| (c, r, i)))
        })
    }

    pub(crate) fn highlighted(&self, i: usize) -> bool {
        self.path_pos.contains_key(&i)
    }
}

pub(crate) static FALLBACK_ROLE: Role = Role {
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
