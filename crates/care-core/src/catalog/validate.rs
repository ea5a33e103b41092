//! Checking a catalog and naming every problem with its place.

use super::*;

pub(super) fn validate(
    data: &CatalogData,
    role_ids: &FastMap<u64, Hits>,
    role_repeats: &[(usize, usize)],
) -> Vec<Problem> {
    let mut problems = data.policy.problems("policy");
    // An empty text or `{}` parses to a catalog of nothing: a mistake, not a map.
    if data.units.is_empty() {
        problems.push(Problem::new(
            "units",
            "there are none; give at least one unit",
        ));
    }
    if data.roles.is_empty() {
        problems.push(Problem::new(
            "roles",
            "there are none; give at least one role",
        ));
    }
    let policy = &data.policy;
    let mut unit_ids: FastMap<&str, usize> = fast_map(data.units.len());
    for (i, u) in data.units.iter().enumerate() {
        let place = format!("units[{i}]");
        if u.id.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.id"), "the id is empty"));
        } else if let Some(first) = unit_ids.insert(u.id.as_str(), i) {
            unit_ids.insert(u.id.as_str(), first);
            problems.push(Problem::new(
                format!("{place}.id"),
                format!("duplicate unit id {:?} (first at units[{first}])", u.id),
            ));
        }
        if u.name.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.name"), "the name is empty"));
        }
        if u.grades.is_empty() {
            problems.push(Problem::new(
                format!("{place}.grades"),
                "a unit needs at least one grade",
            ));
        }
        for (j, &g) in u.grades.iter().enumerate() {
            if !policy.contains(g) {
                problems.push(Problem::new(
                    format!("{place}.grades[{j}]"),
                    format!(
                        "grade {g} is outside {}..={}",
                        policy.lowest_grade, policy.highest_grade
                    ),
                ));
            }
        }
    }
    for &(i, first) in role_repeats {
        let id = data.roles.get(i).map_or("", |r| r.id.as_str());
        problems.push(Problem::new(
            format!("roles[{i}].id"),
            format!("duplicate role id {id:?} (first at roles[{first}])"),
        ));
    }
    let unit_known: Vec<&str> = data.units.iter().map(|u| u.id.as_str()).collect();
    for (i, r) in data.roles.iter().enumerate() {
        let place = RolePlace(i);
        if r.id.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.id"), "the id is empty"));
        }
        if r.title.trim().is_empty() {
            problems.push(Problem::new(
                format!("{place}.title"),
                format!("the title of {:?} is empty", r.id),
            ));
        }
        match unit_ids.get(r.unit.as_str()) {
            None => {
                let e = Error::unknown_name("unit", &r.unit, unit_known.iter().copied());
                problems.push(Problem::new(format!("{place}.unit"), e.to_string()));
            }
            Some(&u) => {
                let Some(unit) = data.units.get(u) else {
                    continue;
                };
                let prefix_ok =
                    r.id.strip_prefix(unit.id.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                        .is_some_and(|rest| !rest.is_empty());
                if !prefix_ok {
                    problems.push(Problem::new(
                        format!("{place}.id"),
                        format!(
                            "role id {:?} should start with its unit: \"{}/...\"",
                            r.id, unit.id
                        ),
                    ));
                }
                if policy.contains(r.grade) && !unit.grades.contains(&r.grade) {
                    problems.push(Problem::new(
                        format!("{place}.grade"),
                        format!(
                            "grade {} is not a grade of unit {:?} (it has {})",
                            r.grade,
                            unit.id,
                            unit.grades
                                .iter()
                                .map(|g| g.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        if !policy.contains(r.grade) {
            problems.push(Problem::new(
                format!("{place}.grade"),
                format!(
                    "grade {} is outside {}..={}",
                    r.grade, policy.lowest_grade, policy.highest_grade
                ),
            ));
        }
        for (j, p) in r.prerequisites.iter().enumerate() {
            let pplace = PrereqPlace(i, j);
            match p {
                Prerequisite::RoleExperience { roles, .. }
                | Prerequisite::CareerMatch { roles, .. } => {
                    if roles.is_empty() {
                        problems.push(Problem::new(
                            format!("{pplace}.roles"),
                            "names no role: list at least one role id",
                        ));
                    }
                    for (k, id) in roles.iter().enumerate() {
                        if find_id(role_ids, &data.roles, id).is_none() {
                            let known = data.roles.iter().map(|r| r.id.as_str());
                            let e = Error::UnknownRole {
                                name: suggest::clip(id),
                                suggestion: suggest::closest(id, known),
                            };
                            problems
                                .push(Problem::new(format!("{pplace}.roles[{k}]"), e.to_string()));
                        } else if id == &r.id {
                            problems.push(Problem::new(
                                format!("{pplace}.roles[{k}]"),
                                format!("role {:?} names itself as a prerequisite", r.id),
                            ));
                        }
                    }
                }
                Prerequisite::Credential { credential, .. } => {
                    if credential.trim().is_empty() {
                        problems.push(Problem::new(
                            format!("{pplace}.credential"),
                            "the credential's name is empty",
                        ));
                    }
                }
                Prerequisite::CallCenterExperience { .. } => {}
            }
        }
    }
    problems
}

/// `roles[i].prerequisites[j]`, formatted only when a problem is reported.
pub(super) struct PrereqPlace(usize, usize);

impl fmt::Display for PrereqPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "roles[{}].prerequisites[{}]", self.0, self.1)
    }
}

/// `roles[i]`, formatted only when a problem is reported.
pub(super) struct RolePlace(usize);

impl fmt::Display for RolePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "roles[{}]", self.0)
    }
}
