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


def care_certify(call1: pa.ChunkedArray, call2: pa.ChunkedArray, call3: pa.ChunkedArray,
                 call4: pa.ChunkedArray, call5: pa.ChunkedArray) -> pa.Array:
    # DuckDB hands over one vector of rows (2,048) per call as chunked arrays, almost always of
    # one chunk: a record batch of those chunks goes through evaluate_arrow's batch path
    # (no copy); several chunks make a table, which evaluate_arrow reads as a stream.
    calls = [call1, call2, call3, call4, call5]
    if all(c.num_chunks == 1 for c in calls):
        out = pa.record_batch(care_core.evaluate_arrow(
            pa.record_batch([c.chunk(0) for c in calls], names=CALLS)))
    else:
        out = pa.table(care_core.evaluate_arrow(pa.table(calls, names=CALLS))).combine_chunks()
        out = out.to_batches()[0] if out.num_rows else pa.record_batch(
            [pa.array([], f.type) for f in out.schema], schema=out.schema)
    cols = list(out.columns)
    cols[0] = cols[0].cast(pa.string())
    return pa.StructArray.from_arrays(cols, names=out.schema.names)


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


def arrow_table(rel: duckdb.DuckDBPyRelation) -> pa.Table:
    """The result as a pyarrow Table (to_arrow_table from DuckDB 1.4, arrow before)."""
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
    return fetch()


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
    got = arrow_table(con.sql(care_sql.replace('?', repr(files))))
    check(got, reference(folder), "duckdb")
    base = arrow_table(con.sql(SQL_RULE.replace('?', repr(files))))
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
