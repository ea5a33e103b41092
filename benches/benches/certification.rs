//! Certification: batch evaluation of 10 million agents against a naive per-agent loop that
//! builds a session and a full evaluation (with its reasons) for every agent; a batch of one
//! agent (plain and with a prepared policy) and one single `evaluate` call against the naive
//! evaluation of one agent.

use care_core::certification::{
    evaluate, evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, Call, CertPolicy,
    Session, NOT_TAKEN,
};
use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const AGENTS: usize = 10_000_000;
const NAIVE_AGENTS: usize = 100_000;

/// Deterministic scores: call 1 is 100, calls 2..5 spread over 60..=100 with some not taken.
#[allow(clippy::same_item_push)] // call 1 of each row, between random calls
fn scores(agents: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(agents * 5);
    for _ in 0..agents {
        out.push(100);
        for _ in 1..5 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x % 42) as u8;
            out.push(if v == 41 { NOT_TAKEN } else { 60 + v });
        }
    }
    out
}

fn naive(scores: &[u8], policy: &CertPolicy) -> usize {
    let mut certified = 0;
    for row in scores.chunks_exact(5) {
        let session = Session {
            agent: "Rivera, Ana".to_string(),
            calls: row
                .iter()
                .enumerate()
                .filter(|(_, &s)| s != NOT_TAKEN)
                .map(|(i, &s)| Call::scored(i as u8 + 1, f64::from(s)))
                .collect(),
        };
        match evaluate(&session, policy) {
            Ok(e) => {
                certified += usize::from(e.status == care_core::certification::Status::Certified)
            }
            Err(e) => panic!("bench data must be valid: {e}"),
        }
    }
    certified
}

fn bench(c: &mut Criterion) {
    let policy = CertPolicy::default();
    let big = scores(AGENTS);
    let big_f64: Vec<f64> = big
        .iter()
        .map(|&s| {
            if s == NOT_TAKEN {
                f64::NAN
            } else {
                f64::from(s)
            }
        })
        .collect();
    let small = scores(NAIVE_AGENTS);
    let mut cols = BatchColumns::zeroed(AGENTS);
    // The data must be valid, or the batch stops at the first bad row and measures nothing.
    assert!(evaluate_batch_into(&big, &policy, &mut cols.as_out()).is_ok());
    assert!(evaluate_batch_f64_into(&big_f64, &policy, &mut cols.as_out()).is_ok());

    let mut g = c.benchmark_group("certification");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(AGENTS as u64));
    g.bench_function("batch_u8_10m", |b| {
        b.iter(|| evaluate_batch_into(black_box(&big), &policy, &mut cols.as_out()))
    });
    g.bench_function("batch_f64_10m", |b| {
        b.iter(|| evaluate_batch_f64_into(black_box(&big_f64), &policy, &mut cols.as_out()))
    });
    // The naive loop runs on 100_000 agents; its time is scaled to 10 million so that both
    // figures divide by the same item count in `print_ratios` (per-agent cost is flat).
    let scale = (AGENTS / NAIVE_AGENTS) as u32;
    g.bench_function("naive_loop_scaled_to_10m", |b| {
        b.iter_custom(|iters| {
            let start = std::time::Instant::now();
            for _ in 0..iters {
                black_box(naive(black_box(&small), &policy));
            }
            start.elapsed() * scale
        })
    });
    g.throughput(Throughput::Elements(1));
    // One agent: the naive way (a session and a full evaluation), one batch call of one row
    // (validating the policy each time, as a binding's plain call does), the same with the
    // policy prepared once, and a single `evaluate`.
    let row = [100u8, 90, 84, 88, 92];
    g.bench_function("naive_one_agent", |b| {
        b.iter(|| naive(black_box(&row), &policy))
    });
    let mut one_col = BatchColumns::zeroed(1);
    g.bench_function("batch_1_agent", |b| {
        b.iter(|| evaluate_batch_into(black_box(&row), &policy, &mut one_col.as_out()))
    });
    let prepared = policy.prepare().unwrap();
    g.bench_function("batch_1_agent_prepared", |b| {
        b.iter(|| prepared.evaluate_batch_into(black_box(&row), &mut one_col.as_out()))
    });
    let one = Session::from_scores("Rivera, Ana", &[100.0, 90.0, 84.0, 88.0, 92.0]);
    g.bench_function("evaluate_single", |b| {
        b.iter(|| evaluate(black_box(&one), &policy))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    care_benches::print_ratios(
        "certification",
        &[
            care_benches::Row {
                label: "batch u8, 10M agents vs naive loop",
                id: "certification/batch_u8_10m",
                baseline: "certification/naive_loop_scaled_to_10m",
                items: AGENTS as f64,
                target_ns: Some(2.0),
            },
            care_benches::Row {
                label: "batch f64, 10M agents vs naive loop",
                id: "certification/batch_f64_10m",
                baseline: "certification/naive_loop_scaled_to_10m",
                items: AGENTS as f64,
                target_ns: None,
            },
            care_benches::Row {
                label: "batch of 1 agent vs naive evaluation",
                id: "certification/batch_1_agent",
                baseline: "certification/naive_one_agent",
                items: 1.0,
                target_ns: Some(1000.0),
            },
            care_benches::Row {
                label: "batch of 1 agent, prepared policy",
                id: "certification/batch_1_agent_prepared",
                baseline: "certification/naive_one_agent",
                items: 1.0,
                target_ns: Some(1000.0),
            },
            care_benches::Row {
                label: "single evaluate (5 calls, reasons, file stem)",
                id: "certification/evaluate_single",
                baseline: "certification/naive_one_agent",
                items: 1.0,
                target_ns: Some(1000.0),
            },
        ],
    );
}
