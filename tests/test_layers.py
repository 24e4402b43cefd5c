"""The core knows nothing of files, terminals or mail: its modules import only each other,
a few pure standard-library modules, OR-Tools, and pandas (for ``to_dataframe``)."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

CORE = [
    "alternatives", "checker", "cpsat", "domain", "errors", "explain", "greedy", "messages", "model",
    "neighbourhood", "objectives", "reasons", "replan", "rooms", "rules", "solver", "tidy", "times",
]  # fmt: skip
EDGE = [
    "addresses", "annex", "changes", "cli", "contacts", "display", "encodings", "excel", "export_docx",
    "export_html", "export_xlsx", "files", "invitefiles", "invites", "invitesettings", "invitestate", "load",
    "mailer", "mailjournal", "mailmessage", "output", "rulesfile", "sending", "tables",
]  # fmt: skip
ALLOWED = {
    "__future__", "collections", "dataclasses", "datetime", "functools", "itertools", "math", "os", "re",
    "time", "types", "typing", "unicodedata", "ortools", "pandas",
}  # fmt: skip


def imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "scheduler" / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add(f".{node.module}" if node.level else (node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_only_core_and_pure_libraries(module):
    outside = {name for name in imports(module) if name.lstrip(".") not in CORE and name not in ALLOWED}
    assert not outside, f"scheduler/{module}.py imports {sorted(outside)}"


def test_every_module_is_either_core_or_edge():
    """A new module must say which layer it belongs to (and docs/architecture.md lists it)."""
    modules = {p.stem for p in (ROOT / "scheduler").glob("*.py")} - {"__init__"}
    assert modules == set(CORE) | set(EDGE)
    assert not set(CORE) & set(EDGE)
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [m for m in sorted(modules) if f"`{m}.py`" not in architecture] == []
