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
