"""Benchmarks of the Python package care_core, each figure a ratio against a baseline from
the same run (like benches/src/lib.rs): batch certification and the escalation step over
1 million agents against pure-Python loops (on fewer rows, compared per item) and against
numpy / pandas versions of the same rules; one `evaluate` call against a pure-Python one.

Run with the venv of scripts/test-python: target/py-venv/bin/python benches/python/bench.py
Prints a table and one `RATIO {json}` line per figure.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Callable

import numpy as np
import pandas as pd

import care_core

N = 1_000_000
N_PY = 20_000  # rows for the pure-Python loops
PASS_MARK, NEEDED, CALLS = 85, 4, 5


def best(fn: Callable[[], object], repeat: int = 7) -> float:
    """Best wall time of `fn` in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def per_call_s(fn: Callable[[], object], n: int = 100_000) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n  # seconds per call


# The same rules by hand, for the baselines (no pending calls, so no early decision).
def py_cert(rows: list[list[int]]) -> list[tuple[int, int, int]]:
    out = []
    for r in rows:
        passes = sum(1 for s in r if s >= PASS_MARK)
        fails = CALLS - passes
        status = 1 if passes >= NEEDED else (2 if fails > CALLS - NEEDED else 0)
        out.append((status, passes, passes * 100 // CALLS))
    return out


def np_cert(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    passes = (scores >= PASS_MARK).sum(axis=1).astype(np.uint8)
    status = np.where(passes >= NEEDED, 1, 2).astype(np.uint8)
    return status, passes, (passes.astype(np.uint16) * 100 // CALLS).astype(np.uint8)


def pd_cert(df: pd.DataFrame) -> pd.DataFrame:
    passes = (df >= PASS_MARK).sum(axis=1)
    return pd.DataFrame(
        {"status": np.where(passes >= NEEDED, 1, 2), "passes": passes, "pass_rate": passes * 100 // CALLS}
    )


def py_steps(starts: list[dt.date], as_of: dt.date) -> list[int]:
    # Weekdays only, no holidays (the default calendar): business day number of as_of.
    out = []
    for s in starts:
        while s.weekday() >= 5:
            s += dt.timedelta(days=1)
        days = _busdays(s, as_of)
        out.append(0 if days < 4 else min(days - 3, 4))
    return out


def _busdays(a: dt.date, b: dt.date) -> int:
    full, rest = divmod((b - a).days + 1, 7)
    n = full * 5
    wd = a.weekday()
    for i in range(rest):
        if (wd + i) % 7 < 5:
            n += 1
    return n


def np_steps(starts: np.ndarray, as_of: dt.date) -> np.ndarray:
    day1 = np.busday_offset(starts, 0, roll="forward")
    days = np.busday_count(day1, np.datetime64(as_of) + np.timedelta64(1, "D"))
    return np.clip(days - 3, 0, 4).astype(np.uint8)


def pd_steps(starts: pd.Series, as_of: dt.date) -> pd.Series:
    return pd.Series(np_steps(starts.to_numpy(dtype="datetime64[D]"), as_of), index=starts.index)


rows_out: list[dict[str, object]] = []


def report(bench: str, label: str, ours_s: float, ours_n: int, base_s: float, base_n: int,
           target_ns: float | None) -> None:
    per = ours_s / ours_n * 1e9
    base_per = base_s / base_n * 1e9
    verdict = ""
    if target_ns is not None:
        verdict = f"target <= {target_ns} ns: {'met' if per <= target_ns else 'MISSED'}"
    print(f"{label:<58} {per:>10.3f} ns/item  baseline {base_per:>12.3f} ns/item  "
          f"ratio {base_per / per:>8.1f}x  {verdict}")
    print("RATIO " + json.dumps({"bench": bench, "label": label, "ns_per_item": per,
                                 "baseline_ns_per_item": base_per, "ratio": base_per / per,
                                 "target_ns": target_ns}))


def main() -> None:
    rng = np.random.default_rng(1)
    scores = rng.integers(60, 101, size=(N, CALLS)).astype(np.uint8)
    scores[:, 0] = 100
    scores_f = scores.astype(np.float64)
    df = pd.DataFrame(scores)
    py_rows = scores[:N_PY].tolist()

    # Same answers first.
    status, passes, rate = care_core.evaluate_batch(scores)
    ns, npas, nrate = np_cert(scores)
    assert (status == ns).all() and (passes == npas).all() and (rate == nrate).all()
    assert [tuple(x) for x in zip(status[:N_PY].tolist(), passes[:N_PY].tolist(),
                                  rate[:N_PY].tolist())] == py_cert(py_rows)

    print("\n== python: batch certification (1M agents x 5 calls) ==")
    ours = best(lambda: care_core.evaluate_batch(scores))
    report("python_cert", "evaluate_batch uint8 vs pure-Python loop", ours, N,
           best(lambda: py_cert(py_rows), 3), N_PY, 5.0)
    report("python_cert", "evaluate_batch uint8 vs numpy", ours, N, best(lambda: np_cert(scores)), N, 5.0)
    report("python_cert", "evaluate_batch uint8 vs pandas", ours, N, best(lambda: pd_cert(df), 3), N, 5.0)
    ours_f = best(lambda: care_core.evaluate_batch(scores_f))
    report("python_cert", "evaluate_batch float64 vs numpy", ours_f, N,
           best(lambda: np_cert(scores_f)), N, 5.0)
    ours_df = best(lambda: care_core.evaluate_frame(scores), 3)
    report("python_cert", "evaluate_frame (DataFrame out) vs pandas", ours_df, N,
           best(lambda: pd_cert(df), 3), N, None)

    print("\n== python: escalation step (1M agents) ==")
    as_of = dt.date(2026, 7, 20)
    offsets = rng.integers(0, 30, size=N)
    starts = (np.datetime64("2026-06-20") + offsets).astype("datetime64[D]")
    codes = care_core.escalation_steps(starts, as_of)
    assert (codes == np_steps(starts, as_of)).all()
    py_starts = starts[:N_PY].tolist()
    assert codes[:N_PY].tolist() == py_steps(py_starts, as_of)
    ours = best(lambda: care_core.escalation_steps(starts, as_of))
    report("python_escalation", "escalation_steps vs pure-Python loop", ours, N,
           best(lambda: py_steps(py_starts, as_of), 3), N_PY, 20.0)
    report("python_escalation", "escalation_steps vs numpy busday", ours, N,
           best(lambda: np_steps(starts, as_of)), N, 20.0)
    s_series = pd.Series(starts)
    report("python_escalation", "escalation_steps vs pandas", ours, N,
           best(lambda: pd_steps(s_series, as_of), 3), N, 20.0)

    print("\n== python: one evaluate call ==")
    call_scores = [100.0, 90.0, 70.0, 85.0, 95.0]
    policy = care_core.CertPolicy()
    single = per_call_s(lambda: care_core.evaluate_scores("Rivera, Ana", call_scores, policy))
    pure = per_call_s(lambda: py_cert([call_scores]))
    report("python_evaluate", "evaluate_scores with its reasons (one agent) vs pure-Python rule", single, 1,
           pure, 1, 3000.0)
    single_to_dict = per_call_s(
        lambda: care_core.evaluate_scores("Rivera, Ana", call_scores, policy).to_dict(), 20_000)
    report("python_evaluate", "evaluate_scores + to_dict vs pure-Python rule", single_to_dict, 1, pure, 1, None)

    print("\n== python: Krippendorff's alpha, interval (10 raters x 100,000 units) ==")
    krippendorff_row(rng)


def krippendorff_row(rng: np.random.Generator) -> None:
    """care_core.krippendorff_alpha against the `krippendorff` package (PyPI) on the same
    matrix: ratings 1 to 5, 10% missing. Target: under 100 ms (100 ns per cell), and the
    ratio at least 20x."""
    try:
        import krippendorff  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        print("skipped: the krippendorff package is not installed (pip install krippendorff)")
        return
    raters, units = 10, 100_000
    m = rng.integers(1, 6, size=(raters, units)).astype(np.float64)
    m[rng.random(size=m.shape) < 0.1] = np.nan
    ours_value = care_core.krippendorff_alpha(m, level="interval").value
    theirs_value = krippendorff.alpha(reliability_data=m, level_of_measurement="interval")
    assert abs(ours_value - theirs_value) < 1e-9, (ours_value, theirs_value)
    ours = best(lambda: care_core.krippendorff_alpha(m, level="interval"))
    theirs = best(lambda: krippendorff.alpha(reliability_data=m, level_of_measurement="interval"), 3)
    print(f"care_core {ours * 1e3:.1f} ms, krippendorff {theirs * 1e3:.1f} ms (target: < 100 ms, >= 20x)")
    report("python_agreement", "krippendorff_alpha interval vs krippendorff (PyPI)", ours, m.size,
           theirs, m.size, 100.0)


if __name__ == "__main__":
    main()
