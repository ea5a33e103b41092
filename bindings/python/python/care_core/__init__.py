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

from typing import TYPE_CHECKING, Any

from . import _native
from ._native import (
    Standing,
    standing,
    Cohort,
    CohortPolicy,
    Forecast,
    Pairing,
    ProgressNote,
    Report,
    forecast,
    import_tracker,
    neutralize_csv_cell,
    pair,
    parse_note,
    parse_notes,
    report,
    CareerPath,
    Move,
    Person,
    Readiness,
    classify,
    next_steps,
    paths,
    readiness,
    BudgetCheck,
    Calendar,
    EscalationPolicy,
    EscalationStatus,
    Timeline,
    cert_session_budget,
    combined_budget,
    escalation_steps,
    status,
    tbt_budget,
    timeline,
    AmbiguousRoleError,
    AuditResult,
    CareError,
    CareerPolicy,
    Catalog,
    CertPolicy,
    Decision,
    Evaluation,
    Fix,
    InvalidCatalogError,
    InvalidDateError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidScoreError,
    InvalidScorecardError,
    Overview,
    ParseError,
    Record,
    Role,
    Scorecard,
    ScorecardScore,
    TooLargeError,
    Troubleshooting,
    Unit,
    UnknownNameError,
    UnknownRoleError,
    call_verdict,
    decide,
    error_kinds,
    evaluate,
    evaluate_batch,
    evaluate_scores,
    file_stem,
    pass_rate,
    qa_audit,
)

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__version__: str = _native.__version__

#: The status codes the batch functions write, by code.
STATUS_NAMES: tuple[str, ...] = ("in_progress", "certified", "failed")


def evaluate_frame(
    scores: npt.ArrayLike, policy: CertPolicy | None = None, index: Any = None
) -> pd.DataFrame:
    """``evaluate_batch`` as a pandas DataFrame: columns ``status`` (categorical: in_progress,
    certified, failed), ``passes`` and ``pass_rate``, one row per agent. Needs pandas.

    ``scores`` is an ``N x calls`` array (or DataFrame) of uint8 (255 = not taken) or float64
    (NaN = not taken) scores.
    """
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if isinstance(scores, pd.DataFrame):
        if index is None:
            index = scores.index
        scores = scores.to_numpy()
    arr = np.asarray(scores)
    if arr.dtype != np.uint8:
        arr = arr.astype(np.float64, copy=False)
    status, passes, rate = evaluate_batch(arr, policy)
    return pd.DataFrame(
        {
            "status": pd.Categorical.from_codes(status, categories=list(STATUS_NAMES)),
            "passes": passes,
            "pass_rate": rate,
        },
        index=index,
    )


__all__ = [
    "Standing",
    "standing",
    "Cohort",
    "CohortPolicy",
    "Forecast",
    "Pairing",
    "ProgressNote",
    "Report",
    "forecast",
    "import_tracker",
    "neutralize_csv_cell",
    "pair",
    "parse_note",
    "parse_notes",
    "report",
    "CareerPath",
    "Move",
    "Person",
    "Readiness",
    "classify",
    "next_steps",
    "paths",
    "readiness",
    "BudgetCheck",
    "Calendar",
    "EscalationPolicy",
    "EscalationStatus",
    "Timeline",
    "cert_session_budget",
    "combined_budget",
    "escalation_steps",
    "status",
    "tbt_budget",
    "timeline",
    "AmbiguousRoleError",
    "AuditResult",
    "CareError",
    "CareerPolicy",
    "Catalog",
    "CertPolicy",
    "Decision",
    "Evaluation",
    "Fix",
    "InvalidCatalogError",
    "InvalidDateError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidScoreError",
    "InvalidScorecardError",
    "Overview",
    "ParseError",
    "Record",
    "Role",
    "STATUS_NAMES",
    "Scorecard",
    "ScorecardScore",
    "TooLargeError",
    "Troubleshooting",
    "Unit",
    "UnknownNameError",
    "UnknownRoleError",
    "call_verdict",
    "decide",
    "error_kinds",
    "evaluate",
    "evaluate_batch",
    "evaluate_frame",
    "evaluate_scores",
    "file_stem",
    "pass_rate",
    "qa_audit",
]

# Arrow in and out (bindings/python/src/arrow.rs): batches and streams through the Arrow
# PyCapsule interface.
from ._native import ArrowStream, escalation_arrow, evaluate_arrow  # noqa: E402

__all__ += ["ArrowStream", "escalation_arrow", "evaluate_arrow"]
