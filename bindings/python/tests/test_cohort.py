"""The certification cohort: tracker, notes, pairing, report, forecast and policy."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import care_core
from care_core import Calendar, Cohort, CohortPolicy

US = Calendar.by_name("us-federal", "America/New_York")


def test_sample_report() -> None:
    cohort = Cohort.sample()
    assert len(cohort) == len(cohort.agents) == 11
    assert len(cohort.certifiers) == 10
    r = cohort.report(dt.date(2026, 7, 10), US)
    assert isinstance(r, care_core.Report)
    assert r.as_of == "2026-07-10"
    assert r.totals["agents"] == 11
    assert len(r.agents) == 11
    assert "Dana Whitfield" in cohort.report_text(dt.date(2026, 7, 10), US) == r.explain()
    assert cohort.report_markdown(dt.date(2026, 7, 10), US).count("|") > 11
    rows = list(csv.reader(io.StringIO(cohort.report_csv(dt.date(2026, 7, 10), US))))
    assert len(rows) == 12
    assert r._repr_html_().startswith("<table")
    assert cohort.agent_names()[0] == cohort.agents[0]["name"]
    assert cohort.agent(cohort.agent_names()[0]).name == cohort.agent_names()[0]
    with pytest.raises(care_core.UnknownNameError):
        cohort.agent("Nobody Atall")


def test_pair_needs_a_business_day() -> None:
    cohort = Cohort.sample()
    p = cohort.pair(dt.date(2026, 7, 6), US)
    assert isinstance(p, care_core.Pairing)
    assert p.sessions_per_certifier == 2
    with pytest.raises(care_core.InvalidDateError) as info:
        cohort.pair(dt.date(2026, 7, 3), US)
    assert "not a business day" in str(info.value)


def test_tracker_and_notes() -> None:
    cohort = Cohort.from_tracker(Cohort.sample_tracker())
    assert len(cohort) == 11
    name = cohort.agents[0]["name"]
    note = care_core.parse_note(f"7/2/2026 - {name} - finished call 3")
    assert note.date == "2026-07-02"
    assert note.name == name
    with_note = cohort.with_notes([note, f"2026-07-03 - {name} - TBT done"])
    assert len(with_note.agents[0]["notes"]) == len(cohort.agents[0]["notes"]) + 2
    with pytest.raises(care_core.UnknownNameError):
        cohort.with_notes("2026-07-03 - Nobody Atall - hi")
    with pytest.raises(care_core.ParseError):
        care_core.parse_notes("2026-07-02 - Ana - ok\nnonsense\n")
    with pytest.raises(care_core.ParseError):
        Cohort.from_tracker("date,agent,strat\n")
    assert Cohort.from_json(cohort.to_json()).to_dict() == cohort.to_dict()


def test_forecast_and_policy() -> None:
    f = care_core.forecast(50, 10, dt.date(2026, 6, 30), US)
    assert isinstance(f, care_core.Forecast)
    assert f.agents == 50
    assert dt.date.fromisoformat(f.finish_date) >= dt.date(2026, 6, 30)
    policy = CohortPolicy(
        certifier_hours_per_day=6, escalation={"budgets": {"cert_session_hours": 2}}
    )
    assert policy.sessions_per_certifier == 3
    assert CohortPolicy().sessions_per_certifier == 2
    assert CohortPolicy.from_json(policy.to_json()).to_dict() == policy.to_dict()
    assert json.loads(policy.to_json())["certifier_hours_per_day"] == 6
    with pytest.raises(care_core.InvalidPolicyError):
        CohortPolicy(certifier_hours_per_day=3)
    with pytest.raises(care_core.InvalidInputError):
        care_core.forecast(5, 0, dt.date(2026, 7, 1))
    assert care_core.neutralize_csv_cell("=1+1") == "'=1+1"


def test_standing() -> None:
    s = care_core.standing([100, 90, 90, 90])
    assert isinstance(s, care_core.Standing)
    assert (s.status, s.passes, s.pending, s.decided_early) == ("certified", 4, 1, True)
    assert care_core.standing([100, 90, float("nan"), None]).pending == 3
    with pytest.raises(care_core.InvalidScoreError):
        care_core.standing([100, 101])


def test_notes_merge_like_the_cli(tmp_path: Path) -> None:
    """Notes as text, lines, a text file or a workbook; a duplicate is reported, not added twice."""
    openpyxl = pytest.importorskip("openpyxl")
    cohort = Cohort.sample()
    name = cohort.agent_names()[0]

    def count(c: Cohort) -> int:
        return sum(len(a["notes"]) for a in c.agents)

    line = f"2026-07-02 - {name} - finished call 3"
    once = cohort.with_notes(line)
    assert count(once) == count(cohort) + 1
    # The same note again is not added twice (it was: 33 notes became 35).
    assert count(once.with_notes([line])) == count(once)
    merge = once.merge_notes(f"{line}\n\n2026-07-03 - {name} - TBT done\n")
    assert merge.added == 1
    assert [(d["place"], d["note"]["note"]) for d in merge.duplicates] == [("line 1", "finished call 3")]
    assert count(once) == count(cohort) + 1, "merge_notes leaves the cohort unchanged"

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Notes"
    sheet.append(["Date", "Name", "Note"])
    sheet.append(["2026-07-02", name, "Finished  call 3"])
    sheet.append(["2026-07-03", name, "TBT done"])
    path = tmp_path / "progress.xlsx"
    book.save(path)
    merge = once.merge_notes(path)
    assert merge.added == 1
    assert [d["place"] for d in merge.duplicates] == ["Notes!A2"]
    assert count(once.with_notes(path.read_bytes(), format="xlsx", sheet="Notes")) == count(once) + 1
    text = tmp_path / "notes.txt"
    text.write_text(line + "\n")
    assert cohort.merge_notes(text).added == 1
    columns = tmp_path / "notes.csv"
    columns.write_text(f'date,agent,note\n2026-07-02,"{name}",finished call 3\n')
    assert [d["place"] for d in once.merge_notes(columns).duplicates] == ["line 2"]
    with pytest.raises(care_core.UnknownNameError):
        cohort.with_notes(b"2026-07-03 - Nobody Atall - hi\n")
    with pytest.raises(care_core.ParseError):
        cohort.with_notes(b"no note here")
