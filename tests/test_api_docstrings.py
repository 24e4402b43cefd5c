"""Every public name of ``scheduler.__all__`` says what it is (embed16 #6): ``help()`` and an editor's
hover showed nothing for ``Alternatives.count``, ``Score.as_dict``, ``StopSignal.is_set``, the
``text`` overrides and ``ObjectiveName``; ``Unavailable``'s signature showed the private
``FrozenSetField[datetime]`` where the docs say "any collection of times"."""

from __future__ import annotations

import ast
import inspect
import itertools
from pathlib import Path

import scheduler
from scheduler.domain.meetings import Session


def undocumented() -> list[str]:
    """The public names without a docstring of their own: each class and function of ``__all__``,
    each public method and property a class defines itself, and each other value (a type alias,
    a constant) by the string literal under its assignment in its module's source."""
    missing = []
    for name in scheduler.__all__:
        value = getattr(scheduler, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            if not (value.__doc__ or "").strip():
                missing.append(name)
            if inspect.isclass(value):
                missing += [f"{name}.{member}" for member in _members_without(value)]
        elif not _assignment_documented(name):
            missing.append(name)
    return missing


def _members_without(kind: type) -> list[str]:
    out = []
    for member, value in vars(kind).items():
        if member.startswith("_"):
            continue
        function = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
        if (inspect.isfunction(function) or isinstance(value, property)) and not (function.__doc__ or "").strip():
            out.append(member)
    return out


def _assignment_documented(name: str) -> bool:
    """Whether the module that defines ``name`` (as ``scheduler``'s homes list says) follows its
    assignment with a string: the attribute docstring tools such as Sphinx read."""
    module = scheduler._homes()[name]
    source = Path(inspect.getfile(__import__(module, fromlist=["_"]))).read_text(encoding="utf-8")
    for block in ast.walk(ast.parse(source)):  # the module, and blocks such as ``if TYPE_CHECKING:``
        for node, after in itertools.pairwise(getattr(block, "body", [])):
            targets = node.targets if isinstance(node, ast.Assign) else getattr(node, "target", None)
            names = targets if isinstance(targets, list) else [targets]
            if any(isinstance(t, ast.Name) and t.id == name for t in names):
                return isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
    return False


def test_every_public_name_has_a_docstring():
    assert undocumented() == []


def test_a_collection_field_shows_the_collection_it_takes():
    """``Unavailable(unit, starts)`` takes any collection of times, kept as a frozenset: the signature
    says the first, not the private descriptor behind it; a meeting's ``rooms`` likewise."""
    shown = str(inspect.signature(scheduler.Unavailable))
    assert "FrozenSetField" not in shown and "Collection[datetime" in shown, shown
    assert "FrozenSetField" not in str(inspect.signature(Session))
