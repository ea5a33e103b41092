//! Loads the career bench's generated 10,000-role catalog repeatedly, for profilers
//! (`valgrind --tool=callgrind target/release/examples/catalog_load json 3`).

use care_core::catalog::{
    CareerPolicy, Catalog, CatalogData, Need, Prerequisite, Role, Track, Unit,
};
use std::hint::black_box;

const UNITS: usize = 25;
const ROLES: usize = 10_000;

/// A generated catalog: 25 units (some without a grade), 10,000 roles, a few prerequisites
/// and career matches.
fn generated() -> CatalogData {
    let units: Vec<Unit> = (0..UNITS)
        .map(|u| Unit {
            id: format!("unit-{u}"),
            name: format!("Unit {u}"),
            summary: "generated".into(),
            grades: (105..=109u16)
                .filter(|g| (u + *g as usize) % 7 != 0)
                .collect(),
            aliases: vec![],
        })
        .collect();
    let mut roles: Vec<Role> = Vec::with_capacity(ROLES);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..ROLES {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (x >> 33) as usize % UNITS;
        let grades = &units[u].grades;
        let grade = grades[(x >> 45) as usize % grades.len()];
        let mut prerequisites = Vec::new();
        if i > 10 && x % 4 == 0 {
            prerequisites.push(Prerequisite::RoleExperience {
                need: Need::Required,
                roles: vec![roles[(x >> 20) as usize % i].id.clone()],
                months: 6,
            });
        }
        if i > 10 && x % 7 == 0 {
            prerequisites.push(Prerequisite::CareerMatch {
                need: Need::Recommended,
                roles: vec![
                    roles[(x >> 24) as usize % i].id.clone(),
                    roles[(x >> 28) as usize % i].id.clone(),
                ],
                months: None,
            });
        }
        if x % 11 == 0 {
            prerequisites.push(Prerequisite::CallCenterExperience {
                need: Need::Required,
                years: 3,
            });
        }
        roles.push(Role {
            id: format!("unit-{u}/role-{i}"),
            title: format!("Role {i} of unit {u}"),
            unit: format!("unit-{u}"),
            grade,
            track: if x % 3 == 0 {
                Track::Leadership
            } else {
                Track::IndividualContributor
            },
            levels: vec![],
            lateral_skills: vec![],
            summary: "A generated role.".into(),
            prerequisites,
            aliases: vec![format!("R{i}")],
        });
    }
    CatalogData {
        policy: CareerPolicy::default(),
        units,
        roles,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "json".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let cat = Catalog::new(generated()).expect("valid");
    let json = if what.ends_with("compact") {
        serde_json::to_string(cat.data()).expect("json")
    } else {
        cat.to_json().expect("json")
    };
    let toml_text = cat.to_toml().expect("toml");
    drop(cat);
    for _ in 0..n {
        let r = match what.as_str() {
            "json" | "json-compact" => Catalog::from_json(&json).map(|c| c.roles().len()),
            "toml" => Catalog::from_toml(&toml_text).map(|c| c.roles().len()),
            "value" | "value-compact" => serde_json::from_str::<serde_json::Value>(&json)
                .map(|_| 0)
                .map_err(|e| care_core::Error::invalid_input(e.to_string())),
            "builtin" => Catalog::builtin().map(|c| c.roles().len()),
            _ => Ok(0),
        };
        black_box(r.ok());
    }
}
