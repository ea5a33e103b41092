//! Arrow: `CertArrow::evaluate` on one 10M-row record batch of five score columns against
//! `evaluate_batch` on the same scores in the row-major batch layout, per agent (issue 14:
//! at most 1.2x). The same data as benches/python/engines.py: call 1 is 100, calls 2 to 5
//! spread over 60..=100, and call 5 not taken in about 2% of rows: NaN in the batch layout,
//! null in the Arrow columns (both "not taken yet"). `uint8` compares with the batch's
//! `NOT_TAKEN` (255) for those rows, and the Arrow column has the same nulls.

use arrow_array::{ArrayRef, Float64Array, RecordBatch, UInt8Array};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use care_core::arrow::CertArrow;
use care_core::certification::{
    evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, CertPolicy, NOT_TAKEN,
};
use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const AGENTS: usize = 10_000_000;

/// Column-major scores (`cols[c][row]`) and which rows have call 5 taken.
fn scores(agents: usize) -> ([Vec<u8>; 5], Vec<bool>) {
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
    (cols, taken)
}

fn bench(c: &mut Criterion) {
    let policy = CertPolicy::default();
    let (cols, taken) = scores(AGENTS);
    let pending = |c: usize, r: usize| c == 4 && !taken[r];
    let mut row_u8 = Vec::with_capacity(AGENTS * 5);
    let mut row_f64 = Vec::with_capacity(AGENTS * 5);
    for r in 0..AGENTS {
        for (c, col) in cols.iter().enumerate() {
            let p = pending(c, r);
            row_u8.push(if p { NOT_TAKEN } else { col[r] });
            row_f64.push(if p { f64::NAN } else { f64::from(col[r]) });
        }
    }
    let names = ["call1", "call2", "call3", "call4", "call5"];
    let nulls = |c: usize| (c == 4).then(|| NullBuffer::from(taken.clone()));
    let batch_u8 =
        RecordBatch::try_from_iter(names.iter().zip(&cols).enumerate().map(|(c, (n, col))| {
            let a = UInt8Array::new(ScalarBuffer::from(col.clone()), nulls(c));
            (*n, Arc::new(a) as ArrayRef)
        }))
        .unwrap();
    let batch_f64 =
        RecordBatch::try_from_iter(names.iter().zip(&cols).enumerate().map(|(c, (n, col))| {
            let v: Vec<f64> = col.iter().map(|&s| f64::from(s)).collect();
            let a = Float64Array::new(ScalarBuffer::from(v), nulls(c));
            (*n, Arc::new(a) as ArrayRef)
        }))
        .unwrap();
    drop(cols);
    let rule = CertArrow::new(&policy, None).unwrap();
    let mut out = BatchColumns::zeroed(AGENTS);
    // Same answers, or the comparison measures nothing.
    assert!(evaluate_batch_f64_into(&row_f64, &policy, &mut out.as_out()).is_ok());
    let a = rule.evaluate(&batch_f64).unwrap();
    let passes = a.column(1).as_any().downcast_ref::<UInt8Array>().unwrap();
    assert_eq!(passes.values().as_ref(), &out.passes[..]);
    assert!(evaluate_batch_into(&row_u8, &policy, &mut out.as_out()).is_ok());
    let a = rule.evaluate(&batch_u8).unwrap();
    let passes = a.column(1).as_any().downcast_ref::<UInt8Array>().unwrap();
    assert_eq!(passes.values().as_ref(), &out.passes[..]);

    let mut g = c.benchmark_group("arrow");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(AGENTS as u64));
    // The batch functions write into columns made once; evaluate_arrow makes its output
    // arrays every call, so the batch side makes its columns every call too (as
    // `evaluate_batch` does, and as the Python binding's numpy arrays are).
    g.bench_function("batch_f64_10m", |b| {
        b.iter(|| {
            let mut out = BatchColumns::zeroed(AGENTS);
            evaluate_batch_f64_into(black_box(&row_f64), &policy, &mut out.as_out()).map(|_| out)
        })
    });
    g.bench_function("arrow_f64_10m", |b| {
        b.iter(|| rule.evaluate(black_box(&batch_f64)))
    });
    g.bench_function("batch_u8_10m", |b| {
        b.iter(|| {
            let mut out = BatchColumns::zeroed(AGENTS);
            evaluate_batch_into(black_box(&row_u8), &policy, &mut out.as_out()).map(|_| out)
        })
    });
    g.bench_function("arrow_u8_10m", |b| {
        b.iter(|| rule.evaluate(black_box(&batch_u8)))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    let row = |label, id, baseline| care_benches::Row {
        label,
        id,
        baseline,
        items: AGENTS as f64,
        target_ns: care_benches::mean_ns(baseline).map(|b| b * 1.2 / AGENTS as f64),
    };
    care_benches::print_ratios(
        "arrow",
        &[
            row(
                "evaluate_arrow f64 with nulls vs evaluate_batch_f64",
                "arrow/arrow_f64_10m",
                "arrow/batch_f64_10m",
            ),
            row(
                "evaluate_arrow u8 with nulls vs evaluate_batch",
                "arrow/arrow_u8_10m",
                "arrow/batch_u8_10m",
            ),
        ],
    );
}
