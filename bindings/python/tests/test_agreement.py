"""Agreement statistics: the shared vectors (tests/vectors/agreement.json, from krippendorff,
statsmodels, scikit-learn and pingouin) to 1e-9, numpy in (dtype, shape, order checked),
an `Agreement` out (a value, or why there is none; never NaN)."""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

import numpy as np
import pytest

import care_core
from conftest import VECTORS

DOC = json.loads((VECTORS / "agreement.json").read_text(encoding="utf-8"))
TOLERANCE = DOC["tolerance"]


def matrix(rows: list[list[float | None]]) -> np.ndarray:
    return np.array([[math.nan if x is None else x for x in r] for r in rows], dtype=np.float64)


def run(fn: str, i: dict[str, Any]) -> care_core.Agreement:
    if fn == "krippendorff_alpha":
        return care_core.krippendorff_alpha(matrix(i["ratings"]), level=i["level"])
    if fn == "fleiss_kappa":
        return care_core.fleiss_kappa(matrix(i["counts"]))
    if fn == "cohen_kappa":
        weights = None if i["weights"] == "unweighted" else i["weights"]
        return care_core.cohen_kappa(np.array(i["a"]), np.array(i["b"]), weights=weights)
    if fn == "icc":
        kind = {"icc1_1": "1,1", "icc2_1": "2,1", "icc3_1": "3,1"}[i["form"]]
        return care_core.icc(matrix(i["ratings"]), kind=kind)
    raise AssertionError(f"no call for fn {fn!r}")


@pytest.mark.parametrize("case", DOC["cases"], ids=[c["name"] for c in DOC["cases"]])
def test_agreement_vector(case: dict[str, Any]) -> None:
    got = run(case["fn"], case["input"])
    want = case["output"]["value"]
    if want is None:
        assert got.value is None and got.undefined and got.undefined_reason, got
    else:
        assert got.value is not None, got
        assert abs(got.value - want) <= TOLERANCE * max(abs(want), 1.0), (want, got.value)


def test_every_case_ran() -> None:
    assert len(DOC["cases"]) >= 373 and TOLERANCE <= 1e-9


def test_krippendorff_example_and_result_object() -> None:
    nan = math.nan
    r = np.array([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ])
    a = care_core.krippendorff_alpha(r, level="nominal")
    assert a.statistic == "krippendorff_alpha_nominal" and abs(a.value - 0.743) < 1e-3
    assert a.raters == 4 and a.undefined is None
    assert a.explain().startswith("krippendorff_alpha_nominal = 0.74")
    assert pickle.loads(pickle.dumps(a)) == a and json.loads(a.to_json())["value"] == a.value
    # The default level is interval; Fortran order, integer dtype and lists read the same.
    b = care_core.krippendorff_alpha(np.asfortranarray(r))
    assert b.statistic == "krippendorff_alpha_interval"
    assert care_core.krippendorff_alpha(np.ascontiguousarray(r)) == b
    ints = np.array([[1, 2, 3], [1, 2, 4]], dtype=np.int32)
    assert care_core.krippendorff_alpha(ints) == care_core.krippendorff_alpha([[1.0, 2, 3], [1, 2, 4]])
    # Strided views are copied, not misread.
    wide = np.array([[1, 9, 2, 9, 3], [1, 9, 2, 9, 4]], dtype=np.float64)
    assert care_core.krippendorff_alpha(wide[:, ::2]) == care_core.krippendorff_alpha(ints)


def test_undefined_is_a_reason_not_nan() -> None:
    a = care_core.krippendorff_alpha(np.ones((3, 4)))
    assert a.value is None and a.undefined == "no_variation" and "same" in a.undefined_reason
    a = care_core.icc(np.array([[1.0], [2.0]]))
    assert a.value is None and a.undefined == "one_rater"


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: care_core.krippendorff_alpha(np.zeros(3)), "shape (3,)"),
        (lambda: care_core.krippendorff_alpha(np.zeros((2, 2, 2))), "shape (2, 2, 2)"),
        (lambda: care_core.krippendorff_alpha(np.array([["a", "b"]])), "dtype <U1"),
        (lambda: care_core.krippendorff_alpha(np.array([[True, False]])), "dtype bool"),
        (lambda: care_core.krippendorff_alpha(np.array([[1, None]])), "dtype object"),
        (lambda: care_core.krippendorff_alpha(np.zeros((2, 0))), "no units"),
        (lambda: care_core.krippendorff_alpha(np.array([[1, math.inf]])), "finite"),
        (lambda: care_core.krippendorff_alpha(np.zeros((2, 2)), level="nomimal"), "level"),
        (lambda: care_core.fleiss_kappa(np.array([[1.5, 1]])), "counts"),
        (lambda: care_core.icc(np.zeros((2, 2)), kind="2,2"), "kind"),
        (lambda: care_core.icc(np.array([[1, math.nan], [1, 2]])), "NaN"),
        (lambda: care_core.cohen_kappa([1, 2], [1]), ""),
        (lambda: care_core.cohen_kappa([1, 2], [1, 2], weights="cubic"), "weights"),
        (lambda: care_core.cohen_kappa(np.zeros((2, 2)), [1, 2]), "shape"),
    ],
)
def test_bad_input_is_invalid_input(call: Any, message: str) -> None:
    with pytest.raises(care_core.InvalidInputError) as info:
        call()
    assert message in str(info.value)


def test_weights_and_kinds() -> None:
    a, b = [1, 2, 3, 4, 4], [1, 2, 4, 4, 3]
    plain = care_core.cohen_kappa(a, b)
    assert plain.statistic == "cohen_kappa"
    assert care_core.cohen_kappa(a, b, weights="linear").statistic == "cohen_kappa_linear"
    assert care_core.cohen_kappa(a, b, weights="quadratic").value > plain.value
    r = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
    got = [round(care_core.icc(r, kind=k).value, 2) for k in ("1,1", "2,1", "3,1")]
    assert got == [0.17, 0.29, 0.71]


def test_none_is_the_documented_default() -> None:
    # level, kind (and weights) are None by default: interval, ICC(2,1), unweighted.
    m = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 4.0, 4.0], [2.0, 2.0, 3.0, 5.0]])
    assert care_core.krippendorff_alpha(m) == care_core.krippendorff_alpha(m, level="interval")
    assert care_core.krippendorff_alpha(m, level=None) == care_core.krippendorff_alpha(m, "interval")
    assert care_core.icc(m.T) == care_core.icc(m.T, kind="2,1") == care_core.icc(m.T, None)
    assert care_core.icc(m.T) != care_core.icc(m.T, kind="3,1")
