"""Workbooks against the Python tools an analyst would use: reading the 100,000-row tracker
workbook with pandas.read_excel (openpyxl engine) against care-core reading it, and writing
an equivalent of the report workbook with openpyxl against care-core writing it; and the
peak memory of `care report` on the 100,000-row workbook.

care-core's times come from the criterion bench (`cargo bench -p care-benches --bench
workbook`), which writes the workbooks to target/bench-data/ and its figures to
target/criterion/workbook.json: in-process times, so no process start-up is counted. (The
Python binding does not expose read_tracker yet; when it does, time it here directly.)
The memory figure runs the `care` binary (release if built, else debug) on the workbook and
reads the child's peak RSS.

Run after the criterion bench, with a Python that has pandas and openpyxl:
    target/wb-venv/bin/python benches/python/workbook.py
Prints a table and one `RATIO {json}` line per figure; targets: read >= 10x faster than
pandas.read_excel, write >= 5x faster than openpyxl, peak RSS < 10x the file size.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
import resource
import subprocess
import sys
import time
from typing import Callable

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = ROOT / "target"
DATA = TARGET / "bench-data"
FIGURES = TARGET / "criterion" / "workbook.json"


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of `fn` in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def ratio(label: str, ours_s: float, base_s: float, baseline: str, target: float, items: int) -> None:
    r = base_s / ours_s
    met = "met" if r >= target else "MISSED"
    print(f"{label:<58} ours {ours_s * 1e3:10.1f} ms  {baseline} {base_s * 1e3:10.1f} ms  "
          f"ratio {r:6.1f}x  target >= {target}x: {met}")
    print("RATIO " + json.dumps({
        "bench": "workbook (python)", "label": label, "baseline": baseline,
        "ns_per_item": ours_s * 1e9 / items, "baseline_ns_per_item": base_s * 1e9 / items,
        "ratio": r, "target_ratio": target, "met": r >= target,
    }))


def openpyxl_report(sheets: dict[str, list[list]]) -> bytes:
    """The report workbook as openpyxl writes it: the same sheets and cells, each an Excel
    table with a frozen header, dates formatted, conditional formats on the agents."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "yyyy-mm-dd"
        width = max(len(rows[0]), 1)
        last = max(len(rows), 2)
        ref = f"A1:{get_column_letter(width)}{last}"
        ws.add_table(Table(displayName="".join(ch for ch in name if ch.isalnum()), ref=ref))
        ws.freeze_panes = "A2"
        if name == "Agents":
            green = PatternFill(start_color="C6EFCE", end_color="C6EFCE", fill_type="solid")
            ws.conditional_formatting.add(ref, FormulaRule(formula=['$D2="certified"'], fill=green))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> int:
    try:
        figures = json.loads(FIGURES.read_text())
    except FileNotFoundError:
        print(f"no {FIGURES}: run `cargo bench -p care-benches --bench workbook` first", file=sys.stderr)
        return 2
    import openpyxl
    import pandas as pd

    tracker = DATA / "tracker-100k.xlsx"
    eod = DATA / "eod-large.xlsx"
    rows, agents = figures["rows"], figures["agents"]
    print(f"tracker {tracker.name}: {rows} rows, {tracker.stat().st_size:,} bytes; "
          f"report {eod.name}: {agents} agents, {eod.stat().st_size:,} bytes")

    # Read: pandas.read_excel (openpyxl engine) against care-core's cells and full import.
    frame = pd.read_excel(tracker, engine="openpyxl")
    assert len(frame) == rows, len(frame)
    pandas_s = best(lambda: pd.read_excel(tracker, engine="openpyxl"), repeat=2)
    ratio("read 100k-row tracker: cells vs pandas.read_excel", figures["read_cells_ns"] / 1e9,
          pandas_s, "pandas.read_excel", 10, rows)
    ratio("read 100k-row tracker: import (row rules) vs pandas.read_excel",
          figures["import_xlsx_ns"] / 1e9, pandas_s, "pandas.read_excel", 10, rows)

    # Write: openpyxl writing the same report workbook.
    src = openpyxl.load_workbook(eod)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in src.worksheets}
    openpyxl_s = best(lambda: openpyxl_report(sheets), repeat=2)
    ratio(f"write the report workbook ({agents} agents) vs openpyxl", figures["report_xlsx_ns"] / 1e9,
          openpyxl_s, "openpyxl", 5, agents)

    # Memory: peak RSS of `care report` on the 100k-row workbook.
    care = next((p for p in (TARGET / "release" / "care", TARGET / "debug" / "care") if p.exists()), None)
    if care is None:
        print("no care binary (cargo build -p care-cli): memory not measured")
        return 0
    as_of = (DATA / "as-of.txt").read_text().strip()
    cmd = [str(care), "report", str(tracker), "--as-of", as_of, "--format", "csv"]
    t = time.perf_counter()
    if pathlib.Path("/usr/bin/time").exists():
        # GNU time measures the care process alone. (The RUSAGE_CHILDREN figure would count
        # the forked copy of this Python process, pandas' memory and all, before exec.)
        r = subprocess.run(["/usr/bin/time", "-v", *cmd], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t
        kib = next(int(line.split(":")[1]) for line in r.stderr.splitlines()
                   if "Maximum resident set size" in line)
        peak = kib * 1024
    else:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # an upper bound
    size = tracker.stat().st_size
    ok = peak < 10 * size
    print(f"{'peak RSS of care report on the 100k-row workbook':<58} {peak / 2**20:8.1f} MiB = "
          f"{peak / size:4.1f}x the file ({size / 2**20:.1f} MiB); target < 10x: {'met' if ok else 'MISSED'} "
          f"({care.parent.name} build, {wall:.2f} s with process start-up)")
    print("RATIO " + json.dumps({
        "bench": "workbook (python)", "label": f"peak RSS of care report ({care.parent.name}) / file size",
        "ns": None, "ratio": peak / size, "peak_rss_bytes": peak, "file_bytes": size,
        "target_ratio_below": 10, "met": ok, "wall_s_with_startup": wall,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
