"""Clashes proven by counting alone, told by their figures, before any search.

``solve`` and ``explain`` both ask :func:`counted_clash` first: the units do not fit at all
(too many for the rooms and meeting times, whatever the rules: nothing to blame but the
number), or they fit only if categories shared meeting times, which the category order never
allows (23 部门 and 25 镇办 in 24 meeting times of two rooms of one: 48 places for 48 units,
but 12 + 13 = 25 meeting times). ``explain`` asks :func:`crowded_conflict` when a unit's own
limits leave the other side of the order too few meeting times (a 村 pinned to the 8th hour
with 48 局, 街道 and 镇 to come before it, which need 18).

A count is a proof, found in milliseconds at any size; the deletion search it replaces spent
its whole time limit at 110 units and still listed every unit, "maybe not the fewest". A count
is not shrunk: the list says which rules the count rests on, the count says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from scheduler.domain import Problem, labels
from scheduler.rules.registry import named_instances, phase_reasons
from scheduler.solver.counting import Count, category_counts, everyone
from scheduler.text.messages import Message

if TYPE_CHECKING:
    from scheduler.conflicts.conflict import Conflict
    from scheduler.solver.clash import Crowded
    from scheduler.solver.hall import Hall


def counted_clash(problem: Problem) -> Conflict | None:
    """The units do not fit by counting (then no search can help), or ``None``: too many for the
    meeting times whatever the rules (``too_many``: no instance to blame), else too many once
    categories keep to meeting times of their own (every unit's place in the order, counted)."""
    slots = len(problem.calendar)
    total = everyone(problem)
    if total.slots > slots:
        from scheduler.conflicts.conflict import Conflict  # a clash told: not every solve (nor its import)

        per_slot = total.per_slot if total.seats_decide else 0
        return Conflict(problem, (), too_many=True, needed=total.slots, groups=total.groups, per_slot=per_slot)
    counts = category_counts(problem)
    if sum(c.slots for c in counts.values()) <= slots:
        return None
    from scheduler.conflicts.conflict import Conflict

    reasons = phase_reasons(problem)
    counted = tuple(reasons[u.name] for u in problem.units if u.name in reasons)
    calendar = problem.calendar
    count = Message(
        "why.count.categories",
        **_figures(counts),
        total=_total(counts),
        slots=slots,
        days=len(calendar.days),
        hours=len(calendar.hours),
    )
    return Conflict(problem, counted, minimal=False, count=count, counted=counted)


def crowded_conflict(problem: Problem, crowded: Crowded) -> Conflict:
    """A unit whose free times leave the other side of the order too few meeting times, told by
    the count: the unit's place and limits, then every other unit's place en bloc."""
    from scheduler.conflicts.conflict import Conflict  # a clash told: not every solve

    counts = category_counts(problem, crowded.others)
    reasons = phase_reasons(problem)
    counted = tuple(reasons[u] for u in crowded.others)
    count = Message(
        "why.count.before" if crowded.before else "why.count.after",
        unit=crowded.unit,
        category=problem.unit(crowded.unit).category,
        time=problem.calendar.slots[crowded.bound],
        count=len(crowded.others),
        categories=tuple(counts),
        **_figures(counts),
        total=_total(counts),
        slots=crowded.room,
    )
    return Conflict(problem, (*crowded.own, *counted), minimal=False, count=count, counted=counted)


def _figures(counts: dict[str, Count]) -> dict[str, tuple[Message, ...]]:
    """Each category's figure (``parts``), and what limits a meeting time (``limits``, said once):
    the groups, where they decide some category's figure; else the units a meeting time receives,
    when that is the same for every category (else each category says its own)."""
    grouped = any(n.by_seats < n.by_groups for n in counts.values())
    seats = {n.per_slot for n in counts.values() if n.by_seats >= n.by_groups}
    once = len(seats) == 1 and not grouped
    parts = []
    for c, n in counts.items():
        if n.by_seats < n.by_groups:
            parts.append(Message("why.count.groups", category=c, units=n.units, groups=n.groups, needed=n.slots))
        else:
            key = "why.count.seats" if once else "why.count.seats_own"
            parts.append(Message(key, category=c, units=n.units, needed=n.slots, per_slot=n.per_slot))
    rooms = next(iter(counts.values())).rooms
    limits = [Message("why.count.limit_groups", rooms=rooms)] if grouped else []
    limits += [Message("why.count.limit_seats", per_slot=p) for p in seats if once]
    return {"limits": tuple(limits), "parts": tuple(parts)}


def _total(counts: dict[str, Count]) -> str:
    """``12 + 13 = 25``, or the one figure."""
    figures = [str(n.slots) for n in counts.values()]
    whole = str(sum(n.slots for n in counts.values()))
    return whole if len(figures) == 1 else f"{' + '.join(figures)} = {whole}"


RUNS = 6
"""The most runs of following meeting times a Hall set's sentence names."""
GROUPS = 5
"""The most groups of units with the same unavailability the sentence names (the most first)."""


def hall_conflict(problem: Problem, hall: Hall, minimal: bool = False) -> Conflict:
    """Units that can only meet in too few places (:func:`~scheduler.solver.hall.hall_clash`), told by
    the count: which units, which meeting times (runs of following ones, not one by one), and what closes
    the others to them, grouped as a clerk acts on it ("212 units cannot come at 9月2日 8:00-12:00");
    the set's own rules en bloc when it is more units than a sentence names. ``minimal``: the solver confirmed that
    without any one of its rules the rest have a timetable."""
    from scheduler.conflicts.conflict import Conflict  # a clash told: not every solve
    from scheduler.conflicts.story import MOST
    from scheduler.rules.category_order import RULE as CATEGORY_ORDER
    from scheduler.rules.pinned import RULE as PINNED
    from scheduler.rules.unavailable import RULE as UNAVAILABLE

    categories = tuple(dict.fromkeys(c for u in hall.units if (c := problem.unit(u).category)))
    parts: list[Message] = []
    blocked: dict[frozenset[datetime], list[str]] = {}
    pinned = ordered = 0
    entries: dict[str, set[datetime]] = {}
    for entry in problem.unavailable:
        entries.setdefault(entry.unit, set()).update(entry.starts)
    for instance in hall.own:
        if instance.rule == UNAVAILABLE.name:
            blocked.setdefault(frozenset(entries.get(instance.unit, ())), []).append(instance.unit)
        pinned += instance.rule == PINNED.name
        ordered += instance.rule == CATEGORY_ORDER.name
    if len(blocked) <= GROUPS:  # units with the same unavailability, a clause each
        for times, units in sorted(blocked.items(), key=lambda kv: -len(kv[1])):
            told = problem.calendar.describe(sorted(times))
            shown = told[:4] + (["…"] if len(told) > 4 else [])
            parts.append(Message("why.hall.unavailable", count=len(units), times=shown))
    else:  # each its own times (QA's s4: each unit its published half-day): the times most of them share
        runs = Counter(
            run for times, units in blocked.items() for run in problem.calendar.describe(sorted(times)) for _ in units
        )
        common = [Message("why.hall.time_count", time=run, count=k) for run, k in runs.most_common(3)]
        parts.append(Message("why.hall.unavailable_own", count=sum(map(len, blocked.values())), common=common))
    if pinned:
        parts.append(Message("why.hall.pinned", count=pinned))
    if ordered:
        parts.append(Message("why.hall.order", count=ordered, categories=categories))
    count = Message(
        "why.hall",
        units=len(hall.units),
        who=list(hall.units) if len(hall.units) <= MOST else _more(hall.units, MOST),
        slots=len(hall.slots),
        times=_runs(problem, hall.slots),
        places=hall.places,
        alone=Message("why.hall.alone") if _one_to_a_room(problem, hall.units, hall.places) else "",
        room=hall.room,
        closed=Message("why.hall.closed", parts=tuple(parts)) if parts else "",
    )
    bulk = hall.own if len(hall.units) > MOST else ()
    order = {inst: i for i, inst in enumerate(named_instances(problem))}
    ordered_all = tuple(sorted(hall.instances, key=lambda i: order.get(i, len(order))))
    fewest = hall.fewest and not minimal
    unasked = not hall.fewest and not minimal
    return Conflict(problem, ordered_all, minimal=minimal, count=count, counted=bulk, fewest=fewest, unasked=unasked)


def _one_to_a_room(problem: Problem, units: Sequence[str], places: int) -> bool:
    """Whether ``places`` is fewer than the rooms hold because ``units`` belong to no parallel group (each
    meets alone, one to a room): said, or a clerk who set a capacity of 2 reads "at most 1" unexplained."""
    held = sum(room.capacity for room in problem.rooms)
    return places == len(problem.rooms) < held and not any(labels(problem.unit(u)) for u in units)


def _more(units: Sequence[str], most: int) -> Message:
    """The first ``most`` units and how many more."""
    return Message("why.and_more", units=list(units[:most]), more=len(units) - most)


def _runs(problem: Problem, slots: Sequence[int]) -> Message | list[Message | datetime]:
    """The meeting times ``slots`` as runs of following ones (by index): the first and the last of each."""
    at = problem.calendar.slots
    runs: list[tuple[int, int]] = []
    for t in slots:
        if runs and runs[-1][1] == t - 1:
            runs[-1] = (runs[-1][0], t)
        else:
            runs.append((t, t))
    said: list[Message | datetime] = [
        at[a] if a == b else Message("why.hall.run", first=at[a], last=at[b]) for a, b in runs[:RUNS]
    ]
    if len(runs) > RUNS:
        return Message("why.hall.runs_more", runs=said, more=len(runs) - RUNS)
    return said
