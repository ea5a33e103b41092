"""Checks of the workbooks and the email draft that care-core writes, as a third party reads
them: openpyxl for the workbooks, the standard library's `email` for the .eml. Every check
is a plain function that raises AssertionError with a message naming the file and cell, so
the Python binding's pytest can import them later; `main()` runs them all against files the
`care` binary writes (scripts/check-workbooks), and `libreoffice()` compares LibreOffice's
reading of the same files (scripts/check-libreoffice).

Only openpyxl is needed beyond the standard library.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io
import json
import os
import pathlib
import subprocess
import sys
from typing import Iterable

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

REPORT_SHEETS = ["Agents", "Escalations", "Missing self-reports", "Equipment issues", "Notes"]
CERT_SHEET = "Call Cert"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns that hold a list (dates joined by "; "): text even when the list has one date.
LIST_COLUMNS = {"missing_self_reports"}


# ---------------------------------------------------------------------------------------
# Helpers


def place(ws: Worksheet, cell) -> str:
    """`'Sheet name'!C7` for a cell, as care-core names places."""
    title = ws.title
    if not title.replace("_", "").isalnum():
        title = "'" + title.replace("'", "''") + "'"
    return f"{title}!{cell.coordinate}"


def rows_of(ws: Worksheet) -> list[list]:
    """The sheet's values, row by row (trailing empty cells dropped)."""
    out = []
    for row in ws.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def is_formula_text(s: str) -> bool:
    """Text that a spreadsheet would take as the start of a formula."""
    if not s.startswith(FORMULA_START):
        return False
    if s.startswith(("-", "+")):
        try:
            float(s)
            return False
        except ValueError:
            return True
    return True


def check_text_cells_safe(wb: openpyxl.Workbook, name: str) -> None:
    """No text cell of any sheet starts a formula (care-core prefixes such text with ')."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "s" and isinstance(c.value, str):
                    assert not is_formula_text(c.value), (
                        f"{name}: {place(ws, c)} is text that starts a formula: {c.value!r}"
                    )


def csv_cell_matches(value, text: str, *, where: str, column: str = "") -> None:
    """A workbook value against the CSV's text of the same cell: dates are dates, numbers
    are numbers, text is text (a list column's cells are always text)."""
    if column in LIST_COLUMNS and text:
        assert value == text, f"{where}: {value!r} != {text!r}"
        return
    if text == "":
        assert value in (None, ""), f"{where}: {value!r} where the CSV is empty"
        return
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        d = None
    if d is not None:
        assert isinstance(value, dt.datetime), f"{where}: {value!r} is not a date ({text})"
        assert value.date() == d, f"{where}: {value.date()} != {text}"
        return
    try:
        x = float(text)
    except ValueError:
        x = None
    if x is not None and not text.startswith("'"):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (
            f"{where}: {value!r} is not a number ({text})"
        )
        assert abs(value - x) < 1e-9, f"{where}: {value} != {text}"
        return
    assert isinstance(value, str), f"{where}: {value!r} is not text ({text!r})"
    assert value == text, f"{where}: {value!r} != {text!r}"


def check_table(ws: Worksheet, name: str, header: list[str], rows: int) -> None:
    """The sheet holds one Excel table over its header and `rows` rows (at least one)."""
    tables = list(ws.tables.values())
    assert len(tables) == 1, f"{name}: sheet {ws.title!r} has {len(tables)} tables"
    t = tables[0]
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(t.ref)
    assert (min_col, min_row) == (1, 1), f"{name}: table {t.displayName} starts at {t.ref}"
    assert max_col == len(header), f"{name}: table {t.displayName} is {t.ref}, {len(header)} columns"
    assert max_row == 1 + max(rows, 1), f"{name}: table {t.displayName} is {t.ref}, {rows} rows"
    cols = [c.name for c in t.tableColumns]
    assert cols == header, f"{name}: table columns {cols} != {header}"
    assert ws.freeze_panes == "A2", f"{name}: sheet {ws.title!r} freezes {ws.freeze_panes}"


# ---------------------------------------------------------------------------------------
# The report workbook


def check_report_workbook(path: os.PathLike, report_csv: str) -> dict:
    """The end-of-day report workbook against care-core's CSV of the same report: one
    table per sheet, the agents sheet equal to the CSV cell by cell with typed values,
    conditional formats on the agents and escalations sheets, text safe from formulas."""
    name = pathlib.Path(path).name
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == REPORT_SHEETS, f"{name}: sheets {wb.sheetnames}"
    expected = list(csv.reader(io.StringIO(report_csv)))
    ws = wb["Agents"]
    got = rows_of(ws)
    header = expected[0]
    assert [str(v) for v in got[0]] == header, f"{name}: Agents header {got[0]}"
    assert len(got) == len(expected), f"{name}: {len(got) - 1} agents, the CSV has {len(expected) - 1}"
    typed = {"date": 0, "number": 0, "text": 0}
    for r, (row, want) in enumerate(zip(got[1:], expected[1:]), start=2):
        row = row + [None] * (len(want) - len(row))
        for c, (value, text) in enumerate(zip(row, want), start=1):
            where = f"{name}: {place(ws, ws.cell(r, c))} ({header[c - 1]})"
            csv_cell_matches(value, text, where=where, column=header[c - 1])
            if isinstance(value, dt.datetime):
                typed["date"] += 1
            elif isinstance(value, (int, float)):
                typed["number"] += 1
            elif isinstance(value, str):
                typed["text"] += 1
    check_table(ws, name, header, len(expected) - 1)
    for sheet in REPORT_SHEETS[1:]:
        s = wb[sheet]
        rows = rows_of(s)
        assert rows, f"{name}: sheet {sheet!r} has no header"
        check_table(s, name, [str(v) for v in rows[0]], len(rows) - 1)
        # Date columns hold dates.
        for i, h in enumerate(rows[0]):
            if str(h).endswith(("date", "since")) or h == "date":
                for r, row in enumerate(rows[1:], start=2):
                    v = row[i] if i < len(row) else None
                    assert v is None or isinstance(v, dt.datetime), (
                        f"{name}: {place(s, s.cell(r, i + 1))} ({h}) is {v!r}, not a date"
                    )
    for sheet in ("Agents", "Escalations"):
        cf = wb[sheet].conditional_formatting
        rules = [rule for rng in cf for rule in rng.rules]
        assert rules, f"{name}: sheet {sheet!r} has no conditional formats"
    check_text_cells_safe(wb, name)
    return {"agents": len(expected) - 1, **typed}


# ---------------------------------------------------------------------------------------
# The tracker workbook


def check_tracker_workbook(path: os.PathLike, tracker_csv: str) -> dict:
    """A tracker written by care-core (workbook::tracker::tracker_xlsx) against its CSV
    (tracker_csv) of the same rows: the table TrackerTable, dates as dates, hours and
    scores as numbers, text equal (both neutralised)."""
    name = pathlib.Path(path).name
    wb = openpyxl.load_workbook(path, read_only=False)
    assert wb.sheetnames == ["Tracker"], f"{name}: sheets {wb.sheetnames}"
    ws = wb["Tracker"]
    expected = list(csv.reader(io.StringIO(tracker_csv)))
    got = rows_of(ws)
    header = expected[0]
    assert [str(v) for v in got[0]] == header, f"{name}: header {got[0]}"
    assert len(got) == len(expected), f"{name}: {len(got) - 1} rows, the CSV has {len(expected) - 1}"
    for r, (row, want) in enumerate(zip(got[1:], expected[1:]), start=2):
        row = row + [None] * (len(want) - len(row))
        for c, (value, text) in enumerate(zip(row, want), start=1):
            csv_cell_matches(value, text, where=f"{name}: {place(ws, ws.cell(r, c))} ({header[c - 1]})")
    check_table(ws, name, header, len(expected) - 1)
    assert "TrackerTable" in ws.tables, f"{name}: no table TrackerTable"
    check_text_cells_safe(wb, name)
    return {"rows": len(expected) - 1}


# ---------------------------------------------------------------------------------------
# The certifier's workbook


class CertLayout:
    """Where things are on the Call Cert sheet, found by their labels as care-core does."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        col_a = {str(c.value).strip(): c.row for c in ws["A"] if c.value is not None}
        self.header = col_a["Item"]
        self.typed = col_a["Score (typed, instead of marks)"]
        self.score = col_a["Score"]
        self.result = col_a["Result"]
        self.passes = col_a["Passes"]
        self.pass_rate = col_a["Pass rate"]
        self.save_as = col_a["Save as"]
        self.items = list(range(self.header + 1, self.typed))
        self.calls: dict[int, int] = {}
        self.section_col = None
        for c in ws[self.header]:
            v = str(c.value or "")
            if v.startswith("Call "):
                self.calls[int(v.split()[1])] = c.column
            elif v == "section_id":
                self.section_col = c.column

    def item(self, row: int) -> dict:
        ws = self.ws
        return {
            "id": ws.cell(row, 1).value,
            "weight": ws.cell(row, 4).value,
            "critical": ws.cell(row, 5).value == "yes",
            "bonus": ws.cell(row, 6).value == "yes",
        }


def check_certifier_template(path: os.PathLike, last: str, first: str, calls: int = 5) -> dict:
    """A fresh Call Cert Tracking workbook: the name cells, numeric weights, a yes/no/N/A
    list on every mark cell and 0..100 on the typed-score row, formulas in the score rows,
    and cached values right for a fresh template (the coached call 100 and pass, 1 pass,
    20%, the file name)."""
    name = pathlib.Path(path).name
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [CERT_SHEET], f"{name}: sheets {wb.sheetnames}"
    ws = wb[CERT_SHEET]
    assert ws["B3"].value == last and ws["B4"].value == first, (
        f"{name}: name cells {ws['B3'].value!r}, {ws['B4'].value!r}"
    )
    lay = CertLayout(ws)
    assert sorted(lay.calls) == list(range(1, calls + 1)), f"{name}: calls {lay.calls}"
    assert lay.items, f"{name}: no items"
    for r in lay.items:
        it = lay.item(r)
        assert isinstance(it["weight"], (int, float)) and it["weight"] > 0, (
            f"{name}: {place(ws, ws.cell(r, 4))} weight {it['weight']!r}"
        )
    assert lay.section_col and ws.column_dimensions[
        openpyxl.utils.get_column_letter(lay.section_col)
    ].hidden, f"{name}: the section_id column is not hidden"
    # Data validations.
    first_col = openpyxl.utils.get_column_letter(min(lay.calls.values()))
    last_col = openpyxl.utils.get_column_letter(max(lay.calls.values()))
    marks_range = f"{first_col}{lay.items[0]}:{last_col}{lay.items[-1]}"
    typed_range = f"{first_col}{lay.typed}:{last_col}{lay.typed}"
    lists = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            lists[rng] = dv
    dv = lists.get(marks_range)
    assert dv is not None and dv.type == "list", f"{name}: no list validation on {marks_range}: {list(lists)}"
    assert dv.formula1.strip('"').split(",") == ["yes", "no", "N/A"], f"{name}: list {dv.formula1}"
    dv = lists.get(typed_range)
    assert dv is not None and dv.type == "decimal" and dv.operator in (None, "between"), (
        f"{name}: no decimal validation on {typed_range}"
    )
    assert float(dv.formula1) == 0 and float(dv.formula2) == 100, f"{name}: {dv.formula1}..{dv.formula2}"
    # Formulas, and the cached values a reader that does not recalculate shows.
    for n, col in lay.calls.items():
        for row in (lay.score, lay.result):
            v = ws.cell(row, col).value
            assert isinstance(v, str) and v.startswith("="), f"{name}: {place(ws, ws.cell(row, col))} is {v!r}"
    cached = openpyxl.load_workbook(path, data_only=True)[CERT_SHEET]
    coached = lay.calls[1]
    want = {
        (lay.score, coached): 100,
        (lay.result, coached): "pass",
        (lay.passes, 2): 1,
        (lay.pass_rate, 2): 0.2,
        (lay.save_as, 2): f"{last}_{first}_20%",
    }
    for (r, c), v in want.items():
        got = cached.cell(r, c).value
        assert got == v, f"{name}: {place(ws, ws.cell(r, c))} caches {got!r}, a fresh template shows {v!r}"
    for n, col in lay.calls.items():
        if n != 1:
            got = cached.cell(lay.score, col).value
            assert got in (None, ""), f"{name}: call {n}'s score caches {got!r}"
    check_text_cells_safe(wb, name)
    return {"items": len(lay.items), "calls": len(lay.calls)}


def fill_certifier(template: os.PathLike, out: os.PathLike, marks: dict[int, object],
                   typed: dict[int, float] | None = None) -> None:
    """The template filled in with openpyxl as a certifier would: `marks[call]` is one mark
    for every item, or a function of the item (a dict: id, weight, critical, bonus) giving
    its mark; `typed[call]` a typed score. openpyxl keeps the formulas and drops their
    cached values, so a spreadsheet recalculates them."""
    wb = openpyxl.load_workbook(template)
    ws = wb[CERT_SHEET]
    lay = CertLayout(ws)
    for call, mark in marks.items():
        col = lay.calls[call]
        for r in lay.items:
            m = mark(lay.item(r)) if callable(mark) else mark
            if m is not None:
                ws.cell(r, col).value = m
    for call, score in (typed or {}).items():
        ws.cell(lay.typed, lay.calls[call]).value = score
    wb.save(out)


# The filled-in workbooks of the checks: (file name, marks, typed scores).
def certifier_cases() -> list[tuple[str, dict, dict]]:
    alternating = {}

    def some_na(item):
        if item["critical"]:
            return "yes"
        if item["bonus"]:
            return "yes"
        return "N/A" if item["weight"] in (3, 4) else ("no" if item["weight"] == 6 else "yes")

    def mostly_no(item):
        return "yes" if item["critical"] or item["weight"] >= 10 else "no"

    def critical_no(item):
        return "no" if item["critical"] else "yes"

    def no_bonus(item):
        return "no" if item["bonus"] else ("N/A" if item["weight"] == 1 else "yes")

    return [
        ("all-yes.xlsx", {2: "yes", 3: "yes", 4: "yes", 5: "yes"}, {}),
        ("mixed.xlsx", {2: some_na, 3: mostly_no, 5: no_bonus}, {4: 84.5}),
        ("critical.xlsx", {2: critical_no, 3: "yes"}, {}),
        ("typed.xlsx", alternating, {2: 90, 3: 84, 4: 88, 5: 92}),
        ("in-progress.xlsx", {2: some_na}, {}),
    ]


# ---------------------------------------------------------------------------------------
# The email draft


def check_eml(path: os.PathLike, to: str, subject: str, attachment: str) -> dict:
    """The .eml draft: To, Subject, X-Unsent: 1; multipart/mixed of a multipart/alternative
    (text/plain, then text/html) and the workbook attached, which openpyxl opens."""
    name = pathlib.Path(path).name
    msg = email.message_from_bytes(pathlib.Path(path).read_bytes(), policy=email.policy.default)
    assert msg["To"] == to, f"{name}: To {msg['To']!r}"
    assert msg["Subject"] == subject, f"{name}: Subject {msg['Subject']!r}"
    assert msg["X-Unsent"] == "1", f"{name}: X-Unsent {msg['X-Unsent']!r}"
    assert msg["Date"] is not None, f"{name}: no Date"
    assert msg.get_content_type() == "multipart/mixed", f"{name}: {msg.get_content_type()}"
    parts = list(msg.iter_parts())
    alt = parts[0]
    assert alt.get_content_type() == "multipart/alternative", f"{name}: first part {alt.get_content_type()}"
    kinds = [p.get_content_type() for p in alt.iter_parts()]
    assert kinds == ["text/plain", "text/html"], f"{name}: alternatives {kinds}"
    text = alt.get_body(("plain",)).get_content()
    html = alt.get_body(("html",)).get_content()
    assert "End-of-day call cert report" in text, f"{name}: the text part"
    assert html.lstrip().lower().startswith("<!doctype html>"), f"{name}: the HTML part"
    for banned in ("<script", "<img", "<link", "<iframe", "src="):
        assert banned not in html.lower(), f"{name}: the HTML part has {banned}"
    atts = list(msg.iter_attachments())
    assert len(atts) == 1, f"{name}: {len(atts)} attachments"
    att = atts[0]
    assert att.get_filename() == attachment, f"{name}: attachment {att.get_filename()!r}"
    assert att.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ), f"{name}: attachment type {att.get_content_type()}"
    book = openpyxl.load_workbook(io.BytesIO(att.get_content()))
    assert book.sheetnames == REPORT_SHEETS, f"{name}: the attached workbook's sheets {book.sheetnames}"
    return {"text_chars": len(text), "html_chars": len(html), "attachment_bytes": len(att.get_content())}


# ---------------------------------------------------------------------------------------
# Running them against the `care` binary


def run(cmd: list, **kw) -> str:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({r.returncode}): {r.stderr}")
    return r.stdout


def write_all(care: str, write_tracker: str, out: pathlib.Path) -> dict:
    """Every kind of file care-core writes, into `out`; returns their paths and the CSVs to
    compare with."""
    out.mkdir(parents=True, exist_ok=True)
    as_of = "2026-07-10"
    base = ["report", "--as-of", as_of, "--holidays", "us-federal"]
    run([care, *base, "--format", "xlsx", "-o", out / "eod.xlsx"])
    (out / "eod.csv").write_text(run([care, *base, "--format", "csv"]))
    run([care, *base, "--format", "eml", "-o", out / "eod.eml"])
    run([care, "cert", "template", "--format", "xlsx", "-o", out / "cert.xlsx", "--agent", "Rivera, Ana"])
    last_day = run([write_tracker, out / "tracker", "200"]).strip()
    return {
        "as_of": as_of,
        "eod": out / "eod.xlsx",
        "eod_csv": (out / "eod.csv").read_text(),
        "eml": out / "eod.eml",
        "cert": out / "cert.xlsx",
        "tracker": out / "tracker" / "tracker.xlsx",
        "tracker_csv": (out / "tracker" / "tracker.csv").read_text(),
        "tracker_last_day": last_day,
    }


def main(argv: list[str]) -> int:
    """`workbook_checks.py CARE WRITE_TRACKER OUTDIR`: writes every kind of file with the
    care binary and checks each; prints one line per check."""
    care, write_tracker, out = argv[0], argv[1], pathlib.Path(argv[2])
    files = write_all(care, write_tracker, out)
    failed = 0

    def check(label, fn, *args):
        nonlocal failed
        try:
            info = fn(*args)
            print(f"ok    {label}: {json.dumps(info, default=str)}")
        except AssertionError as e:
            failed += 1
            print(f"FAIL  {label}: {e}")

    check("report workbook (openpyxl)", check_report_workbook, files["eod"], files["eod_csv"])
    check("certifier template (openpyxl)", check_certifier_template, files["cert"], "Rivera", "Ana")
    check("tracker workbook (openpyxl)", check_tracker_workbook, files["tracker"], files["tracker_csv"])
    # The tracker's report, from the xlsx and from the CSV, agree; and its workbook checks.
    t_xlsx = run([care, "report", files["tracker"], "--as-of", files["tracker_last_day"], "--format", "csv"])
    t_csv = run([care, "report", out / "tracker" / "tracker.csv", "--as-of", files["tracker_last_day"], "--format", "csv"])

    def same_report():
        assert t_xlsx == t_csv, "the report of tracker.xlsx differs from that of tracker.csv"
        return {"agents": t_xlsx.count("\n") - 1}

    check("tracker.xlsx and tracker.csv report alike", same_report)
    run([care, "report", files["tracker"], "--as-of", files["tracker_last_day"], "--format", "xlsx",
         "-o", out / "tracker-eod.xlsx"])
    check("tracker's report workbook (openpyxl)", check_report_workbook, out / "tracker-eod.xlsx", t_csv)
    check("email draft (email package)", check_eml, files["eml"], "ops-leadership@example.invalid",
          f"Call Cert EOD report {files['as_of']}", f"Call_Cert_EOD_{files['as_of']}.xlsx")
    # Filled in with openpyxl, read back by care-core.
    for fname, marks, typed in certifier_cases():
        def filled(fname=fname, marks=marks, typed=typed):
            path = out / "filled" / fname
            path.parent.mkdir(exist_ok=True)
            fill_certifier(files["cert"], path, marks, typed)
            v = json.loads(run([care, "cert", "score", "--xlsx", path, "--json"]))
            e = v["evaluation"]
            return {"status": e["status"], "file_stem": e["file_stem"],
                    "scores": [c.get("score") for c in e["calls"]]}
        check(f"openpyxl-filled {fname} scored by care", filled)
    print(f"{'FAILED' if failed else 'passed'}: {failed} check(s) failed")
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------
# LibreOffice


def read_csv(path: pathlib.Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    # Trailing empty cells and rows carry nothing.
    rows = [r[: max([i + 1 for i, v in enumerate(r) if v] or [0])] for r in rows]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def same_cell(ours: str, theirs: str) -> bool:
    if ours == theirs:
        return True
    try:
        if theirs.endswith("%"):
            return abs(float(ours) - float(theirs[:-1]) / 100) < 1e-9
        return abs(float(ours) - float(theirs)) < 1e-9
    except ValueError:
        return False


def compare_csv(ours: pathlib.Path, theirs: pathlib.Path) -> list[str]:
    """Cells that differ between care-core's CSV of a sheet and LibreOffice's."""
    a, b = read_csv(ours), read_csv(theirs)
    diffs = []
    for r in range(max(len(a), len(b))):
        ra = a[r] if r < len(a) else []
        rb = b[r] if r < len(b) else []
        for c in range(max(len(ra), len(rb))):
            x = ra[c] if c < len(ra) else ""
            y = rb[c] if c < len(rb) else ""
            if not same_cell(x, y):
                col = openpyxl.utils.get_column_letter(c + 1)
                diffs.append(f"{col}{r + 1}: care-core {x!r}, LibreOffice {y!r}")
    return diffs


def recalculated_scores(lo_csv: pathlib.Path, template: pathlib.Path) -> dict:
    """The Call Cert sheet's score rows as LibreOffice recalculated them (from its CSV)."""
    lay = CertLayout(openpyxl.load_workbook(template)[CERT_SHEET])
    rows = read_csv(lo_csv)

    def cell(r, c):
        row = rows[r - 1] if r - 1 < len(rows) else []
        return row[c - 1] if c - 1 < len(row) else ""

    return {
        "scores": {n: cell(lay.score, c) for n, c in lay.calls.items()},
        "results": {n: cell(lay.result, c) for n, c in lay.calls.items()},
        "passes": cell(lay.passes, 2),
        "pass_rate": cell(lay.pass_rate, 2),
        "save_as": cell(lay.save_as, 2),
    }


def check_recalculated(lo: dict, care_json: dict) -> list[str]:
    """LibreOffice's recalculated score rows against care-core's scoring of the same file."""
    e = care_json["evaluation"]
    diffs = []
    for c in e["calls"]:
        n = c["number"]
        want = c.get("score")
        got = lo["scores"].get(n, "")
        if want is None:
            if got != "":
                diffs.append(f"call {n}: LibreOffice {got!r}, care-core not taken")
            continue
        if not same_cell(repr(float(want)), got):
            diffs.append(f"call {n}: LibreOffice {got!r}, care-core {want}")
        verdict = c["verdict"]
        if lo["results"].get(n) != verdict:
            diffs.append(f"call {n} result: LibreOffice {lo['results'].get(n)!r}, care-core {verdict}")
    if not same_cell(str(e["passes"]), lo["passes"]):
        diffs.append(f"passes: LibreOffice {lo['passes']!r}, care-core {e['passes']}")
    if not same_cell(str(e["pass_rate"] / 100), lo["pass_rate"]):
        diffs.append(f"pass rate: LibreOffice {lo['pass_rate']!r}, care-core {e['pass_rate']}%")
    if lo["save_as"] != e["file_stem"]:
        diffs.append(f"save as: LibreOffice {lo['save_as']!r}, care-core {e['file_stem']!r}")
    return diffs


def soffice_csv(soffice: str, profile: pathlib.Path, files: Iterable[pathlib.Path], outdir: pathlib.Path) -> str:
    """Converts workbooks to CSV, every sheet (`<stem>-<sheet>.csv`), with LibreOffice set to
    recalculate every formula on load. Returns LibreOffice's output; raises when it fails."""
    outdir.mkdir(parents=True, exist_ok=True)
    xcu = profile / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True, exist_ok=True)
    xcu.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
        '</oor:items>\n'
    )
    r = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
         "--outdir", str(outdir), *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    log = r.stdout + r.stderr
    if r.returncode != 0 or "Error" in log:
        raise AssertionError(f"LibreOffice failed ({r.returncode}): {log}")
    return log


def libreoffice(argv: list[str]) -> int:
    """`workbook_checks.py --libreoffice CARE WRITE_TRACKER SHEETS_CSV OUTDIR`: LibreOffice
    converts every workbook care-core writes (recalculating every formula) and its CSVs are
    compared with care-core's reading of the same workbooks; the certifier's template filled
    in by openpyxl, recalculated by LibreOffice, scores as care-core scores it."""
    care, write_tracker, sheets_csv, out = argv[0], argv[1], argv[2], pathlib.Path(argv[3])
    soffice = os.environ.get("SOFFICE", "soffice")
    files = write_all(care, write_tracker, out)
    filled_dir = out / "filled"
    filled_dir.mkdir(exist_ok=True)
    cases = certifier_cases()
    for fname, marks, typed in cases:
        fill_certifier(files["cert"], filled_dir / fname, marks, typed)
    books = [files["eod"], files["cert"], files["tracker"]]
    lo_dir, ours_dir = out / "libreoffice", out / "care-core"
    failed = 0
    try:
        soffice_csv(soffice, out / "lo-profile", books + [filled_dir / f for f, _, _ in cases], lo_dir)
    except AssertionError as e:
        print(f"FAIL  LibreOffice conversion: {e}")
        return 1
    print(f"ok    LibreOffice converted {len(books) + len(cases)} workbooks without an error")
    for book in books:
        run([sheets_csv, book, ours_dir])
        for ours in sorted(ours_dir.glob(f"{book.stem}-*.csv")):
            theirs = lo_dir / ours.name
            if not theirs.exists():
                failed += 1
                print(f"FAIL  {ours.name}: LibreOffice wrote no such sheet")
                continue
            diffs = compare_csv(ours, theirs)
            if diffs:
                failed += 1
                print(f"FAIL  {ours.name}: {len(diffs)} cells differ: " + "; ".join(diffs[:5]))
            else:
                print(f"ok    {ours.name}: LibreOffice reads what care-core reads ({len(read_csv(ours))} rows)")
    # The agents sheet equals care-core's report CSV too.
    csv_file = out / "eod.csv"
    diffs = compare_csv(csv_file, lo_dir / "eod-Agents.csv")
    if diffs:
        failed += 1
        print("FAIL  eod-Agents.csv vs care report --format csv: " + "; ".join(diffs[:5]))
    else:
        print("ok    eod-Agents.csv equals care report --format csv")
    diffs = compare_csv(out / "tracker" / "tracker.csv", lo_dir / "tracker-Tracker.csv")
    if diffs:
        failed += 1
        print("FAIL  tracker-Tracker.csv vs care-core's tracker CSV: " + "; ".join(diffs[:5]))
    else:
        print("ok    tracker-Tracker.csv equals care-core's tracker CSV")
    # Fresh template: LibreOffice's recalculated values are the cached ones (compared above)
    # and care-core's; filled ones: LibreOffice's formulas score as care-core does.
    for fname in ["cert.xlsx"] + [f"filled/{f}" for f, _, _ in cases]:
        path = out / fname
        lo_csv = lo_dir / f"{path.stem}-{CERT_SHEET}.csv"
        lo = recalculated_scores(lo_csv, files["cert"])
        v = json.loads(run([care, "cert", "score", "--xlsx", path, "--json"]))
        diffs = check_recalculated(lo, v)
        if diffs:
            failed += 1
            print(f"FAIL  {fname}: LibreOffice's recalculated scores differ: " + "; ".join(diffs))
        else:
            print(f"ok    {fname}: LibreOffice recalculates {v['evaluation']['file_stem']} "
                  f"(scores {list(lo['scores'].values())}, {lo['passes']} passes, {lo['pass_rate']})")
    print(f"{'FAILED' if failed else 'passed'}: {failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--libreoffice"]:
        sys.exit(libreoffice(sys.argv[2:]))
    sys.exit(main(sys.argv[1:]))
