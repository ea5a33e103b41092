"""Policies over time in Python: the version in force on a date from a catalog or policy
history, and lint / diff of history files (issue 16)."""

from __future__ import annotations

import datetime
import json

import pytest

import care_core
from conftest import ROOT

EXAMPLES = ROOT / "examples" / "policies"
CATALOG_HISTORY = (EXAMPLES / "catalog-history.toml").read_text()
CERT_HISTORY = (EXAMPLES / "certification-history.toml").read_text()
PERSON = {"current_role": "support/agent", "months_in_role": {"support/agent": 7}}


def test_catalog_from_toml_picks_the_version_in_force_and_answers_name_it() -> None:
    old = care_core.Catalog.from_toml(CATALOG_HISTORY, as_of=datetime.date(2026, 12, 31))
    now = care_core.Catalog.from_toml(CATALOG_HISTORY, as_of="2027-01-01")
    assert care_core.Catalog.from_toml(CATALOG_HISTORY).to_dict() == now.to_dict()
    assert old.to_dict()["policy"]["version"] == "1"
    # 7 months as an Agent: enough under v1 (6 months), not under v2 (9 months).
    r1, r2 = (c.readiness(PERSON, "support/senior-agent") for c in (old, now))
    assert r1.eligible and not r2.eligible
    assert r1.policy == {"id": "example.career", "version": "1"}
    assert r2.policy == {"id": "example.career", "version": "2"}
    # The Team Lead is regraded from 3 to 4 in v2; the move names the version.
    assert old.classify("support/senior-agent", "support/team-lead").grade_steps == 1
    m = now.classify("support/senior-agent", "support/team-lead")
    assert m.grade_steps == 2 and m.policy == {"id": "example.career", "version": "2"}
    assert all(s["policy"]["version"] == "2" for s in now.paths("support/agent", "support/team-lead")[0].steps)


def test_policy_from_toml_and_json_on_a_history() -> None:
    assert care_core.CertPolicy.from_toml(CERT_HISTORY, as_of="2026-08-31").to_dict()["pass_mark"] == 85
    assert care_core.CertPolicy.from_toml(CERT_HISTORY, "2026-09-01").to_dict()["pass_mark"] == 88
    assert care_core.CertPolicy.from_toml(CERT_HISTORY).to_dict()["pass_mark"] == 88
    as_json = json.dumps({"versions": [{"version": "1"}, {"version": "2", "effective_from": "2026-09-01", "pass_mark": 88}]})
    assert care_core.CertPolicy.from_json(as_json, as_of="2026-08-31").to_dict()["pass_mark"] == 85
    # A plain file is in force on any date; None is no date.
    assert care_core.CertPolicy.from_toml("pass_mark = 90", as_of="2020-01-01").to_dict()["pass_mark"] == 90
    assert care_core.CertPolicy.from_toml(CERT_HISTORY, as_of=None).to_dict()["pass_mark"] == 88


def test_from_toml_errors_are_typed() -> None:
    with pytest.raises(care_core.InvalidDateError):
        care_core.CertPolicy.from_toml(CERT_HISTORY, as_of="yesterday")
    ended = '[[versions]]\nversion = "1"\neffective_until = 2026-08-31\n'
    with pytest.raises(care_core.InvalidInputError, match="in force"):
        care_core.CertPolicy.from_toml(ended, as_of="2026-09-01")
    overlap = (
        '[[versions]]\nversion = "1"\neffective_until = 2026-10-01\n'
        '[[versions]]\nversion = "2"\neffective_from = 2026-09-01\n'
    )
    with pytest.raises(care_core.InvalidPolicyError, match=r"versions\["):
        care_core.CertPolicy.from_toml(overlap)
    # A plain catalog keeps its own errors; files without versions refuse a date.
    with pytest.raises(care_core.InvalidCatalogError):
        care_core.Catalog.from_toml("")
    card = care_core.Scorecard.sample().to_toml()
    with pytest.raises(care_core.InvalidInputError, match="as_of"):
        care_core.Scorecard.from_toml(card, as_of="2026-01-01")
    assert care_core.Scorecard.from_toml(card).to_dict() == care_core.Scorecard.sample().to_dict()


def test_lint_and_diff_history_read_history_files() -> None:
    assert [f for f in care_core.lint(CATALOG_HISTORY) if f.severity == "error"] == []
    findings = care_core.lint(CERT_HISTORY.replace("pass_mark = 88", "pass_mark = 120"))
    assert any(f.severity == "error" and "pass_mark" in f.field for f in findings)
    h = care_core.diff_history(CERT_HISTORY)
    assert isinstance(h, care_core.HistoryDiff) and h.kind_of_file == "cert_policy"
    (step,) = h.steps
    assert step["effective_from"] == "2026-09-01"
    assert "pass_mark" in [c["field"] for c in step["diff"]["changes"]]
    c = care_core.diff_history(CATALOG_HISTORY, from_version="1", to_version="2")
    assert c.kind_of_file == "catalog" and len(c.steps[0]["diff"]["changes"]) >= 2
    with pytest.raises(care_core.InvalidInputError):
        care_core.diff_history(CATALOG_HISTORY, from_version="7")
    with pytest.raises(care_core.InvalidInputError, match="not a history"):
        care_core.diff_history("pass_mark = 85")
    with pytest.raises(care_core.InvalidInputError, match="history"):
        care_core.diff(CERT_HISTORY, "pass_mark = 85")
