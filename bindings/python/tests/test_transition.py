"""Career moves and the map: classify, readiness, next_steps, paths, svg / mermaid / dot."""

from __future__ import annotations

import pytest

import care_core
from care_core import Catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.builtin()


def test_classify(catalog: Catalog) -> None:
    m = catalog.classify("Care Rep", "Senior Rep")
    assert isinstance(m, care_core.Move)
    assert m.direction == "promotional"
    assert m.well_matched is True
    assert m.from_["id"] == "care-operations/rep"
    assert m.to["id"] == "care-operations/senior-rep"
    assert "promotional" in m.explain()
    # The module function uses the built-in catalog and answers the same.
    assert care_core.classify("Care Rep", "Senior Rep") == m


def test_unknown_and_ambiguous_roles(catalog: Catalog) -> None:
    with pytest.raises(care_core.UnknownRoleError) as info:
        catalog.classify("Care Rep", "Rep IV")
    assert info.value.kind == "unknown_role"
    assert isinstance(info.value, care_core.CareError) and info.value.code == "UNKNOWN_ROLE"
    with pytest.raises(care_core.AmbiguousRoleError) as amb:
        care_core.paths("Care Rep", "Senior Analyst, Business Analytics")
    assert amb.value.kind == "ambiguous_role"
    assert "use a unit-qualified id" in str(amb.value)
    with pytest.raises(care_core.UnknownNameError):
        catalog.paths("Care Rep", "Senior Rep", units=["Care Ops Center"])
    with pytest.raises(care_core.InvalidInputError):
        catalog.paths("Care Rep", "Senior Rep", k=0)


def test_readiness_from_dict(catalog: Catalog) -> None:
    d = {"current_role": "Care Rep", "months_in_role": {"Care Rep": 2}}
    r = catalog.readiness(d, "Senior Rep")
    assert isinstance(r, care_core.Readiness)
    assert r.eligible is False
    assert care_core.readiness(d, "Senior Rep") == r
    assert catalog.readiness(
        {"current_role": "Care Rep", "months_in_role": {"Care Rep": 8}}, "Senior Rep"
    ).eligible
    with pytest.raises(care_core.InvalidInputError, match="invalid person: unknown field `shoe_size`"):
        catalog.readiness({"current_role": "Care Rep", "shoe_size": 9}, "Senior Rep")


def test_next_steps_and_paths(catalog: Catalog) -> None:
    steps = catalog.next_steps("Care Rep")
    assert steps and all(isinstance(s, care_core.Move) for s in steps)
    found = catalog.paths("Care Rep", "Manager, Customer Care", k=2)
    assert 1 <= len(found) <= 2
    first = found[0]
    assert isinstance(first, care_core.CareerPath)
    assert first.roles[0] == "care-operations/rep"
    assert first.roles[-1] == "care-operations/manager"
    assert len(first.steps) == len(first.roles) - 1
    kept = catalog.paths("Care Rep", "Manager, Customer Care", units=["Care Operations"])
    assert all(r.startswith("care-operations/") for p in kept for r in p.roles)
    assert catalog.paths("Manager, Process", "Care Rep", k=1) == []


def test_map(catalog: Catalog) -> None:
    svg = catalog._repr_svg_()
    assert svg.startswith("<svg")
    path = catalog.paths("Care Rep", "Manager, Customer Care")[0]
    lit = catalog.render_map(highlight=path)
    assert lit != svg and lit == catalog.render_map("svg", highlight=path)
    assert catalog.render_map(highlight=path.roles) == lit
    assert care_core.render_map(highlight=path.roles) == lit
    assert "flowchart" in catalog.render_map("mermaid", highlight=path)
    assert catalog.render_map("dot", units=["Care Operations"]).lstrip().startswith(("digraph", "//"))
    with pytest.raises(care_core.UnknownRoleError):
        catalog.render_map(highlight=["Rep IV"])
    with pytest.raises(care_core.UnknownNameError, match="unknown map format"):
        catalog.render_map("png")
    edges = catalog.map_edges(highlight=path)
    assert edges and all(isinstance(e, care_core.Edge) for e in edges)
    assert care_core.map_edges() == catalog.map_edges()
