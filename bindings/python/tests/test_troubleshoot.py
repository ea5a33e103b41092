"""Troubleshooting lookups and the behaviour every result shares."""

from __future__ import annotations

import json

import pytest

import care_core
from care_core import Troubleshooting


def test_lookup_by_symptom() -> None:
    fix = Troubleshooting.builtin().lookup("Zoiper says 20 error")
    assert fix.entry["id"] == "cti-login-or-20-error"
    assert fix.entry["steps"] == ["Reboot the computer."]
    assert care_core.troubleshoot("Zoiper says 20 error") == fix
    assert isinstance(fix, care_core.Fix)
    d = fix.to_dict()
    assert d["entry"]["id"] == "cti-login-or-20-error"
    assert list(d) == ["entry", "matched", "reasons", "policy"]
    assert json.loads(fix.to_json()) == d
    assert fix.reasons[0]["rule"] == "troubleshoot.keywords"
    assert fix.policy["id"] == Troubleshooting.builtin().id
    assert fix == Troubleshooting.builtin().lookup("Zoiper says 20 error")
    assert repr(fix).startswith("Fix(entry={...}, matched=[")
    assert "<table" in fix._repr_html_()
    # to_dict() is a fresh copy each time
    d["entry"]["id"] = "changed"
    assert fix.to_dict()["entry"]["id"] == "cti-login-or-20-error"


def test_unknown_symptom() -> None:
    with pytest.raises(care_core.UnknownNameError) as info:
        Troubleshooting.builtin().lookup("the coffee machine is broken")
    assert info.value.kind == "unknown_name"
    assert str(info.value).startswith('unknown symptom "the coffee machine is broken"')
    with pytest.raises(AttributeError):
        Troubleshooting.builtin().lookup("frozen screen").nope  # noqa: B018


def test_bad_files() -> None:
    with pytest.raises(care_core.ParseError) as info:
        Troubleshooting.from_toml("id = ")
    assert str(info.value).startswith("failed to parse TOML at line 1")
    with pytest.raises(care_core.ParseError):
        Troubleshooting.from_json("{")
    text = json.dumps({"id": "x", "version": "1", "entries": [
        {"id": "", "symptom": "s", "keywords": [], "steps": []}]})
    with pytest.raises(care_core.InvalidPolicyError) as pinfo:
        Troubleshooting.from_json(text)
    assert [p["place"] for p in pinfo.value.problems] == [
        "entries[0].id", "entries[0].keywords", "entries[0].steps"]
    assert Troubleshooting.builtin().to_dict()["entries"]
