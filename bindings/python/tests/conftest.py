"""Shared helpers of the care_core tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def load_vectors() -> list[tuple[str, dict[str, Any]]]:
    """Every case of every `tests/vectors/*.json` file, as (file stem, case)."""
    cases: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(VECTORS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            cases.append((path.stem, case))
    return cases


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
