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

/// A generated tracker of `rows` rows (five a day for each agent: day 1, role plays, calls
/// 1 to 3, calls 4 and 5, a follow-up), the same every run: the workbook bench, the
/// `write_tracker` example and the workbook check scripts use it. Agents start on weekdays
/// from 2026-06-01; every tenth has an equipment issue on day 1, closed the next day; one
/// note is formula-like text (`=SUM(1,2)`), which every export must keep as text.
pub fn tracker_rows(rows: usize) -> Vec<care_core::workbook::tracker::TrackerRow> {
    use care_core::workbook::tracker::TrackerRow;
    use jiff::civil::{date, Date, Weekday};
    const FIRST: [&str; 40] = [
        "Ana", "Marcus", "Priya", "Jamal", "Sofia", "Aisha", "Hannah", "Liam", "Diego", "Grace",
        "Noah", "Omar", "Lucia", "Ben", "Chloe", "Maya", "Kwame", "Elena", "Tom", "Dana", "Yuki",
        "Ravi", "Zoe", "Ivan", "Nora", "Felix", "Amara", "Leo", "Ines", "Hugo", "Mei", "Sam",
        "Rosa", "Ali", "Tessa", "Jon", "Kira", "Paul", "Vera", "Emil",
    ];
    const LAST: [&str; 40] = [
        "Rivera",
        "Bell",
        "Natarajan",
        "Carter",
        "Alvarez",
        "Rahman",
        "Kim",
        "O'Connor",
        "Morales",
        "Okafor",
        "Fischer",
        "Haddad",
        "Ferraro",
        "Tanaka",
        "Dubois",
        "Goldberg",
        "Asante",
        "Petrova",
        "Lindqvist",
        "Whitfield",
        "Sato",
        "Iyer",
        "Novak",
        "Silva",
        "Berg",
        "Costa",
        "Mensah",
        "Weber",
        "Lopez",
        "Moreau",
        "Chen",
        "Park",
        "Diaz",
        "Khan",
        "Young",
        "Hall",
        "Ito",
        "Smith",
        "Nagy",
        "Roth",
    ];
    fn next_weekday(mut d: Date) -> Date {
        loop {
            d = d.tomorrow().expect("a date in range");
            if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
                return d;
            }
        }
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut score = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        75.0 + (x % 26) as f64
    };
    let agents = rows.div_ceil(5);
    let mut out = Vec::with_capacity(agents * 5);
    let mut start = date(2026, 6, 1);
    for i in 0..agents {
        if i % 50 == 49 {
            start = next_weekday(start);
        }
        let agent = format!(
            "{} {}. {}",
            FIRST[i % 40],
            char::from(b'A' + ((i / 1600) % 26) as u8),
            LAST[(i / 40) % 40]
        );
        let certifier = Some(format!("{} {}", FIRST[(i + 7) % 40], LAST[(i + 3) % 40]));
        let days: Vec<Date> = std::iter::successors(Some(start), |d| Some(next_weekday(*d)))
            .take(5)
            .collect();
        let issue = i % 10 == 3;
        out.push(TrackerRow {
            date: Some(days[0]),
            agent: agent.clone(),
            start: Some(start),
            equipment_issue: issue.then_some(true),
            day1_done: Some(!issue),
            tbt_hours: Some(2.0),
            tbt_done: Some(false),
            note: Some(if i == 0 {
                "=SUM(1,2) is not a formula".to_string()
            } else if issue {
                "Laptop will not boot - ticket open with IT".to_string()
            } else {
                "Day 1 done".to_string()
            }),
            ..TrackerRow::default()
        });
        out.push(TrackerRow {
            date: Some(days[1]),
            agent: agent.clone(),
            equipment_issue: issue.then_some(false),
            day1_done: issue.then_some(true),
            role_plays_done: Some(true),
            tbt_hours: Some(5.5),
            note: Some("Role plays done".to_string()),
            ..TrackerRow::default()
        });
        out.push(TrackerRow {
            date: Some(days[2]),
            agent: agent.clone(),
            tbt_hours: Some(8.0),
            tbt_done: Some(true),
            calls: vec![Some(100.0), Some(score()), Some(score())],
            certifier: certifier.clone(),
            note: Some("Calls 1 to 3 done".to_string()),
            ..TrackerRow::default()
        });
        out.push(TrackerRow {
            date: Some(days[3]),
            agent: agent.clone(),
            calls: vec![None, None, None, Some(score()), Some(score())],
            certifier,
            note: Some("Calls 4 and 5 done".to_string()),
            ..TrackerRow::default()
        });
        out.push(TrackerRow {
            date: Some(days[4]),
            agent,
            excused: (i % 17 == 5).then(|| "Approved absence".to_string()),
            note: Some("Follow-up with the coordinator".to_string()),
            ..TrackerRow::default()
        });
    }
    out.truncate(rows);
    out
}

/// A cohort of `n` agents and ten certifiers: a third ready, a third certified, a third not
/// started yet; the same every time.
pub fn generated_cohort(n: usize) -> care_core::cohort::Cohort {
    use care_core::cohort::{Agent, Certifier, Cohort};
    use jiff::civil::date;
    let agents = (0..n)
        .map(|i| {
            let mut a = Agent::new(
                format!("Agent {i:07}"),
                if i % 3 == 2 {
                    date(2026, 8, 3)
                } else {
                    date(2026, 7, 6)
                },
            );
            a.day1_done = true;
            a.role_plays_done = true;
            if i % 3 == 1 {
                a.scores = vec![Some(100.0), Some(90.0), Some(88.0), Some(92.0), Some(95.0)];
            }
            a
        })
        .collect();
    Cohort {
        certifiers: (0..10)
            .map(|i| Certifier::new(format!("Certifier {i}")))
            .collect(),
        agents,
        ..Cohort::default()
    }
}

/// The scores of the `arrow` bench (and `examples/arrow_ab.rs`), the same data as
/// benches/python/engines.py: call 1 is 100, calls 2 to 5 spread over 60..=100, and call 5
/// not taken in about 2% of rows. The batch layouts (row-major) mark those rows `NOT_TAKEN`
/// or NaN; the Arrow batches have nulls there (both "not taken yet").
pub struct ArrowScores {
    /// Row-major uint8 scores for `evaluate_batch`.
    pub row_u8: Vec<u8>,
    /// Row-major float64 scores for `evaluate_batch_f64`.
    pub row_f64: Vec<f64>,
    /// The same scores as five uint8 columns `call1` ... `call5`.
    pub batch_u8: arrow_array::RecordBatch,
    /// The same scores as five float64 columns.
    pub batch_f64: arrow_array::RecordBatch,
}

/// [`ArrowScores`] of `agents` rows (a fixed xorshift sequence: the same data every run).
pub fn arrow_scores(agents: usize) -> ArrowScores {
    use arrow_array::{ArrayRef, Float64Array, RecordBatch, UInt8Array};
    use arrow_buffer::{NullBuffer, ScalarBuffer};
    use std::sync::Arc;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut cols: [Vec<u8>; 5] = Default::default();
    let mut taken = Vec::with_capacity(agents);
    for _ in 0..agents {
        cols[0].push(100);
        for col in cols.iter_mut().skip(1) {
            col.push(60 + (next() % 41) as u8);
        }
        taken.push(next() % 50 != 0);
    }
    let mut row_u8 = Vec::with_capacity(agents * 5);
    let mut row_f64 = Vec::with_capacity(agents * 5);
    for r in 0..agents {
        for (c, col) in cols.iter().enumerate() {
            let pending = c == 4 && !taken[r];
            row_u8.push(if pending {
                care_core::certification::NOT_TAKEN
            } else {
                col[r]
            });
            row_f64.push(if pending { f64::NAN } else { f64::from(col[r]) });
        }
    }
    let names = ["call1", "call2", "call3", "call4", "call5"];
    let nulls = |c: usize| (c == 4).then(|| NullBuffer::from(taken.clone()));
    let batch = |f64s: bool| {
        let columns = names.iter().zip(&cols).enumerate().map(|(c, (n, col))| {
            let a: ArrayRef = if f64s {
                let v: Vec<f64> = col.iter().map(|&s| f64::from(s)).collect();
                Arc::new(Float64Array::new(ScalarBuffer::from(v), nulls(c)))
            } else {
                Arc::new(UInt8Array::new(ScalarBuffer::from(col.clone()), nulls(c)))
            };
            (*n, a)
        });
        RecordBatch::try_from_iter(columns).expect("five columns of one length")
    };
    let (batch_u8, batch_f64) = (batch(false), batch(true));
    ArrowScores {
        row_u8,
        row_f64,
        batch_u8,
        batch_f64,
    }
}
