//! The catalog's checks: everything [`Catalog::new`] refuses, roles that no path of
//! well-matched steps reaches, prerequisite cycles, and smaller slips.

use super::{add_problems, FileKind, Finding, Severity};
use crate::catalog::{Catalog, CatalogData, Grade, Need, Prerequisite};
use std::collections::HashMap;

/// Lints a catalog (as data, so a catalog that does not validate can be explained):
///
/// - every problem [`Catalog::new`] reports (duplicate ids, unknown units and roles with the
///   closest name, grades off the ladder or not a grade of the unit...), as errors;
/// - prerequisite cycles (role A needs time in B, B needs time in A): an error when every
///   link is required (nobody can ever qualify), a warning otherwise;
/// - roles that no career path reaches: no well-matched step (lateral, the next grade of the
///   target's unit, a career match) leads to them from the roles of the lowest grade;
/// - prerequisites of 0 months or years, a role named twice in one prerequisite, time asked
///   in a higher-graded role (a warning when required), units without roles.
pub fn lint_catalog(data: &CatalogData) -> Vec<Finding> {
    let mut findings = Vec::new();
    let ids: HashMap<&str, usize> = data
        .roles
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    cycles(data, &ids, &mut findings);
    unreachable(data, &ids, &mut findings);
    slips(data, &ids, &mut findings);
    let result = Catalog::new(data.clone()).map(|_| ());
    add_problems(
        &mut findings,
        FileKind::Catalog,
        "lint.catalog.invalid",
        "",
        result,
    );
    findings
}

fn finding(severity: Severity, field: String, rule: &str, message: String, fix: &str) -> Finding {
    Finding::new(severity, FileKind::Catalog, field, rule, message, fix)
}

/// The role-naming prerequisites as edges: (role, prerequisite index, named role, required).
fn edges(data: &CatalogData, ids: &HashMap<&str, usize>) -> Vec<Vec<(usize, usize, bool)>> {
    data.roles
        .iter()
        .map(|r| {
            r.prerequisites
                .iter()
                .enumerate()
                .flat_map(|(j, p)| {
                    let required = p.need() == Need::Required;
                    p.roles()
                        .iter()
                        .filter_map(|id| ids.get(id.as_str()).copied())
                        .map(move |to| (j, to, required))
                })
                .collect()
        })
        .collect()
}

fn cycles(data: &CatalogData, ids: &HashMap<&str, usize>, out: &mut Vec<Finding>) {
    let graph = edges(data, ids);
    // Iterative depth-first search; 0 = new, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; graph.len()];
    let mut reported: Vec<Vec<usize>> = Vec::new();
    for start in 0..graph.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut on_path: Vec<usize> = vec![start];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            let Some(&(j, to, _)) = graph.get(node).and_then(|e| e.get(top.1)) else {
                state[node] = 2;
                stack.pop();
                on_path.pop();
                continue;
            };
            top.1 += 1;
            if to == node {
                continue; // a role naming itself: Catalog::new reports it
            }
            match state[to] {
                0 => {
                    state[to] = 1;
                    stack.push((to, 0));
                    on_path.push(to);
                }
                1 => {
                    let Some(pos) = on_path.iter().position(|&x| x == to) else {
                        continue;
                    };
                    let cycle: Vec<usize> = on_path[pos..].to_vec();
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if reported.contains(&key) {
                        continue;
                    }
                    reported.push(key);
                    let all_required = cycle.iter().enumerate().all(|(k, &a)| {
                        let b = cycle[(k + 1) % cycle.len()];
                        graph[a].iter().any(|&(_, t, req)| t == b && req)
                    });
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(std::iter::once(&to))
                        .map(|&i| data.roles[i].id.as_str())
                        .collect();
                    let (severity, what) = if all_required {
                        (
                            Severity::Error,
                            "every link is required, so nobody can ever qualify for any of them",
                        )
                    } else {
                        (
                            Severity::Warning,
                            "a path through them must start outside the cycle",
                        )
                    };
                    // Blame the link out of the most junior role: needing time in a
                    // more senior role is the likelier slip.
                    let link = (0..cycle.len())
                        .min_by_key(|&k| (data.roles[cycle[k]].grade, cycle[k]))
                        .and_then(|k| {
                            let (a, b) = (cycle[k], cycle[(k + 1) % cycle.len()]);
                            graph[a]
                                .iter()
                                .find(|&&(_, t, _)| t == b)
                                .map(|&(j, _, _)| (a, j))
                        })
                        .unwrap_or((node, j));
                    out.push(finding(
                        severity,
                        format!("roles[{}].prerequisites[{}]", link.0, link.1),
                        "lint.catalog.prerequisite_cycle",
                        format!("prerequisite cycle {}: {what}", names.join(" -> ")),
                        "remove one of the prerequisites in the cycle",
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The grades a unit has, by unit id.
fn unit_grades(data: &CatalogData) -> HashMap<&str, Vec<Grade>> {
    data.units
        .iter()
        .map(|u| {
            let mut g = u.grades.clone();
            g.sort_unstable();
            g.dedup();
            (u.id.as_str(), g)
        })
        .collect()
}

fn unreachable(data: &CatalogData, ids: &HashMap<&str, usize>, out: &mut Vec<Finding>) {
    let Some(entry) = data.roles.iter().map(|r| r.grade).min() else {
        return;
    };
    let units = unit_grades(data);
    let mut grades: Vec<Grade> = data.roles.iter().map(|r| r.grade).collect();
    grades.sort_unstable();
    grades.dedup();
    // Every role of a grade is one lateral step from the others, so reachability is by grade.
    let mut reached: Vec<Grade> = vec![entry];
    let reached_role = |reached: &[Grade], i: usize| -> bool {
        let Some(r) = data.roles.get(i) else {
            return false;
        };
        let own = units.get(r.unit.as_str());
        // A promotion from grade g is well-matched when r's grade is the next grade r's unit
        // has above g.
        let promoted = reached.iter().any(|&g| {
            g < r.grade
                && own.is_some_and(|gs| {
                    gs.contains(&r.grade) && gs.iter().copied().find(|&x| x > g) == Some(r.grade)
                })
        });
        let matched = r.prerequisites.iter().any(|p| {
            matches!(p, Prerequisite::CareerMatch { .. })
                && p.roles().iter().any(|id| {
                    ids.get(id.as_str())
                        .and_then(|&k| data.roles.get(k))
                        .is_some_and(|from| reached.contains(&from.grade) && from.id != r.id)
                })
        });
        promoted || matched
    };
    loop {
        let mut grew = false;
        for &g in &grades {
            if reached.contains(&g) {
                continue;
            }
            let any = (0..data.roles.len())
                .any(|i| data.roles[i].grade == g && reached_role(&reached, i));
            if any {
                reached.push(g);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    for (i, r) in data.roles.iter().enumerate() {
        if !reached.contains(&r.grade) {
            out.push(finding(
                Severity::Warning,
                format!("roles[{i}]"),
                "lint.catalog.unreachable",
                format!(
                    "no career path reaches {:?} (grade {}): no well-matched step leads to it from the entry roles (grade {entry})",
                    r.id, r.grade
                ),
                "give it a grade its unit has, or a career match from a reachable role",
            ));
        }
    }
}

fn slips(data: &CatalogData, ids: &HashMap<&str, usize>, out: &mut Vec<Finding>) {
    for (i, r) in data.roles.iter().enumerate() {
        for (j, p) in r.prerequisites.iter().enumerate() {
            let place = format!("roles[{i}].prerequisites[{j}]");
            let zero = match p {
                Prerequisite::RoleExperience { months, .. } => (*months == 0).then_some("months"),
                Prerequisite::CareerMatch { months, .. } => {
                    (*months == Some(0)).then_some("months")
                }
                Prerequisite::CallCenterExperience { years, .. } => {
                    (*years == 0).then_some("years")
                }
                Prerequisite::Credential { .. } => None,
            };
            if let Some(unit) = zero {
                out.push(finding(
                    Severity::Warning,
                    format!("{place}.{unit}"),
                    "lint.catalog.zero_time",
                    format!("0 {unit} asks for nothing"),
                    "give the time needed, or remove the prerequisite",
                ));
            }
            let roles = p.roles();
            for (k, id) in roles.iter().enumerate() {
                let senior = ids
                    .get(id.as_str())
                    .and_then(|&x| data.roles.get(x))
                    .filter(|x| x.grade > r.grade);
                if let Some(s) = senior {
                    let required = matches!(p, Prerequisite::RoleExperience { .. })
                        && p.need() == Need::Required;
                    out.push(finding(
                        if required {
                            Severity::Warning
                        } else {
                            Severity::Info
                        },
                        format!("{place}.roles[{k}]"),
                        "lint.catalog.senior_prerequisite",
                        format!(
                            "{:?} (grade {}) asks for time in {:?}, a higher grade ({})",
                            r.id, r.grade, s.id, s.grade
                        ),
                        "check the direction: prerequisites are usually the roles below",
                    ));
                }
                if roles[..k].contains(id) {
                    out.push(finding(
                        Severity::Warning,
                        format!("{place}.roles[{k}]"),
                        "lint.catalog.repeated_role",
                        format!("{id:?} is named twice"),
                        "remove the repeat",
                    ));
                }
            }
        }
    }
    let staffed: std::collections::HashSet<&str> =
        data.roles.iter().map(|r| r.unit.as_str()).collect();
    for (i, u) in data.units.iter().enumerate() {
        if !staffed.contains(u.id.as_str()) {
            out.push(finding(
                Severity::Info,
                format!("units[{i}]"),
                "lint.catalog.empty_unit",
                format!("unit {:?} has no roles", u.id),
                "add its roles, or remove the unit",
            ));
        }
        for (k, g) in u.grades.iter().enumerate() {
            if u.grades[..k].contains(g) {
                out.push(finding(
                    Severity::Warning,
                    format!("units[{i}].grades[{k}]"),
                    "lint.catalog.repeated_grade",
                    format!("grade {g} is listed twice"),
                    "remove the repeat",
                ));
            }
        }
    }
}
