"""The shared test vectors (`tests/vectors/*.json`, format in `docs/vectors.md`): every case's
`fn` maps to a Python call; `to_dict()` must equal `output` exactly, or the call must raise the
`CareError` subclass of `error.kind` with `error.message` as its whole message."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, Dict

import numpy as np
import pytest

import care_core
from conftest import load_vectors

Input = Dict[str, Any]
_catalog = care_core.Catalog.builtin()


def date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def calendar(i: Input) -> care_core.Calendar:
    return care_core.Calendar.by_name(i["calendar"], i.get("time_zone", "UTC"))


def excused(i: Input) -> list[tuple[dt.date, str]]:
    return [(date(e["date"]), e["reason"]) for e in i.get("excused", [])]


def cert_policy(i: Input) -> care_core.CertPolicy | None:
    p = i.get("policy")
    return None if p is None else care_core.CertPolicy.from_json(json.dumps(p))


def batch(scores: Any, policy: care_core.CertPolicy | None) -> dict[str, list[int]]:
    status, passes, rate = care_core.evaluate_batch(scores, policy)
    return {"pass_rate": rate.tolist(), "passes": passes.tolist(), "status": status.tolist()}


def path_options(i: Input) -> dict[str, Any]:
    return dict(i.get("options", {}))


def cohort_call(call: Callable[[Input, care_core.Calendar, care_core.CohortPolicy], Any]) -> Any:
    """A cohort `fn`: like the Rust runner, the calendar (`holidays`, default none) and the
    policy are set up first, so their errors come first."""

    def run(i: Input) -> Any:
        cal = care_core.Calendar.by_name(i.get("holidays") or "none", "UTC")
        p = i.get("policy")
        policy = care_core.CohortPolicy() if p is None else care_core.CohortPolicy.from_json(
            json.dumps(p)
        )
        return call(i, cal, policy)

    return run


def cohort_of(i: Input, policy: care_core.CohortPolicy) -> care_core.Cohort:
    c = care_core.Cohort.from_tracker(i["tracker"], policy)
    if i.get("certifiers") is not None:
        c = c.with_certifiers(i["certifiers"])
    return c


def catalog_summary(c: care_core.Catalog) -> dict[str, int]:
    return {"roles": len(c.roles()), "units": len(c.units())}


# Each vector `fn` and the Python call that answers it (input dict -> result).
Call = Callable[[Input], Any]
BOUND: dict[str, Call] = {
    # career
    "lookup": lambda i: _catalog.lookup(i["name"]),
    "classify": lambda i: _catalog.classify(i["from"], i["to"]),
    "readiness": lambda i: _catalog.readiness(i["person"], i["target"]),
    "next_steps": lambda i: _catalog.next_steps(i["role"]),
    "paths": lambda i: _catalog.paths(i["from"], i["to"], **path_options(i)),
    "from_json": lambda i: catalog_summary(care_core.Catalog.from_json(i["text"])),
    "from_toml": lambda i: catalog_summary(care_core.Catalog.from_toml(i["text"])),
    # certification
    "evaluate": lambda i: care_core.evaluate(i["session"], cert_policy(i)),
    "file_stem": lambda i: care_core.file_stem(i["agent"], i["pass_rate"]),
    "qa_audit": lambda i: care_core.qa_audit(i["score"], cert_policy(i)),
    "score_scorecard": lambda i: (
        care_core.Scorecard.from_json(json.dumps(i["template"]))
        if "template" in i
        else care_core.Scorecard.sample()
    ).score(i["marks"]),
    "evaluate_batch": lambda i: batch(np.array(i["scores"], dtype=np.uint8), cert_policy(i)),
    "evaluate_batch_f64": lambda i: batch(
        np.array([np.nan if s is None else s for s in i["scores"]], dtype=np.float64),
        cert_policy(i),
    ),
    "validate": lambda i: care_core.CertPolicy.from_json(json.dumps(i["policy"])) and None,
    # cohort
    "parse_note": cohort_call(lambda i, c, p: care_core.parse_note(i["text"])),
    "parse_notes": cohort_call(lambda i, c, p: care_core.parse_notes(i["text"])),
    "import_tracker": cohort_call(lambda i, c, p: care_core.Cohort.from_tracker(i["tracker"], p)),
    "pair": cohort_call(lambda i, c, p: cohort_of(i, p).pair(date(i["day"]), c, p)),
    "report": cohort_call(lambda i, c, p: cohort_of(i, p).report(date(i["as_of"]), c, p)),
    "to_csv": cohort_call(lambda i, c, p: cohort_of(i, p).report_csv(date(i["as_of"]), c, p)),
    "forecast": cohort_call(
        lambda i, c, p: care_core.forecast(i["agents"], i["certifiers"], date(i["start"]), c, p)
    ),
    "neutralize_csv_cell": cohort_call(lambda i, c, p: care_core.neutralize_csv_cell(i["cell"])),
    "sessions_per_certifier": cohort_call(lambda i, c, p: p.sessions_per_certifier),
    # calendars and escalation
    "is_business_day": lambda i: calendar(i).is_business_day(date(i["date"])),
    "add_business_days": lambda i: calendar(i).add_business_days(date(i["date"]), i["n"]),
    "business_days_between": lambda i: calendar(i).business_days_between(
        date(i["a"]), date(i["b"])
    ),
    "timeline": lambda i: care_core.timeline(
        date(i["start"]), calendar(i), excused=excused(i)
    ),
    "status": lambda i: care_core.escalation_status(
        date(i["start"]), i["as_of"], completed=i.get("completed"), calendar=calendar(i),
        excused=excused(i),
    ),
    "cert_session_budget": lambda i: care_core.cert_session_budget(
        i["connected"], i["finished"], calendar(i)
    ),
    "tbt_budget": lambda i: care_core.tbt_budget(i["started"], i["finished"], calendar(i)),
    "combined_budget": lambda i: care_core.combined_budget(
        date(i["start"]), i["finished"], calendar(i), excused=excused(i)
    ),
    "escalation_steps": lambda i: care_core.escalation_steps(
        np.array(i["starts"], dtype=np.int64), date(i["as_of"]), calendar(i)
    ),
}


# agreement.json compares values to a tolerance: test_agreement.py runs it.
CASES = [(d, c) for d, c in load_vectors() if d != "agreement"]


def plain(result: Any) -> Any:
    """A result as plain JSON data."""
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, np.ndarray):
        return result.tolist()
    if isinstance(result, (list, tuple)):
        return [plain(r) for r in result]
    if isinstance(result, dt.date):
        return result.isoformat()
    return result


@pytest.mark.parametrize(
    "domain,case", CASES, ids=[f"{d}:{c['name']}" for d, c in CASES] or None
)
def test_vector(domain: str, case: dict[str, Any]) -> None:
    fn = case["fn"]
    assert fn in BOUND, f"{domain}: fn {fn!r} has no Python binding"
    call = BOUND[fn]
    if "error" in case:
        with pytest.raises(care_core.CareError) as info:
            call(case["input"])
        assert info.value.kind == case["error"]["kind"]
        assert str(info.value) == case["error"]["message"]
    else:
        assert plain(call(case["input"])) == case["output"]


def test_every_vector_fn_is_known() -> None:
    unknown = sorted({c["fn"] for _, c in CASES} - set(BOUND))
    assert not unknown, f"vector fns with no Python binding: {unknown}"

