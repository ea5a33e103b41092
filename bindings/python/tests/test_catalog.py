"""The career map: lookups, filters and errors."""

from __future__ import annotations

import json

import pytest

import care_core
from care_core import Catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.builtin()


def test_builtin(catalog: Catalog) -> None:
    assert len(catalog) == len(catalog.roles()) == 41
    assert len(catalog.units()) == 7
    assert catalog.policy["lowest_grade"] == 105 and catalog.policy["highest_grade"] == 109
    assert repr(catalog).startswith("Catalog(")
    d = catalog.to_dict()
    assert set(d) >= {"policy", "units", "roles"}
    assert json.loads(catalog.to_json()) == d
    assert Catalog.from_json(catalog.to_json()).to_dict() == d
    assert Catalog.from_toml(catalog.to_toml()).to_dict() == d
    assert Catalog.from_toml(Catalog.builtin_toml()).to_dict() == d


def test_lookup(catalog: Catalog) -> None:
    rep = catalog.lookup("care-operations/rep")
    assert isinstance(rep, care_core.Role)
    assert rep.unit == "care-operations"
    assert 105 <= rep.grade <= 109
    assert catalog.lookup(rep.id) == rep
    senior = catalog.lookup("Sr. Rep")
    assert senior.id == "care-operations/senior-rep"
    assert catalog.unit("Care Operations").id == "care-operations"
    assert all(r.grade == 105 for r in catalog.roles(grade=105))
    assert all(r.track == "leadership" for r in catalog.roles(track="lead"))
    assert catalog.overview().total_roles == 41


def test_lookup_errors(catalog: Catalog) -> None:
    with pytest.raises(care_core.UnknownRoleError) as info:
        catalog.lookup("Senoir Rep")
    assert info.value.kind == "unknown_role"
    assert str(info.value).startswith('unknown role "Senoir Rep"')
    assert info.value.suggestion is not None
    assert info.value.suggestion in str(info.value)
    with pytest.raises(care_core.AmbiguousRoleError) as amb:
        catalog.lookup("Senior Analyst, Business Analytics")
    assert "ambiguous" in str(amb.value)
    with pytest.raises(care_core.InvalidInputError):
        catalog.lookup("")
    with pytest.raises(care_core.UnknownNameError):
        catalog.unit("Nowhere")
    with pytest.raises(care_core.UnknownNameError):
        catalog.roles(track="astronaut")
    with pytest.raises(care_core.UnknownRoleError):
        catalog.lookup("x" * 100_000)
    with pytest.raises(care_core.InvalidInputError, match="invalid grade"):
        catalog.roles(grade="105")


def test_bad_catalogs() -> None:
    with pytest.raises(care_core.ParseError):
        Catalog.from_toml("[[roles]\n")
    data = Catalog.builtin().to_dict()
    data["roles"][0]["grade"] = 999
    data["roles"][1]["unit"] = "nowhere"
    with pytest.raises(care_core.InvalidCatalogError) as info:
        Catalog.from_json(json.dumps(data))
    assert len(info.value.problems) >= 2
    assert str(info.value).startswith("invalid catalog: ")
    for p in info.value.problems:
        assert f"{p['place']}: {p['message']}" in str(info.value)
