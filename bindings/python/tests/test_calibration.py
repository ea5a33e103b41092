"""Calibration sessions, leniency from a tracker, and the policy tools (lint, diff)."""

from __future__ import annotations

import json
import pickle

import pytest

import care_core
from conftest import ROOT

DATA = ROOT / "crates" / "care-cli" / "tests" / "data"
SESSION = (DATA / "calibration.toml").read_text(encoding="utf-8")
EXTRA = (DATA / "calibration-extra.csv").read_text(encoding="utf-8")


def test_calibrate_a_session_against_the_benchmark() -> None:
    s = care_core.CalibrationSession.from_toml(SESSION)
    assert s.benchmark == "Dana Lee" and len(s.calls) == 2
    r = care_core.calibrate(s)
    assert isinstance(r, care_core.Calibration)
    names = [c["certifier"] for c in r.certifiers]
    assert names == sorted(names) and "Dana Lee" not in names and "Omar Haddad" in names
    assert r.policy == {"id": "care.calibration", "version": "1"}
    assert "policy care.calibration v1" in r.explain()
    assert pickle.loads(pickle.dumps(r)) == r
    # The same session as a dict, and through JSON, answers the same.
    assert care_core.calibrate(s.to_dict()) == r
    assert care_core.calibrate(care_core.CalibrationSession.from_json(s.to_json())) == r
    assert care_core.CalibrationSession.from_toml(s.to_toml()) == s


def test_policy_thresholds_change_the_answer() -> None:
    s = care_core.CalibrationSession.from_toml(SESSION)
    strict = care_core.CalibrationPolicy(min_alignment=100, max_points_off=0)
    assert strict.min_alignment == 100 and care_core.CalibrationPolicy().min_alignment == 90
    r = care_core.calibrate(s, policy=strict)
    assert any(c["status"] == "review" for c in r.certifiers)
    assert care_core.CalibrationPolicy.from_toml(strict.to_toml()) == strict
    with pytest.raises(care_core.InvalidPolicyError) as info:
        care_core.CalibrationPolicy(min_alignment=120)
    assert info.value.problems[0]["place"] == "min_alignment"
    with pytest.raises(care_core.InvalidInputError):
        care_core.CalibrationPolicy(min_alignmnet=90)
    with pytest.raises(care_core.InvalidInputError, match="policy must be a CalibrationPolicy"):
        care_core.calibrate(s, policy=care_core.CertPolicy())


def test_sessions_from_csv() -> None:
    template = care_core.CalibrationSession.from_toml(SESSION).template
    scorecard = care_core.Scorecard.from_json(json.dumps(template))
    s = care_core.CalibrationSession.from_csv(EXTRA, template=scorecard)
    assert [c["id"] for c in s.calls] == ["call-a", "call-b"]
    with pytest.raises(care_core.ParseError, match="unknown column"):
        care_core.CalibrationSession.from_csv("call,certifier,greting\n", template=scorecard)
    # One certifier alone is a file of a session, not a session to calibrate.
    with pytest.raises(care_core.InvalidInputError, match="only one grader"):
        care_core.calibrate(s)


def test_leniency_from_the_sample_tracker() -> None:
    r = care_core.leniency(care_core.Cohort.sample_tracker())
    assert isinstance(r, care_core.Leniency) and r.pool["calls"] > 0
    assert {c["certifier"] for c in r.certifiers} >= {"Omar Haddad"}
    assert r.explain()
    r2 = care_core.leniency(
        care_core.Cohort.sample_tracker(), care_core.CalibrationPolicy(min_calls=1), care_core.CohortPolicy()
    )
    assert r2.policy == r.policy


BROKEN = 'pass_mark = 95\npasses_needed = 6\n'


def test_lint_finds_what_cannot_work() -> None:
    findings = care_core.lint(BROKEN)
    assert findings and all(isinstance(f, care_core.Finding) for f in findings)
    assert findings[0].severity == "error" and findings[0].kind_of_file == "cert_policy"
    assert findings[0].rule.startswith("lint.")
    same = care_core.lint(json.dumps({"pass_mark": 95, "passes_needed": 6}), format="json", kind="cert")
    assert [f.to_dict() for f in same] == [f.to_dict() for f in findings]
    assert care_core.lint("pass_mark = 85\n") == [] or all(f.severity != "error" for f in care_core.lint("pass_mark = 85\n"))
    with pytest.raises(care_core.ParseError):
        care_core.lint("pass_mark = = 1")
    with pytest.raises(care_core.CareError):
        care_core.lint("x = 1", format="yaml")
    with pytest.raises(care_core.UnknownNameError):
        care_core.lint("pass_mark = 85", kind="policy of doom")


def test_diff_names_changed_fields_and_rules() -> None:
    d = care_core.diff("pass_mark = 85\n", "pass_mark = 90\n")
    assert isinstance(d, care_core.PolicyDiff) and d.kind_of_file == "cert_policy"
    (c,) = d.changes
    assert c["field"] == "pass_mark" and c["old"] == 85 and c["new"] == 90 and c["rules"]
    assert care_core.diff('{"pass_mark": 85}', '{"pass_mark": 85}', format="json").changes == []


def test_format_none_is_toml() -> None:
    assert care_core.lint(BROKEN, format=None) == care_core.lint(BROKEN, format="toml") == care_core.lint(BROKEN)
    same = care_core.diff("pass_mark = 85\n", "pass_mark = 90\n", None)
    assert same == care_core.diff("pass_mark = 85\n", "pass_mark = 90\n", "toml")
