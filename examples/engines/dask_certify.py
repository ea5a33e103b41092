"""Dask: map_partitions over a Parquet dataset.

Each partition (a pandas DataFrame) goes to care_core.evaluate_arrow through the Arrow
PyCapsule interface (pandas >= 2.2 implements it) and comes back as columns. Checks every
answer against care_core.evaluate_batch and prints rows per second beside the same rule in
plain pandas inside map_partitions.

Usage: python examples/engines/dask_certify.py [ROWS]   (default 10M, or ENGINE_ROWS)
"""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa

import care_core
from _common import ALLOWED_FAILS, CALLS, NEEDED, N_CALLS, PASS_MARK, check, dataset, reference, report, rows_arg, timed

META = pd.DataFrame({"agent": pd.Series([], dtype="int64"), "status": pd.Series([], dtype="object"),
                     "passes": pd.Series([], dtype="uint8"), "pass_rate": pd.Series([], dtype="uint8")})


def certify_partition(pdf: pd.DataFrame) -> pd.DataFrame:
    out = pa.table(care_core.evaluate_arrow(pa.Table.from_pandas(pdf[CALLS], preserve_index=False)))
    return pd.DataFrame({
        "agent": pdf["agent"].to_numpy(),
        "status": out.column("status").cast(pa.string()).to_numpy(zero_copy_only=False),
        "passes": out.column("passes").to_numpy(),
        "pass_rate": out.column("pass_rate").to_numpy(),
    })


def pandas_partition(pdf: pd.DataFrame) -> pd.DataFrame:
    """The same rule in plain pandas, for the baseline."""
    s = pdf[CALLS]
    passes = (s >= PASS_MARK).sum(axis=1).astype("uint8")
    pending = s.isna().sum(axis=1)
    fails = N_CALLS - passes - pending
    status = np.where(passes >= NEEDED, "certified",
                      np.where((fails > ALLOWED_FAILS) | (pending == 0), "failed", "in_progress"))
    return pd.DataFrame({"agent": pdf["agent"].to_numpy(), "status": status, "passes": passes.to_numpy(),
                         "pass_rate": (passes.astype("uint16") * 100 // N_CALLS).astype("uint8").to_numpy()})


def main() -> None:
    n = rows_arg()
    folder = dataset(n)
    dask.config.set(scheduler="threads", num_workers=2)
    ddf = dd.read_parquet(str(folder), columns=["agent", *CALLS])
    ours_q = ddf.map_partitions(certify_partition, meta=META)
    base_q = ddf.map_partitions(pandas_partition, meta=META)
    to_arrow = lambda q: pa.Table.from_pandas(q.compute(), preserve_index=False)  # noqa: E731
    check(to_arrow(ours_q), reference(folder), "dask")
    check(to_arrow(base_q), reference(folder), "dask pandas baseline")
    ours = timed(lambda: ours_q.compute(), 2)
    base = timed(lambda: base_q.compute(), 2)
    report("dask", "map_partitions(evaluate_arrow)", n, ours, "map_partitions(plain pandas)", base)


if __name__ == "__main__":
    main()
