//! A fixed amount of work for `valgrind --tool=callgrind` (instruction counts are repeatable
//! on a loaded machine): `cargo run --release -p care-benches --example profile -- <what> <n>`
//! with `what` one of `evaluate`, `batch1`, `batch_u8`, `batch_f64`, `calendar`. To count one
//! part alone: `--toggle-collect='*evaluate_batch_into*'` (u8) or `'*batch_f64*'`.

use care_core::calendar::{date_from_epoch_day, Calendar};
use care_core::certification::{
    evaluate, evaluate_batch_f64_into, evaluate_batch_into, BatchColumns, CertPolicy, Session,
};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("evaluate");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let policy = CertPolicy::default();
    match what {
        "evaluate" => {
            let one = Session::from_scores("Rivera, Ana", &[100.0, 90.0, 84.0, 88.0, 92.0]);
            for _ in 0..n {
                black_box(evaluate(black_box(&one), &policy).is_ok());
            }
        }
        "batch1" => {
            let mut cols = BatchColumns::zeroed(1);
            for _ in 0..n {
                let r = evaluate_batch_into(
                    black_box(&[100, 90, 84, 88, 92]),
                    &policy,
                    &mut cols.as_out(),
                );
                black_box(r.is_ok());
            }
        }
        "batch_u8" | "batch_f64" => {
            let scores: Vec<u8> = (0..n * 5)
                .map(|i| {
                    if i % 5 == 0 {
                        100
                    } else {
                        60 + (i * 7 % 41) as u8
                    }
                })
                .collect();
            let mut cols = BatchColumns::zeroed(n);
            if what == "batch_u8" {
                black_box(
                    evaluate_batch_into(black_box(&scores), &policy, &mut cols.as_out()).is_ok(),
                );
            } else {
                let f: Vec<f64> = scores.iter().map(|&s| f64::from(s)).collect();
                black_box(batch_f64(black_box(&f), &policy, &mut cols).is_ok());
            }
        }
        "calendar" => {
            let cal = Calendar::us_federal("UTC").unwrap();
            let d = date_from_epoch_day(20_000).unwrap();
            let mut acc = 0i64;
            for i in 0..n {
                let r = cal.add_business_days(black_box(d), black_box((i % 81) as i64 - 40));
                acc ^= r.map(|d| i64::from(d.day())).unwrap_or(0);
            }
            black_box(acc);
        }
        _ => eprintln!("unknown: {what}"),
    }
}

/// The f64 batch behind a call that is never inlined, so that
/// `valgrind --tool=callgrind --toggle-collect='*batch_f64*'` counts it alone.
#[inline(never)]
fn batch_f64(
    scores: &[f64],
    policy: &CertPolicy,
    cols: &mut BatchColumns,
) -> care_core::Result<()> {
    evaluate_batch_f64_into(scores, policy, &mut cols.as_out())
}
