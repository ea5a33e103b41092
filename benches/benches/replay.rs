//! Replaying 1,000,000 agents under two policy versions (certification status and escalation
//! step) through the batch path ([`care_core::replay::replay_batch`]); target under 1 s.
//! The baseline re-decides each agent with the single-agent paths (`certification::standing`
//! and `escalation::status`, twice each), measured on 10,000 agents and compared per agent.

use care_core::calendar::epoch_day;
use care_core::certification;
use care_core::cohort::CohortPolicy;
use care_core::escalation::{self, Moment};
use care_core::replay::replay_batch;
use care_core::Calendar;
use criterion::Criterion;
use jiff::civil::date;
use std::hint::black_box;
use std::time::Duration;

const SMALL: usize = 10_000;
const LARGE: usize = 1_000_000;

/// `n` agents: scores from a fixed pseudo-random sequence around the pass marks (some calls
/// not taken), start days spread over four weeks.
fn agents(n: usize) -> (Vec<u8>, Vec<i32>) {
    let mut x: u32 = 0x9e37_79b9;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut scores = Vec::with_capacity(n * 5);
    let first = epoch_day(date(2026, 6, 15));
    let mut starts = Vec::with_capacity(n);
    for _ in 0..n {
        scores.push(100);
        for _ in 1..5 {
            let r = next();
            scores.push(if r % 7 == 0 { 255 } else { 80 + (r % 21) as u8 });
        }
        starts.push(first + (next() % 28) as i32);
    }
    (scores, starts)
}

fn versions() -> (CohortPolicy, CohortPolicy) {
    let old = CohortPolicy::default();
    let mut new = CohortPolicy {
        version: "2".to_string(),
        ..CohortPolicy::default()
    };
    new.cert.pass_mark = 88.0;
    new.escalation.steps[0].day = 3;
    (old, new)
}

/// The baseline: every agent re-decided with the single-agent paths; returns the flips.
fn single(
    scores: &[u8],
    starts: &[i32],
    cal: &Calendar,
    old: &CohortPolicy,
    new: &CohortPolicy,
) -> usize {
    let as_of = Moment::Date(date(2026, 7, 10));
    let mut flips = 0;
    for (row, start) in scores.chunks(5).zip(starts) {
        let s: Vec<f64> = row
            .iter()
            .map(|&x| if x == 255 { f64::NAN } else { f64::from(x) })
            .collect();
        let a = certification::standing(&s, &old.cert).unwrap().status;
        let b = certification::standing(&s, &new.cert).unwrap().status;
        let d = jiff::civil::Date::constant(1970, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(*start)))
            .unwrap();
        let x = escalation::status(d, &as_of, None, cal, &[], &old.escalation).unwrap();
        let y = escalation::status(d, &as_of, None, cal, &[], &new.escalation).unwrap();
        flips += usize::from(a != b) + usize::from(x.step_code != y.step_code);
    }
    flips
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::us_federal("America/New_York").unwrap();
    let (old, new) = versions();
    let as_of = date(2026, 7, 10);
    let (small_scores, small_starts) = agents(SMALL);
    let (scores, starts) = agents(LARGE);
    // Both paths count the same flips.
    let b = replay_batch(&small_scores, &small_starts, as_of, &cal, &old, &new).unwrap();
    assert_eq!(
        single(&small_scores, &small_starts, &cal, &old, &new) as u64,
        b.summary.certification_flips + b.summary.escalation_flips
    );
    let mut g = c.benchmark_group("replay");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("batch_1m", |bch| {
        bch.iter(|| {
            replay_batch(black_box(&scores), &starts, as_of, &cal, &old, &new)
                .unwrap()
                .summary
                .certification_flips
        })
    });
    g.bench_function("single_10k", |bch| {
        bch.iter(|| single(black_box(&small_scores), &small_starts, &cal, &old, &new))
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    let (Some(batch), Some(single)) = (
        care_benches::mean_ns("replay/batch_1m"),
        care_benches::mean_ns("replay/single_10k"),
    ) else {
        println!("\n== replay ==\nreplay not measured in this run");
        return;
    };
    let (batch_item, single_item) = (batch / LARGE as f64, single / SMALL as f64);
    println!("\n== replay ==");
    println!(
        "replay 1M agents (batch) {:>10.1} ms   single-agent path {:>8.1} ns/agent   {:.1}x   1M under 1 s: {}",
        batch / 1e6,
        single_item,
        single_item / batch_item,
        if batch <= 1e9 { "met" } else { "MISSED" },
    );
    println!(
        "RATIO {}",
        serde_json::json!({"bench": "replay", "label": "replay 1M agents under two versions, per agent",
            "baseline": "single-agent standing + status, twice each (10k agents)",
            "ns_per_item": batch_item, "baseline_ns_per_item": single_item,
            "ratio": single_item / batch_item,
            "target_ns": 1e9 / LARGE as f64})
    );
}
