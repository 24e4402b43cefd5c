"""The lower bounds in pyproject.toml are versions the code runs on (env14 finding 2): pip keeps any
installed version that meets them, so a bound below what the code uses installs cleanly and then fails
at the first solve. Each entry names what the code needs and the first version that has it; the test
holds the declared bound to it, checks the code still uses that name (else the entry is stale), and
that the installed version has it."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

NEEDS: dict[str, tuple[str, tuple[tuple[str, str, str], ...], str]] = {
    # distribution: (lowest version, ((module, attribute path, a source text that uses it), ...), why)
    "ortools": (
        "9.15",
        (("ortools.sat.python.cp_model_helper", "CpModelProto", "CpModelProto()"),),
        "cp_model_helper.CpModelProto (scheduler/solver/cpsat.py, meetings/engine.py): absent in 9.12-9.14",
    ),
    "icalendar": (
        "7.0",
        (
            ("icalendar", "Parameters.always_quoted", "Parameters.always_quoted"),
            ("icalendar", "Parameters.quote_also", "Parameters.quote_also"),
        ),
        "scheduler/invites/lines.py: always_quoted from 6.2, quote_also from 7.0",
    ),
    "pandas": (
        "2.2.2",
        (),
        "ortools 9.15 needs numpy>=2.0.2, and pandas before 2.2.2 does not import with NumPy 2 "
        "('numpy.dtype size changed': tried 2.0.3 and 2.2.1)",
    ),
    "click": ("8.1.3", (), "flask 3.0 needs it"),
}


def declared() -> dict[str, str]:
    """Each dependency's declared lower bound (``name>=X``) in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)\s*(?:;.*)?", requirement.strip())
        if found:
            bounds[found.group(1).lower()] = found.group(2)
    return bounds


def as_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize("name", sorted(NEEDS))
def test_declared_lower_bound_is_what_the_code_needs(name: str):
    lowest, _, why = NEEDS[name]
    bound = declared().get(name)
    assert bound is not None, f"{name} has no lower bound in pyproject.toml"
    assert as_tuple(bound) >= as_tuple(lowest), f"{name}>={bound} is below {lowest}: {why}"


@pytest.mark.parametrize("name", sorted(name for name, need in NEEDS.items() if need[1]))
def test_the_needed_names_are_used_and_installed(name: str):
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "scheduler").rglob("*.py"))
    for module, attributes, used in NEEDS[name][1]:
        assert used in source, f"{used} is no longer in scheduler/: update NEEDS[{name!r}]"
        found: object = importlib.import_module(module)
        for attribute in attributes.split("."):
            found = getattr(found, attribute)
