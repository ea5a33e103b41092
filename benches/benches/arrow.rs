//! Arrow: `CertArrow::evaluate` on one 10M-row record batch of five score columns against
//! `evaluate_batch` on the same scores in the row-major batch layout, per agent (issue 14:
//! at most 1.2x). The same data as benches/python/engines.py: call 1 is 100, calls 2 to 5
//! spread over 60..=100, and call 5 not taken in about 2% of rows: NaN in the batch layout,
//! null in the Arrow columns (both "not taken yet"). `uint8` compares with the batch's
//! `NOT_TAKEN` (255) for those rows, and the Arrow column has the same nulls.

use arrow_array::UInt8Array;
use care_core::arrow::CertArrow;
use care_core::certification::{
    evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, CertPolicy,
};
use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

const AGENTS: usize = 10_000_000;

fn bench(c: &mut Criterion) {
    let policy = CertPolicy::default();
    let s = care_benches::arrow_scores(AGENTS);
    let (row_u8, row_f64, batch_u8, batch_f64) = (s.row_u8, s.row_f64, s.batch_u8, s.batch_f64);
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
