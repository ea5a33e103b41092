"""Exceptions: one class per error kind, messages kept whole, no panic reaching Python."""

from __future__ import annotations

import pytest

import care_core
from care_core import CareError

CLASSES = {
    "unknown_role": care_core.UnknownRoleError,
    "ambiguous_role": care_core.AmbiguousRoleError,
    "unknown_name": care_core.UnknownNameError,
    "invalid_input": care_core.InvalidInputError,
    "invalid_score": care_core.InvalidScoreError,
    "invalid_policy": care_core.InvalidPolicyError,
    "invalid_catalog": care_core.InvalidCatalogError,
    "invalid_scorecard": care_core.InvalidScorecardError,
    "invalid_date": care_core.InvalidDateError,
    "parse": care_core.ParseError,
    "too_large": care_core.TooLargeError,
}


def test_every_kind_has_a_class() -> None:
    assert care_core.error_kinds() == list(CLASSES)


@pytest.mark.parametrize("kind", list(CLASSES))
def test_class_shape(kind: str) -> None:
    cls = CLASSES[kind]
    assert issubclass(cls, CareError)
    assert issubclass(cls, ValueError)
    assert issubclass(cls, Exception)
    assert cls.kind == kind and cls.code == kind.upper()
    assert cls.__module__ == "care_core"
    assert cls.__doc__
    assert cls.__name__.endswith("Error")


def test_an_unknown_role_is_a_lookup_error() -> None:
    assert issubclass(care_core.UnknownRoleError, LookupError)
    assert [c for c in CLASSES.values() if issubclass(c, LookupError)] == [care_core.UnknownRoleError]
    with pytest.raises(LookupError) as info:
        care_core.Catalog.builtin().lookup("Astronaut")
    assert isinstance(info.value, CareError) and info.value.kind == "unknown_role"
    assert info.value.suggestion is None or isinstance(info.value.suggestion, str)


def test_classes_are_distinct() -> None:
    assert len(set(CLASSES.values())) == len(CLASSES)
    assert CareError not in CLASSES.values()


def test_a_panic_becomes_a_care_error() -> None:
    with pytest.raises(CareError) as info:
        care_core._native._check_panic_guard()
    assert type(info.value) is CareError
    assert info.value.kind == "internal"
    assert str(info.value) == "internal error in care-core (please report it): boundary check"
    # The interpreter is still fine afterwards.
    with pytest.raises(CareError):
        care_core._native._check_panic_guard()


def test_version() -> None:
    assert isinstance(care_core.__version__, str)
    assert care_core.__version__.count(".") == 2
