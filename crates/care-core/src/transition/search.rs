//! The well-matched next steps from a role and career paths of well-matched steps: two
//! breadth-first searches over the catalog's groups, then a best-first enumeration over the
//! shortest-path DAG.

use super::{classify_idx, grade_of, not_found, two_roles, ug, unit_of, Move, Scope, MAX_PATHS};
use crate::catalog::{Catalog, Track};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// The well-matched moves from `role`, each classified: promotions first, then lateral
/// moves; within the unit before cross-functional; then by grade and catalog order.
pub fn next_steps(catalog: &Catalog, role: &str) -> Result<Vec<Move>> {
    let a = catalog.lookup_index(role)?;
    let mut targets: Vec<u32> = Vec::new();
    for_each_successor(catalog, a, |b| {
        if b != a {
            targets.push(b);
        }
    });
    targets.sort_unstable();
    targets.dedup();
    let mut moves = targets
        .into_iter()
        .map(|b| classify_idx(catalog, a, b).map(|m| (b, m)))
        .collect::<Result<Vec<_>>>()?;
    moves.sort_by_key(|(b, m)| (m.direction, m.scope, m.to.grade, *b));
    Ok(moves.into_iter().map(|(_, m)| m).collect())
}

/// Calls `f` for every well-matched successor of `a` (maybe more than once).
fn for_each_successor(catalog: &Catalog, a: u32, mut f: impl FnMut(u32)) {
    let ix = catalog.index();
    let g = grade_of(catalog, a);
    for &b in ix.by_grade.get(usize::from(g)).into_iter().flatten() {
        f(b);
    }
    for u in 0..catalog.units().len() as u32 {
        if let Some(Some(h)) = ix.next_up.get(ug(catalog, u, g)) {
            for &b in ix
                .by_unit_grade
                .get(ug(catalog, u, *h))
                .into_iter()
                .flatten()
            {
                f(b);
            }
        }
    }
    for &b in ix.matches_out.get(a as usize).into_iter().flatten() {
        f(b);
    }
}

// ------------------------------------------------------------------------------ paths

/// Options of a [`paths`] query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PathOptions {
    /// How many paths at most (1 to [`MAX_PATHS`]); 0 is an error. Default 3.
    pub k: usize,
    /// Keep every role after the first on this track.
    pub track: Option<Track>,
    /// Keep every role after the first in these units (ids or names); empty = all units.
    pub units: Vec<String>,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            k: 3,
            track: None,
            units: Vec::new(),
        }
    }
}

/// One career path: well-matched steps from the first role to the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CareerPath {
    /// The role ids in order, first and last included.
    pub roles: Vec<String>,
    /// How many cross-functional transfers it makes.
    pub transfers: usize,
    /// Each step, classified.
    pub steps: Vec<Move>,
}

/// Up to `options.k` shortest career paths of well-matched steps from `from` to `to`: fewest
/// steps, then fewest cross-functional transfers, then catalog order. Empty when no path
/// exists.
pub fn paths(
    catalog: &Catalog,
    from: &str,
    to: &str,
    options: &PathOptions,
) -> Result<Vec<CareerPath>> {
    if options.k == 0 {
        return Err(Error::invalid_input(
            "k = 0 asks for no paths: give k of at least 1",
        ));
    }
    if options.k > MAX_PATHS {
        return Err(Error::invalid_input(format!(
            "k = {} is over the limit of {MAX_PATHS} paths",
            options.k
        )));
    }
    let (a, b) = two_roles(catalog, from, to)?;
    let mut allowed_units: Option<Vec<bool>> = None;
    if !options.units.is_empty() {
        let mut v = vec![false; catalog.units().len()];
        for name in &options.units {
            catalog.unit(name)?;
            if let Some(slot) = catalog.unit_index(name).and_then(|u| v.get_mut(u as usize)) {
                *slot = true;
            }
        }
        allowed_units = Some(v);
    }
    let allowed = |i: u32| -> bool {
        options
            .track
            .is_none_or(|t| catalog.role_at(i).is_some_and(|r| r.track == t))
            && allowed_units.as_ref().is_none_or(|v| {
                v.get(unit_of(catalog, i) as usize)
                    .copied()
                    .unwrap_or(false)
            })
    };
    if !allowed(b) {
        let target = catalog.role_at(b).ok_or_else(|| not_found(catalog, b))?;
        return Err(Error::invalid_input(format!(
            "the target {:?} is outside the path's limits ({} track, unit {}): widen the track or unit limits",
            target.id, target.track, target.unit
        )));
    }
    let seqs = k_best(catalog, a, b, options.k, &allowed);
    seqs.into_iter()
        .map(|seq| {
            let steps = seq
                .windows(2)
                .map(|w| match w {
                    [x, y] => classify_idx(catalog, *x, *y),
                    _ => Err(Error::invalid_input("a path step needs two roles")),
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(CareerPath {
                roles: seq.iter().map(|&i| catalog.id_of(i).to_string()).collect(),
                transfers: steps
                    .iter()
                    .filter(|m| m.scope == Scope::CrossFunctional)
                    .count(),
                steps,
            })
        })
        .collect()
}

const UNSEEN: u32 = u32::MAX;

/// Per unit: the fewest transfers to the target over the groups reachable from one grade;
/// and the two best (transfers, unit) pairs with distinct units.
type GradeBest = (HashMap<u32, u32>, [(u32, u32); 2]);

/// Breadth-first distances from `start` (forward or backward), up to `limit` steps, scanning
/// each group of roles at most once.
fn bfs(
    catalog: &Catalog,
    start: u32,
    forward: bool,
    limit: u32,
    allowed: &dyn Fn(u32) -> bool,
    stop_at: Option<u32>,
) -> Vec<u32> {
    let ix = catalog.index();
    let n = catalog.roles().len();
    let gc = ix.grade_count;
    let units = catalog.units().len();
    let mut dist = vec![UNSEEN; n];
    // forward: lateral scans by grade and promotion scans by source grade;
    // backward: any scan of a whole grade group.
    let mut grade_done = vec![false; gc];
    let mut promo_done = vec![false; gc];
    if let Some(d) = dist.get_mut(start as usize) {
        *d = 0;
    }
    let mut frontier = vec![start];
    let mut next = Vec::new();
    let mut depth = 0u32;
    while !frontier.is_empty() && depth < limit {
        depth += 1;
        let visit = |v: u32, next: &mut Vec<u32>, dist: &mut Vec<u32>| {
            if let Some(d) = dist.get_mut(v as usize) {
                if *d == UNSEEN && allowed(v) {
                    *d = depth;
                    next.push(v);
                }
            }
        };
        for &u in &frontier {
            let g = usize::from(grade_of(catalog, u));
            if forward {
                if !grade_done.get(g).copied().unwrap_or(true) {
                    grade_done[g] = true;
                    for &v in ix.by_grade.get(g).into_iter().flatten() {
                        visit(v, &mut next, &mut dist);
                    }
                }
                if !promo_done.get(g).copied().unwrap_or(true) {
                    promo_done[g] = true;
                    for unit in 0..units {
                        if let Some(Some(h)) = ix.next_up.get(unit * gc + g) {
                            for &v in ix
                                .by_unit_grade
                                .get(unit * gc + usize::from(*h))
                                .into_iter()
                                .flatten()
                            {
                                visit(v, &mut next, &mut dist);
                            }
                        }
                    }
                }
                for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
                    visit(v, &mut next, &mut dist);
                }
            } else {
                // predecessors: every grade from the unit's grade below this one (whose next
                // grade up is this one) to this one (lateral)
                let base = unit_of(catalog, u) as usize * gc + g;
                let low = match ix.next_down.get(base).copied().flatten() {
                    Some(d) => usize::from(d),
                    None => 0,
                };
                for x in low..=g {
                    if !grade_done.get(x).copied().unwrap_or(true) {
                        grade_done[x] = true;
                        for &v in ix.by_grade.get(x).into_iter().flatten() {
                            visit(v, &mut next, &mut dist);
                        }
                    }
                }
                for &v in ix.matches_in.get(u as usize).into_iter().flatten() {
                    visit(v, &mut next, &mut dist);
                }
            }
        }
        if stop_at.is_some_and(|s| dist.get(s as usize).is_some_and(|&d| d != UNSEEN)) {
            break;
        }
        std::mem::swap(&mut frontier, &mut next);
        next.clear();
    }
    dist
}

/// The k best role sequences from a to b over the shortest-path DAG, ordered by (steps,
/// transfers, role indexes).
pub(super) fn k_best(
    catalog: &Catalog,
    a: u32,
    b: u32,
    k: usize,
    allowed: &dyn Fn(u32) -> bool,
) -> Vec<Vec<u32>> {
    let ix = catalog.index();
    let gc = ix.grade_count;
    let df = bfs(catalog, a, true, u32::MAX, allowed, Some(b));
    let total = match df.get(b as usize) {
        Some(&d) if d != UNSEEN => d,
        _ => return Vec::new(),
    };
    let allowed_or_start = |i: u32| i == a || allowed(i);
    let db = bfs(catalog, b, false, total, &allowed_or_start, None);
    // layers of the DAG
    let layers_n = total as usize + 1;
    let mut layers: Vec<Vec<u32>> = vec![Vec::new(); layers_n];
    for (i, (&f, &bk)) in df.iter().zip(db.iter()).enumerate() {
        if f != UNSEEN && bk != UNSEEN && f.checked_add(bk) == Some(total) {
            if let Some(l) = layers.get_mut(f as usize) {
                l.push(i as u32);
            }
        }
    }
    // t[v]: fewest transfers from v to b inside the DAG
    let mut t: HashMap<u32, u32> = HashMap::new();
    t.insert(b, 0);
    // per layer: groups (unit*gc+grade) -> members sorted by (t, index)
    let mut groups: Vec<HashMap<usize, Vec<(u32, u32)>>> = vec![HashMap::new(); layers_n];
    let next_up = |unit: usize, g: usize| ix.next_up.get(unit * gc + g).copied().flatten();
    for layer in (0..layers_n).rev() {
        if layer + 1 < layers_n {
            // best per (source grade) over reachable groups in layer+1: per unit minimum, and
            // the two best distinct units
            let succ = &groups[layer + 1];
            let mut per_grade: HashMap<usize, GradeBest> = HashMap::new();
            for &u in layers.get(layer).into_iter().flatten() {
                let g = usize::from(grade_of(catalog, u));
                let entry = per_grade.entry(g).or_insert_with(|| {
                    let mut by_unit: HashMap<u32, u32> = HashMap::new();
                    for (&key, members) in succ {
                        let (unit, h) = (key / gc.max(1), key % gc.max(1));
                        let reachable = h == g || next_up(unit, g) == Some(h as u8);
                        if let (true, Some(&(tv, _))) = (reachable, members.first()) {
                            let e = by_unit.entry(unit as u32).or_insert(u32::MAX);
                            *e = (*e).min(tv);
                        }
                    }
                    let mut best = [(u32::MAX, u32::MAX); 2];
                    for (&unit, &tv) in &by_unit {
                        if tv < best[0].0 {
                            best[1] = best[0];
                            best[0] = (tv, unit);
                        } else if tv < best[1].0 {
                            best[1] = (tv, unit);
                        }
                    }
                    (by_unit, best)
                });
                let own = unit_of(catalog, u);
                let mut cost = entry.0.get(&own).copied().unwrap_or(u32::MAX);
                let other = if entry.1[0].1 == own {
                    entry.1[1].0
                } else {
                    entry.1[0].0
                };
                cost = cost.min(other.saturating_add(1));
                for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
                    if df.get(v as usize) == Some(&(layer as u32 + 1)) {
                        if let Some(&tv) = t.get(&v) {
                            let c = tv + u32::from(unit_of(catalog, v) != own);
                            cost = cost.min(c);
                        }
                    }
                }
                if cost != u32::MAX {
                    t.insert(u, cost);
                }
            }
        }
        let mut map: HashMap<usize, Vec<(u32, u32)>> = HashMap::new();
        for &v in layers.get(layer).into_iter().flatten() {
            if let Some(&tv) = t.get(&v) {
                let key = ug(catalog, unit_of(catalog, v), grade_of(catalog, v));
                map.entry(key).or_default().push((tv, v));
            }
        }
        for members in map.values_mut() {
            members.sort_unstable();
        }
        if let Some(slot) = groups.get_mut(layer) {
            *slot = map;
        }
    }
    let Some(&t0) = t.get(&a) else {
        return Vec::new();
    };
    // best-first enumeration; key (transfers so far + t[last], sequence)
    let mut heap: BinaryHeap<Reverse<(u32, Vec<u32>, u32)>> = BinaryHeap::new();
    heap.push(Reverse((t0, vec![a], 0)));
    let mut out = Vec::new();
    while let Some(Reverse((_, seq, so_far))) = heap.pop() {
        let Some(&u) = seq.last() else { continue };
        if u == b {
            out.push(seq);
            if out.len() >= k {
                break;
            }
            continue;
        }
        let layer = seq.len() - 1;
        let Some(succ) = groups.get(layer + 1) else {
            continue;
        };
        let g = usize::from(grade_of(catalog, u));
        let own = unit_of(catalog, u);
        // the k best successors by (step cost + t, index)
        let mut cands: Vec<(u32, u32, u32)> = Vec::new(); // (f, v, step cost)
        for (&key, members) in succ {
            let (unit, h) = (key / gc.max(1), key % gc.max(1));
            if !(h == g || next_up(unit, g) == Some(h as u8)) {
                continue;
            }
            let c = u32::from(unit as u32 != own);
            for &(tv, v) in members.iter().take(k) {
                cands.push((tv + c, v, c));
            }
        }
        for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
            if df.get(v as usize) == Some(&(layer as u32 + 1)) {
                if let Some(&tv) = t.get(&v) {
                    let c = u32::from(unit_of(catalog, v) != own);
                    cands.push((tv + c, v, c));
                }
            }
        }
        cands.sort_unstable();
        cands.dedup_by_key(|x| x.1);
        cands.sort_unstable();
        for (_, v, c) in cands.into_iter().take(k) {
            let mut s = seq.clone();
            s.push(v);
            let tv = t.get(&v).copied().unwrap_or(0);
            heap.push(Reverse((so_far + c + tv, s, so_far + c)));
        }
    }
    out
}
