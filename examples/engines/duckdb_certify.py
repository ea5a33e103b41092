"""DuckDB: care-core as a SQL function, and the fast path for big data.

1. The SQL function (what the issue asks for):

    SELECT agent, care_certify(call1, call2, call3, call4, call5) AS r FROM 'scores/*.parquet'

   care_certify is a vectorised (Arrow) Python UDF: DuckDB hands it one vector of each column
   (2,048 rows: DuckDB's fixed vector size, which a Python UDF cannot change) as Arrow arrays,
   and care_core.evaluate_arrow answers the vector in one call. It returns a STRUCT(status
   VARCHAR, passes UTINYINT, pass_rate UTINYINT, decided_early BOOLEAN). Each vector crosses
   into Python and back, and holds the GIL while it does, so this is the slow way.

2. The fast path, for big data: `certify(con, query)` streams the query's Arrow record batches
   (1M rows each) through care_core.evaluate_arrow(reader, keep=["agent"]) and back into
   DuckDB, and returns a DuckDB relation of the kept columns (agent) and care-core's
   (status, passes, pass_rate, decided_early), to query further in SQL:

    rel = certify(con, "SELECT agent, call1, call2, call3, call4, call5 FROM 'scores/*.parquet'")
    rel.aggregate("status, count(*)")   # or con.sql("SELECT ... FROM rel")

   Each read of the relation runs the query again (materialise it, `rel.to_table("answers")`,
   to keep the answers).

Checks every answer of both against care_core.evaluate_batch, and prints rows per second of
each beside the same rule written in SQL (CASE and arithmetic), each timing the whole query
from Parquet to the counts per status (the medians of ENGINE_REPEAT interleaved runs, 5 by
default).

Usage: python examples/engines/duckdb_certify.py [ROWS]   (default 10M, or ENGINE_ROWS)
"""

from __future__ import annotations

import itertools
import os

import duckdb
import pyarrow as pa

import care_core
from _common import CALLS, NEEDED, N_CALLS, PASS_MARK, ALLOWED_FAILS, check, dataset, medians, reference, report, rows_arg

RESULT = duckdb.struct_type(
    {"status": "VARCHAR", "passes": "UTINYINT", "pass_rate": "UTINYINT", "decided_early": "BOOLEAN"}
)
ROWS_PER_BATCH = 1_000_000


def care_certify(call1: pa.ChunkedArray, call2: pa.ChunkedArray, call3: pa.ChunkedArray,
                 call4: pa.ChunkedArray, call5: pa.ChunkedArray) -> pa.Array:
    # DuckDB hands over one vector (2,048 rows) per call as chunked arrays, almost always of
    # one chunk, read in place; several chunks are joined (a copy of 2,048 bytes a column).
    calls = [c.chunk(0) if c.num_chunks == 1 else c.combine_chunks()
             for c in (call1, call2, call3, call4, call5)]
    out = pa.record_batch(care_core.evaluate_arrow(pa.record_batch(calls, names=CALLS)))
    # status stays dictionary-encoded: DuckDB decodes it into the VARCHAR field itself, which
    # costs less than casting it to strings here.
    return out.to_struct_array()


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Registers the SQL function care_certify(call1, ..., call5) on `con`."""
    con.create_function(
        "care_certify", care_certify, ["UTINYINT"] * N_CALLS, RESULT, type="arrow",
        null_handling="special",  # null scores are calls not taken yet: pass them through
    )


def arrow_reader(rel: duckdb.DuckDBPyRelation, rows_per_batch: int) -> pa.RecordBatchReader:
    """The relation's rows as Arrow record batches (to_arrow_reader from DuckDB 1.4)."""
    read = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch
    return read(rows_per_batch)


class _Answers:
    """The answers as a source DuckDB scans through the Arrow PyCapsule interface: each read
    (DuckDB asks for the schema, then for the rows) runs the query again on a fresh cursor,
    so the relation over it can be read any number of times."""

    def __init__(self, make):
        self._make = make

    def __arrow_c_stream__(self, requested_schema=None):
        return self._make().__arrow_c_stream__(requested_schema)


def certify(con: duckdb.DuckDBPyConnection, query: str, columns: list[str] = CALLS,
            keep: tuple[str, ...] = ("agent",), policy: care_core.CertPolicy | None = None,
            rows_per_batch: int = ROWS_PER_BATCH) -> duckdb.DuckDBPyRelation:
    """The fast path: the rows of the SQL `query` with `keep` and care-core's columns
    (status, passes, pass_rate, decided_early) of the score `columns` (in call order), as a
    DuckDB relation of `con`. When the relation is read, DuckDB runs `query` and produces
    its Arrow batches, care_core.evaluate_arrow answers each whole (the scores read in
    place, the `keep` columns passed through unchanged: `keep=`), and DuckDB scans the
    answers as they come: constant memory, one batch at a time, and no Python per row,
    per vector or per batch (care-core's ArrowStream is read by DuckDB directly)."""

    def answers() -> care_core.ArrowStream:
        # A cursor of its own: the query's result stays open while the answers are read.
        reader = arrow_reader(con.cursor().sql(query), rows_per_batch)
        # care-core reads the stream a batch at a time in Rust and passes `keep` through.
        return care_core.evaluate_arrow(reader, columns=columns, policy=policy, keep=list(keep))

    return con.from_arrow(_Answers(answers))


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
    files = repr(str(folder / "*.parquet"))
    con = duckdb.connect()
    con.execute("SET threads = 2")
    register(con)
    ref = reference(folder)
    scan = f"SELECT agent, {', '.join(CALLS)} FROM read_parquet({files})"
    care_sql = ("SELECT agent, r.status AS status, r.passes AS passes, r.pass_rate AS pass_rate "
                f"FROM (SELECT agent, care_certify({', '.join(CALLS)}) AS r FROM read_parquet({files}))")
    base_sql = SQL_RULE.replace("?", files)
    check(arrow_table(con.sql(care_sql)), ref, "duckdb care_certify")
    answers = certify(con, scan)
    check(arrow_table(answers.select("agent, status, passes, pass_rate")), ref, "duckdb certify()")
    check(arrow_table(con.sql(base_sql)), ref, "duckdb SQL baseline")
    # The relation reads again (the query runs again), here inside SQL.
    again = dict(con.sql("SELECT status, count(*) FROM answers GROUP BY status").fetchall())
    assert again == dict(con.sql(f"SELECT status, count(*) FROM ({base_sql}) GROUP BY status").fetchall()), again

    # Throughput: the whole query from Parquet to the counts per status (so that fetching
    # the result costs nothing), each the same shape.
    agg = "SELECT status, count(*) FROM ({}) GROUP BY status"
    counts = {}

    def fast() -> None:
        counts["fast"] = dict(certify(con, scan).aggregate("status, count(*)").fetchall())

    def udf() -> None:
        counts["udf"] = dict(con.sql(agg.format(care_sql)).fetchall())

    def sql() -> None:
        counts["sql"] = dict(con.sql(agg.format(base_sql)).fetchall())

    t = medians({"fast": fast, "udf": udf, "sql": sql}, int(os.environ.get("ENGINE_REPEAT", 5)))
    assert counts["fast"] == counts["udf"] == counts["sql"] and sum(counts["sql"].values()) == n, counts
    report("duckdb", "certify() (Arrow batches through evaluate_arrow, back as a relation)", n, t["fast"],
           "SQL CASE and arithmetic", t["sql"])
    report("duckdb", "SQL function care_certify (arrow UDF, evaluate_arrow)", n, t["udf"],
           "SQL CASE and arithmetic", t["sql"])


if __name__ == "__main__":
    main()
