"""Arrow in and out: evaluate_arrow and escalation_arrow over the Arrow PyCapsule interface.

Needs pyarrow to make the inputs (care_core itself does not); skipped without it.
scripts/test-engines installs it and runs this file; Polars and DuckDB inputs are tested
when those are installed too.
"""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pytest

import care_core

pa = pytest.importorskip("pyarrow")

NAMES = ["call1", "call2", "call3", "call4", "call5"]
STATUS = ["in_progress", "certified", "failed"]


def scores(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    s = rng.integers(70, 101, size=(n, 5)).astype(np.uint8)
    s[:, 0] = 100
    return s


def batch_of(s: np.ndarray, dtype: object = None) -> object:
    cols = [pa.array(s[:, i], type=dtype) for i in range(s.shape[1])]
    return pa.record_batch(cols, names=NAMES[: s.shape[1]])


def as_table(out: object) -> object:
    """The answer as a pyarrow Table, through the PyCapsule interface only."""
    if hasattr(out, "__arrow_c_array__"):
        return pa.Table.from_batches([pa.record_batch(out)])
    return pa.table(out)


def check_same(out: object, s: np.ndarray) -> None:
    """The answer agrees with evaluate_batch on float64 scores (NaN = not taken)."""
    t = as_table(out)
    assert t.column_names == ["status", "passes", "pass_rate", "decided_early"]
    status, passes, rate = care_core.evaluate_batch(s)
    got_status = t.column("status").combine_chunks()
    assert got_status.type == pa.dictionary(pa.uint8(), pa.string())
    assert got_status.indices.to_numpy().tolist() == status.tolist()
    assert got_status.dictionary.to_pylist() == STATUS
    assert t.column("passes").to_numpy().tolist() == passes.tolist()
    assert t.column("pass_rate").to_numpy().tolist() == rate.tolist()
    pending = np.isnan(s).any(axis=1) if s.dtype.kind == "f" else (s == 255).any(axis=1)
    early = pending & (status != 0)
    assert t.column("decided_early").to_numpy().tolist() == early.tolist()


def test_a_batch_gives_a_batch_with_the_same_answers() -> None:
    s = scores(5000)
    out = care_core.evaluate_arrow(batch_of(s))
    assert hasattr(out, "__arrow_c_array__")
    check_same(out, s)


@pytest.mark.parametrize(
    "dtype",
    ["int8", "int16", "int32", "int64", "uint16", "uint32", "uint64", "float32", "float64"],
)
def test_integer_and_float_columns(dtype: str) -> None:
    s = scores(700, seed=2)
    check_same(care_core.evaluate_arrow(batch_of(s, pa.from_numpy_dtype(np.dtype(dtype)))), s)


def test_decimal_and_fractional_scores() -> None:
    rows = [
        [100, 84.5, 85, 90.25, 99.99],
        [100, 84.99, 84.9, 85.0, 100],
    ]
    cols = [pa.array([decimal.Decimal(str(r[i])) for r in rows], pa.decimal128(5, 2)) for i in range(5)]
    out = as_table(care_core.evaluate_arrow(pa.record_batch(cols, names=NAMES)))
    want = care_core.evaluate_batch(np.array(rows, dtype=np.float64))
    assert out.column("passes").to_pylist() == want[1].tolist() == [4, 3]
    cols256 = [c.cast(pa.decimal256(5, 2)) for c in cols]
    out256 = as_table(care_core.evaluate_arrow(pa.record_batch(cols256, names=NAMES)))
    assert out256.column("passes").to_pylist() == [4, 3]


def test_nulls_are_calls_not_taken() -> None:
    s = scores(3000, seed=3).astype(np.float64)
    rng = np.random.default_rng(4)
    s[rng.random(s.shape) < 0.3] = np.nan
    cols = [pa.array(s[:, i], from_pandas=True) for i in range(5)]  # NaN -> null
    assert cols[1].null_count > 0
    check_same(care_core.evaluate_arrow(pa.record_batch(cols, names=NAMES)), s)
    # NaN kept as a float value is not taken either.
    check_same(care_core.evaluate_arrow(batch_of(s)), s)


def test_nulls_everywhere_and_zero_rows() -> None:
    cols = [pa.nulls(4, pa.uint8()) for _ in range(4)] + [pa.nulls(4)]
    t = as_table(care_core.evaluate_arrow(pa.record_batch(cols, names=NAMES)))
    assert t.column("status").to_pylist() == ["in_progress"] * 4
    assert t.column("passes").to_pylist() == [0] * 4
    assert t.column("decided_early").to_pylist() == [False] * 4
    empty = care_core.evaluate_arrow(batch_of(scores(0)))
    t = as_table(empty)
    assert t.num_rows == 0 and t.column_names[0] == "status"


def test_dictionary_and_chunked_columns() -> None:
    s = scores(2000, seed=5)
    cols = [pa.array(s[:, i]).dictionary_encode() for i in range(5)]
    check_same(care_core.evaluate_arrow(pa.record_batch(cols, names=NAMES)), s)
    # A table of several chunks is a stream: evaluated chunk by chunk, answers in order.
    table = pa.Table.from_batches([batch_of(s[:700]), batch_of(s[700:1500]), batch_of(s[1500:])])
    out = care_core.evaluate_arrow(table)
    assert isinstance(out, care_core.ArrowStream)
    assert out.column_names == ["status", "passes", "pass_rate", "decided_early"]
    check_same(out, s)


def test_a_stream_iterates_in_python_one_batch_at_a_time() -> None:
    s = scores(900, seed=6)
    reader = pa.RecordBatchReader.from_batches(
        batch_of(s).schema, (batch_of(s[i : i + 300]) for i in range(0, 900, 300))
    )
    out = care_core.evaluate_arrow(reader)
    sizes = [pa.record_batch(b).num_rows for b in out]
    assert sizes == [300, 300, 300]
    with pytest.raises(care_core.InvalidInputError, match="already been read"):
        pa.table(out)


def test_columns_name_the_calls_in_order() -> None:
    s = scores(50, seed=7)
    names = ["c_a", "c_b", "c_c", "c_d", "c_e"]
    b = pa.record_batch([pa.array(s[:, i]) for i in range(5)], names=names)
    check_same(care_core.evaluate_arrow(b, columns=names), s)
    policy = care_core.CertPolicy(calls=3, pdp_calls=2, mapd_calls=1, passes_needed=2)
    out = as_table(care_core.evaluate_arrow(b, columns=names[:3], policy=policy))
    assert out.num_rows == 50
    with pytest.raises(care_core.InvalidInputError, match="policy has 5 calls"):
        care_core.evaluate_arrow(b, columns=names[:3])


def test_bad_input_is_a_typed_error_naming_the_column() -> None:
    s = scores(10)
    b = batch_of(s)
    with pytest.raises(care_core.InvalidInputError, match="no column call5"):
        care_core.evaluate_arrow(b.drop_columns(["call5"]))
    text = b.set_column(2, "call3", pa.array([str(x) for x in s[:, 2]]))
    with pytest.raises(care_core.InvalidInputError, match="column call3 is Utf8"):
        care_core.evaluate_arrow(text)
    with pytest.raises(care_core.InvalidInputError, match="column call3 is Utf8"):
        care_core.evaluate_arrow(pa.table(text))  # a stream is checked before any batch
    with pytest.raises(care_core.InvalidInputError, match="Arrow PyCapsule"):
        care_core.evaluate_arrow([[100, 90, 90, 90, 90]])
    bad = s.copy()
    bad[7, 3] = 101
    with pytest.raises(care_core.InvalidScoreError, match=r"row 7, column call4 \(call 4\)"):
        care_core.evaluate_arrow(batch_of(bad))
    coached = s.copy()
    coached[2, 0] = 90
    with pytest.raises(care_core.InvalidScoreError, match="row 2, column call1"):
        care_core.evaluate_arrow(batch_of(coached))


def test_a_stream_that_fails_half_way() -> None:
    s = scores(600, seed=8)
    bad = s.copy()
    bad[450, 1] = 200

    def batches():
        yield batch_of(s[:300])
        raise RuntimeError("the producer broke")

    schema = batch_of(s).schema
    out = care_core.evaluate_arrow(pa.RecordBatchReader.from_batches(schema, batches()))
    it = iter(out)
    assert pa.record_batch(next(it)).num_rows == 300
    with pytest.raises(care_core.InvalidInputError, match="failed after 1 batches \\(300 rows\\)"):
        next(it)
    # A bad score in the second batch: its row is counted from the start of the stream, and
    # nothing is written for that batch.
    table = pa.Table.from_batches([batch_of(bad[:300]), batch_of(bad[300:])])
    got = []
    with pytest.raises(care_core.InvalidScoreError, match="row 450, column call2"):
        for b in care_core.evaluate_arrow(table):
            got.append(b)
    assert len(got) == 1
    # Through the C stream interface the consumer raises, with care-core's message.
    with pytest.raises(pa.ArrowInvalid, match="row 450, column call2"):
        pa.table(care_core.evaluate_arrow(table))


def test_a_batch_over_the_size_limit() -> None:
    n = 2**31  # Arrow's null type has no buffers: this costs no memory.
    big = pa.record_batch([pa.nulls(n)] * 5, names=NAMES)
    with pytest.raises(care_core.TooLargeError, match="record batch"):
        care_core.evaluate_arrow(big)


def test_escalation_agrees_with_timeline_and_steps() -> None:
    as_of = dt.date(2026, 7, 20)
    starts = np.datetime64("2026-06-15") + np.arange(40)
    starts_l = [d.item() for d in starts]
    starts_l[5] = None
    done = [None] * 40
    done[10] = starts_l[10] + dt.timedelta(days=2)
    done[11] = starts_l[11] + dt.timedelta(days=9)
    b = pa.record_batch(
        [pa.array(starts_l, pa.date32()), pa.array(done, pa.date32())], names=["start", "done"]
    )
    cal = care_core.Calendar.by_name("us-federal", "America/New_York")
    t = as_table(care_core.escalation_arrow(b, as_of=as_of, completed="done", calendar=cal))
    assert t.column_names == [
        "stage", "expected_completion", "coaching_due", "written_cap_due", "final_cap_due",
        "termination_review_due",
    ]
    stage = t.column("stage").combine_chunks()
    assert stage.dictionary.to_pylist() == [
        "none", "coaching", "written-cap", "final-cap", "termination-review",
    ]
    codes = care_core.escalation_steps(starts.astype("datetime64[D]"), as_of, cal)
    for i, s in enumerate(starts_l):
        if s is None:
            assert stage[i].as_py() is None
            continue
        st = care_core.escalation_status(s, as_of, done[i], calendar=cal)
        assert stage.indices[i].as_py() == st.step_code
        if done[i] is None:
            assert st.step_code == codes[i]
        tl = care_core.timeline(s, calendar=cal)
        assert t.column("expected_completion")[i].as_py().isoformat() == tl.expected_completion
        assert t.column("coaching_due")[i].as_py().isoformat() == tl.steps[0]["date"]


def test_escalation_bad_input() -> None:
    b = pa.record_batch([pa.array([dt.date(2026, 7, 1)]), pa.array([dt.date(2026, 6, 1)])],
                        names=["start", "done"])
    with pytest.raises(care_core.InvalidInputError, match="row 0, column done"):
        care_core.escalation_arrow(b, as_of=dt.date(2026, 7, 20), completed="done")
    with pytest.raises(care_core.InvalidInputError, match="no column begin"):
        care_core.escalation_arrow(b, "begin", as_of=dt.date(2026, 7, 20))
    s = pa.record_batch([pa.array(["2026-07-01"])], names=["start"])
    with pytest.raises(care_core.InvalidInputError, match="column start is Utf8"):
        care_core.escalation_arrow(s, as_of=dt.date(2026, 7, 20))
    far = pa.record_batch([pa.array([dt.date(2500, 1, 1)])], names=["start"])
    with pytest.raises(care_core.InvalidDateError, match="row 0, column start"):
        care_core.escalation_arrow(far, as_of=dt.date(2026, 7, 20))


def test_polars_and_duckdb_objects() -> None:
    s = scores(1000, seed=9)
    table = pa.Table.from_batches([batch_of(s)])
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        df = pl.from_arrow(table)
        check_same(care_core.evaluate_arrow(df), s)
        back = pl.DataFrame(care_core.evaluate_arrow(df))
        assert back.columns == ["status", "passes", "pass_rate", "decided_early"]
    try:
        import duckdb
    except ImportError:
        duckdb = None
    if duckdb is not None:
        con = duckdb.connect()
        rel = con.from_arrow(table)
        check_same(care_core.evaluate_arrow(rel), s)
        # A consumer that asks for the schema first (DuckDB's `FROM stream`) reads a stream.
        stream = care_core.evaluate_arrow(pa.Table.from_batches([batch_of(s[:400]), batch_of(s[400:])]))
        counts = dict(con.sql("SELECT status::VARCHAR, count(*) FROM stream GROUP BY 1").fetchall())
        status = care_core.evaluate_batch(s)[0]
        assert counts == {STATUS[c]: int((status == c).sum()) for c in set(status.tolist())}


def test_a_stream_declares_its_schema() -> None:
    s = scores(10, seed=10)
    out = care_core.evaluate_arrow(pa.Table.from_batches([batch_of(s)]))
    assert pa.schema(out).names == ["status", "passes", "pass_rate", "decided_early"]
    check_same(out, s)  # asking for the schema does not read the stream


def with_ids(s: np.ndarray, first: int = 0) -> object:
    """Scores with an agent id column (strings) and a team column, the ids first."""
    b = batch_of(s)
    ids = pa.array([f"agent-{first + i}" for i in range(len(s))])
    team = pa.array(np.arange(first, first + len(s), dtype=np.int64) // 10)
    return pa.record_batch([ids, *b.columns, team], names=["agent", *b.schema.names, "team"])


def test_keep_passes_columns_through_first_and_unchanged() -> None:
    s = scores(700, seed=11)
    b = with_ids(s)
    out = pa.record_batch(care_core.evaluate_arrow(b, keep=["team", "agent"]))
    assert out.schema.names == ["team", "agent", "status", "passes", "pass_rate", "decided_early"]
    assert out.schema.field("team").type == pa.int64()
    assert out.column("team").equals(b.column("team"))
    assert out.column("agent").equals(b.column("agent"))
    check_same(out.select(["status", "passes", "pass_rate", "decided_early"]), s)
    # A kept score column is passed through too; escalation keeps as well.
    out = pa.record_batch(care_core.evaluate_arrow(b, keep=["call2"]))
    assert out.column(0).equals(b.column("call2"))
    starts = pa.record_batch([pa.array(["a", "b"]), pa.array([dt.date(2026, 7, 2), None], pa.date32())],
                             names=["agent", "start"])
    esc = pa.record_batch(care_core.escalation_arrow(starts, as_of=dt.date(2026, 7, 10), keep=["agent"]))
    assert esc.schema.names[:2] == ["agent", "stage"]
    assert esc.column("agent").to_pylist() == ["a", "b"]


def test_keep_errors_name_the_column() -> None:
    b = with_ids(scores(10, seed=12))
    with pytest.raises(care_core.InvalidInputError, match=r"no column agnt \(a kept column\).*did you mean agent"):
        care_core.evaluate_arrow(b, keep=["agnt"])
    with pytest.raises(care_core.InvalidInputError, match="no column agnt"):
        care_core.evaluate_arrow(pa.Table.from_batches([b]), keep=["agnt"])  # a stream, before any batch
    with pytest.raises(care_core.InvalidInputError, match="kept column status has the name of an output column"):
        care_core.evaluate_arrow(b, keep=["status"])
    starts = pa.record_batch([pa.array([dt.date(2026, 7, 2)], pa.date32())], names=["start"])
    with pytest.raises(care_core.InvalidInputError, match="kept column stage"):
        care_core.escalation_arrow(starts, as_of=dt.date(2026, 7, 10), keep=["stage"])
    with pytest.raises(care_core.InvalidInputError, match="no column agent"):
        care_core.escalation_arrow(starts, as_of=dt.date(2026, 7, 10), keep=["agent"])


def test_a_stream_keeps_the_columns_in_every_batch() -> None:
    s = scores(900, seed=13)
    parts = [with_ids(s[i : i + 300], first=i) for i in range(0, 900, 300)]
    reader = pa.RecordBatchReader.from_batches(parts[0].schema, iter(parts))
    out = care_core.evaluate_arrow(reader, keep=["agent"])
    assert out.column_names == ["agent", "status", "passes", "pass_rate", "decided_early"]
    assert pa.schema(out).field("agent").type == pa.string()
    got = [pa.record_batch(b) for b in out]
    assert [g.num_rows for g in got] == [300, 300, 300]
    for g, p in zip(got, parts):
        assert g.column("agent").equals(p.column("agent"))
    check_same(pa.Table.from_batches(got).select(["status", "passes", "pass_rate", "decided_early"]), s)
