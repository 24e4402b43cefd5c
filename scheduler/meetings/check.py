"""Checking a meeting timetable: every hard rule, in the user's words, and every objective term.

Each rule has a stable name (the catalog's ``rule.<name>``, docs/meetings.md) and one function here
that lists what a timetable breaks, naming the meetings, the people, the rooms and the times. The
solver's model posts the same rules (:mod:`scheduler.meetings.model`); the property tests hold the
two together on small problems by brute force.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations, pairwise

from scheduler.meetings.domain import MeetingProblem, Plan
from scheduler.meetings.measure import levels, measure
from scheduler.meetings.prepared import Prepared, _in_window, prepare
from scheduler.meetings.terms import DEFAULT, Term
from scheduler.text.messages import Message, render


@dataclass(frozen=True)
class MeetingViolation:
    """A rule a timetable breaks: the rule's stable name and what is wrong."""

    rule: str
    message: Message
    sessions: tuple[str, ...] = ()

    def text(self, lang: str = "zh") -> str:
        tag = "规则" if lang == "zh" else "rule"
        title = render(Message(f"rule.{self.rule}"), lang)
        return f"{render(self.message, lang)}  [{tag} {self.rule}: {title}]"


@dataclass(frozen=True)
class MeetingReport:
    """What the checker found: violations (empty: every rule holds) and, when the timetable is
    complete, each objective term's value and each level's weighted penalty."""

    violations: tuple[MeetingViolation, ...]
    terms: dict[str, int] = field(default_factory=dict)
    score: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations

    def lines(self, lang: str = "zh") -> list[str]:
        return [v.text(lang) for v in self.violations]


@dataclass
class _View:
    """A plan resolved against a problem: each session's clock step and room, where known."""

    prep: Prepared
    plan: Plan
    step: dict[int, int] = field(default_factory=dict)
    room: dict[int, str] = field(default_factory=dict)

    def title(self, i: int) -> str:
        return self.prep.problem.sessions[i].title

    def moment(self, i: int) -> datetime:
        return self.prep.problem.workdays.moment(self.step[i])

    def end(self, i: int) -> datetime:
        return self.moment(i) + timedelta(minutes=self.prep.problem.sessions[i].minutes)


def check_meetings(problem: MeetingProblem, plan: Plan, objective: tuple[Term, ...] = DEFAULT) -> MeetingReport:
    """Every rule ``plan`` breaks, and its score when every session is placed."""
    prep = prepare(problem)
    view = _View(prep, plan)
    found: list[MeetingViolation] = list(_resolve(view))
    for rule in RULES.values():
        found.extend(rule(view))
    if (
        len(view.step) == prep.n
        and len(view.room) == prep.n
        and all(prep.problem.workdays.working(view.step[i]) is not None for i in range(prep.n))
    ):
        starts = [view.step[i] for i in range(prep.n)]
        rooms = [view.room[i] for i in range(prep.n)]
        values = measure(prep, starts, rooms)
        return MeetingReport(tuple(found), values, levels(objective, values))
    return MeetingReport(tuple(found))


def _resolve(view: _View) -> Iterator[MeetingViolation]:
    """each-meeting-once: every session placed once, with a time and a known room."""
    problem = view.prep.problem
    rooms = {r.name for r in problem.rooms}
    seen: dict[str, int] = defaultdict(int)
    for p in view.plan.placements:
        seen[p.title] += 1
    for title, count in seen.items():
        if title not in problem._by_title:
            yield MeetingViolation("each-meeting-once", Message("mcheck.unknown", title=title), (title,))
        elif count > 1:
            yield MeetingViolation("each-meeting-once", Message("mcheck.twice", title=title, count=count), (title,))
    for p in view.plan.placements:
        if p.title not in problem._by_title or seen[p.title] > 1:
            continue
        i = problem.index(p.title)
        if p.start is None:
            yield MeetingViolation("each-meeting-once", Message("mcheck.missing", title=p.title), (p.title,))
        else:
            step = problem.workdays.step(p.start)
            if step is None:
                yield MeetingViolation("working-hours", _outside(p.title, p.start, problem.sessions[i].minutes))
            else:
                view.step[i] = step
        room = p.room if p.room is not None else (problem.rooms[0].name if len(problem.rooms) == 1 else None)
        if room is None:
            yield MeetingViolation("each-meeting-once", Message("mcheck.no_room", title=p.title), (p.title,))
        elif room not in rooms:
            yield MeetingViolation("each-meeting-once", Message("mcheck.unknown_room", title=p.title, room=room))
        else:
            view.room[i] = room
    for s in problem.sessions:
        if s.title not in seen:
            yield MeetingViolation("each-meeting-once", Message("mcheck.missing", title=s.title), (s.title,))


def _outside(title: str, start: datetime, minutes: int) -> Message:
    return Message("mcheck.outside", title=title, time=start, end=(start + timedelta(minutes=minutes)).time())


def _working_hours(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    for i, step in view.step.items():
        if step not in set(prep.problem.workdays.starts(prep.length[i])):
            yield MeetingViolation(
                "working-hours", _outside(view.title(i), view.moment(i), prep.problem.sessions[i].minutes)
            )


def _time_window(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    for i, step in view.step.items():
        s = prep.problem.sessions[i]
        if not _in_window(prep.problem, s, step, prep.length[i]):
            parts = []
            if s.window.part:
                parts.append(Message(f"mcheck.part_{s.window.part}"))
            if s.window.not_before is not None:
                parts.append(Message("mcheck.not_before", bound=s.window.not_before))
            if s.window.not_after is not None:
                parts.append(Message("mcheck.not_after", bound=s.window.not_after))
            message = Message("mcheck.window", title=s.title, time=view.moment(i), end=view.end(i).time(), rule=parts)
            yield MeetingViolation("time-window", message, (s.title,))


def _unavailable(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    for i, step in view.step.items():
        s = prep.problem.sessions[i]
        for who in s.required:
            busy = prep.busy.get(who, set())
            hit = [t for t in range(step, step + prep.length[i]) if t in busy]
            if hit:
                when = prep.problem.workdays.moment(hit[0])
                yield MeetingViolation(
                    "participant-unavailable", Message("mcheck.busy", who=who, time=when, title=s.title), (s.title,)
                )


def _double_booking(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    for who, sessions in prep.required_of.items():
        placed = [i for i in sessions if i in view.step]
        for a, b in combinations(placed, 2):
            sa, sb = view.step[a], view.step[b]
            if sa < sb + prep.length[b] and sb < sa + prep.length[a]:
                when = prep.problem.workdays.moment(max(sa, sb))
                message = Message("mcheck.double", who=who, a=view.title(a), b=view.title(b), time=when)
                yield MeetingViolation("no-double-booking", message, (view.title(a), view.title(b)))


def _gap(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    gap = prep.problem.gap
    if not gap:
        return
    days = prep.problem.workdays
    for who, sessions in prep.required_of.items():
        placed = sorted((view.step[i], i) for i in sessions if i in view.step)
        for (sa, a), (sb, b) in pairwise(placed):
            ends = sa + prep.length[a]
            minutes = (sb - ends) * days.grid
            if 0 <= minutes < gap and days.day_of(sa) == days.day_of(sb):
                message = Message("mcheck.gap", who=who, a=view.title(a), b=view.title(b), minutes=minutes, gap=gap)
                yield MeetingViolation("gap", message, (view.title(a), view.title(b)))


def _seats(view: _View) -> Iterator[MeetingViolation]:
    rooms = {r.name: r for r in view.prep.problem.rooms}
    for i, name in view.room.items():
        s = view.prep.problem.sessions[i]
        seats = rooms[name].seats
        if seats is not None and s.need > seats:
            message = Message("mcheck.seats", title=s.title, need=s.need, room=name, seats=seats)
            yield MeetingViolation("room-seats", message, (s.title,))


def _at_once(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    rooms = {r.name: r for r in prep.problem.rooms}
    occupied: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, step in view.step.items():
        if i in view.room:
            for t in range(step, step + prep.length[i]):
                occupied[(view.room[i], t)].append(i)
    reported: set[tuple[str, tuple[int, ...]]] = set()
    for (name, t), members in sorted(occupied.items()):
        key = (name, tuple(members))
        if len(members) < 2 or key in reported:
            continue
        reported.add(key)
        titles = tuple(view.title(i) for i in members)
        when = prep.problem.workdays.moment(t)
        room = rooms[name]
        if len(members) > room.capacity:
            message = Message(
                "mcheck.at_once", room=name, time=when, count=len(members), capacity=room.capacity, titles=titles
            )
            yield MeetingViolation("room-at-once", message, titles)
        elif not _may_share([prep.problem.sessions[i].share for i in members]):
            yield MeetingViolation("room-at-once", Message("mcheck.share", titles=titles, room=name, time=when), titles)


def _may_share(labels: list[frozenset[str]]) -> bool:
    """Every two of them have a sharing label in common (the model posts the same, pair by pair)."""
    return all(a & b for a, b in combinations(labels, 2))


def _changeover(view: _View) -> Iterator[MeetingViolation]:
    prep = view.prep
    grid = prep.problem.workdays.grid
    for r in prep.problem.rooms:
        if not r.changeover:
            continue
        placed = sorted((view.step[i], i) for i, name in view.room.items() if name == r.name and i in view.step)
        for (sa, a), (sb, b) in pairwise(placed):
            minutes = (sb - sa - prep.length[a]) * grid
            if 0 <= minutes < r.changeover:
                message = Message(
                    "mcheck.changeover", room=r.name, a=view.title(a), b=view.title(b), minutes=minutes,
                    changeover=r.changeover,
                )  # fmt: skip
                yield MeetingViolation("changeover", message, (view.title(a), view.title(b)))


def _room_wishes(view: _View) -> Iterator[MeetingViolation]:
    for i, name in view.room.items():
        s = view.prep.problem.sessions[i]
        if (s.rooms and name not in s.rooms) or name in s.avoid:
            yield MeetingViolation("room-wishes", Message("mcheck.room_wish", title=s.title, room=name), (s.title,))


def _series(view: _View) -> Iterator[MeetingViolation]:
    rooms: dict[str, set[str]] = defaultdict(set)
    for i, name in view.room.items():
        series = view.prep.problem.sessions[i].series
        if series:
            rooms[series].add(name)
    for series, names in sorted(rooms.items()):
        if len(names) > 1:
            yield MeetingViolation("series-room", Message("mcheck.series", series=series, rooms=tuple(sorted(names))))


def _pins(view: _View) -> Iterator[MeetingViolation]:
    problem = view.prep.problem
    for pin in problem.pins:
        i = problem.index(pin.title)
        step = problem.workdays.step(pin.start)
        at_time = view.step.get(i) == step
        in_room = pin.room is None or view.room.get(i) == pin.room
        if not (at_time and in_room):
            actual = view.moment(i) if i in view.step else "—"
            room = f" {pin.room}" if pin.room else ""
            message = Message("mcheck.pin", title=pin.title, time=pin.start, room=room, actual=actual)
            yield MeetingViolation("pinned-meeting", message, (pin.title,))


RULES: dict[str, Callable[[_View], Iterator[MeetingViolation]]] = {
    "working-hours": _working_hours,
    "time-window": _time_window,
    "participant-unavailable": _unavailable,
    "no-double-booking": _double_booking,
    "gap": _gap,
    "room-seats": _seats,
    "room-at-once": _at_once,
    "changeover": _changeover,
    "room-wishes": _room_wishes,
    "series-room": _series,
    "pinned-meeting": _pins,
}
"""Every hard rule of meeting problems by its stable name (``each-meeting-once`` is checked first,
while the timetable is read)."""
