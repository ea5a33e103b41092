//! `evaluate_arrow` against `evaluate_batch` on the data of `benches/benches/arrow.rs`, the
//! two calls interleaved (three of each, repeated) so that a loaded machine slows both alike; prints the
//! best and median time of each and the ratio of the best times:
//! `cargo run --profile bench -p care-benches --example arrow_ab -- <u8|f64> <reps>`.

use arrow_array::{ArrayRef, Float64Array, RecordBatch, UInt8Array};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use care_core::arrow::CertArrow;
use care_core::certification::{
    evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, CertPolicy, NOT_TAKEN,
};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

const AGENTS: usize = 10_000_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let f64s = args.get(1).map(String::as_str) == Some("f64");
    let reps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    // `arrow` or `batch` alone (for `perf stat`), or both (the default).
    let only = args.get(3).map(String::as_str).unwrap_or("both");
    let policy = CertPolicy::default();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut cols: [Vec<u8>; 5] = Default::default();
    let mut taken = Vec::with_capacity(AGENTS);
    for _ in 0..AGENTS {
        cols[0].push(100);
        for col in cols.iter_mut().skip(1) {
            col.push(60 + (next() % 41) as u8);
        }
        taken.push(next() % 50 != 0);
    }
    let mut row_u8 = Vec::with_capacity(AGENTS * 5);
    let mut row_f64 = Vec::with_capacity(AGENTS * 5);
    for r in 0..AGENTS {
        for (c, col) in cols.iter().enumerate() {
            let p = c == 4 && !taken[r];
            row_u8.push(if p { NOT_TAKEN } else { col[r] });
            row_f64.push(if p { f64::NAN } else { f64::from(col[r]) });
        }
    }
    let names = ["call1", "call2", "call3", "call4", "call5"];
    let nulls = |c: usize| (c == 4).then(|| NullBuffer::from(taken.clone()));
    let batch =
        RecordBatch::try_from_iter(names.iter().zip(&cols).enumerate().map(|(c, (n, col))| {
            let a: ArrayRef = if f64s {
                let v: Vec<f64> = col.iter().map(|&s| f64::from(s)).collect();
                Arc::new(Float64Array::new(ScalarBuffer::from(v), nulls(c)))
            } else {
                Arc::new(UInt8Array::new(ScalarBuffer::from(col.clone()), nulls(c)))
            };
            (*n, a)
        }))
        .unwrap();
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
