//! Shared support for care-core's benchmarks: every figure is printed as a ratio against a
//! baseline measured in the same run, read back from criterion's own estimates.

use care_core::catalog::{CareerPolicy, CatalogData, Need, Prerequisite, Role, Track, Unit};
use std::path::{Path, PathBuf};

/// Where criterion writes its estimates for this workspace: `$CARGO_TARGET_DIR/criterion`,
/// or `target/criterion` at the workspace root.
pub fn criterion_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("criterion"),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("target")
            .join("criterion"),
    }
}

/// The mean time of one iteration of benchmark `id` (criterion's `group/function` path), in
/// nanoseconds, from criterion's `estimates.json`; `None` when it was not run.
pub fn mean_ns(id: &str) -> Option<f64> {
    let path = criterion_dir().join(id).join("new").join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

/// One line of a ratio report.
pub struct Row<'a> {
    /// What was measured, for people.
    pub label: &'a str,
    /// The benchmark's criterion id.
    pub id: &'a str,
    /// The baseline's criterion id.
    pub baseline: &'a str,
    /// How many items one iteration handles (agents, offsets, pairs), for per-item figures.
    pub items: f64,
    /// The target, in nanoseconds per item, if the issue sets one.
    pub target_ns: Option<f64>,
}

/// Prints each row as per-item time, baseline time, the ratio baseline / ours and the target,
/// and also as one machine-readable JSON line (prefixed `RATIO `) for the report script.
pub fn print_ratios(title: &str, rows: &[Row<'_>]) {
    println!("\n== {title} ==");
    for r in rows {
        let (Some(ours), Some(base)) = (mean_ns(r.id), mean_ns(r.baseline)) else {
            println!("{:<48} not measured in this run", r.label);
            continue;
        };
        let per = ours / r.items;
        let base_per = base / r.items;
        let verdict = match r.target_ns {
            Some(t) if per <= t => format!("target <= {t} ns: met"),
            Some(t) => format!("target <= {t} ns: MISSED"),
            None => String::new(),
        };
        println!(
            "{:<48} {:>12.3} ns/item  baseline {:>12.3} ns/item  ratio {:>8.1}x  {}",
            r.label,
            per,
            base_per,
            base_per / per,
            verdict
        );
        println!(
            "RATIO {}",
            serde_json::json!({"bench": title, "label": r.label, "ns_per_item": per,
                "baseline_ns_per_item": base_per, "ratio": base_per / per, "target_ns": r.target_ns})
        );
    }
}

/// Units of the generated catalog ([`generated_catalog`]).
pub const GENERATED_UNITS: usize = 25;
/// Roles of the generated catalog ([`generated_catalog`]).
pub const GENERATED_ROLES: usize = 10_000;

/// The generated catalog of the career bench and the `catalog_load` example: 25 units (some
/// without a grade), 10,000 roles, a few prerequisites and career matches; the same every
/// time (a fixed-seed generator).
pub fn generated_catalog() -> CatalogData {
    let units: Vec<Unit> = (0..GENERATED_UNITS)
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
    let mut roles: Vec<Role> = Vec::with_capacity(GENERATED_ROLES);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..GENERATED_ROLES {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (x >> 33) as usize % GENERATED_UNITS;
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
