"""``stable``: the units a timetable moves, put back into the places they took, each as near its own hour as can be.

The greedy places the units that must move one at a time, each as near its hour as it can
when its turn comes, so a unit placed early may take the place a later one needed more. Given
which units moved and the places they ended in, a minimum-cost assignment of those units to
those same places (each at its distance in slots from its reference hour) can only lower the
displacement, and moves no one else: the same places are taken, so every room holds what it
held and every hour's categories are those it had.

Only units alone in their room (a place anyone may take) and in no link are exchanged, within
their category (the category order then holds as before), each only into an hour no rule
forbids it. The result is checked like any other timetable by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from scheduler.domain import Meeting, Problem, Timetable
from scheduler.rules.registry import blocked_slots, follows, phases


def polish(problem: Problem, timetable: Timetable, reference: Mapping[str, int]) -> Timetable | None:
    """``timetable`` with its moved units exchanged among their places to move them less, or
    ``None`` if no exchange helps."""
    from ortools.graph.python import linear_sum_assignment  # type: ignore[import-untyped]

    calendar = problem.calendar
    places: dict[tuple[int, str | None], list[str]] = defaultdict(list)
    for meeting in timetable.meetings:
        if meeting.start is not None:
            places[(calendar.index(meeting.start), meeting.room)].append(meeting.unit)
    chained = {name for pair in follows(problem) for name in pair}
    blocked = blocked_slots(problem)
    phase = phases(problem)
    movers: dict[int | None, list[tuple[str, int, str | None]]] = defaultdict(list)
    for (t, room), names in places.items():
        name = names[0]
        r = reference.get(name)
        if len(names) == 1 and r is not None and r != t and name not in chained:
            movers[phase.get(name)].append((name, t, room))
    moved: dict[str, tuple[int, str | None]] = {}
    for group in movers.values():
        if len(group) < 2:
            continue
        solver = linear_sum_assignment.SimpleLinearSumAssignment()
        for i, (name, _, _) in enumerate(group):
            barred = blocked.get(name, frozenset())
            for j, (_, t, _) in enumerate(group):
                if t not in barred:
                    solver.add_arc_with_cost(i, j, abs(t - reference[name]))
        if solver.solve() != solver.OPTIMAL:
            continue
        before = sum(abs(t - reference[name]) for name, t, _ in group)
        if solver.optimal_cost() >= before:
            continue
        for i, (name, _, _) in enumerate(group):
            _, t, room = group[solver.right_mate(i)]
            moved[name] = (t, room)
    if not moved:
        return None
    return Timetable(
        tuple(
            Meeting(m.unit, calendar.slots[moved[m.unit][0]], moved[m.unit][1]) if m.unit in moved else m
            for m in timetable.meetings
        )
    )
