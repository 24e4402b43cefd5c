"""The known name nearest to a misspelt one (:mod:`difflib`): what an error suggests for a rules
file's unknown key (:mod:`scheduler.files.rules_keys`), an unknown field given to
:meth:`scheduler.domain.Problem.replace`, an unknown column of ``reschedule --add`` and a unit's, person's,
meeting's or room's name found nowhere (:func:`scheduler.text.names.near_name`): one rule for all."""

from __future__ import annotations

from collections.abc import Iterable


def nearest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The name of ``known`` closest to ``name`` (case aside), or ``None`` when none is close (``cutoff``:
    how alike, 0 to 1; short Chinese column names need less than keys). :mod:`difflib` is imported here,
    where a name is misspelt: every command that reads a table imports this module, few need it."""
    import difflib

    close = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def nearest_tied(name: str, known: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """Every name of ``known`` as close to ``name`` (case aside) as the closest, in ``known``'s order, as
    :func:`nearest` measures; empty when none is close. Two names equally near (``彰西街道办事处``: 彰北 and
    彰东 are each one character off) are both returned, so that neither is told as the one meant."""
    import difflib

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(name.lower())
    scored = []
    for one in known:
        matcher.set_seq1(one)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = matcher.ratio()
            if score >= cutoff:
                scored.append((score, one))
    best = max((score for score, _ in scored), default=None)
    return [one for score, one in scored if score == best]
