//! The morning pairing of a cohort of 10,000 and of 1,000,000 agents. Pairing must be linear
//! in the number of agents: the 1M case in under 2 s and within 3x of 100 times the 10k case
//! (`care pair` on 247k agents once did not finish in 300 s).

use care_benches::generated_cohort as cohort_of;
use care_core::cohort::{self, CohortPolicy};
use care_core::Calendar;
use criterion::Criterion;
use jiff::civil::date;
use std::hint::black_box;
use std::time::Duration;

const SMALL: usize = 10_000;
const LARGE: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let cal = Calendar::us_federal("America/New_York").unwrap();
    let policy = CohortPolicy::default();
    let day = date(2026, 7, 10);
    let small = cohort_of(SMALL);
    let large = cohort_of(LARGE);
    let mut g = c.benchmark_group("pairing");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("pair_10k", |b| {
        b.iter(|| {
            cohort::pair(black_box(&small), day, &cal, &policy)
                .unwrap()
                .pairs
                .len()
        })
    });
    g.bench_function("pair_1m", |b| {
        b.iter(|| {
            cohort::pair(black_box(&large), day, &cal, &policy)
                .unwrap()
                .pairs
                .len()
        })
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    let (Some(small), Some(large)) = (
        care_benches::mean_ns("pairing/pair_10k"),
        care_benches::mean_ns("pairing/pair_1m"),
    ) else {
        println!("\n== pairing ==\npairing not measured in this run");
        return;
    };
    // Linear means the 1M case costs about 100 times the 10k case; the ratio of the two
    // (1M time / (100 x 10k time)) must stay within 3, and the 1M case under 2 s.
    let scale = large / (100.0 * small);
    println!("\n== pairing ==");
    println!(
        "pair 10k agents {:>10.1} ms   pair 1M agents {:>10.1} ms   1M / (100 x 10k) = {scale:.2} (target <= 3: {})   1M under 2 s: {}",
        small / 1e6,
        large / 1e6,
        if scale <= 3.0 { "met" } else { "MISSED" },
        if large <= 2e9 { "met" } else { "MISSED" },
    );
    println!(
        "RATIO {}",
        serde_json::json!({"bench": "pairing", "label": "pair 1M agents, per agent",
            "baseline": "100 x the 10k case",
            "ns_per_item": large / LARGE as f64, "baseline_ns_per_item": small / SMALL as f64,
            "ratio": (small / SMALL as f64) / (large / LARGE as f64),
            "target_ns": 2e9 / LARGE as f64})
    );
}
