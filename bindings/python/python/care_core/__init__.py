"""care_core: a contact center's career map and agent-certification process as rules that
software can run, check and explain.

This package is a thin facade over the compiled module ``care_core._native`` (Rust, over the
``care-core`` crate). Every rule lives in the Rust library; Python only converts types and
errors.

Errors are ``CareError`` subclasses (one per kind); ``str(error)`` is the library's message
whole and ``error.kind`` its stable code (``"unknown_role"``, ``"invalid_score"``...).
Results are read-only objects with attributes, ``to_dict()`` (exactly the JSON the library
writes), a readable ``repr`` and an HTML table in notebooks.
"""

from __future__ import annotations

from . import _native
from ._native import (
    AmbiguousRoleError,
    CareError,
    InvalidCatalogError,
    InvalidDateError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidScorecardError,
    InvalidScoreError,
    ParseError,
    Record,
    TooLargeError,
    UnknownNameError,
    UnknownRoleError,
    error_kinds,
)
from ._native import CareerPolicy, Catalog, Fix, Overview, Role, Troubleshooting, Unit

__version__: str = _native.__version__

__all__ = [
    "AmbiguousRoleError",
    "CareError",
    "InvalidCatalogError",
    "InvalidDateError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidScoreError",
    "InvalidScorecardError",
    "ParseError",
    "Record",
    "TooLargeError",
    "UnknownNameError",
    "UnknownRoleError",
    "error_kinds",
    "CareerPolicy",
    "Catalog",
    "Fix",
    "Overview",
    "Role",
    "Troubleshooting",
    "Unit",
]
