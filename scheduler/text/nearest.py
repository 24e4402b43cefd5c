"""The known name nearest to a misspelt one (:mod:`difflib`): what an error suggests for a rules
file's unknown key (:mod:`scheduler.files.rules_keys`) and for an unknown field given to
:meth:`scheduler.domain.Problem.replace`, one rule for both."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(name: str, known: Iterable[str]) -> str | None:
    """The name of ``known`` closest to ``name`` (case aside), or ``None`` when none is close."""
    close = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None
