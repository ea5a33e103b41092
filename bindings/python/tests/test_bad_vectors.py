"""The bad-input corpus `tests/vectors/bad/*.json` (format and encodings in
`docs/vectors.md`): every case must raise the `CareError` subclass of `error.kind` with
`error.message` as its whole message, the same as Rust and Node. A case whose `fn` has no
Python call fails; none is skipped.

Before the call the input is decoded as the Rust runner does (`care_tests::bad`):
`{"repeat": s, "times": n, "before"?: a, "after"?: b}` is `a + s * n + b`,
`{"generate_catalog_roles": n}` is the JSON text of a catalog of n roles, and in a score
position (the value of `score`, an element of `scores`) the strings "NaN", "Infinity" and
"-Infinity" are the Python floats; any other string stays a string."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any, Callable, Dict

import pytest

import care_core
from conftest import VECTORS
from test_vectors import BOUND, cert_policy, date

Input = Dict[str, Any]
BAD = VECTORS / "bad"
DOMAINS = ["career", "certification", "cohort", "escalation"]
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def catalog_json(roles: int) -> str:
    """The same text as `care_tests::bad::catalog_json`."""
    head = '{"units":[{"id":"u","name":"U","grades":[105]}],"roles":['
    body = ",".join(
        f'{{"id":"u/r{i}","title":"R{i}","unit":"u","grade":105,"track":"leadership"}}'
        for i in range(roles)
    )
    return head + body + "]}"


def decode(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        if value.keys() <= {"repeat", "times", "before", "after"} and {"repeat", "times"} <= value.keys():
            return value.get("before", "") + value["repeat"] * value["times"] + value.get("after", "")
        if value.keys() == {"generate_catalog_roles"}:
            return catalog_json(value["generate_catalog_roles"])
        return {k: decode(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key == "scores":
            return [NON_FINITE.get(v, v) if isinstance(v, str) else decode(v) for v in value]
        return [decode(v) for v in value]
    if key == "score" and isinstance(value, str):
        return NON_FINITE.get(value, value)
    return value


def loaded(load: Callable[[str], Any]) -> Callable[[Input], None]:
    def call(i: Input) -> None:
        load(i["text"])

    return call


# The corpus's own calls (see `care_tests::bad::run`), besides the domains' calls.
EXTRA: dict[str, Callable[[Input], Any]] = {
    "evaluate_scores": lambda i: care_core.evaluate_scores(i["agent"], i["scores"], cert_policy(i)),
    "standing": lambda i: care_core.standing(i["scores"], cert_policy(i)),
    "holidays_between": lambda i: care_core.Calendar.by_name(
        i["calendar"], i.get("time_zone", "UTC")
    ).holidays_between(date(i["from"]), date(i["to"])),
    "cert_policy_from_toml": loaded(care_core.CertPolicy.from_toml),
    "cert_policy_from_json": loaded(care_core.CertPolicy.from_json),
    "escalation_policy_from_toml": loaded(care_core.EscalationPolicy.from_toml),
    "escalation_policy_from_json": loaded(care_core.EscalationPolicy.from_json),
    "cohort_policy_from_toml": loaded(care_core.CohortPolicy.from_toml),
    "cohort_policy_from_json": loaded(care_core.CohortPolicy.from_json),
    "calendar_from_toml": loaded(care_core.Calendar.from_toml),
    "calendar_from_json": loaded(care_core.Calendar.from_json),
}
CALLS = {**BOUND, **EXTRA}


def load_bad() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.stem, case)
        for path in sorted(BAD.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]


CASES = load_bad()


def test_every_bad_file_is_a_domain() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == [f"{d}.json" for d in DOMAINS]
    assert len(CASES) >= 100


@pytest.mark.parametrize("domain,case", CASES, ids=[f"{d}:{c['name']}" for d, c in CASES])
def test_bad_vector(domain: str, case: dict[str, Any]) -> None:
    assert "error" in case and "output" not in case, "every bad/ case is an error case"
    fn = case["fn"]
    assert fn in CALLS, f"bad/{domain}: fn {fn!r} has no Python call"
    with pytest.raises(care_core.CareError) as info:
        CALLS[fn](decode(case["input"]))
    assert info.value.kind == case["error"]["kind"]
    assert str(info.value) == case["error"]["message"]


def test_decoding() -> None:
    assert decode({"a": {"repeat": "ab", "times": 2, "after": "!"}}) == {"a": "abab!"}
    assert decode({"score": "NaN", "scores": ["Infinity", 1, "ninety"]})["scores"][1:] == [1, "ninety"]
    assert math.isnan(decode({"score": "NaN"})["score"])
    assert decode({"name": "NaN"}) == {"name": "NaN"}
    assert len(care_core.Catalog.from_json(decode({"generate_catalog_roles": 3}))) == 3


def test_type_errors_outside_the_corpus_are_clear() -> None:
    """What never reaches care-core: a value of the wrong type, a container that holds
    itself. These are InvalidInputErrors with a message that says what is wrong."""
    with pytest.raises(care_core.InvalidInputError, match="expected a score"):
        care_core.evaluate({"agent": "Ana Rivera", "calls": [{"number": 2, "score": dt.datetime.now()}]})
    loop: dict[str, Any] = {"agent": "Ana Rivera"}
    loop["calls"] = [loop]
    with pytest.raises(care_core.InvalidInputError, match="nested more than"):
        care_core.evaluate(loop)


def test_scores_that_are_numpy_scalars_or_none() -> None:
    np = pytest.importorskip("numpy")
    e = care_core.evaluate(
        {"agent": "Ana Rivera", "calls": [{"number": np.int64(2), "score": np.float32(90)}]}
    )
    assert e.calls[1]["score"] == 90
    with pytest.raises(care_core.InvalidScoreError, match="call 2: not a number"):
        care_core.evaluate({"agent": "Ana Rivera", "calls": [{"number": 2, "score": np.float64("nan")}]})
    # None in `standing` is a call not taken; in `qa_audit` it is no score.
    assert care_core.standing([100, None]).pending == 4
    with pytest.raises(care_core.InvalidScoreError, match=r"QA audit: no score \(null\)"):
        care_core.qa_audit(None)  # type: ignore[arg-type]
