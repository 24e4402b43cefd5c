"""A meeting problem keeping only some rule instances, made by editing it; whether the rest has a timetable.

Asked of a clash found by arithmetic (pinned meetings, a meeting left no start or no room, a count:
:mod:`scheduler.meetings.counts`): without each of its instances in turn, does the rest have a
timetable? The problem is edited to keep the instances kept and the rules that always hold, and the
packing greedy is asked (:func:`scheduler.meetings.check.packs`). The edit is never looser than the
instances kept: an instance is dropped only by removing what it demands, and a required participant
none of whose instances is kept becomes a stand-in of their own in each meeting (still a member of
their unit when the unit's busy time is kept). So a timetable the greedy finds, and the checker
passes, proves the rest fits; finding none proves nothing (the model is asked then).
Rules are named through their objects (one rule, one place).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from time import perf_counter

from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Window
from scheduler.meetings.check import packs
from scheduler.rules.meetings.changeover import RULE as CHANGEOVER
from scheduler.rules.meetings.gap import RULE as GAP
from scheduler.rules.meetings.meeting_order import RULE as MEETING_ORDER
from scheduler.rules.meetings.no_double_booking import RULE as NO_DOUBLE_BOOKING
from scheduler.rules.meetings.room_seats import RULE as ROOM_SEATS
from scheduler.rules.meetings.room_wishes import RULE as ROOM_WISHES
from scheduler.rules.meetings.series_room import RULE as SERIES_ROOM
from scheduler.rules.meetings.time_window import RULE as TIME_WINDOW
from scheduler.rules.pinned import pin_instance
from scheduler.rules.unavailable import RULE as UNAVAILABLE
from scheduler.rules.values import Instance
from scheduler.solver.deadline import Deadline

_PEOPLE_RULES = (NO_DOUBLE_BOOKING.name, GAP.name, UNAVAILABLE.name)


def each_needed(problem: MeetingProblem, core: Sequence[Instance], deadline: Deadline) -> bool | None:
    """Whether without any one of ``core``'s instances the rest has a timetable (:func:`rest_fits`):
    ``True``; ``False`` when the greedy found none for one of them (the rest may have none: the
    model is asked); ``None`` when the time ran out. Each question is asked only while the deadline
    leaves twice the longest so far (at least 0.3 s): one packing greedy on the whole problem
    (0.25-0.5 s at 300 meetings); a question under way when the deadline passes gives up (its
    greedy hears the deadline: before, one greedy of 10 s on 300 days ran past a 2 s limit)."""
    longest = 0.15
    until = perf_counter() + deadline.remaining()
    for dropped in core:
        if deadline.remaining() < 2 * longest:
            return None
        began = perf_counter()
        fits = rest_fits(problem, [inst for inst in core if inst != dropped], until)
        if fits is None or (not fits and deadline.stopped()):
            return None
        if not fits:
            return False
        longest = max(longest, perf_counter() - began)
    return True


def rest_fits(problem: MeetingProblem, kept: Sequence[Instance], until: float | None = None) -> bool | None:
    """Whether the problem keeping only the ``kept`` instances and the rules that always hold has a
    timetable the packing greedy finds and the checker passes (:func:`relaxed`); ``False`` when the
    greedy finds none: then not known; ``None`` when ``until`` (``perf_counter()``) passed first."""
    if packs(relaxed(problem, kept), until):
        return True
    return None if until is not None and perf_counter() >= until else False


def relaxed(problem: MeetingProblem, kept: Sequence[Instance]) -> MeetingProblem:
    """``problem`` with every nameable instance but ``kept`` dropped by editing it: no window, room
    wish, seat count (one chair), series, pin, link or busy time but those kept; every required participant
    none of whose no-double-booking, gap or busy time is kept a stand-in of their own in each
    meeting (a member of their unit when the unit's busy time is kept); no changeover but those kept;
    optional participants as they are (they bind no rule). At least as strict as the kept instances."""
    held = set(kept)
    pins = tuple(p for p in problem.pins if pin_instance(p) in held)
    links = tuple(k for k in problem.links if Instance(MEETING_ORDER.name, k.first, k.then) in held)
    busy = tuple(b for b in problem.busy if Instance(UNAVAILABLE.name, b.who) in held)
    named = {i.unit for i in kept if i.rule in _PEOPLE_RULES}
    units = problem.members()
    gap = problem.gap if any(i.rule == GAP.name for i in kept) else 0
    sessions = []
    stand_ins: list[Person] = []
    for k, s in enumerate(problem.sessions):
        attendees = []
        for a in s.attendees:
            if a.required and a.name not in named:
                unit = units.get(a.name, "")
                stand_ins.append(Person(f"{a.name}#{k}", unit if unit in named else ""))
                attendees.append(Attendee(stand_ins[-1].name))
            else:  # kept by name, or optional
                attendees.append(a)
        sessions.append(_kept_limits(s, tuple(attendees), held))
    rooms = tuple(r if Instance(CHANGEOVER.name, r.name) in held else replace(r, changeover=0) for r in problem.rooms)
    return problem.replace(
        sessions=tuple(sessions),
        busy=busy,
        pins=pins,
        gap=gap,
        rooms=rooms,
        people=(*problem.people, *stand_ins),
        links=links,
    )


def _kept_limits(s: Session, attendees: tuple[Attendee, ...], held: set[Instance]) -> Session:
    """``s`` with ``attendees``, keeping its window, room wishes, seats and series only where their
    instances are kept."""
    return replace(
        s,
        attendees=attendees,
        window=s.window if Instance(TIME_WINDOW.name, s.title) in held else Window(),
        rooms=s.rooms if Instance(ROOM_WISHES.name, s.title) in held else frozenset(),
        avoid=s.avoid if Instance(ROOM_WISHES.name, s.title) in held else frozenset(),
        seats=s.seats if Instance(ROOM_SEATS.name, s.title) in held else 1,
        series=s.series if Instance(SERIES_ROOM.name, s.series) in held else "",
    )
