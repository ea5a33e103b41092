"""Polars: a lazy query that adds care-core's columns, two ways.

1. A frame function (the faster, for big data):

    with_certify(pl.scan_parquet("scores/*.parquet"))

   `with_certify(lf)` is `lf.map_batches(...)` (streamable): each DataFrame the query produces
   goes whole to care_core.evaluate_arrow through the Arrow PyCapsule interface (the scores
   read in place), and the answer's columns (status, passes, pass_rate, decided_early) are
   appended with `hstack`, no struct to build or unpack.

2. An expression:

    pl.scan_parquet("scores/*.parquet").with_columns(certify()).unnest("care")

   `certify()` packs the score columns into one struct, hands it batch by batch to
   care_core.evaluate_arrow (Expr.map_batches), and returns the answer as a struct column.

Checks every answer of both against care_core.evaluate_batch, and prints rows per second of
each beside the same rule written as Polars expressions, each timing the whole lazy query from
Parquet to the collected frame of agent, status, passes and pass_rate (the medians of
ENGINE_REPEAT interleaved runs, 5 by default).

Usage: python examples/engines/polars_certify.py [ROWS]   (default 10M, or ENGINE_ROWS)
"""

from __future__ import annotations

import os

import polars as pl

import care_core
from _common import ALLOWED_FAILS, CALLS, NEEDED, N_CALLS, PASS_MARK, check, dataset, medians, reference, report, rows_arg

OUT = pl.Struct({"status": pl.Categorical, "passes": pl.UInt8, "pass_rate": pl.UInt8, "decided_early": pl.Boolean})


def _certify_batch(s: pl.Series, policy: care_core.CertPolicy | None) -> pl.Series:
    scores = s.struct.unnest()  # a DataFrame of the score columns, no copy
    return pl.DataFrame(care_core.evaluate_arrow(scores, policy=policy)).to_struct(s.name)


def certify(columns: list[str] = CALLS, policy: care_core.CertPolicy | None = None, name: str = "care") -> pl.Expr:
    """care-core's certification of `columns` (in call order) as one struct column."""
    return (
        pl.struct(columns)
        .map_batches(lambda s: _certify_batch(s, policy), return_dtype=OUT)
        .alias(name)
    )


def with_certify(lf: pl.LazyFrame, columns: list[str] = CALLS,
                 policy: care_core.CertPolicy | None = None) -> pl.LazyFrame:
    """`lf` with care-core's columns (status, passes, pass_rate, decided_early) of the score
    `columns` (in call order) appended: each DataFrame of the query goes whole to
    care_core.evaluate_arrow, streamed when Polars' streaming engine runs the query."""

    def certify_frame(df: pl.DataFrame) -> pl.DataFrame:
        answer = pl.DataFrame(care_core.evaluate_arrow(df.select(columns), policy=policy))
        return df.hstack(answer.get_columns())

    schema = {**lf.collect_schema(), **OUT.to_schema()}
    return lf.map_batches(certify_frame, schema=schema, streamable=True)


def by_expressions() -> list[pl.Expr]:
    """The same rule as Polars expressions, for the baseline."""
    passes = pl.sum_horizontal([(pl.col(c) >= PASS_MARK).fill_null(False).cast(pl.UInt8) for c in CALLS])
    pending = pl.sum_horizontal([pl.col(c).is_null().cast(pl.UInt8) for c in CALLS])
    status = (
        pl.when(passes >= NEEDED).then(pl.lit("certified"))
        .when((N_CALLS - passes - pending > ALLOWED_FAILS) | (pending == 0)).then(pl.lit("failed"))
        .otherwise(pl.lit("in_progress"))
    )
    return [status.alias("status"), passes.alias("passes"), (passes.cast(pl.UInt16) * 100 // N_CALLS).alias("pass_rate")]


def main() -> None:
    n = rows_arg()
    folder = dataset(n)
    lf = pl.scan_parquet(str(folder / "*.parquet"))
    answer = ["agent", "status", "passes", "pass_rate"]
    frame_q = with_certify(lf.select("agent", *CALLS)).select(answer)
    expr_q = lf.with_columns(certify()).unnest("care").select(answer)
    base_q = lf.select("agent", *by_expressions())
    ref = reference(folder)
    check(frame_q.collect().to_arrow(), ref, "polars with_certify()")
    check(expr_q.collect().to_arrow(), ref, "polars certify()")
    check(base_q.collect().to_arrow(), ref, "polars expressions baseline")
    t = medians({"frame": frame_q.collect, "expr": expr_q.collect, "base": base_q.collect},
                int(os.environ.get("ENGINE_REPEAT", 5)))
    report("polars", "lazy with_certify() (frame map_batches, evaluate_arrow)", n, t["frame"],
           "Polars expressions", t["base"])
    report("polars", "lazy with_columns(certify()) (map_batches, evaluate_arrow)", n, t["expr"],
           "Polars expressions", t["base"])


if __name__ == "__main__":
    main()
