//! Career-map benchmarks: classify and paths over the built-in map, catalog loads, and a
//! path query and a load on a generated 10,000-role catalog, each against a baseline from
//! the same run.

use care_benches::{generated_catalog, print_ratios, Row};
use care_core::catalog::{name_key, Catalog, Prerequisite};
use care_core::transition::{classify, paths, PathOptions};
use criterion::{criterion_group, Criterion};
use std::collections::VecDeque;
use std::hint::black_box;
use std::time::Duration;

/// The baseline: a BFS that, for each role it dequeues, tests every role of the catalog for a
/// well-matched step (no grouping), returning the distance to `to`.
fn naive_bfs(cat: &Catalog, from: usize, to: usize) -> Option<u32> {
    let roles = cat.roles();
    let unit_grades: Vec<&[u16]> = roles
        .iter()
        .map(|r| {
            cat.unit(&r.unit)
                .map(|u| u.grades.as_slice())
                .unwrap_or(&[])
        })
        .collect();
    let mut dist = vec![u32::MAX; roles.len()];
    dist[from] = 0;
    let mut q = VecDeque::from([from]);
    while let Some(u) = q.pop_front() {
        if u == to {
            return Some(dist[u]);
        }
        let g = roles[u].grade;
        for v in 0..roles.len() {
            if dist[v] != u32::MAX {
                continue;
            }
            let h = roles[v].grade;
            let next = unit_grades[v].iter().copied().filter(|&x| x > g).min();
            let matched = roles[v].prerequisites.iter().any(|p| {
                matches!(p, Prerequisite::CareerMatch { roles: rs, .. } if rs.contains(&roles[u].id))
            });
            if h == g || next == Some(h) || matched {
                dist[v] = dist[u] + 1;
                q.push_back(v);
            }
        }
    }
    None
}

fn builtin_benches(c: &mut Criterion) {
    let cat = Catalog::builtin().expect("built-in");
    let ids: Vec<String> = cat.roles().iter().map(|r| r.id.clone()).collect();
    let mut g = c.benchmark_group("career_builtin");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("classify_all_pairs", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &ids {
                for t in &ids {
                    if a != t && classify(&cat, a, t).is_ok() {
                        n += 1;
                    }
                }
            }
            black_box(n)
        })
    });
    g.bench_function("classify_all_pairs_linear_scan", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &ids {
                for t in &ids {
                    if a == t {
                        continue;
                    }
                    // per-call linear scan over normalised names, then classify by id
                    let (ka, kt) = (name_key(a), name_key(t));
                    let fa = cat.roles().iter().find(|r| name_key(&r.id) == ka);
                    let ft = cat.roles().iter().find(|r| name_key(&r.id) == kt);
                    if let (Some(x), Some(y)) = (fa, ft) {
                        if classify(&cat, &x.id, &y.id).is_ok() {
                            n += 1;
                        }
                    }
                }
            }
            black_box(n)
        })
    });
    let opts = PathOptions {
        k: 3,
        ..PathOptions::default()
    };
    g.bench_function("paths_all_pairs", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &ids {
                for t in &ids {
                    if a != t {
                        n += paths(&cat, a, t, &opts).map_or(0, |p| p.len());
                    }
                }
            }
            black_box(n)
        })
    });
    g.bench_function("paths_all_pairs_naive_bfs", |b| {
        b.iter(|| {
            let mut n = 0u32;
            for a in 0..ids.len() {
                for t in 0..ids.len() {
                    if a != t {
                        n += naive_bfs(&cat, a, t).unwrap_or(0);
                    }
                }
            }
            black_box(n)
        })
    });
    let text = Catalog::builtin_toml();
    g.bench_function("load_builtin", |b| {
        b.iter(|| black_box(Catalog::builtin().map(|c| c.roles().len())))
    });
    g.bench_function("parse_builtin", |b| {
        b.iter(|| black_box(Catalog::from_toml(text).map(|c| c.roles().len())))
    });
    g.bench_function("load_builtin_raw_toml", |b| {
        b.iter(|| {
            black_box(
                care_core::policy::from_toml::<serde_json::Value>(text).map(|v| v.is_object()),
            )
        })
    });
    g.finish();
}

fn generated_benches(c: &mut Criterion) {
    let cat = Catalog::new(generated_catalog()).expect("generated catalog is valid");
    // compact JSON: the same data as `to_json`'s pretty print without the indentation a
    // machine-written catalog does not need (parse_json_value parses the same text)
    let json = serde_json::to_string(cat.data()).expect("json");
    let toml_text = cat.to_toml().expect("toml");
    // a query across units from a low grade to a high one
    let from = cat
        .roles()
        .iter()
        .position(|r| r.grade == 105 && r.unit == "unit-1")
        .unwrap_or(0);
    let to = cat
        .roles()
        .iter()
        .position(|r| r.grade == 109 && r.unit == "unit-3")
        .unwrap_or(1);
    let (from_id, to_id) = (cat.roles()[from].id.clone(), cat.roles()[to].id.clone());
    let opts = PathOptions {
        k: 3,
        ..PathOptions::default()
    };
    let found = paths(&cat, &from_id, &to_id, &opts).expect("paths");
    println!(
        "generated: {} roles, {} units, JSON {} bytes, TOML {} bytes; query {} -> {}: {} paths of {} steps ({} transfers first); naive distance {:?}",
        cat.roles().len(),
        cat.units().len(),
        json.len(),
        toml_text.len(),
        from_id,
        to_id,
        found.len(),
        found.first().map_or(0, |p| p.steps.len()),
        found.first().map_or(0, |p| p.transfers),
        naive_bfs(&cat, from, to)
    );
    let mut g = c.benchmark_group("career_10k");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("path_query", |b| {
        b.iter(|| black_box(paths(&cat, &from_id, &to_id, &opts).map(|p| p.len())))
    });
    g.bench_function("path_query_naive_bfs", |b| {
        b.iter(|| black_box(naive_bfs(&cat, from, to)))
    });
    g.bench_function("load_json", |b| {
        b.iter(|| black_box(Catalog::from_json(&json).map(|c| c.roles().len())))
    });
    g.bench_function("load_toml", |b| {
        b.iter(|| black_box(Catalog::from_toml(&toml_text).map(|c| c.roles().len())))
    });
    g.bench_function("parse_toml_value", |b| {
        b.iter(|| {
            black_box(
                care_core::policy::from_toml::<serde_json::Value>(&toml_text)
                    .map(|v| v.is_object()),
            )
        })
    });
    g.bench_function("parse_json_value", |b| {
        b.iter(|| {
            black_box(serde_json::from_str::<serde_json::Value>(&json).map(|v| v.is_object()))
        })
    });
    g.finish();
}

criterion_group!(benches, builtin_benches, generated_benches);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let pairs = 41.0 * 40.0;
    print_ratios(
        "career",
        &[
            Row {
                label: "classify, every pair of the built-in map",
                id: "career_builtin/classify_all_pairs",
                baseline: "career_builtin/classify_all_pairs_linear_scan",
                items: pairs,
                target_ns: None,
            },
            Row {
                label: "paths (k=3), every pair of the built-in map",
                id: "career_builtin/paths_all_pairs",
                baseline: "career_builtin/paths_all_pairs_naive_bfs",
                items: pairs,
                target_ns: Some(1_000_000.0),
            },
            Row {
                label: "parse+validate built-in TOML (vs raw TOML parse)",
                id: "career_builtin/parse_builtin",
                baseline: "career_builtin/load_builtin_raw_toml",
                items: 1.0,
                target_ns: Some(50_000_000.0),
            },
            Row {
                label: "load built-in catalog (vs raw TOML parse)",
                id: "career_builtin/load_builtin",
                baseline: "career_builtin/load_builtin_raw_toml",
                items: 1.0,
                target_ns: Some(50_000_000.0),
            },
            Row {
                label: "10k roles: one path query (vs naive BFS)",
                id: "career_10k/path_query",
                baseline: "career_10k/path_query_naive_bfs",
                items: 1.0,
                target_ns: Some(1_000_000.0),
            },
            Row {
                label: "10k roles: load+validate JSON (vs raw parse)",
                id: "career_10k/load_json",
                baseline: "career_10k/parse_json_value",
                items: 1.0,
                target_ns: Some(50_000_000.0),
            },
            Row {
                label: "10k roles: load+validate TOML (vs raw JSON)",
                id: "career_10k/load_toml",
                baseline: "career_10k/parse_json_value",
                items: 1.0,
                target_ns: Some(50_000_000.0),
            },
            Row {
                label: "10k roles: load+validate TOML (vs raw TOML)",
                id: "career_10k/load_toml",
                baseline: "career_10k/parse_toml_value",
                items: 1.0,
                target_ns: Some(50_000_000.0),
            },
        ],
    );
}
