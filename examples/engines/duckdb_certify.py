"""DuckDB: care-core as a SQL function.

    SELECT agent, care_certify(call1, call2, call3, call4, call5) AS r FROM 'scores/*.parquet'

care_certify is a vectorised (Arrow) Python UDF: DuckDB hands it a chunk of each column as
Arrow arrays, and care_core.evaluate_arrow answers the whole chunk in one call. It returns a
STRUCT(status VARCHAR, passes UTINYINT, pass_rate UTINYINT, decided_early BOOLEAN).
Checks every answer against care_core.evaluate_batch and prints rows per second beside the
same rule written in SQL (CASE and arithmetic).

Usage: python examples/engines/duckdb_certify.py [ROWS]   (default 10M, or ENGINE_ROWS)
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

import care_core
from _common import CALLS, NEEDED, N_CALLS, PASS_MARK, ALLOWED_FAILS, check, dataset, reference, report, rows_arg, timed

RESULT = duckdb.struct_type(
    {"status": "VARCHAR", "passes": "UTINYINT", "pass_rate": "UTINYINT", "decided_early": "BOOLEAN"}
)


def care_certify(*calls: pa.Array) -> pa.Array:
    batch = pa.record_batch(list(calls), names=CALLS)
    out = pa.record_batch(care_core.evaluate_arrow(batch))
    return pa.StructArray.from_arrays(
        [out.column(0).cast(pa.string()), *out.columns[1:]],
        names=out.schema.names,
    )


def register(con: duckdb.DuckDBPyConnection) -> None:
    con.create_function(
        "care_certify", care_certify, ["UTINYINT"] * N_CALLS, RESULT, type="arrow",
        null_handling="special",  # null scores are calls not taken yet: pass them through
    )


# The same rule in SQL, for the baseline.
PASSES = " + ".join(f"coalesce(({c} >= {PASS_MARK})::INT, 0)" for c in CALLS)
PENDING = " + ".join(f"({c} IS NULL)::INT" for c in CALLS)
SQL_RULE = f"""
  SELECT agent, passes,
         CASE WHEN passes >= {NEEDED} THEN 'certified'
              WHEN {N_CALLS} - passes - pending > {ALLOWED_FAILS} OR pending = 0 THEN 'failed'
              ELSE 'in_progress' END AS status,
         (passes * 100 // {N_CALLS})::UTINYINT AS pass_rate
  FROM (SELECT agent, {PASSES} AS passes, {PENDING} AS pending FROM read_parquet(?))
"""


def main() -> None:
    n = rows_arg()
    folder = dataset(n)
    files = str(folder / "*.parquet")
    con = duckdb.connect()
    con.execute("SET threads = 2")
    register(con)
    care_sql = ("SELECT agent, r.status AS status, r.passes AS passes, r.pass_rate AS pass_rate "
                "FROM (SELECT agent, care_certify(call1, call2, call3, call4, call5) AS r "
                "FROM read_parquet(?))")
    got = con.execute(care_sql, [files]).arrow()
    if not isinstance(got, pa.Table):  # duckdb >= 1.4 returns a reader
        got = got.read_all()
    check(got, reference(folder), "duckdb")
    base = con.execute(SQL_RULE, [files]).arrow()
    if not isinstance(base, pa.Table):
        base = base.read_all()
    check(base, reference(folder), "duckdb SQL baseline")
    # Throughput: the whole query, aggregated so that the result costs nothing.
    agg = "SELECT status, count(*) FROM ({}) GROUP BY status"
    ours = timed(lambda: con.execute(agg.format(care_sql), [files]).fetchall(), 3)
    sql = timed(lambda: con.execute(agg.format(SQL_RULE), [files]).fetchall(), 3)
    counts = dict(con.execute(agg.format(care_sql), [files]).fetchall())
    assert sum(counts.values()) == n, counts
    assert pc.sum(pc.equal(got.column("status"), "certified")).as_py() == counts.get("certified", 0)
    report("duckdb", "care_certify (arrow UDF, evaluate_arrow)", n, ours,
           "SQL CASE and arithmetic", sql)


if __name__ == "__main__":
    main()
