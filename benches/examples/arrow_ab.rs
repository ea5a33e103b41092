//! `evaluate_arrow` against `evaluate_batch` on the data of `benches/benches/arrow.rs`, the
//! two calls interleaved (three of each, repeated) so that a loaded machine slows both alike; prints the
//! best and median time of each and the ratio of the best times:
//! `cargo run --profile bench -p care-benches --example arrow_ab -- <u8|f64> <reps>`.

use care_core::arrow::CertArrow;
use care_core::certification::{
    evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, CertPolicy,
};
use std::hint::black_box;
use std::time::Instant;

const AGENTS: usize = 10_000_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let f64s = args.get(1).map(String::as_str) == Some("f64");
    let reps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    // `arrow` or `batch` alone (for `perf stat`), or both (the default).
    let only = args.get(3).map(String::as_str).unwrap_or("both");
    let policy = CertPolicy::default();
    let s = care_benches::arrow_scores(AGENTS);
    let (row_u8, row_f64) = (s.row_u8, s.row_f64);
    let batch = if f64s { s.batch_f64 } else { s.batch_u8 };
    let rule = CertArrow::new(&policy, None).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    // Rounds of three calls of each: the allocator reaches the steady state of each kind.
    for _ in 0..reps {
        for _ in 0..if only == "arrow" { 0 } else { 3 } {
            let t = Instant::now();
            let mut out = BatchColumns::zeroed(AGENTS);
            let r = if f64s {
                evaluate_batch_f64_into(black_box(&row_f64), &policy, &mut out.as_out())
            } else {
                evaluate_batch_into(black_box(&row_u8), &policy, &mut out.as_out())
            };
            assert!(black_box(r).is_ok());
            black_box(out);
            b.push(t.elapsed().as_secs_f64());
        }
        for _ in 0..if only == "batch" { 0 } else { 3 } {
            let t = Instant::now();
            black_box(rule.evaluate(black_box(&batch)).unwrap());
            a.push(t.elapsed().as_secs_f64());
        }
    }
    let reps = a.len().min(b.len());
    if reps == 0 {
        return;
    }
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let ns = |s: f64| s * 1e9 / AGENTS as f64;
    println!(
        "{}: arrow best {:.3} median {:.3} ns/row; batch best {:.3} median {:.3}; ratio best {:.3} median {:.3}",
        if f64s { "f64" } else { "u8" },
        ns(a[0]),
        ns(a[reps / 2]),
        ns(b[0]),
        ns(b[reps / 2]),
        a[0] / b[0],
        a[reps / 2] / b[reps / 2]
    );
}
