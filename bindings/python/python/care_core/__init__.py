"""care_core: a contact center's career map and agent-certification rules, a thin facade over
the compiled ``care_core._native`` (Rust, the ``care-core`` crate) with the names of
docs/api.md, and two pandas helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from . import _native
from ._native import *  # noqa: F403  (the module's public names, listed in __all__ below)

if TYPE_CHECKING:
    import datetime

    import numpy.typing as npt
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__version__: str = _native.__version__


def evaluate_frame(
    scores: npt.ArrayLike, policy: CertPolicy | None = None, index: Any = None
) -> pd.DataFrame:
    """``evaluate_batch`` as a pandas DataFrame, one row per agent: ``status`` (categorical,
    ``STATUS_NAMES``), ``passes`` and ``pass_rate``. ``scores`` is an ``N x calls`` array or
    DataFrame of uint8 (255 = not taken) or float64 (NaN = not taken) scores."""
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if isinstance(scores, pd.DataFrame):
        index = scores.index if index is None else index
        scores = scores.to_numpy()
    arr = _array("scores", scores)
    if arr.dtype != np.uint8:
        arr = _array("scores", arr, dtype=np.float64)
    status, passes, rate = _native.evaluate_batch(arr, policy)
    return pd.DataFrame(
        {"status": _categorical(status, _native.STATUS_NAMES), "passes": passes, "pass_rate": rate},
        index=_index(index, len(status)),
    )


def escalation_frame(
    starts: npt.ArrayLike,
    as_of: datetime.date | str,
    calendar: Calendar | None = None,
    policy: EscalationPolicy | None = None,
    index: Any = None,
) -> pd.DataFrame:
    """``escalation_steps`` as a pandas DataFrame, one row per agent: ``start`` and ``step``
    (categorical, the names of ``STEP_NAMES``). ``starts`` is an array or Series of dates."""
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if isinstance(starts, pd.Series):
        index = starts.index if index is None else index
    days = _array("starts", starts, dtype="datetime64[D]")
    codes = _native.escalation_steps(days, as_of, calendar, policy)
    return pd.DataFrame(
        {"start": days, "step": _categorical(codes, _native.STEP_NAMES)}, index=_index(index, len(codes))
    )


def _array(name: str, value: Any, **options: Any) -> Any:
    """``np.asarray(value, **options)``: numpy's errors, and a masked array (whose masked cells
    numpy would read as the values they hide), are ``InvalidInputError``s naming ``name``."""
    import numpy as np

    try:
        if np.ma.isMaskedArray(value):
            raise ValueError("a masked array: fill its masked cells first (filled)")
        return np.asarray(value, **options)
    except (TypeError, ValueError) as e:
        raise _native.InvalidInputError(f"invalid {name}: {e}") from e


def _index(index: Any, rows: int) -> Any:
    """``index``, which must have one label per row (pandas would repeat a single row)."""
    if index is not None and len(index) != rows:
        raise _native.InvalidInputError(f"invalid index: {len(index)} labels for {rows} rows")
    return index


def _categorical(codes: Any, names: Sequence[str | None]) -> Any:
    """Codes as a pandas Categorical of the named codes only (255 is the last category)."""
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    named = [c for c, n in enumerate(names) if n is not None]
    lookup = np.full(256, -1, dtype=np.int16)
    lookup[named] = np.arange(len(named))
    return pd.Categorical.from_codes(lookup[codes], categories=[names[c] for c in named])


__all__ = sorted(
    [n for n in dir(_native) if not n.startswith("_")]
    + ["__version__", "evaluate_frame", "escalation_frame"]
)
