//! Building the lookup index once, when a catalog is built.

use super::*;

/// The names a role is found by: its id, title, aliases and level names.
pub(super) fn role_names(r: &Role) -> impl Iterator<Item = &String> {
    std::iter::once(&r.id)
        .chain(std::iter::once(&r.title))
        .chain(r.aliases.iter())
        .chain(r.levels.iter())
}

pub(super) fn build_index(data: &CatalogData, ids: FastMap<u64, Hits>) -> Index {
    let policy = &data.policy;
    let grade_count = usize::from(policy.highest_grade.saturating_sub(policy.lowest_grade)) + 1;
    let n = data.roles.len();
    let mut ix = Index {
        grade_count,
        by_grade: vec![Vec::new(); grade_count],
        by_unit_grade: vec![Vec::new(); grade_count * data.units.len()],
        next_up: vec![None; grade_count * data.units.len()],
        next_down: vec![None; grade_count * data.units.len()],
        matches_out: vec![Vec::new(); n],
        matches_in: vec![Vec::new(); n],
        ids,
        names: fast_map(n * 3),
        words: fast_map(n * 3),
        role_unit: Vec::with_capacity(n),
        role_grade: Vec::with_capacity(n),
        unit_names: fast_map(data.units.len() * 3),
    };
    let offset =
        |g: Grade| -> u8 { u8::try_from(g.saturating_sub(policy.lowest_grade)).unwrap_or(u8::MAX) };
    let mut unit_by_id: FastMap<&str, u32> = fast_map(data.units.len());
    for (ui, u) in data.units.iter().enumerate() {
        let ui = ui as u32;
        unit_by_id.insert(u.id.as_str(), ui);
        for name in [&u.id, &u.name].into_iter().chain(u.aliases.iter()) {
            ix.unit_names.entry(name_key(name)).or_insert(ui);
        }
        let mut offs: Vec<u8> = u.grades.iter().map(|&g| offset(g)).collect();
        offs.sort_unstable();
        offs.dedup();
        for g in 0..grade_count {
            let base = ui as usize * grade_count + g;
            ix.next_up[base] = offs.iter().copied().find(|&o| usize::from(o) > g);
            ix.next_down[base] = offs.iter().rev().copied().find(|&o| usize::from(o) < g);
        }
    }
    // Reused for every name: the name's key, its sorted words and the words' places.
    let mut key = String::new();
    let mut words = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, r) in data.roles.iter().enumerate() {
        let ri = i as u32;
        let ui = unit_by_id.get(r.unit.as_str()).copied().unwrap_or(0);
        let g = offset(r.grade);
        ix.role_unit.push(ui);
        ix.role_grade.push(g);
        if let Some(v) = ix.by_grade.get_mut(usize::from(g)) {
            v.push(ri);
        }
        if let Some(v) = ix
            .by_unit_grade
            .get_mut(ui as usize * grade_count + usize::from(g))
        {
            v.push(ri);
        }
        for name in role_names(r) {
            push_name_key(name, &mut key);
            if key.is_empty() {
                continue;
            }
            add_hit(&mut ix.names, &key, ri);
            if key.contains(' ') {
                push_words_key(&key, &mut spans, &mut words);
                add_hit(&mut ix.words, &words, ri);
            } else {
                add_hit(&mut ix.words, &key, ri);
            }
        }
    }
    for (i, r) in data.roles.iter().enumerate() {
        let ri = i as u32;
        for p in &r.prerequisites {
            if let Prerequisite::CareerMatch { roles, .. } = p {
                for id in roles {
                    if let Some(src) = find_id(&ix.ids, &data.roles, id) {
                        if src != ri {
                            if let Some(v) = ix.matches_out.get_mut(src as usize) {
                                push_unique(v, ri);
                            }
                            if let Some(v) = ix.matches_in.get_mut(i) {
                                push_unique(v, src);
                            }
                        }
                    }
                }
            }
        }
    }
    ix
}

pub(super) fn push_unique(v: &mut Vec<u32>, x: u32) {
    if !v.contains(&x) {
        v.push(x);
    }
}
