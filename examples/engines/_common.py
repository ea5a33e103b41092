"""Shared by the engine examples: the sample Parquet dataset, the reference answers from
care_core.evaluate_batch, the same rule written by hand for each engine's baseline, and the
one-line report each example prints.

Rows: the first command-line argument, else the ENGINE_ROWS environment variable, else
10 million. The data is written once per row count under target/engines-data/ (or
ENGINE_DATA) as Parquet files of at most 1 million rows each.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import care_core

ROOT = Path(__file__).resolve().parents[2]
CALLS = ["call1", "call2", "call3", "call4", "call5"]
# The documents' rule (care_core.CertPolicy() defaults), for the hand-written baselines:
# pass mark 85, 4 passes certify, decided early, 5 calls so more than 1 fail is a failure.
PASS_MARK, NEEDED, ALLOWED_FAILS, N_CALLS = 85, 4, 1, 5
STATUS_NAMES = ["in_progress", "certified", "failed"]
FILE_ROWS = 1_000_000


def rows_arg(default: int = 10_000_000) -> int:
    if len(sys.argv) > 1:
        return int(sys.argv[1].replace("_", ""))
    return int(os.environ.get("ENGINE_ROWS", default))


def dataset(n: int) -> Path:
    """A folder of Parquet files: agent (int64), call1..call5 (uint8; call1 the coached 100,
    about 2% of calls 4 and 5 null = not taken yet)."""
    base = Path(os.environ.get("ENGINE_DATA", ROOT / "target" / "engines-data"))
    folder = base / f"scores-{n}"
    done = folder / "_done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    for part, lo in enumerate(range(0, n, FILE_ROWS)):
        hi = min(n, lo + FILE_ROWS)
        m = hi - lo
        s = rng.integers(60, 101, size=(m, N_CALLS)).astype(np.uint8)
        s[:, 0] = 100
        cols = {"agent": pa.array(np.arange(lo, hi, dtype=np.int64))}
        for c, name in enumerate(CALLS):
            mask = (rng.random(m) < 0.02) if c >= 3 else None
            cols[name] = pa.array(s[:, c], mask=mask)
        pq.write_table(pa.table(cols), folder / f"part-{part:04d}.parquet", row_group_size=FILE_ROWS)
    done.touch()
    return folder


def parquet_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.parquet"))


def reference(folder: Path) -> pa.Table:
    """agent, status (name), passes, pass_rate from care_core.evaluate_batch (uint8 scores,
    255 = not taken), sorted by agent."""
    t = pq.read_table(parquet_files(folder), columns=["agent", *CALLS]).sort_by("agent")
    scores = np.stack([t.column(c).fill_null(255).to_numpy() for c in CALLS], axis=1)
    status, passes, rate = care_core.evaluate_batch(np.ascontiguousarray(scores, dtype=np.uint8))
    names = np.array(STATUS_NAMES)[status]
    return pa.table({"agent": t.column("agent"), "status": names, "passes": passes, "pass_rate": rate})


def check(got: pa.Table, ref: pa.Table, engine: str) -> None:
    """`got` (agent, status as text, passes, pass_rate, any integer types) equals `ref`."""
    got = got.sort_by("agent")
    if got.num_rows != ref.num_rows:
        sys.exit(f"{engine}: {got.num_rows} rows, expected {ref.num_rows}")
    for name in ("agent", "status", "passes", "pass_rate"):
        a = got.column(name).combine_chunks()
        if pa.types.is_dictionary(a.type):
            a = a.cast(pa.string())
        b = ref.column(name).combine_chunks()
        if not pa.types.is_string(b.type):
            a, b = a.cast(pa.int64()), b.cast(pa.int64())
        else:
            a = a.cast(pa.string())
        if not a.equals(b):
            bad = next(i for i in range(len(a)) if a[i] != b[i])
            sys.exit(f"{engine}: column {name} differs from evaluate_batch at agent {bad}: "
                     f"{a[bad]} != {b[bad]}")
    print(f"{engine}: {got.num_rows:,} rows agree with evaluate_batch")


def timed(fn, repeat: int = 1) -> float:
    """Best wall time of `fn` in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def medians(runs: dict, repeat: int = 5) -> dict:
    """Median wall time in seconds of each of `runs` (name: function), the runs interleaved
    (a, b, c, a, b, c...) `repeat` times so that the load of a shared machine falls on all of
    them alike; the ratios of medians measured together are what the examples report."""
    times: dict = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def report(engine: str, what: str, rows: int, ours_s: float, base_what: str, base_s: float) -> None:
    """Prints rows per second beside the engine doing the rule itself, and one RESULT line
    (read by benches/python/engines.py)."""
    print(f"{engine}: {what}: {rows / ours_s:,.0f} rows/s ({ours_s:.2f} s); "
          f"{base_what}: {rows / base_s:,.0f} rows/s ({base_s:.2f} s); "
          f"ratio {base_s / ours_s:.2f}x")
    print("RESULT " + json.dumps({"engine": engine, "what": what, "rows": rows, "seconds": ours_s,
                                  "baseline": base_what, "baseline_seconds": base_s}))
