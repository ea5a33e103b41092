"""The shared test vectors (`tests/vectors/*.json`, format in `docs/vectors.md`): every case's
`fn` maps to a Python call; `to_dict()` must equal `output` exactly, or the call must raise the
`CareError` subclass of `error.kind` with `error.message` as its whole message."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import care_core
from conftest import load_vectors

# Each vector `fn` and the Python call that answers it (input dict -> result).
Call = Callable[[dict[str, Any]], Any]
BOUND: dict[str, Call] = {}

# `fn`s that care-core defines but this package does not bind yet: their cases are skipped.
# Anything neither bound nor listed here fails `test_every_vector_fn_is_known`.
PENDING: set[str] = set()

CASES = load_vectors()


def plain(result: Any) -> Any:
    """A result as plain JSON data."""
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, list):
        return [plain(r) for r in result]
    return result


@pytest.mark.parametrize(
    "domain,case", CASES, ids=[f"{d}:{c['name']}" for d, c in CASES] or None
)
def test_vector(domain: str, case: dict[str, Any]) -> None:
    fn = case["fn"]
    if fn not in BOUND:
        pytest.skip(f"{domain}: fn {fn!r} is not bound yet")
    call = BOUND[fn]
    if "error" in case:
        with pytest.raises(care_core.CareError) as info:
            call(case["input"])
        assert info.value.kind == case["error"]["kind"]
        assert str(info.value) == case["error"]["message"]
    else:
        assert plain(call(case["input"])) == case["output"]


def test_every_vector_fn_is_known() -> None:
    unknown = sorted({c["fn"] for _, c in CASES} - set(BOUND) - PENDING)
    assert not unknown, f"vector fns with no Python binding: {unknown}"

