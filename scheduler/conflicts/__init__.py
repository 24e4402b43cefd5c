"""Conflicts: rule instances that cannot all hold (:mod:`~scheduler.conflicts.conflict`), and how they
are told (:mod:`~scheduler.conflicts.story`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if not TYPE_CHECKING:  # mypy sees the submodule itself; a module __getattr__ would hide typos as Any

    def __getattr__(name: str) -> Any:
        """``scheduler.conflicts.conflict`` imported on first use (PEP 562): the annotation of
        :attr:`scheduler.Result.conflict` names it so, and resolves at run time without every solve
        importing the conflicts (a solve that finds a timetable has none to tell)."""
        if name == "conflict":
            from importlib import import_module

            return import_module(f"{__name__}.conflict")
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
