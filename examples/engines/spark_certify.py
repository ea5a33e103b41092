"""Spark: mapInArrow with local[2] over a Parquet dataset.

Each Arrow record batch Spark hands to Python goes to care_core.evaluate_arrow whole; the
answer goes back as Arrow (status as a string, the counts as tinyint: Spark has no unsigned
types). The answers are compared with care_core.evaluate_batch on the same rows, and the
throughput printed beside a Spark pandas UDF (mapInPandas) doing the rule in plain pandas.
Prints the per-partition figures docs/scale.md extrapolates from.

Usage: python examples/engines/spark_certify.py [ROWS]   (default 10M, or SPARK_ROWS /
ENGINE_ROWS). Needs Java 17+ (scripts/test-engines installs it when missing).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
from pyspark.sql import SparkSession

import care_core
from _common import ALLOWED_FAILS, CALLS, NEEDED, N_CALLS, PASS_MARK, check, dataset, reference, report, rows_arg, timed

SCHEMA = "agent long, status string, passes byte, pass_rate byte, decided_early boolean"


def certify_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for b in batches:
        out = pa.record_batch(care_core.evaluate_arrow(b, columns=CALLS))
        yield pa.record_batch(
            [b.column("agent"), out.column("status").cast(pa.string()),
             out.column("passes").cast(pa.int8()), out.column("pass_rate").cast(pa.int8()),
             out.column("decided_early")],
            names=["agent", "status", "passes", "pass_rate", "decided_early"],
        )


def probe_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """One row per partition: its rows, the seconds care-core took on it, the worker's peak
    RSS (what docs/scale.md extrapolates from)."""
    rows, seconds = 0, 0.0
    for b in batches:
        t = time.perf_counter()
        pa.record_batch(care_core.evaluate_arrow(b, columns=CALLS))
        seconds += time.perf_counter() - t
        rows += b.num_rows
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    yield pa.record_batch([pa.array([rows]), pa.array([seconds]), pa.array([rss])],
                          names=["rows", "seconds", "rss_mb"])


def pandas_batches(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The same rule in plain pandas, for the baseline."""
    for pdf in frames:
        s = pdf[CALLS]
        passes = (s >= PASS_MARK).sum(axis=1).astype("int8")
        pending = s.isna().sum(axis=1)
        fails = N_CALLS - passes - pending
        status = np.where(passes >= NEEDED, "certified",
                          np.where((fails > ALLOWED_FAILS) | (pending == 0), "failed", "in_progress"))
        yield pd.DataFrame({"agent": pdf["agent"], "status": status, "passes": passes,
                            "pass_rate": (passes.astype("int16") * 100 // N_CALLS).astype("int8"),
                            "decided_early": (pending > 0) & (status != "in_progress")})


def main() -> None:
    n = rows_arg() if "SPARK_ROWS" not in os.environ else int(os.environ["SPARK_ROWS"])
    folder = dataset(n)
    # The Python workers run this interpreter (its venv has care_core and pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]").appName("care-core")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        df = spark.read.parquet(str(folder))
        partitions = df.rdd.getNumPartitions()
        ours_q = df.mapInArrow(certify_batches, SCHEMA)
        base_q = df.mapInPandas(pandas_batches, SCHEMA)
        t = time.perf_counter()
        got = ours_q.select("agent", "status", "passes", "pass_rate").toArrow()
        first = time.perf_counter() - t
        check(got, reference(folder), "spark")
        check(base_q.select("agent", "status", "passes", "pass_rate").toArrow(), reference(folder),
              "spark pandas UDF baseline")
        agg = lambda q: q.groupBy("status").count().collect()  # noqa: E731
        ours = timed(lambda: agg(ours_q), 2)
        base = timed(lambda: agg(base_q), 2)
        counts = {r["status"]: r["count"] for r in agg(ours_q)}
        assert sum(counts.values()) == n, counts
        parts = df.mapInArrow(probe_batches, "rows long, seconds double, rss_mb double").collect()
        p_rows = max(r["rows"] for r in parts)
        p_secs = max(r["seconds"] for r in parts)
        p_rss = max(r["rss_mb"] for r in parts)
        print(f"spark: {partitions} partitions (largest {p_rows:,} rows) on local[2]; whole job "
              f"{ours:.2f} s, so {ours * min(2, partitions) / max(partitions, 1):.2f} core-seconds per partition; "
              f"care-core itself {p_secs * 1000:.1f} ms on the largest partition; Python worker peak "
              f"RSS {p_rss:.0f} MB; first run collecting to the driver {first:.2f} s")
        print("SPARK " + json.dumps({"rows": n, "partitions": partitions, "largest_partition_rows": p_rows,
                                     "job_seconds": ours, "care_seconds_largest_partition": p_secs,
                                     "worker_rss_mb": p_rss, "baseline_job_seconds": base}))
        report("spark", "mapInArrow(evaluate_arrow), local[2]", n, ours,
               "mapInPandas (plain pandas), local[2]", base)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
