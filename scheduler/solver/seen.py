"""What the checks without a search found of a problem, remembered: never the same check twice.

An explanation asks the same arithmetic of the same table several times: ``solve`` asks whether
there is an obvious clash before its model, ``explain`` asks for the clash itself, then whether the
table has a timetable (first-fit, the packing, the clash without the matching, the matching) before
its model, and again once its core is every rule (the table relaxed to all its rules: the same table).
At 2,000 units (pert, one room) each pass of the arithmetic is 0.3-0.5 s of CPU, 2-4 s of wall at a
load of 15; ``explain(problem, 0.5)`` ran it four times, 13.9 s (docs/benchmarks.md, "Twenty-second
session, issue 16"). Each answer is kept here, by the problem's content (two equal problems are one),
for the last few problems, and only once it is whole: a check the deadline stopped
(:class:`~scheduler.solver.deadline.OutOfTime`) keeps nothing, the parts it finished are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from scheduler.domain import Problem

T = TypeVar("T")

KEPT = 16
"""Problems whose answers are kept (the table, and the table relaxed as the explanation asks): the
shrinking's questions can come back to a table after several others (pert, 100 units: the 16th question
the 8th's table again, two tables made of different lists of rules that relax the same)."""

_SEEN: OrderedDict[Problem, dict[str, object]] = OrderedDict()
_LOCK = threading.Lock()
_MISSING = object()


def _answers(problem: Problem) -> dict[str, object]:
    with _LOCK:
        found = _SEEN.get(problem)
        if found is None:
            found = _SEEN[problem] = {}
            while len(_SEEN) > KEPT:
                _SEEN.popitem(last=False)
        else:
            _SEEN.move_to_end(problem)
        return found


def known(problem: Problem, check: str) -> tuple[bool, object]:
    """Whether ``check`` was answered for ``problem``, and its answer."""
    found = _answers(problem).get(check, _MISSING)
    return found is not _MISSING, None if found is _MISSING else found


def remembered(problem: Problem, check: str, make: Callable[[], T]) -> T:
    """``check``'s answer for ``problem``: the one kept, or ``make()``'s, then kept (not when it
    raises: a check stopped by its deadline is asked again next time)."""
    answers = _answers(problem)
    found = answers.get(check, _MISSING)
    if found is _MISSING:
        found = answers[check] = make()
    return cast(T, found)


def keep(problem: Problem, check: str, answer: object) -> None:
    """Keep ``answer`` as ``check``'s for ``problem``."""
    _answers(problem)[check] = answer


def forget() -> None:
    """Forget every answer (tests that change what a check answers)."""
    with _LOCK:
        _SEEN.clear()
