"""The package's shape: the names of docs/api.md (both directions), the generated stubs,
the batch codes' names, pickling (through multiprocessing with spawn), and every crash and
wrong answer of the issue "thin, safe bindings" as a test."""

from __future__ import annotations

import datetime as dt
import inspect
import math
import multiprocessing
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import care_core
from conftest import ROOT

API = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def table(heading: str) -> list[list[str]]:
    """The rows of the table under `## heading`, cells stripped."""
    section = API.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    return [[c.strip() for c in r.strip("|").split("|")] for r in rows]


def names(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


def is_result_or_error(obj: Any) -> bool:
    """Results (data, not listed) and the error classes (listed by `error_kinds`)."""
    if not isinstance(obj, type):
        return False
    return issubclass(obj, care_core.CareError) or obj.__doc__.startswith("A result (")


def test_module_names_are_the_api_tables_both_ways() -> None:
    listed = set().union(*(names(r[1]) for r in table("Module level")))
    listed |= {r[1].strip("`") for r in table("Classes")}
    exported = {
        n for n in care_core.__all__ if n == "CareError" or not is_result_or_error(getattr(care_core, n))
    }
    assert exported - listed == set(), "exported but not in docs/api.md"
    assert listed - exported == set(), "in docs/api.md but not exported"


@pytest.mark.parametrize("row", table("Classes"), ids=lambda r: r[1])
def test_class_methods_are_the_api_table_both_ways(row: list[str]) -> None:
    cls = getattr(care_core, row[1].strip("`"))
    public = {n for n, v in cls.__dict__.items() if not n.startswith("_") and callable(getattr(cls, n))}
    assert public == names(row[2])


def test_stubs_are_generated_and_current() -> None:
    stubgen = ROOT / "bindings" / "python" / "stubgen.py"
    done = subprocess.run([sys.executable, str(stubgen), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_batch_code_names_come_from_the_core() -> None:
    assert care_core.STATUS_NAMES == ["in_progress", "certified", "failed"]
    assert care_core.STEP_NAMES[:5] == ["none", "coaching", "written_cap", "final_cap", "termination_review"]
    assert care_core.STEP_NAMES[255] == "out_of_range" and len(care_core.STEP_NAMES) == 256


def test_frames_are_categoricals() -> None:
    pd = pytest.importorskip("pandas")
    frame = care_core.evaluate_frame(np.array([[100, 90, 90, 90, 90]], dtype=np.uint8))
    assert list(frame["status"].cat.categories) == care_core.STATUS_NAMES
    starts = pd.Series(pd.to_datetime(["2026-06-29", "2026-07-01", "1850-01-01"]), index=list("abc"))
    steps = care_core.escalation_frame(starts, dt.date(2026, 7, 13))
    assert list(steps.index) == list("abc")
    assert steps["step"].dtype == "category"
    codes = care_core.escalation_steps(starts.to_numpy(dtype="datetime64[D]"), dt.date(2026, 7, 13))
    assert list(steps["step"].astype(str)) == [care_core.STEP_NAMES[c] for c in codes]
    assert steps["step"].iloc[2] == "out_of_range"


# --- pickling -------------------------------------------------------------------------------


def values() -> list[Any]:
    cal = care_core.Calendar.by_name("us-federal", "America/New_York")
    cohort = care_core.Cohort.sample()
    return [
        care_core.evaluate_scores("Rivera, Ana", [100, 90, 84, 88, 92]),
        care_core.classify("Care Rep", "Senior Rep"),
        care_core.paths("Care Rep", "Manager, Process", k=1)[0],
        care_core.timeline(dt.date(2026, 7, 2), cal),
        cohort.report(dt.date(2026, 7, 10), cal),
        care_core.CertPolicy(pass_mark=90),
        care_core.EscalationPolicy(),
        care_core.CohortPolicy(),
        care_core.Catalog.builtin(),
        cal,
        cohort,
        care_core.Scorecard.sample(),
        care_core.Troubleshooting.builtin(),
    ]


def round_trip(v: Any) -> Any:
    return pickle.loads(pickle.dumps(v))


def test_everything_pickles() -> None:
    for v in values():
        back = round_trip(v)
        assert type(back) is type(v) and back == v and back.to_dict() == v.to_dict()


def test_pickles_cross_processes_with_spawn() -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        back = pool.map(round_trip, values())
    assert back == values()
    with ctx.Pool(1) as pool:
        e = pool.apply(care_core.evaluate_scores, ("Rivera, Ana", [100, 90, 84, 88, 92]))
    assert e.file_stem == "Rivera_Ana_80%"


# --- the crashes and wrong answers of the issue ---------------------------------------------


class Lying:
    """An iterable whose __len__ lies."""

    def __init__(self, n: int, items: list[Any]) -> None:
        self.n, self.items = n, items

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Any:
        return iter(self.items)


@pytest.mark.parametrize("n", [2**40, 2**62])
def test_a_lying_len_is_never_trusted(n: int) -> None:
    assert care_core.evaluate_scores("Ana Rivera", Lying(n, [100, 90])).pending == 3
    assert care_core.standing(Lying(n, [100, 90])).pending == 3


def test_an_endless_iterable_is_capped() -> None:
    import itertools

    with pytest.raises(care_core.InvalidInputError, match="more than 255"):
        care_core.evaluate_scores("Ana Rivera", itertools.repeat(90))


def test_booleans_are_not_scores() -> None:
    with pytest.raises(care_core.InvalidScoreError, match="call 2: true is not a number"):
        care_core.evaluate_scores("Ana Rivera", [100, True, True, True, True])
    with pytest.raises(care_core.InvalidScoreError, match="QA audit: true is not a number"):
        care_core.qa_audit(True)
    with pytest.raises(care_core.InvalidInputError, match="expected"):
        care_core.evaluate({"agent": "Ana Rivera", "calls": [{"number": 2, "score": True}]})
    with pytest.raises(care_core.InvalidInputError, match="invalid passes: invalid type: boolean"):
        care_core.pass_rate(True, 5)


def test_numbers_are_checked_never_wrapped() -> None:
    with pytest.raises(care_core.InvalidInputError, match="invalid pass_rate: invalid value: integer `-1`"):
        care_core.file_stem("Ana", -1)
    with pytest.raises(care_core.InvalidInputError, match="invalid passes: invalid type: floating point `2.5`"):
        care_core.pass_rate(2.5, 5)
    with pytest.raises(care_core.InvalidInputError, match="out of range"):
        care_core.pass_rate(2**70, 5)
    with pytest.raises(care_core.InvalidInputError, match="invalid value: integer `256`, expected u8"):
        care_core.decide(256, 0, 0)
    assert care_core.pass_rate(np.uint8(4), 5) == 80


def test_keyword_errors_speak_of_the_keywords() -> None:
    with pytest.raises(care_core.InvalidInputError, match="pass_mark: NaN is not a finite number") as info:
        care_core.CertPolicy(pass_mark=float("nan"))
    assert "JSON" not in str(info.value)
    with pytest.raises(care_core.InvalidPolicyError, match="pass_mark") as policy:
        care_core.CertPolicy(pass_mark=101)
    assert policy.value.problems
    with pytest.raises(care_core.InvalidInputError, match="unknown field `pass_mrk`"):
        care_core.CertPolicy(pass_mrk=90)
    with pytest.raises(care_core.InvalidInputError, match="invalid policy: invalid type: boolean"):
        care_core.CertPolicy(pass_mark=True)
    with pytest.raises(care_core.InvalidInputError, match="unknown field"):
        care_core.EscalationPolicy(stepz=[])


def test_argument_type_errors_are_care_errors_naming_the_argument() -> None:
    with pytest.raises(care_core.InvalidInputError, match="a ndarray is not a value care-core reads"):
        care_core.standing(np.array([[100, 90], [80, 95]]))
    with pytest.raises(care_core.InvalidInputError, match="policy must be a CertPolicy, not dict"):
        care_core.evaluate_scores("Ana Rivera", [100], {"pass_mark": 90})  # type: ignore[arg-type]
    with pytest.raises(care_core.InvalidInputError, match="invalid agent"):
        care_core.evaluate_scores(7, [100])  # type: ignore[arg-type]
    with pytest.raises(care_core.InvalidDateError, match="start"):
        care_core.timeline(20260702)  # type: ignore[arg-type]
    with pytest.raises(care_core.InvalidInputError, match="invalid person"):
        care_core.readiness("Care Rep", "Senior Rep")  # type: ignore[arg-type]
    with pytest.raises(care_core.InvalidInputError, match="invalid from: invalid type: integer `1`"):
        care_core.classify(1, "Senior Rep")  # type: ignore[arg-type]
    with pytest.raises(care_core.InvalidInputError, match="invalid text"):
        care_core.CertPolicy.from_toml(b"pass_mark = 90")  # type: ignore[arg-type]


def test_nan_and_infinite_scores_get_the_core_messages() -> None:
    with pytest.raises(care_core.InvalidScoreError, match="call 2: not a number"):
        care_core.evaluate_scores("Ana Rivera", [100, math.nan])
    with pytest.raises(care_core.InvalidScoreError, match="inf is outside 0 to 100"):
        care_core.qa_audit(math.inf)


def test_errors_carry_kind_code_suggestion_problems() -> None:
    with pytest.raises(care_core.UnknownRoleError) as info:
        care_core.classify("Care Rpe", "Senior Rep")
    e = info.value
    assert (e.kind, e.code, e.suggestion, e.problems) == ("unknown_role", "UNKNOWN_ROLE", "Care Rep", [])
    with pytest.raises(care_core.InvalidPolicyError) as pinfo:
        care_core.CertPolicy(pass_mark=120, passes_needed=9)
    assert all(set(p) == {"place", "message"} for p in pinfo.value.problems)


def test_results_are_read_only_and_typed() -> None:
    e = care_core.evaluate_scores("Rivera, Ana", [100, 90, 84, 88, 92])
    with pytest.raises(AttributeError):
        e.status = "failed"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="no attribute"):
        e.no_such_field  # noqa: B018
    e.reasons.clear()  # a fresh copy each time
    assert e.reasons
    assert inspect.getdoc(care_core.Evaluation)


def test_the_readme_python_block_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python (Jupyter)", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})


def test_unusual_inputs_are_care_errors_not_panics_leaks_or_wrong_answers(tmp_path: Path) -> None:
    """What a review with unusual inputs found: each is a care-core error now."""
    invalid = care_core.InvalidInputError
    # A dict changed by code that runs while it is read (a date's isoformat) was a panic.
    session: dict[str, Any] = {"agent": "Ana Rivera"}

    class Sneaky(dt.date):
        def isoformat(self) -> str:
            session["late"] = 1
            return "2026-07-01"

    session["calls"] = Sneaky(2026, 7, 1)
    with pytest.raises(invalid, match="invalid session"):
        care_core.evaluate(session)
    # A lone surrogate was a UnicodeEncodeError.
    with pytest.raises(invalid, match="lone surrogate"):
        care_core.evaluate_scores("\ud800", [100])
    # A masked array was read with the values its mask hides; a longdouble recursed.
    masked = np.ma.masked_array([100, 90, 10, 95], [0, 0, 1, 0])
    for call in (
        lambda: care_core.evaluate_scores("Ana Rivera", masked),
        lambda: care_core.evaluate_batch(np.ma.masked_array(np.full((1, 5), 90, dtype=np.uint8))),
        lambda: care_core.krippendorff_alpha(np.ma.masked_array(np.ones((2, 3)))),
        lambda: care_core.evaluate_frame(np.ma.masked_array(np.full((1, 5), 90.0))),
    ):
        with pytest.raises(invalid, match="masked array"):
            call()
    with pytest.raises(invalid, match="longdouble"):
        care_core.qa_audit(np.longdouble(90))
    # Scores have an order: a dict or a set has none.
    for unordered in ({100: 1, 90: 2}, {100, 90}, b"ZP", "ZP"):
        with pytest.raises(invalid, match="give a list, in call order"):
            care_core.evaluate_scores("Ana Rivera", unordered)  # type: ignore[arg-type]
    # Ratings so large that their squares overflow answered "no variation".
    with pytest.raises(invalid, match="at most 1e15"):
        care_core.icc(np.array([[1e300, -1e300], [1e300, -1e300], [1e292, 2e292]]))
    # numpy's and pandas' errors in the DataFrame helpers; an index of the wrong length.
    with pytest.raises(invalid, match="invalid scores"):
        care_core.evaluate_frame([[object()] * 5])
    with pytest.raises(invalid, match="invalid starts"):
        care_core.escalation_frame(["2026-01-05", "garbage"], "2026-03-01")
    with pytest.raises(invalid, match="3 labels for 1 rows"):
        care_core.evaluate_frame(np.array([[100.0, 90, 90, 90, 90]]), index=[1, 2, 3])
    # A file is read only up to the limit (a device would be read forever); a str is no list.
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(care_core.TooLargeError):
        care_core.read_tracker(big)
    with pytest.raises(invalid, match="not str"):
        care_core.CalibrationSession.from_workbooks("abc")  # type: ignore[arg-type]
    # The Arrow functions' arguments are read as every other function's.
    with pytest.raises(invalid, match="invalid columns"):
        care_core.evaluate_arrow(object(), columns="call1")  # type: ignore[arg-type]
