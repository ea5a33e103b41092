"""Polars: a lazy query that adds care-core's columns.

    pl.scan_parquet("scores/*.parquet").with_columns(certify()).unnest("care")

`certify()` is an expression: the score columns as one struct, handed batch by batch to
care_core.evaluate_arrow through the Arrow PyCapsule interface (map_batches), and the answer
(status, passes, pass_rate, decided_early) back as a struct column. Checks every answer
against care_core.evaluate_batch and prints rows per second beside the same rule written as
Polars expressions.

Usage: python examples/engines/polars_certify.py [ROWS]   (default 10M, or ENGINE_ROWS)
"""

from __future__ import annotations

import polars as pl

import care_core
from _common import ALLOWED_FAILS, CALLS, NEEDED, N_CALLS, PASS_MARK, check, dataset, reference, report, rows_arg, timed

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
    ours_q = lf.with_columns(certify()).unnest("care").select("agent", "status", "passes", "pass_rate")
    base_q = lf.select("agent", *by_expressions())
    check(ours_q.collect().to_arrow(), reference(folder), "polars")
    check(base_q.collect().to_arrow(), reference(folder), "polars expressions baseline")
    ours = timed(lambda: ours_q.collect(), 3)
    base = timed(lambda: base_q.collect(), 3)
    report("polars", "lazy with_columns(certify()) (map_batches, evaluate_arrow)", n, ours,
           "Polars expressions", base)


if __name__ == "__main__":
    main()
