"""Certification: single evaluations, policies, audits, file stems, scorecards, batches."""

from __future__ import annotations

import math

import numpy as np
import pytest

import care_core
from care_core import CertPolicy


def item_ids(card: care_core.Scorecard) -> list[str]:
    return [i["id"] for section in card.to_dict()["sections"] for i in section["items"]]


def test_evaluate_scores() -> None:
    e = care_core.evaluate_scores("Rivera, Ana", [100, 90, 70, 85, 95])
    assert isinstance(e, care_core.Evaluation)
    assert e.status == "certified"
    assert e.passes == 4 and e.fails == 1 and e.pass_rate == 80
    assert e.file_stem == "Rivera_Ana_80%"
    assert len(e.calls) == 5
    assert e.reasons and e.reasons[0]["rule"].startswith("cert.")
    assert e.policy["id"] == CertPolicy().id
    assert "80" in e.explain()
    d = e.to_dict()
    assert d["status"] == "certified"
    same = care_core.evaluate({"agent": "Rivera, Ana", "calls": [
        {"number": i + 1, "score": s} for i, s in enumerate([100, 90, 70, 85, 95])]})
    assert same == e
    assert same.to_dict() == d
    session = {"agent": "Rivera, Ana", "calls": [{"number": 2, "score": 90}]}
    assert care_core.evaluate(session).pending == 4  # calls not listed, the coached one too


def test_in_progress_and_early() -> None:
    e = care_core.evaluate_scores("Ana Rivera", [100, 60, 50])
    assert e.status == "failed" and e.decided_early and e.pending == 2
    e = care_core.evaluate_scores("Ana Rivera", [100])
    assert e.status == "in_progress"


@pytest.mark.parametrize(
    "agent,scores",
    [
        ("Rivera, Ana", [100, 90, 70, 85, 95]),  # certified
        ("Ana Rivera", [100, 60, 50]),  # failed early
        ("Ana Rivera", [100]),  # in progress
        ("Ümit Çelik", [100, 84.99, 85, 100, 12.5]),  # failed, all taken
    ],
)
def test_attributes_read_before_the_dict_match_it(agent: str, scores: list[float]) -> None:
    # The plain fields are answered before the reasons are written: each must be exactly
    # what the dict (serde's JSON) holds, with the same type.
    fresh = care_core.evaluate_scores(agent, scores)
    names = ["agent", "status", "decided_early", "passes", "fails", "pending", "pass_rate",
             "file_stem"]
    early = {name: getattr(fresh, name) for name in names}
    d = fresh.to_dict()
    for name in names:
        assert early[name] == d[name] and type(early[name]) is type(d[name]), name
    assert len(fresh.reasons) == len(d["reasons"])


def _same_typed(a: object, b: object) -> bool:
    """Equal values of the same types all the way down (100 and 100.0 differ), dict keys
    in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(_same_typed(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(_same_typed(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize(
    "session",
    [
        {"agent": "Rivera, Ana", "calls": [{"number": i + 1, "score": s} for i, s in
                                            enumerate([100, 90, 70, 85, 95])]},
        {"agent": "Çelik-Öz, Ümit 🚀", "calls": [
            {"number": 2, "score": 84.99, "kind": "pdp", "certifier": "Zoë 👩🏽‍💻"},
            {"number": 3, "score": -0.0, "kind": "mapd"},
            # A scorecard with a critical item missed: its reasons join the call's.
            {"number": 4, "scorecard": {"marks": {
                **{i: "yes" for i in item_ids(care_core.Scorecard.sample())},
                "compliance.privacy": "no", "extra.proactive": "na"}}}]},
        {"agent": "Ana Rivera", "calls": [{"number": 2, "score": 60}, {"number": 3, "score": 50}]},
    ],
)
def test_dict_built_directly_is_the_json(session: dict) -> None:
    # evaluate's dict is built in Rust without going through JSON: it must be exactly
    # json.loads of the JSON, types and key order included.
    import json

    e = care_core.evaluate(session)
    assert _same_typed(e.to_dict(), json.loads(e.to_json()))
    assert _same_typed(e.to_dict(), e.to_dict()) and e.to_dict() is not e.to_dict()


def test_bad_scores_name_the_call() -> None:
    with pytest.raises(care_core.InvalidScoreError) as info:
        care_core.evaluate_scores("Ana Rivera", [100, 101])
    assert info.value.kind == "invalid_score"
    assert "call 2" in str(info.value)
    with pytest.raises(care_core.InvalidScoreError):
        care_core.evaluate_scores("Ana Rivera", [100, math.nan])
    with pytest.raises(care_core.InvalidInputError):
        care_core.evaluate_scores("Ana Rivera", [100] * 7)
    with pytest.raises(care_core.InvalidInputError) as err:
        care_core.evaluate({"agent": "x", "calls": [{"number": 1, "scroe": 3}]})
    assert str(err.value).startswith("invalid session: unknown field `scroe`")
    with pytest.raises(care_core.InvalidInputError, match="invalid session: expected an object, found a string"):
        care_core.evaluate("{")
    with pytest.raises(care_core.InvalidInputError):
        care_core.evaluate_scores("///", [100])
    with pytest.raises(care_core.InvalidInputError, match="invalid pass_rate: invalid value: integer `300`, expected u8"):
        care_core.file_stem("Ana", 300)


def test_policy() -> None:
    p = CertPolicy()
    assert p.pass_mark == 85 and p.passes_needed == 4 and p.calls == 5
    assert p.qa_audit_pass_mark == 95
    strict = CertPolicy(pass_mark=90)
    assert strict.pass_mark == 90 and strict.passes_needed == 4
    assert strict != p and CertPolicy() == p
    assert CertPolicy.from_toml("pass_mark = 90\n") == strict
    assert CertPolicy.from_json(strict.to_json()) == strict
    assert CertPolicy.from_toml(strict.to_toml()) == strict
    assert strict.to_dict()["pass_mark"] == 90
    assert care_core.evaluate_scores("A B", [100, 88, 88, 88, 88], strict).status == "failed"
    with pytest.raises(care_core.InvalidPolicyError) as info:
        CertPolicy(pass_mark=120, passes_needed=9)
    assert len(info.value.problems) >= 2
    with pytest.raises(care_core.InvalidInputError, match="unknown field `pass_markk`"):
        CertPolicy(pass_markk=90)
    assert "pass_mark=85.0" in repr(p)


def test_audit_stem_rate_decide() -> None:
    a = care_core.qa_audit(96)
    assert a.passed and a.pass_mark == 95 and a.margin == 1
    assert not care_core.qa_audit(94.5).passed
    with pytest.raises(care_core.InvalidScoreError):
        care_core.qa_audit(-1)
    assert care_core.file_stem("Rivera, Ana", 80) == "Rivera_Ana_80%"
    assert care_core.file_stem("Ana Rivera", 100) == "Rivera_Ana_100%"
    assert care_core.pass_rate(4, 5) == 80
    assert care_core.decide(4, 0, 1).status == "certified"
    assert care_core.call_verdict(2, 84.9) == "fail"
    assert care_core.call_verdict(2, 85) == "pass"


def test_scorecard() -> None:
    card = care_core.Scorecard.sample()
    ids = item_ids(card)
    assert ids
    s = card.score({i: "yes" for i in ids})
    assert s.score == 100
    with pytest.raises(care_core.InvalidScorecardError):
        card.score({"no-such-item": "yes"})
    with pytest.raises(care_core.InvalidInputError, match="invalid marks"):
        card.score({ids[0]: "maybe"})
    assert care_core.Scorecard.from_json(__import__("json").dumps(card.to_dict())).id == card.id


def test_batch_matches_single() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(60, 101, size=(500, 5)).astype(np.uint8)
    scores[:, 0] = 100
    scores[::7, 3:] = 255
    status, passes, rate = care_core.evaluate_batch(scores)
    assert status.dtype == np.uint8 and status.shape == (500,)
    for i in range(0, 500, 13):
        taken = [float(s) for s in scores[i] if s != 255]
        e = care_core.evaluate_scores("A B", taken)
        assert care_core.STATUS_NAMES[status[i]] == e.status
        assert passes[i] == e.passes and rate[i] == e.pass_rate
    f = scores.astype(np.float64)
    f[f == 255] = np.nan
    s2, p2, r2 = care_core.evaluate_batch(f)
    assert (s2 == status).all() and (p2 == passes).all() and (r2 == rate).all()
    # A non-contiguous view works too.
    s3, _, _ = care_core.evaluate_batch(np.asfortranarray(scores))
    assert (s3 == status).all()


def test_batch_errors() -> None:
    with pytest.raises(care_core.InvalidInputError):
        care_core.evaluate_batch(np.zeros((3, 4), dtype=np.uint8))
    with pytest.raises(care_core.InvalidInputError):
        care_core.evaluate_batch(np.zeros((3, 5), dtype=np.int32))
    bad = np.full((3, 5), 90, dtype=np.uint8)
    bad[:, 0] = 100
    bad[2, 3] = 180
    with pytest.raises(care_core.InvalidScoreError) as info:
        care_core.evaluate_batch(bad)
    assert "2" in str(info.value)
    with pytest.raises(care_core.InvalidScoreError):
        care_core.evaluate_batch(np.full((1, 5), np.inf))
    empty = care_core.evaluate_batch(np.zeros((0, 5), dtype=np.uint8))
    assert all(len(c) == 0 for c in empty)


def test_evaluate_frame() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([[100, 90, 90, 90, 90], [100, 50, 50, np.nan, np.nan]],
                      columns=[f"call{i}" for i in range(1, 6)], index=["ana", "bo"])
    out = care_core.evaluate_frame(df)
    assert list(out.index) == ["ana", "bo"]
    assert list(out["status"]) == ["certified", "failed"]
    assert list(out["pass_rate"]) == [100, 20]
