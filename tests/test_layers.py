"""The folder listing is the architecture: each subpackage of ``scheduler`` is wholly core
(no files, terminals, mail or HTTP) or wholly edge, and the core imports only the core,
a few pure standard-library modules, OR-Tools and pandas (for ``to_dataframe``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "scheduler"
CORE = {"domain", "errors", "text", "rules", "solver", "conflicts"}
"""Top-level modules and subpackages of the core."""
EDGE = {"files", "export", "invites", "mail", "cli"}
"""Subpackages at the edge: they read and write files, talk to terminals and servers."""
ALLOWED = {
    "__future__", "collections", "dataclasses", "datetime", "enum", "functools", "heapq", "itertools", "math",
    "os", "re", "time", "types", "typing", "unicodedata", "ortools", "pandas",
    "importlib", "pkgutil",  # the rule registry finds the rule modules of its own package
    "threading",  # the stop signal's watcher while CP-SAT runs
}  # fmt: skip


def part_of(path: Path) -> str:
    """The top-level module or subpackage a file belongs to (``__init__`` for the package itself)."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions and TYPE_CHECKING blocks too), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("scheduler", *path.relative_to(PACKAGE).parts[:-1]))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", [p for p in MODULES if part_of(p) in CORE], ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_only_core_and_pure_libraries(path):
    outside = set()
    for name in imports(path):
        parts = name.split(".")
        if parts[0] == "scheduler":
            if len(parts) < 2 or parts[1] not in CORE:
                outside.add(name)
        elif parts[0] not in ALLOWED:
            outside.add(name)
    assert not outside, f"{path.relative_to(ROOT)} (core) imports {sorted(outside)}"


def test_every_part_is_either_core_or_edge():
    """A new subpackage must say which layer it belongs to, and docs/architecture.md names it."""
    parts = {part_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert parts == CORE | EDGE
    assert not CORE & EDGE
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [p for p in sorted(parts) if f"`{p}" not in architecture] == []
