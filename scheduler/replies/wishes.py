"""What the answers ask of the timetable: a decline or a counter-proposal becomes a change to replan with.

* A **decline** of the current invite: the unit cannot come at its invite's
  time, so those slots become unavailable to it, with the unit's words as the
  reason.
* A **counter-proposal** (COUNTER): the same, and the time proposed is kept as
  a wish: ``reschedule --from-replies`` pins the unit there when the proposal is
  a meeting time of the calendar and a timetable exists with every such pin;
  otherwise the proposals are left out and said so. A proposal that is not a
  meeting time (9:30 on an hourly calendar, a day outside the calendar, an
  all-day COUNTER) or is the very time declined is kept as ``unusable``, so it
  is named as left out too.
* An **outdated** decline or counter (to an earlier invite) still says the unit
  cannot come at the time it answered about: that time, when the answer names
  it and it is a meeting time, stays unavailable.
* Tentative and accepted answers ask nothing (but among the timetables that move
  the fewest units, one that moves no unit that accepted is preferred:
  :func:`spare_accepted`); untrusted answers are not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from scheduler.domain import Calendar, Pin, Problem, Unavailable
from scheduler.replies.answers import State
from scheduler.replies.report import local
from scheduler.replies.standing import Received, Standings, Verdict
from scheduler.solver.deadline import Deadline
from scheduler.solver.replan import Changes
from scheduler.solver.result import Result
from scheduler.text.messages import Message, one_line, render

ASKING = (State.DECLINED, State.COUNTER)


@dataclass(frozen=True)
class Wish:
    """What one unit's answer asks: times it cannot come (``blocked``), a time it proposes, and its words."""

    unit: str
    state: State
    blocked: frozenset[datetime]
    proposed: datetime | None
    comment: str
    outdated: bool = False
    unusable: datetime | None = None
    """A proposed time that cannot be a pin: not a meeting slot of the calendar, or the time declined."""

    def reason(self) -> str:
        """The reason written into the rules file: the unit's words, else what it answered (Chinese)."""
        if self.comment:
            return one_line(self.comment)
        return render(Message(f"replies.state.{self.state.value}"), "zh")


def _slots(calendar: Calendar, start: datetime | None, end: datetime | None) -> frozenset[datetime]:
    """The meeting slots that overlap a time span (no end: one meeting's length from ``start``)."""
    if start is None:
        return frozenset()
    length = timedelta(minutes=calendar.minutes)
    stop = end if end is not None and end > start else start + length
    return frozenset(s for s in calendar.slots if s < stop and start < s + length)


def _wish(
    unit: str, item: Received, calendar: Calendar, zone: tzinfo | None, span: tuple[datetime | None, datetime | None]
) -> Wish | None:
    answer = item.answer
    blocked = _slots(calendar, local(span[0], zone), local(span[1], zone))
    proposed = unusable = None
    if item.state == State.COUNTER:
        moment = local(answer.start, zone)
        if moment is not None and calendar.index(moment) is not None and moment not in blocked:
            proposed = moment
        else:
            unusable = moment
    if not blocked and proposed is None and unusable is None:
        return None
    return Wish(unit, item.state, blocked, proposed, answer.comment, item.verdict == "outdated", unusable)


def wishes(standings: Standings, calendar: Calendar, zone: tzinfo | None, units: Sequence[str]) -> list[Wish]:
    """The wishes of the units in ``units`` (the timetable's), in their order.

    A unit with several addresses (the contacts' rows: several people) asks only when every one of them
    asks: it still comes while one of its people does (docs/replies.md). Its wish then blocks every time
    one of them cannot come, and proposes what the first of them proposes."""
    return _wishes(standings, calendar, zone, units)[0]


def held_by_others(standings: Standings, calendar: Calendar, zone: tzinfo | None, units: Sequence[str]) -> list[str]:
    """The units some of whose people declined or proposed another time while another of them did not:
    not moved (:func:`wishes`), and said so, so that a proposal is not lost from sight (QA qamail18 F15)."""
    return _wishes(standings, calendar, zone, units)[1]


def _wishes(
    standings: Standings, calendar: Calendar, zone: tzinfo | None, units: Sequence[str]
) -> tuple[list[Wish], list[str]]:
    """:func:`wishes`, and the units held by their other people (:func:`held_by_others`)."""
    asked = _asked(standings, calendar, zone, units)
    live: dict[str, int] = {}
    for row in standings.rows:
        if row.unit in asked and not row.invitee.cancelled:
            live[row.unit] = live.get(row.unit, 0) + 1
    out = []
    held = []
    for unit, found in asked.items():
        if len(found) < live.get(unit, 1):
            held.append(unit)
            continue
        first = next((w for w in found if w.proposed is not None), found[0])
        blocked = frozenset().union(*(w.blocked for w in found))
        out.append(Wish(unit, first.state, blocked, first.proposed, first.comment, first.outdated, first.unusable))
    return out, held


def _asked(
    standings: Standings, calendar: Calendar, zone: tzinfo | None, units: Sequence[str]
) -> dict[str, list[Wish]]:
    """Each answer's wish, by unit (a unit's several addresses: one each), the units in ``units``' order."""
    wanted = set(units)
    out: dict[str, list[Wish]] = {}
    for row in standings.rows:
        if row.unit not in wanted:
            continue
        if row.answer is not None and row.state in ASKING:
            span = (row.invitee.start, row.invitee.end)
            found = _wish(row.unit, row.answer, calendar, zone, span)
        elif row.outdated is not None and row.outdated.state in ASKING:
            old = row.outdated
            original = old.answer.original if old.state == State.COUNTER else None
            span = (original or (old.answer.start if old.state == State.DECLINED else None), None)
            found = _wish(row.unit, old, calendar, zone, span)
            if found is not None:
                found = Wish(found.unit, found.state, found.blocked, None, found.comment, True, None)
        else:
            continue
        if found is not None:
            out.setdefault(row.unit, []).append(found)
    return out


def proposed_times(standings: Standings, zone: tzinfo | None) -> dict[str, frozenset[datetime]]:
    """Unit -> every time it proposed in a trusted COUNTER (to its current invite or an earlier one), in the
    campaign's zone: a pin at one of them is the unit's own proposal, whoever wrote it (an older
    ``reschedule --from-replies`` wrote it without ``from = "reply"``)."""
    out: dict[str, set[datetime]] = {}
    for item in standings.received:
        moment = local(item.answer.start, zone) if item.state == State.COUNTER else None
        if item.unit and moment is not None and item.verdict in (Verdict.CURRENT, Verdict.OUTDATED):
            out.setdefault(item.unit, set()).add(moment)
    return {unit: frozenset(times) for unit, times in out.items()}


def as_changes(found: Sequence[Wish], with_pins: bool = True) -> Changes:
    """The wishes as a :class:`~scheduler.solver.replan.Changes` (the proposals as pins, if ``with_pins``)."""
    blocked: dict[str, set[datetime]] = {}
    pins = []
    for wish in found:
        blocked.setdefault(wish.unit, set()).update(wish.blocked)
        if with_pins and wish.proposed is not None:
            pins.append(Pin(wish.unit, wish.proposed))
    unavailable = tuple(Unavailable(unit, frozenset(times)) for unit, times in blocked.items() if times)
    return Changes(unavailable=unavailable, pins=tuple(pins))


def reasons(found: Sequence[Wish]) -> dict[str, str]:
    """Unit -> the reason its new unavailability is written with (each unit's reasons joined once)."""
    out: dict[str, list[str]] = {}
    for wish in found:
        if wish.blocked and wish.reason() not in out.setdefault(wish.unit, []):
            out[wish.unit].append(wish.reason())
    return {unit: "；".join(texts) for unit, texts in out.items() if texts}


@dataclass(frozen=True)
class Replanned:
    """The replanning from the answers: the result, the wishes used, the proposals kept as pins
    (``honoured``) and those that could not be kept (``dropped``)."""

    result: Result
    changes: Changes
    wishes: tuple[Wish, ...]
    dropped: tuple[Wish, ...] = ()
    honoured: tuple[Wish, ...] = ()


def spare_accepted(
    problem: Problem,
    changes: Changes,
    result: Result,
    accepted: Sequence[str],
    time_limit: float | Deadline,
    now: datetime | None = None,
) -> Result:
    """``result``, or a timetable that moves as few units and none of ``accepted`` (the units that accepted
    their current invite), when ``result`` moves one of them and such a timetable exists.

    A tie-break after the fewest moves: the units that said yes stay where they said yes whenever a change
    as small moves only units that did not (tentative, no answer). It may cost displacement or a later
    finish (docs/replies.md). The problem, and so the result's moves, stay ``changes``' own: the units kept
    are pinned for this search only.

    The bound stays ``result``'s, the only one proven for the problem itself (the pinned search's own bound
    holds only with those units pinned), and the timetable is ``optimal`` only when its score meets that
    bound on every level; ``feasible`` otherwise. ``time_limit`` is the one limit ``result`` was searched
    in too: this search has only what is left of it (of a :class:`~scheduler.solver.deadline.Deadline`, as
    :func:`replan_with` gives; of a number of seconds, what ``result.runtime`` left).
    """
    from dataclasses import replace

    from scheduler.errors import ProblemError
    from scheduler.solver.replan import replan
    from scheduler.solver.result import Status

    if result.timetable is None or problem.reference is None:
        return result
    moves = result.moves()
    if not {m.unit for m in moves} & set(accepted):
        return result
    published = problem.reference.starts()
    taken = {p.unit for p in changes.pins} | set(changes.drop)
    keep = tuple(Pin(u, published[u]) for u in accepted if u in published and u not in taken)
    if not isinstance(time_limit, Deadline):  # a number: the limit ``result``'s own search started with
        time_limit -= result.runtime
        if time_limit <= 0:
            return result
    try:
        other = replan(problem, replace(changes, pins=changes.pins + keep), time_limit=time_limit, now=now)
    except ProblemError:
        return result
    if other.timetable is None or len(other.moves()) > len(moves):
        return result
    bound = result.bound
    proven = bound is not None and other.score is not None and other.score.values == bound.values
    return replace(other, problem=result.problem, status=Status.OPTIMAL if proven else Status.FEASIBLE, bound=bound)


def replan_with(
    problem: Problem,
    changes: Changes,
    found: Sequence[Wish],
    time_limit: float | Deadline = 30.0,
    accepted: Sequence[str] = (),
    now: datetime | None = None,
) -> Replanned:
    """Replan with ``changes`` (the command line's) and the wishes of the units still in the timetable,
    as of ``now`` (aware) when given, as ``reschedule`` plans (:func:`~scheduler.solver.replan.replan`).

    The command line's pins win over a counter-proposal for the same unit. When
    no timetable holds every proposal, they are taken one by one in the units'
    order and each is kept if a timetable still exists with it; the others are
    returned in ``dropped`` (the times the units cannot come always hold).
    Among the timetables that move the fewest units, one that moves none of
    ``accepted`` is preferred (:func:`spare_accepted`).
    """
    from scheduler.solver.deadline import deadline_of
    from scheduler.solver.replan import replan

    time_limit = deadline_of(time_limit)  # one limit for every search below (the tie-break's included)
    gone = set(changes.drop)
    kept = tuple(w for w in found if w.unit not in gone and problem.has_unit(w.unit))
    pinned = {p.unit for p in changes.pins}
    proposals = [w for w in kept if w.proposed is not None and w.unit not in pinned]

    def merged(chosen: Sequence[Wish]) -> Changes:
        extra = as_changes(kept, with_pins=False)
        pins = tuple(Pin(w.unit, w.proposed) for w in chosen if w.proposed is not None)
        return Changes(changes.unavailable + extra.unavailable, changes.pins + pins, changes.drop, changes.add)

    def best(asked: Changes) -> Result:
        found = replan(problem, asked, time_limit=time_limit, now=now)
        return spare_accepted(problem, asked, found, accepted, time_limit, now)

    every = merged(proposals)
    result = replan(problem, every, time_limit=time_limit, now=now)
    if result.timetable is not None or not proposals:
        result = spare_accepted(problem, every, result, accepted, time_limit, now)
        return Replanned(result, every, kept, (), tuple(proposals))
    chosen: list[Wish] = []
    for wish in proposals:
        if replan(problem, merged([*chosen, wish]), time_limit=time_limit, now=now).timetable is not None:
            chosen.append(wish)
    final = merged(chosen)
    dropped = tuple(w for w in proposals if w not in chosen)
    return Replanned(best(final), final, kept, dropped, tuple(chosen))
