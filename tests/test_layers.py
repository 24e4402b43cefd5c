"""The folder listing is the architecture: each subpackage of ``scheduler`` is wholly core
(no files, terminals, mail or HTTP) or wholly edge, and the core imports only the core,
a few pure standard-library modules, OR-Tools and pandas (for ``to_dataframe``).

The parts are in a package order (:data:`CORE` then :data:`EDGE`, lowest first): a part
imports only parts before it, and no module imports itself back through others,
counting imports inside functions and under ``TYPE_CHECKING`` (they are the design's
dependencies too). docs/architecture.md says why the order is what it is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "scheduler"
CORE = ("text", "errors", "domain", "rules", "conflicts", "solver", "meetings")
"""Top-level modules and subpackages of the core, in package order (lowest first)."""
EDGE = ("files", "export", "invites", "mail", "replies", "web", "cli")
"""Subpackages at the edge (they read and write files, talk to terminals and servers), in package order."""
ORDER = (*CORE, *EDGE[:5], "__init__", *EDGE[5:], "__main__")
"""Every part, lowest first. The package's ``__init__`` (the public API) re-exports the core and
``files.load``; the web app and the command line may use it as any client would."""
ALLOWED = {
    "__future__", "bisect", "collections", "dataclasses", "datetime", "enum", "functools", "heapq", "itertools", "math",
    "os", "re", "time", "types", "typing", "unicodedata", "ortools", "pandas",
    "importlib", "pkgutil",  # the rule registry finds and imports the rule modules of its own package
    "threading",  # the stop signal's watcher while CP-SAT runs
    "ctypes",  # glibc's malloc_trim: the memory CP-SAT's presolve freed, given back before the search's guard
    "contextlib", "contextvars",  # a meeting call's stop signal, held for every step beneath it (one per thread)
    "numpy",  # pandas's own arrays: the displacement program's reduced costs and prices (solver/shifts.py)
    "random",  # the meetings' ruin and recreate, seeded: the same timetable and time give the same moves
    "zoneinfo",  # a calendar's zone looked up in the IANA database (standard library, as datetime is)
    "difflib",  # the known name nearest a misspelt one (text/nearest.py): a rules key's, a Problem field's
    "sys", "resource",  # the memory guard: which system's call reads the process's size; its peak elsewhere
    "array",  # the meeting board's counts per clock step, 4 bytes a step (meetings/board.py)
}  # fmt: skip


def part_of(path: Path) -> str:
    """The top-level module or subpackage a file belongs to (``__init__`` for the package itself)."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def module_name(path: Path) -> str:
    """``scheduler/rules/base.py`` -> ``scheduler.rules.base`` (a package by its own name)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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
    assert parts == set(CORE) | set(EDGE)
    assert not set(CORE) & set(EDGE)
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [p for p in sorted(parts) if f"`{p}" not in architecture] == []


def graph() -> dict[str, set[str]]:
    """Module -> the modules of ``scheduler`` it imports (a name imported from a module counts as
    that module; ``from scheduler.rules import base`` as ``scheduler.rules.base``)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules and "." in target:
                    target = target.rpartition(".")[0]
                if target in modules and target != name:
                    found.add(target)
        # ``from x import y`` names the module ``x.y`` when there is one, else ``x`` itself
        edges[name] = found
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": {"e"}, "f": set()}
    assert sorted(cycles(edges)) == [["a", "b", "c"], ["e", "e2"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_anywhere():
    """Counting imports inside functions and under TYPE_CHECKING: they are dependencies too."""
    assert cycles(graph()) == []


def test_parts_import_only_parts_below_them():
    rank = {part: i for i, part in enumerate(ORDER)}
    upward = set()
    for module, targets in graph().items():
        source = part_of(PACKAGE.parent / (module.replace(".", "/") + ".py")) if "." in module else "__init__"
        for target in targets:
            part = target.split(".")[1] if target.count(".") else "__init__"
            part = part if part in rank else "__init__"
            if part != source and rank[part] > rank[source]:
                upward.add(f"{module} -> {target}")
    assert sorted(upward) == []


LONGEST = 60
"""Lines a function body (its docstring aside) may take without a reason written beside it."""
REASON = re.compile(r"\bLong( on purpose| because|:)")


def long_functions() -> list[str]:
    """Functions over :data:`LONGEST` lines whose docstring, or a comment just above them, gives no reason."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            docstring = ast.get_docstring(node) or ""
            body = node.body[1:] if docstring and len(node.body) > 1 else node.body
            if node.end_lineno - body[0].lineno + 1 <= LONGEST:
                continue
            top = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            above = "\n".join(lines[max(0, top - 4) : top - 1])
            if not REASON.search(docstring) and not REASON.search(above):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_long_functions_say_why():
    """Small functions read best; a long one says why it is long (``# Long: ...`` above it, or its docstring)."""
    assert long_functions() == []
