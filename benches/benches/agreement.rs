//! Krippendorff's alpha (interval) over 10 raters x 100,000 units with missing ratings, and
//! certifier leniency over a million graded calls, each against the target (100 ms,
//! 1 s) and a naive baseline on the same data where one is affordable.

use care_core::agreement::{krippendorff_alpha, Level};
use care_core::calibration::{leniency, CalibrationPolicy, GradedCall};
use criterion::Criterion;
use std::hint::black_box;
use std::time::Duration;

const RATERS: usize = 10;
const UNITS: usize = 100_000;
const NAIVE_UNITS: usize = 2_000;
const CALLS: usize = 1_000_000;

fn lcg(x: &mut u64) -> u64 {
    *x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    *x >> 33
}

/// Scores 0..100 around a per-unit truth, 10% missing.
fn ratings(units: usize) -> Vec<Vec<f64>> {
    let mut x = 7u64;
    let truth: Vec<f64> = (0..units).map(|_| (lcg(&mut x) % 60 + 40) as f64).collect();
    (0..RATERS)
        .map(|_| {
            truth
                .iter()
                .map(|t| {
                    if lcg(&mut x) % 10 == 0 {
                        f64::NAN
                    } else {
                        (t + (lcg(&mut x) % 11) as f64 - 5.0).clamp(0.0, 100.0)
                    }
                })
                .collect()
        })
        .collect()
}

/// The textbook computation: every ordered pair within each unit, and every ordered pair of
/// pooled values for the expected disagreement (O(n^2) in the values).
fn naive_interval(r: &[Vec<f64>]) -> f64 {
    let units = r[0].len();
    let mut pooled = Vec::new();
    let mut observed = 0.0;
    for u in 0..units {
        let vals: Vec<f64> = r.iter().map(|row| row[u]).filter(|v| !v.is_nan()).collect();
        if vals.len() < 2 {
            continue;
        }
        let mut s = 0.0;
        for a in &vals {
            for b in &vals {
                s += (a - b) * (a - b);
            }
        }
        observed += s / (vals.len() as f64 - 1.0);
        pooled.extend(vals);
    }
    let mut expected = 0.0;
    for a in &pooled {
        for b in &pooled {
            expected += (a - b) * (a - b);
        }
    }
    1.0 - (pooled.len() as f64 - 1.0) * observed / expected
}

fn calls() -> Vec<GradedCall> {
    let mut x = 11u64;
    let names: Vec<String> = (0..10).map(|i| format!("Certifier {i}")).collect();
    (0..CALLS)
        .map(|i| {
            let c = (lcg(&mut x) % 10) as usize;
            GradedCall {
                certifier: names[c].clone(),
                agent: format!("Agent {}", i / 4),
                call: (i % 4) as u8 + 2,
                score: ((lcg(&mut x) % 40) as f64 + 60.0 + if c == 3 { 6.0 } else { 0.0 })
                    .min(100.0),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let big = ratings(UNITS);
    let small = ratings(NAIVE_UNITS);
    let fast = krippendorff_alpha(&small, Level::Interval)
        .unwrap()
        .value
        .unwrap();
    assert!((fast - naive_interval(&small)).abs() < 1e-9);
    let mut g = c.benchmark_group("agreement");
    g.measurement_time(Duration::from_secs(4))
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("alpha_interval_10x100k", |b| {
        b.iter(|| {
            krippendorff_alpha(black_box(&big), Level::Interval)
                .unwrap()
                .value
        })
    });
    g.bench_function("alpha_interval_10x2k", |b| {
        b.iter(|| {
            krippendorff_alpha(black_box(&small), Level::Interval)
                .unwrap()
                .value
        })
    });
    g.bench_function("alpha_interval_naive_10x2k", |b| {
        b.iter(|| naive_interval(black_box(&small)))
    });
    g.bench_function("alpha_ordinal_10x100k", |b| {
        b.iter(|| {
            krippendorff_alpha(black_box(&big), Level::Ordinal)
                .unwrap()
                .value
        })
    });
    g.bench_function("alpha_nominal_10x100k", |b| {
        b.iter(|| {
            krippendorff_alpha(black_box(&big), Level::Nominal)
                .unwrap()
                .value
        })
    });
    g.finish();

    let graded = calls();
    let policy = CalibrationPolicy::default();
    let mut g = c.benchmark_group("leniency");
    g.measurement_time(Duration::from_secs(4))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("calls_1m", |b| {
        b.iter(|| leniency(black_box(&graded), &policy).unwrap().pool.calls)
    });
    g.finish();
}

fn report(label: &str, id: &str, target_ms: f64) {
    match care_benches::mean_ns(id) {
        None => println!("{label:<48} not measured in this run"),
        Some(ns) => {
            let ms = ns / 1e6;
            println!(
                "{label:<48} {ms:>10.3} ms  target <= {target_ms} ms: {}",
                if ms <= target_ms { "met" } else { "MISSED" }
            );
            println!(
                "RATIO {}",
                serde_json::json!({"bench": "agreement", "label": label, "ms": ms, "target_ms": target_ms})
            );
        }
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    println!("\n== agreement and leniency ==");
    report(
        "Krippendorff alpha interval, 10 x 100k",
        "agreement/alpha_interval_10x100k",
        100.0,
    );
    report(
        "Krippendorff alpha ordinal, 10 x 100k",
        "agreement/alpha_ordinal_10x100k",
        100.0,
    );
    report(
        "Krippendorff alpha nominal, 10 x 100k",
        "agreement/alpha_nominal_10x100k",
        100.0,
    );
    report("leniency, 1M graded calls", "leniency/calls_1m", 1000.0);
    care_benches::print_ratios(
        "agreement (same 10 x 2k matrix)",
        &[care_benches::Row {
            label: "alpha interval per unit vs pairwise O(n^2)",
            id: "agreement/alpha_interval_10x2k",
            baseline: "agreement/alpha_interval_naive_10x2k",
            items: NAIVE_UNITS as f64,
            target_ns: None,
        }],
    );
}
