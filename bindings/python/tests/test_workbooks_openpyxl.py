"""What the Python package writes, read by readers that are not ours: openpyxl opens the
report workbook and the certifier's template (values, types, tables, data validations,
conditional formats, cached formula values), Python's `email` package parses the draft,
and templates filled in with openpyxl are scored by care-core. The checks are the plain
functions of scripts/workbook_checks.py, which `scripts/check-workbooks` runs on what the
`care` command writes; here they run on what the binding writes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib

import pytest

pytest.importorskip(
    "openpyxl",
    reason="openpyxl is not installed (scripts/test-python installs it; pip install openpyxl)",
)

import care_core  # noqa: E402
from care_core import Calendar, Cohort  # noqa: E402

SCRIPT = pathlib.Path(__file__).resolve().parents[3] / "scripts" / "workbook_checks.py"
_spec = importlib.util.spec_from_file_location("workbook_checks", SCRIPT)
assert _spec is not None and _spec.loader is not None
checks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checks)

US = Calendar.by_name("us-federal", "America/New_York")
DAY = dt.date(2026, 7, 10)


def test_report_workbook_opens_in_openpyxl(tmp_path: pathlib.Path) -> None:
    cohort = Cohort.sample()
    path = tmp_path / "eod.xlsx"
    path.write_bytes(cohort.report_xlsx(DAY, US))
    info = checks.check_report_workbook(path, cohort.report_csv(DAY, US))
    assert info


def test_certifier_template_opens_in_openpyxl_and_filled_copies_score(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "cert.xlsx"
    path.write_bytes(care_core.cert_template_xlsx("Rivera, Ana"))
    assert checks.check_certifier_template(path, "Rivera", "Ana")
    for name, marks, typed in checks.certifier_cases():
        filled = tmp_path / name
        checks.fill_certifier(path, filled, marks, typed)
        r = care_core.read_cert_workbook(filled)
        e = r.evaluation
        assert e["status"] in {"certified", "failed", "in_progress"}, (name, e["status"])
        assert e["file_stem"].startswith("Rivera_Ana_"), (name, e["file_stem"])
        for call in e["calls"]:
            score = call.get("score")
            assert score is None or 0 <= score <= 100, (name, call)


def test_email_draft_parses_with_the_email_package(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "eod.eml"
    path.write_text(Cohort.sample().report_eml(DAY, US), encoding="utf-8", newline="")
    info = checks.check_eml(
        path,
        "ops-leadership@example.invalid",
        f"Call Cert EOD report {DAY.isoformat()}",
        f"Call_Cert_EOD_{DAY.isoformat()}.xlsx",
    )
    assert info


def _three_scorecards(tmp_path: pathlib.Path) -> list[pathlib.Path]:
    """Three certifiers' scorecards of Rivera, Ana's calls 2 and 3, filled with openpyxl:
    dana.xlsx (named "Dana Lee" in its Certifier cell) and lee.xlsx mark everything yes,
    =omar.xlsx (a name that looks like a formula) marks call 3 no throughout."""
    import openpyxl

    template = tmp_path / "template.xlsx"
    template.write_bytes(care_core.cert_template_xlsx("Rivera, Ana"))
    files = []
    for name, call3 in [("dana.xlsx", "yes"), ("=omar.xlsx", "no"), ("lee.xlsx", "yes")]:
        path = tmp_path / name
        checks.fill_certifier(template, path, {2: "yes", 3: call3})
        files.append(path)
    wb = openpyxl.load_workbook(files[0])
    wb[checks.CERT_SHEET]["B5"] = "Dana Lee"
    wb.save(files[0])
    return files


def test_calibration_from_scorecard_workbooks_opens_in_openpyxl(tmp_path: pathlib.Path) -> None:
    import openpyxl

    files = _three_scorecards(tmp_path)
    session = care_core.CalibrationSession.from_workbooks(files, benchmark="Dana Lee")
    assert sorted(session.to_dict()["calls"][0]["grades"]) == ["=omar", "Dana Lee", "lee"]
    # (name, bytes) pairs read the same.
    pairs = [(p.name, p.read_bytes()) for p in files]
    assert care_core.CalibrationSession.from_workbooks(pairs, "Dana Lee").to_dict() == session.to_dict()
    result = care_core.calibrate(session)
    status = {c["certifier"]: c["status"] for c in result.certifiers}
    assert status == {"=omar": "review", "lee": "consistent"}

    path = tmp_path / "calibration.xlsx"
    path.write_bytes(result.to_xlsx())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Certifiers", "Deviations", "Calls", "Items", "Flags"]
    ws = wb["Certifiers"]
    assert ws.freeze_panes == "A2"
    assert len(ws.tables) == 1
    head = [c.value for c in ws[1]]
    assert head[:3] == ["certifier", "alignment", "mean_points_off"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    # A name that looks like a formula is text, not a formula.
    assert "'=omar" in rows, rows
    assert rows["'=omar"][head.index("status")] == "review"
    assert ws.cell(2, 2).number_format == "0.0%"
    assert isinstance(ws.cell(2, 3).value, (int, float))
    assert ws.conditional_formatting, "flagged rows are coloured"
    flags = list(wb["Flags"].iter_rows(min_row=2, values_only=True))
    assert flags and all(f[0] == "'=omar" and "flagged for review" in f[1] for f in flags)

    with pytest.raises(care_core.CareError, match=r"bad.xlsx"):
        care_core.CalibrationSession.from_workbooks([("bad.xlsx", b"not a workbook")])


def test_leniency_workbook_opens_in_openpyxl(tmp_path: pathlib.Path) -> None:
    import openpyxl

    path = tmp_path / "leniency.xlsx"
    path.write_bytes(care_core.leniency(Cohort.sample_tracker()).to_xlsx())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Certifiers", "Flags"]
    assert wb["Certifiers"]["A2"].value == "(pool)"
