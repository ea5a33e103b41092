"""Workbooks (tracker, report, the certifier's workbook), the email draft and replay."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

import care_core
from care_core import Calendar, Cohort, CohortPolicy

US = Calendar.by_name("us-federal", "America/New_York")
DAY = dt.date(2026, 7, 10)


def test_report_formats() -> None:
    cohort = Cohort.sample()
    book = cohort.report_xlsx(DAY, US)
    assert isinstance(book, bytes) and book.startswith(b"PK")
    html = cohort.report_html(DAY, US)
    assert isinstance(html, str) and "<table" in html
    eml = cohort.report_eml(DAY, US, CohortPolicy(distribution_list=["ops@example.com"]))
    assert "To: ops@example.com" in eml and "Call_Cert_EOD_2026-07-10.xlsx" in eml
    with pytest.raises(care_core.InvalidPolicyError):
        cohort.report_eml(DAY, US, CohortPolicy(distribution_list=[]))


def test_read_tracker_csv_and_paths(tmp_path: pathlib.Path) -> None:
    text = Cohort.sample_tracker()
    by_csv = care_core.read_tracker(text.encode())
    assert by_csv == Cohort.from_tracker(text)
    path = tmp_path / "tracker.csv"
    path.write_text(text, encoding="utf-8")
    assert care_core.read_tracker(path) == by_csv
    assert care_core.read_tracker(str(path), format="csv") == by_csv
    with pytest.raises(FileNotFoundError):
        care_core.read_tracker(tmp_path / "missing.csv")
    with pytest.raises(care_core.InvalidInputError):
        care_core.read_tracker(text.encode(), format="ods2")
    with pytest.raises(care_core.InvalidInputError):
        care_core.read_tracker(12)  # type: ignore[arg-type]


def test_read_tracker_as_of_and_the_format_from_the_bytes() -> None:
    text = Cohort.sample_tracker().encode()
    whole = care_core.read_tracker(text)
    assert care_core.read_tracker(text, as_of=dt.date(2100, 1, 1)) == whole
    assert care_core.read_tracker(text, as_of="1900-01-01").agent_names() == []
    book = SEEDS / "tracker_sheet" / "tracker.xlsx"
    assert care_core.read_tracker(book.read_bytes(), as_of="1900-01-01").agent_names() == []
    with pytest.raises(care_core.InvalidDateError):
        care_core.read_tracker(text, as_of="someday")
    with pytest.raises(care_core.ParseError, match=r"\.xls"):
        care_core.read_tracker(bytes([0xD0, 0xCF, 0x11, 0xE0]) + bytes(60))


def test_bad_workbook_bytes_are_care_errors() -> None:
    for junk in (b"PK\x03\x04 not a zip", b"PK", b"\x00" * 64):
        with pytest.raises(care_core.CareError):
            care_core.read_tracker(junk, format="xlsx")
        with pytest.raises(care_core.CareError):
            care_core.read_cert_workbook(junk)


def test_cert_template_round_trip(tmp_path: pathlib.Path) -> None:
    book = care_core.cert_template_xlsx("Ana Rivera")
    assert isinstance(book, bytes) and book.startswith(b"PK")
    sample = care_core.Scorecard.sample()
    assert care_core.cert_template_xlsx("", sample, care_core.CertPolicy()).startswith(b"PK")
    # An empty template has no marks: reading it is an answer or a typed error, never a crash.
    path = tmp_path / "cert.xlsx"
    path.write_bytes(book)
    try:
        r = care_core.read_cert_workbook(path)
    except care_core.CareError:
        return
    assert isinstance(r, care_core.CertWorkbook)
    assert json.loads(r.to_json()) == r.to_dict()


def test_replay_lists_flips() -> None:
    cohort = Cohort.sample()
    old, new = CohortPolicy(), CohortPolicy(cert={"pass_mark": 99})
    r = cohort.replay(DAY, old, new, US)
    assert isinstance(r, care_core.Replay)
    assert r.summary["agents"] == 11
    assert r.as_of == "2026-07-10"
    assert len(r.flips) == r.summary["certification_flips"] + r.summary["escalation_flips"]
    assert "replay as of 2026-07-10" in r.explain()
    assert cohort.replay(DAY, old, old).flips == []
    with pytest.raises(care_core.InvalidInputError):
        cohort.replay(DAY, old, {"cert": {}})  # type: ignore[arg-type]


def test_replay_reads_policy_file_text() -> None:
    cohort = Cohort.sample()
    old = CohortPolicy()
    want = cohort.replay(DAY, old, CohortPolicy(cert={"pass_mark": 99}), US)
    assert cohort.replay(DAY, old, "pass_mark = 99", US).summary == want.summary
    assert cohort.replay(DAY, "{}", '{"pass_mark": 99}', US).summary == want.summary
    root = pathlib.Path(__file__).resolve().parents[3]
    history = (root / "examples/policies/certification-history.toml").read_text()
    r = cohort.replay(DAY, old, history, US)
    assert r.to["certification"]["version"] == "1"
    assert r.flips == []
    with pytest.raises(care_core.InvalidPolicyError):
        cohort.replay(DAY, old, "pass_mark = 101", US)


SEEDS = pathlib.Path(__file__).resolve().parents[3] / "fuzz" / "seeds"


def test_read_xlsx_tracker_and_cert_workbook() -> None:
    path = SEEDS / "tracker_sheet" / "tracker.xlsx"
    cohort = care_core.read_tracker(path)
    assert cohort.agent_names() == ["Ana Rivera", "Marcus Bell"]
    assert care_core.read_tracker(path.read_bytes()) == cohort
    assert care_core.read_tracker(path.read_bytes(), format="xlsx", sheet=None) == cohort
    with pytest.raises(care_core.UnknownNameError):
        care_core.read_tracker(path, sheet="No Such Sheet")
    r = care_core.read_cert_workbook(SEEDS / "cert_workbook" / "template.xlsx")
    assert isinstance(r, care_core.CertWorkbook)
    assert r.disagreements == [] and "status" in r.evaluation
