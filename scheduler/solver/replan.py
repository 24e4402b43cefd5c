"""Replanning: apply a change to a published timetable and move as few units as possible.

A :class:`Changes` says what is new: times a unit cannot come, units pinned to a
time, units withdrawn, units added, units that must now follow one another. :func:`apply_changes` turns the problem into
the changed one (the published times stay its ``reference``); :func:`replan`
solves it with the ``stable`` objective: fewest units moved, then the smallest
total displacement in slots, then the earliest finish. An added unit has no
published time, so it counts as moved whatever happens.

How changes combine (docs/replanning.md): withdrawn units go first, with their
pins, unavailability and links; then added units join the end of the table;
then unavailability is added to what the unit already had, a new pin
replaces the unit's old pin, and new links join the old ones (they may name
added units).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scheduler.domain import Link, Pin, Problem, Timetable, Unavailable, Unit
from scheduler.errors import ArgumentError, ProblemError, need, need_tuple
from scheduler.solver.deadline import Deadline, ProgressCallback, StopSignal, deadline_of
from scheduler.solver.pipeline import solve_within
from scheduler.solver.result import Result
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Changes:
    """What changed since the timetable was published.

    ``unavailable``: more times units cannot come; ``pins``: units that must meet
    at a given time; ``drop``: units withdrawn; ``add``: new units (name,
    category, parallel group); ``links``: units that must now meet directly after
    another, the same day.
    """

    unavailable: tuple[Unavailable, ...] = ()
    pins: tuple[Pin, ...] = ()
    drop: tuple[str, ...] = ()
    add: tuple[Unit, ...] = ()
    links: tuple[Link, ...] = ()

    def __post_init__(self) -> None:
        need_tuple("Changes.drop", self.drop, str, ArgumentError, Message("kind.names"))
        for name, kind in (("unavailable", Unavailable), ("pins", Pin), ("add", Unit), ("links", Link)):
            need_tuple(f"Changes.{name}", getattr(self, name), kind, ArgumentError)

    def __bool__(self) -> bool:
        return bool(self.unavailable or self.pins or self.drop or self.add or self.links)


def apply_changes(problem: Problem, changes: Changes) -> Problem:
    """The problem after ``changes``; its ``reference`` keeps the published times of the units left.

    Raises :class:`~scheduler.errors.ProblemError` for a change naming an
    unknown unit, adding a unit that exists, pinning a unit twice, or a link that
    gives a unit two neighbours on one side or closes a circle.
    """
    need("problem", problem, Problem)
    need("changes", changes, Changes)
    dropped = _dropped(problem, changes.drop)
    units = [u for u in problem.units if u.name not in dropped]
    names = {u.name for u in units}
    for unit in changes.add:
        if unit.name in names or unit.name in dropped:
            raise ProblemError(Message("replan.add_exists", unit=unit.name))
        names.add(unit.name)
        units.append(unit)

    new_pins: dict[str, Pin] = {}
    for pin in changes.pins:
        _known(names, pin.unit)
        if pin.unit in new_pins and new_pins[pin.unit].start != pin.start:
            raise ProblemError(Message("replan.pinned_twice", unit=pin.unit))
        new_pins[pin.unit] = pin
    pins = [p for p in problem.pins if p.unit not in dropped and p.unit not in new_pins]
    pins += new_pins.values()

    # A unit's only entry, which no change adds to, is kept as it is: it keeps its slot numbers
    # (Problem.replace) instead of being numbered again (0.25 s a copy at 5,000 units). The others
    # are merged, one entry a unit.
    entries = Counter(e.unit for e in problem.unavailable)
    touched = {e.unit for e in changes.unavailable}
    blocked: dict[str, Unavailable | set[datetime]] = {}
    for entry in problem.unavailable:
        if entry.unit in dropped:
            continue
        if entries[entry.unit] == 1 and entry.unit not in touched:
            blocked[entry.unit] = entry
        else:
            merged = blocked.setdefault(entry.unit, set())
            assert isinstance(merged, set)
            merged.update(entry.starts)
    for entry in changes.unavailable:
        _known(names, entry.unit)
        merged = blocked.setdefault(entry.unit, set())
        assert isinstance(merged, set)
        merged.update(entry.starts)
    unavailable = tuple(
        kept if isinstance(kept, Unavailable) else Unavailable(unit, frozenset(kept)) for unit, kept in blocked.items()
    )

    links = tuple(k for k in problem.links if k.first not in dropped and k.then not in dropped)
    for link in changes.links:
        _known(names, link.first)
        _known(names, link.then)
    links += tuple(changes.links)
    reference = None
    if problem.reference is not None:
        reference = Timetable(tuple(m for m in problem.reference.meetings if m.unit not in dropped))
    return problem.replace(
        units=tuple(units),
        pins=tuple(pins),
        unavailable=unavailable,
        links=links,
        reference=reference,
    )


def _dropped(problem: Problem, names: Iterable[str]) -> set[str]:
    out = set()
    for name in names:
        if not problem.has_unit(name):
            raise ProblemError(Message("problem.unknown_unit", unit=name))
        out.add(name)
    return out


def _known(names: set[str], name: str) -> None:
    if name not in names:
        raise ProblemError(Message("problem.unknown_unit", unit=name))


def replan(
    problem: Problem,
    changes: Changes = Changes(),  # frozen, so one shared default is safe
    time_limit: float | Deadline = 30.0,
    workers: int | None = None,
    *,
    stop: StopSignal | None = None,
    progress: ProgressCallback | None = None,
    now: datetime | None = None,
) -> Result:
    """Apply ``changes`` and solve with the ``stable`` objective; with ``now`` (aware), as of then
    (:func:`~scheduler.solver.as_of.as_of`: a unit whose published meeting has started stays, none
    is placed in a slot that has begun).

    ``problem.reference`` holds the published times. The result's
    :meth:`~scheduler.solver.result.Result.moves` lists each unit whose time changed
    (an added unit appears with no old time; a withdrawn unit does not appear).
    When no timetable exists, ``status`` is ``Status.INFEASIBLE`` and ``conflict``
    says which rule instances clash. ``time_limit``, ``stop`` and ``progress`` work
    as for :func:`scheduler.solve`.
    """
    deadline = deadline_of(time_limit, stop, progress)
    changed = apply_changes(problem, changes)
    if now is not None:
        from scheduler.solver.as_of import as_of

        if not isinstance(now, datetime) or now.tzinfo is None:
            raise ArgumentError(Message("argument.naive", name="now", value=now))
        changed = as_of(changed, now)
    return solve_within(changed, "stable", deadline, workers)
