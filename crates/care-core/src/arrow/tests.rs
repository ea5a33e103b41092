//! Tests of the Arrow module (and an ignored timing).

use super::*;
use crate::certification::evaluate_batch;
use arrow_array::{Decimal128Array, Float64Array, Int64Array, NullArray};

fn u8_batch(rows: &[[u8; 5]]) -> RecordBatch {
    let cols = (0..5).map(|c| {
        let v: Vec<Option<u8>> = rows.iter().map(|r| (r[c] != 255).then_some(r[c])).collect();
        (
            format!("call{}", c + 1),
            Arc::new(UInt8Array::from(v)) as ArrayRef,
        )
    });
    RecordBatch::try_from_iter(cols).unwrap()
}

fn codes(out: &RecordBatch) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<bool>) {
    let st = out
        .column(0)
        .as_dictionary::<UInt8Type>()
        .keys()
        .values()
        .to_vec();
    let ps = out.column(1).as_primitive::<UInt8Type>().values().to_vec();
    let pr = out.column(2).as_primitive::<UInt8Type>().values().to_vec();
    let e = out
        .column(3)
        .as_boolean()
        .iter()
        .map(|b| b.unwrap())
        .collect();
    (st, ps, pr, e)
}

/// The Arrow answer agrees with `evaluate_batch`'s on the same scores (`flat`, five a row):
/// the same codes and a decided-early flag on each `pending` row that was decided, or both
/// an error naming the same row (the batch counts agent rows, Arrow rows).
fn agree<T>(
    want: crate::Result<crate::certification::BatchColumns>,
    got: crate::Result<RecordBatch>,
    flat: &[T],
    pending: impl Fn(&[T]) -> bool,
) -> Result<(), proptest::test_runner::TestCaseError> {
    match (want, got) {
        (Ok(w), Ok(g)) => {
            let (st, ps, pr, early) = codes(&g);
            for (i, row) in flat.chunks_exact(5).enumerate() {
                proptest::prop_assert_eq!(early[i], pending(row) && st[i] != 0, "row {}", i);
            }
            proptest::prop_assert_eq!((st, ps, pr), (w.status, w.passes, w.pass_rate));
        }
        (Err(w), Err(g)) => {
            let row = |e: &str, prefix: &str| {
                e.split(prefix)
                    .nth(1)
                    .and_then(|t| t.split(',').next())
                    .map(str::to_string)
            };
            proptest::prop_assert_eq!(
                row(&w.to_string(), "agent row "),
                row(&g.to_string(), "row "),
                "{} / {}",
                w,
                g
            );
        }
        (w, g) => proptest::prop_assert!(
            false,
            "batch {:?}, arrow {:?}",
            w.map(|_| ()),
            g.map(|_| ())
        ),
    }
    Ok(())
}

#[test]
fn agrees_with_evaluate_batch_on_every_small_row() {
    // Every row of scores from a few interesting values, pending included.
    let vals = [255u8, 0, 84, 85, 100];
    let mut rows = Vec::new();
    for a in [100u8, 255] {
        for b in vals {
            for c in vals {
                for d in vals {
                    for e in vals {
                        rows.push([a, b, c, d, e]);
                    }
                }
            }
        }
    }
    let policy = CertPolicy::default();
    let flat: Vec<u8> = rows.iter().flatten().copied().collect();
    let want = evaluate_batch(&flat, &policy).unwrap();
    let out = evaluate_arrow(&u8_batch(&rows), None, &policy).unwrap();
    let (st, ps, pr, early) = codes(&out);
    assert_eq!(st, want.status);
    assert_eq!(ps, want.passes);
    assert_eq!(pr, want.pass_rate);
    for (i, r) in rows.iter().enumerate() {
        let pending = r.contains(&255);
        assert_eq!(early[i], pending && st[i] != 0, "row {i}");
    }
}

#[test]
fn the_one_pass_path_agrees_too() {
    // Five columns of one type and no nulls take the fused path: u8, i64 and f64.
    let policy = CertPolicy::default();
    let mut rows = Vec::new();
    for i in 0..3000u32 {
        let v = |k: u32| [0u8, 60, 84, 85, 90, 100][((i * 7 + k * 13) % 6) as usize];
        rows.push([100, v(1), v(2), v(3), v(4)]);
    }
    let flat: Vec<u8> = rows.iter().flatten().copied().collect();
    let want = evaluate_batch(&flat, &policy).unwrap();
    let batch = u8_batch(&rows);
    assert!(batch.column(0).nulls().is_none());
    let cast = |f: &dyn Fn(u8) -> ArrayRef| {
        let cols = (0..5).map(|c| {
            let name = format!("call{}", c + 1);
            (name, f(c))
        });
        RecordBatch::try_from_iter(cols).unwrap()
    };
    let i64s = cast(&|c| {
        Arc::new(Int64Array::from(
            rows.iter()
                .map(|r| i64::from(r[usize::from(c)]))
                .collect::<Vec<_>>(),
        )) as ArrayRef
    });
    let f64s = cast(&|c| {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|r| f64::from(r[usize::from(c)]))
                .collect::<Vec<_>>(),
        )) as ArrayRef
    });
    for b in [&batch, &i64s, &f64s] {
        let (st, ps, pr, _) = codes(&evaluate_arrow(b, None, &policy).unwrap());
        assert_eq!(
            (st, ps, pr),
            (
                want.status.clone(),
                want.passes.clone(),
                want.pass_rate.clone()
            )
        );
    }
    let mut bad = rows.clone();
    bad[2500][3] = 101;
    let e = evaluate_arrow(&u8_batch(&bad), None, &policy).unwrap_err();
    assert!(e.to_string().contains("row 2500, column call4"), "{e}");
}

#[test]
fn fused_blocks_agree_across_block_boundaries() {
    // More rows than two blocks of every fused type (uint8 blocks are FUSED rows, f64 ones
    // FUSED_BYTES / 8), with nulls in every column (not on byte boundaries: the batch is
    // sliced at an odd offset), and an invalid score in the third block named by its row.
    use crate::certification::evaluate_batch_f64;
    let policy = CertPolicy::default();
    let (offset, n) = (3, 2 * FUSED + 1234);
    let score = |r: usize, c: usize| -> Option<u8> {
        let h = (r * 2_654_435_761 + c * 40_503) % 1_000;
        match (c, h) {
            (_, h) if h < 30 => None,
            (0, _) => Some(100),
            (_, h) => Some(60 + (h % 41) as u8),
        }
    };
    let mut flat_u8 = Vec::new();
    let mut flat_f64 = Vec::new();
    for r in offset..offset + n {
        for c in 0..5 {
            flat_u8.push(score(r, c).unwrap_or(255));
            flat_f64.push(score(r, c).map_or(f64::NAN, f64::from));
        }
    }
    let column = |c: usize, wide: bool| -> ArrayRef {
        let v: Vec<Option<u8>> = (0..offset + n).map(|r| score(r, c)).collect();
        let a: ArrayRef = if wide {
            Arc::new(Float64Array::from(
                v.iter().map(|s| s.map(f64::from)).collect::<Vec<_>>(),
            ))
        } else {
            Arc::new(UInt8Array::from(v))
        };
        a.slice(offset, n)
    };
    for wide in [false, true] {
        let batch =
            RecordBatch::try_from_iter((0..5).map(|c| (format!("call{}", c + 1), column(c, wide))))
                .unwrap();
        let got = evaluate_arrow(&batch, None, &policy);
        if wide {
            let want = evaluate_batch_f64(&flat_f64, &policy);
            agree(want, got, &flat_f64, |row| row.iter().any(|s| s.is_nan())).unwrap();
        } else {
            let want = evaluate_batch(&flat_u8, &policy);
            agree(want, got, &flat_u8, |row| row.contains(&255)).unwrap();
        }
    }
    let mut bad: Vec<[u8; 5]> = flat_u8
        .chunks_exact(5)
        .map(|r| <[u8; 5]>::try_from(r).unwrap())
        .collect();
    bad[2 * FUSED + 7][2] = 101;
    let e = evaluate_arrow(&u8_batch(&bad), None, &policy).unwrap_err();
    let row = format!("row {}, column call3", 2 * FUSED + 7);
    assert!(e.to_string().contains(&row), "{e}");
}

#[test]
fn types_and_errors_name_the_column() {
    let policy = CertPolicy::default();
    let f = |v: Vec<Option<f64>>| Arc::new(Float64Array::from(v)) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        (
            "call1",
            Arc::new(Int64Array::from(vec![100, 100])) as ArrayRef,
        ),
        ("call2", f(vec![Some(84.5), None])),
        (
            "call3",
            Arc::new(
                Decimal128Array::from(vec![8500, 9000])
                    .with_precision_and_scale(5, 2)
                    .unwrap(),
            ) as ArrayRef,
        ),
        ("call4", Arc::new(NullArray::new(2)) as ArrayRef),
        ("call5", f(vec![Some(101.0), Some(90.0)])),
    ])
    .unwrap();
    let e = evaluate_arrow(&batch, None, &policy).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidScore);
    assert!(e.to_string().contains("row 0, column call5"), "{e}");
    let ok = batch.slice(1, 1);
    let (st, ps, ..) = codes(&evaluate_arrow(&ok, None, &policy).unwrap());
    assert_eq!((st[0], ps[0]), (0, 3));
    let text = Arc::new(StringArray::from(vec!["1", "2"])) as ArrayRef;
    let bad = RecordBatch::try_from_iter([("call1", text)]).unwrap();
    let e = evaluate_arrow(&bad, Some(&["call1".into()]), &policy).unwrap_err();
    assert!(e.to_string().contains("policy has 5 calls"), "{e}");
    let e = evaluate_arrow(&bad, None, &policy).unwrap_err();
    assert!(e.to_string().contains("call1 is Utf8"), "{e}");
}

#[test]
fn escalation_agrees_with_status() {
    let cal = Calendar::us_federal("America/New_York").unwrap();
    let policy = EscalationPolicy::default();
    let as_of = jiff::civil::date(2026, 7, 20);
    let starts: Vec<Option<i32>> = (0..40)
        .map(|i| (i % 7 != 3).then(|| epoch_day(jiff::civil::date(2026, 6, 15)) + i))
        .collect();
    let done: Vec<Option<i32>> = starts
        .iter()
        .enumerate()
        .map(|(i, s)| s.filter(|_| i % 3 == 0).map(|s| s + (i as i32 % 9)))
        .collect();
    let batch = RecordBatch::try_from_iter([
        (
            "start",
            Arc::new(Date32Array::from(starts.clone())) as ArrayRef,
        ),
        (
            "done",
            Arc::new(Date32Array::from(done.clone())) as ArrayRef,
        ),
    ])
    .unwrap();
    let out = escalation_arrow(&batch, START, as_of, Some("done"), &cal, &policy).unwrap();
    let stage = out.column(0).as_dictionary::<UInt8Type>().keys();
    for (i, s) in starts.iter().enumerate() {
        let Some(s) = s else {
            assert!(stage.is_null(i));
            continue;
        };
        let d = crate::calendar::date_from_epoch_day(*s).unwrap();
        let c = done[i].map(|c| {
            crate::escalation::Moment::Date(crate::calendar::date_from_epoch_day(c).unwrap())
        });
        let st =
            crate::escalation::status(d, &as_of.into(), c.as_ref(), &cal, &[], &policy).unwrap();
        assert_eq!(stage.value(i), st.step_code, "row {i}");
        let tl = crate::escalation::timeline(d, &cal, &[], &policy).unwrap();
        let ec = out.column(1).as_primitive::<Date32Type>().value(i);
        assert_eq!(ec, epoch_day(tl.expected_completion));
        for (k, step) in tl.steps.iter().enumerate() {
            let due = out.column(2 + k).as_primitive::<Date32Type>().value(i);
            assert_eq!(due, epoch_day(step.date), "row {i} step {k}");
        }
    }
    assert_eq!(out.schema().field(3).name(), "written_cap_due");
}

#[test]
fn kept_columns_come_first_unchanged_in_batches_and_streams() {
    let policy = CertPolicy::default();
    let rows: Vec<[u8; 5]> = (0..300u32)
        .map(|i| {
            [
                100,
                (i % 101) as u8,
                90,
                if i % 7 == 0 { 255 } else { 80 },
                70,
            ]
        })
        .collect();
    let scores = u8_batch(&rows);
    let id = Arc::new(StringArray::from(
        (0..300).map(|i| format!("agent-{i}")).collect::<Vec<_>>(),
    )) as ArrayRef;
    let team = Arc::new(Int64Array::from(
        (0..300).map(|i| i / 10).collect::<Vec<i64>>(),
    )) as ArrayRef;
    let mut cols: Vec<(String, ArrayRef)> = vec![("team".into(), team.clone())];
    cols.extend(
        scores
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .zip(scores.columns().iter().cloned()),
    );
    cols.push(("id".into(), id.clone()));
    let batch = RecordBatch::try_from_iter(cols).unwrap();
    let keep = ["id".to_string(), "team".to_string()];
    let rule = CertArrow::new(&policy, None).unwrap().keep(&keep).unwrap();
    assert_eq!(rule.kept(), &keep);
    let out = rule.evaluate(&batch).unwrap();
    let names: Vec<&str> = out
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        ["id", "team", STATUS, PASSES, PASS_RATE, DECIDED_EARLY]
    );
    assert!(Arc::ptr_eq(out.column(0), &id) && Arc::ptr_eq(out.column(1), &team));
    assert_eq!(out.schema(), rule.output_schema(&batch.schema()).unwrap());
    let plain = evaluate_arrow(&batch, None, &policy).unwrap();
    assert_eq!(out.project(&[2, 3, 4, 5]).unwrap(), plain);

    // A stream: every batch keeps them, the stream's schema says so.
    let parts: Vec<_> = [0..100, 100..250, 250..300]
        .into_iter()
        .map(|r| Ok(batch.slice(r.start, r.len())))
        .collect();
    let stream = CertStream::new(rule.clone(), &batch.schema(), parts.into_iter()).unwrap();
    assert_eq!(stream.schema(), out.schema());
    let mut seen = 0;
    for b in stream {
        let b = b.unwrap();
        assert_eq!(b.schema(), out.schema());
        assert_eq!(b, out.slice(seen, b.num_rows()));
        seen += b.num_rows();
    }
    assert_eq!(seen, 300);

    // A kept column missing from the input: named, in a batch and before a stream starts.
    let e = rule.evaluate(&scores).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains("no column id (a kept column)"),
        "{e}"
    );
    let e = CertStream::new(rule.clone(), &scores.schema(), std::iter::empty())
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("no column id (a kept column)"),
        "{e}"
    );
    // A kept name that is an output column, or named twice.
    let base = CertArrow::new(&policy, None).unwrap();
    let e = base.clone().keep(&["status".into()]).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert!(
        e.to_string()
            .contains("kept column status has the name of an output column"),
        "{e}"
    );
    let e = base.keep(&["id".into(), "id".into()]).unwrap_err();
    assert!(
        e.to_string().contains("kept column id is named twice"),
        "{e}"
    );

    // Escalation: the same.
    let cal = Calendar::us_federal("America/New_York").unwrap();
    let as_of = jiff::civil::date(2026, 7, 20);
    let starts = Arc::new(Date32Array::from(vec![Some(20_600), None, Some(20_620)])) as ArrayRef;
    let ids = Arc::new(Int64Array::from(vec![1, 2, 3])) as ArrayRef;
    let dates = RecordBatch::try_from_iter([("start", starts), ("id", ids.clone())]).unwrap();
    let esc = EscalationArrow::new(START, as_of, None, &cal, &EscalationPolicy::default())
        .unwrap()
        .keep(&["id".into()])
        .unwrap();
    let out = esc.evaluate(&dates).unwrap();
    assert_eq!(out.schema().field(0).name(), "id");
    assert_eq!(out.schema().field(1).name(), STAGE);
    assert!(Arc::ptr_eq(out.column(0), &ids));
    let plain = escalation_arrow(
        &dates,
        START,
        as_of,
        None,
        &cal,
        &EscalationPolicy::default(),
    )
    .unwrap();
    let rest: Vec<usize> = (1..out.num_columns()).collect();
    assert_eq!(out.project(&rest).unwrap(), plain);
    let e = esc.evaluate(&dates.project(&[0]).unwrap()).unwrap_err();
    assert!(
        e.to_string().contains("no column id (a kept column)"),
        "{e}"
    );
    let e = EscalationArrow::new(START, as_of, None, &cal, &EscalationPolicy::default())
        .unwrap()
        .keep(&[EXPECTED_COMPLETION.into()])
        .unwrap_err();
    assert!(
        e.to_string().contains("kept column expected_completion"),
        "{e}"
    );
}

mod timing {
    use super::*;

    /// `cargo test --release -p care-core --features arrow --lib timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn time_arrow_vs_batch() {
        let n = 10_000_000usize;
        let mut flat = vec![0u8; n * 5];
        let mut x = 1u32;
        for (i, s) in flat.iter_mut().enumerate() {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *s = if i % 5 == 0 {
                100
            } else {
                60 + (x >> 24) as u8 % 41
            };
        }
        let cols = (0..5).map(|c| {
            let v: Vec<u8> = flat.iter().skip(c).step_by(5).copied().collect();
            (
                format!("call{}", c + 1),
                Arc::new(UInt8Array::from(v)) as ArrayRef,
            )
        });
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        // The same scores as f64, 2% of call 5 not taken (NaN in the batch, null in Arrow).
        let mut floats: Vec<f64> = flat.iter().map(|&s| f64::from(s)).collect();
        for r in (0..n).step_by(50) {
            floats[r * 5 + 4] = f64::NAN;
        }
        let fcols = (0..5).map(|c| {
            let v: Vec<Option<f64>> = floats
                .iter()
                .skip(c)
                .step_by(5)
                .map(|&s| (!s.is_nan()).then_some(s))
                .collect();
            (
                format!("call{}", c + 1),
                Arc::new(Float64Array::from(v)) as ArrayRef,
            )
        });
        let fbatch = RecordBatch::try_from_iter(fcols).unwrap();
        let policy = CertPolicy::default();
        let rule = CertArrow::new(&policy, None).unwrap();
        let prepared = policy.prepare().unwrap();
        let time = |f: &dyn Fn() -> usize| {
            let mut best = f64::INFINITY;
            for _ in 0..7 {
                let t = std::time::Instant::now();
                assert_eq!(f(), n);
                best = best.min(t.elapsed().as_secs_f64());
            }
            best / n as f64 * 1e9
        };
        let au8 = time(&|| rule.evaluate(&batch).unwrap().num_rows());
        let bu8 = time(&|| prepared.evaluate_batch(&flat).unwrap().status.len());
        let af64 = time(&|| rule.evaluate(&fbatch).unwrap().num_rows());
        let bf64 = time(&|| prepared.evaluate_batch_f64(&floats).unwrap().status.len());
        println!("ns/agent, best of 7: u8 arrow {au8:.2} batch {bu8:.2} ({:.2}x); f64 with nulls arrow {af64:.2} batch {bf64:.2} ({:.2}x)", au8 / bu8, af64 / bf64);
    }
}

/// A score of the f64 kernel's tests: mostly valid, with the edges of the rule, NaN and a
/// few invalid values.
fn float_score() -> impl proptest::strategy::Strategy<Value = f64> {
    use proptest::prelude::*;
    prop_oneof![
        400 => 0.0f64..=100.0,
        60 => Just(f64::NAN),
        40 => prop::sample::select(vec![-0.0, 0.0, 84.5, 84.999_999, 85.0, 100.0]),
        1 => prop::sample::select(vec![-0.5, 100.5, f64::INFINITY, f64::NEG_INFINITY]),
    ]
}

proptest::proptest! {
    /// Five f64 columns with nulls (holding any value, valid or not, under the null), sliced
    /// at any offset (validity bits that do not start on a byte), under policies with a
    /// fractional mark or coached score: the same answers and first error as
    /// `evaluate_batch_f64` on the same scores with NaN for the nulls.
    #[test]
    fn f64_columns_with_nulls_agree_with_evaluate_batch_f64(
        rows in proptest::collection::vec(
            proptest::collection::vec((float_score(), proptest::prelude::any::<u8>()), 5),
            0..2600,
        ),
        offset in 0usize..20,
        policy in 0usize..3,
    ) {
        use crate::certification::evaluate_batch_f64;
        let policy = match policy {
            0 => CertPolicy::default(),
            1 => CertPolicy { pass_mark: 84.5, ..CertPolicy::default() },
            _ => CertPolicy { coached_score: 90.5, early_decision: false, ..CertPolicy::default() },
        };
        let n = rows.len();
        let offset = offset.min(n);
        // Per score: a value and a draw that makes it null (1 in 8) and, if so, what the
        // null holds: the value itself, a negative number or an infinity.
        let mut flat = Vec::new();
        let cols = (0..5).map(|c| {
            let v: Vec<Option<f64>> = rows
                .iter()
                .map(|r| {
                    let (mut s, draw) = r[c];
                    if c == 0 && !s.is_nan() && draw % 4 != 0 {
                        s = policy.coached_score;
                    }
                    (draw % 8 != 0).then_some(s)
                })
                .collect();
            let mut array = Float64Array::from(v);
            // Garbage under the nulls: rebuild the values buffer with other numbers there.
            let values: Vec<f64> = array
                .iter()
                .zip(&rows)
                .map(|(v, r)| v.unwrap_or(match r[c].1 % 24 { 0 => -7.0, 8 => f64::INFINITY, _ => r[c].0 }))
                .collect();
            array = Float64Array::new(values.into(), array.nulls().cloned());
            (format!("call{}", c + 1), Arc::new(array.slice(offset, n - offset)) as ArrayRef)
        });
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        for r in 0..batch.num_rows() {
            for c in 0..5 {
                let a = batch.column(c).as_primitive::<Float64Type>();
                flat.push(if a.is_null(r) { f64::NAN } else { a.value(r) });
            }
        }
        let want = evaluate_batch_f64(&flat, &policy);
        let got = evaluate_arrow(&batch, None, &policy);
        agree(want, got, &flat, |row| row.iter().any(|s| s.is_nan()))?;
    }
}

proptest::proptest! {
    /// Five `uint8` or `int64` columns with nulls (holding any value under the null, valid or
    /// not), sliced at any offset, at any number of rows (not a multiple of 8 or 64): the
    /// same answers, decided-early flags and first error as `evaluate_batch` on the same
    /// scores with 255 for the nulls.
    #[test]
    fn integer_columns_with_nulls_agree_with_evaluate_batch(
        rows in proptest::collection::vec(
            proptest::collection::vec((0u8..=100, proptest::prelude::any::<u8>()), 5),
            0..2600,
        ),
        offset in 0usize..20,
        wide in proptest::prelude::any::<bool>(),
    ) {
        let policy = CertPolicy::default();
        let n = rows.len();
        let offset = offset.min(n);
        let cols = (0..5).map(|c| {
            // A draw makes a score null (1 in 8) or, rarely, invalid (200; call 1 other than
            // the coached 100), and under a null puts the score itself or garbage (255, 101).
            let valid: Vec<bool> = rows.iter().map(|r| r[c].1 % 8 != 0).collect();
            let values: Vec<u8> = rows
                .iter()
                .map(|r| {
                    let (s, draw) = r[c];
                    match (c, draw) {
                        (_, d) if d % 8 == 0 => [s, 255, 101][usize::from(d / 8 % 3)],
                        (_, 255) if s == 0 => 200,
                        // Call 1 is the coached call (100); rarely something else.
                        (0, 1) if s < 5 => s,
                        (0, _) => 100,
                        _ => s,
                    }
                })
                .collect();
            let nulls = Some(NullBuffer::from(valid));
            let array: ArrayRef = if wide {
                let v: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
                Arc::new(arrow_array::Int64Array::new(v.into(), nulls))
            } else {
                Arc::new(UInt8Array::new(values.into(), nulls))
            };
            (format!("call{}", c + 1), array.slice(offset, n - offset))
        });
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        let mut flat = Vec::new();
        for r in 0..batch.num_rows() {
            for c in 0..5 {
                let a = batch.column(c);
                let v = if wide {
                    a.as_primitive::<Int64Type>().value(r) as u8
                } else {
                    a.as_primitive::<UInt8Type>().value(r)
                };
                flat.push(if a.is_null(r) { 255 } else { v });
            }
        }
        let want = evaluate_batch(&flat, &policy);
        let got = evaluate_arrow(&batch, None, &policy);
        // Kept columns (a score column among them) come first, the same arrays, and the
        // answers after them are the same.
        let keep = ["call3".to_string(), "call1".to_string()];
        let kept = CertArrow::new(&policy, None).unwrap().keep(&keep).unwrap().evaluate(&batch);
        match (&got, &kept) {
            (Ok(g), Ok(k)) => {
                proptest::prop_assert!(Arc::ptr_eq(k.column(0), batch.column(2)));
                proptest::prop_assert!(Arc::ptr_eq(k.column(1), batch.column(0)));
                proptest::prop_assert_eq!(k.schema_ref().field(0), batch.schema_ref().field(2));
                proptest::prop_assert_eq!(&k.project(&[2, 3, 4, 5]).unwrap(), g);
            }
            (Err(g), Err(k)) => proptest::prop_assert_eq!(g.to_string(), k.to_string()),
            _ => proptest::prop_assert!(false, "keep changed the outcome"),
        }
        agree(want, got, &flat, |row| row.contains(&255))?;
    }
}
