"""``reschedule`` on a meeting table: the change options as users type them, and the files written after.

* ``--unavailable "WHO@TIME[-TIME]"``: a person or a unit cannot come then (a time, a span, a day);
* ``--pin "MEETING@TIME[@ROOM]"``: the meeting is held then (and there);
* ``--drop MEETING``: the meeting is called off;
* ``--add "MEETING,LENGTH,REQUIRED[,OPTIONAL]"``: a new meeting (commas half- or full-width), participants
  separated by 、.

:func:`apply_meeting_changes` gives the changed problem (the table's timetable as its reference,
so the replanning moves as little as possible), and the table and rules the new timetable is
written with: a dropped meeting's row and pins go, an added meeting gets a row, new pins and
unavailability join the rules (``[[pins]]`` with ``meeting``, ``[[unavailable]]`` with ``person``
or ``unit``), so the output folder validates as it stands. Errors name the option and its value.

:func:`never_worse` is how ``reschedule``, ``solve --objective stable`` and the page replan a meeting
table with the library's ``replan_meetings`` (whose ``replan_terms`` gives the objective;
docs/meetings.md, "From the command line").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from scheduler.domain.meetings import Attendee, Busy, Pin, Placement, Plan, Session
from scheduler.errors import InputError, ProblemError
from scheduler.files.addresses import visible
from scheduler.files.changes import option_time_error
from scheduler.files.meeting_files import (
    LoadedMeetings,
    busy_spans,
    length_problem,
    name_joins,
    name_runs,
    parse_length,
    written_apart,
)
from scheduler.files.tables import MEETING, Row, Table, clean_cell
from scheduler.text.messages import Message
from scheduler.text.times import format_iso, parse_datetime, year_resolver


@dataclass(frozen=True)
class MeetingChanges:
    """What ``reschedule`` was asked to change, read and checked."""

    busy: tuple[Busy, ...] = ()
    pins: tuple[Pin, ...] = ()
    drops: tuple[str, ...] = ()
    adds: tuple[Session, ...] = ()
    unavailable_entries: tuple[dict[str, Any], ...] = ()
    """``[[unavailable]]`` entries for the rules written (as the user wrote the times)."""

    def __bool__(self) -> bool:
        return bool(self.busy or self.pins or self.drops or self.adds)


def _fail(option: str, value: str, key: str, **params: object) -> InputError:
    return InputError(Message(key, option=option, value=value, **params))


def parse_meeting_changes(
    loaded: LoadedMeetings,
    unavailable: Sequence[str] = (),
    pins: Sequence[str] = (),
    drop: Sequence[str] = (),
    add: Sequence[str] = (),
) -> MeetingChanges:
    """Read the ``reschedule`` options against a meeting table; a bad value is one line naming it."""
    problem = loaded.problem
    year_of = year_resolver(problem.workdays.days, None)
    titles = {s.title for s in problem.sessions}
    people = {p.name for p in problem.people} | set(problem.units)
    rooms = {r.name for r in problem.rooms}
    dropped: list[str] = []
    for text in drop:
        title = text.strip()
        if title not in titles:
            raise _fail("--drop", text, "mchange.unknown_meeting", title=title)
        dropped.append(title)
    added: list[Session] = []
    for text in add:
        added.append(_added(text, titles | {s.title for s in added}, people, problem.workdays.grid))
    busy: list[Busy] = []
    entries: list[dict[str, Any]] = []
    for text in unavailable:
        who, sep, when = clean_cell(text).rpartition("@")
        who, when = who.strip(), when.strip()
        if not sep or not who or not when:
            raise _fail("--unavailable", text, "option.format", expected="WHO@TIME")
        if who not in people:
            raise _fail("--unavailable", text, "mchange.unknown_person", who=visible(who))
        try:
            busy += busy_spans(who, when, year_of, problem.workdays.days)
        except (ValueError, ProblemError) as exc:
            raise option_time_error("--unavailable", text, exc, "option.bad_time", time=when) from exc
        entries.append({"unit" if who in problem.units else "person": who, "times": [when]})
    pinned: list[Pin] = []
    live = (titles - set(dropped)) | {s.title for s in added}
    for text in pins:
        parts = [p.strip() for p in clean_cell(text).split("@")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise _fail("--pin", text, "option.format", expected="MEETING@TIME[@ROOM]")
        title, when = parts[0], parts[1]
        room = parts[2] if len(parts) == 3 and parts[2] else None
        if title not in live:
            raise _fail("--pin", text, "mchange.unknown_meeting", title=title)
        try:
            start = parse_datetime(when, year_of)
        except ValueError as exc:
            raise option_time_error("--pin", text, exc, "option.bad_time", time=when) from exc
        minutes = next(s.minutes for s in problem.sessions + tuple(added) if s.title == title)
        wrong = problem.workdays.refuses(start, minutes)
        if wrong is not None:
            raise _fail("--pin", text, "mchange.because", reason=wrong)
        if room is not None and room not in rooms:
            raise _fail("--pin", text, "mchange.unknown_room", room=room, known=sorted(rooms))
        if any(p.title == title for p in pinned):
            raise _fail("--pin", text, "option.pinned_twice", unit=title)
        pinned.append(Pin(title, start, room))
    return MeetingChanges(tuple(busy), tuple(pinned), tuple(dropped), tuple(added), tuple(entries))


def _added(text: str, titles: set[str], people: set[str], grid: int) -> Session:
    """``--add "MEETING,LENGTH,REQUIRED[,OPTIONAL]"``: a new meeting. MEETING and LENGTH are the first
    two fields; the participants after them are read as a table's cell is (:func:`name_runs`: a known
    name holding a comma, ``Doe, Jane``, stays whole), and the one comma between names that is no
    part of a name separates the required from the optional."""
    expected = "MEETING,LENGTH,REQUIRED[,OPTIONAL]"
    fields = [p.strip() for p in re.split(r"[,，]", clean_cell(text), maxsplit=2)]  # (full-width commas too)
    if len(fields) != 3 or not fields[0] or not fields[2] or fields[2][0] in ",，":
        raise _fail("--add", text, "option.format", expected=expected)
    title, length, names = fields
    if title in titles:
        raise _fail("--add", text, "mchange.meeting_exists", title=title)
    minutes = parse_length(length)
    wrong = length_problem(minutes, length, grid)
    if wrong is not None:
        raise _fail("--add", text, "mchange.because", reason=wrong)
    assert minutes is not None
    joins = name_joins(people)
    runs = name_runs(names, joins)
    cuts = [i for i, (_, after) in enumerate(runs) if "," in after]
    if len(cuts) > 1 or any(after.count(",") > 1 for _, after in runs):
        raise _fail("--add", text, "option.format", expected=expected)
    cut = cuts[0] + 1 if cuts else len(runs)
    required = [name for name, _ in runs[:cut]]
    optional = [name for name, _ in runs[cut:]]
    for name in required + optional:
        if people and name not in people:
            whole = written_apart(name, names, joins)
            if whole is not None:
                raise _fail("--add", text, "mchange.written_apart", who=visible(name), whole=visible(whole))
            raise _fail("--add", text, "mchange.unknown_person", who=visible(name))
    attendees = tuple(Attendee(n) for n in required) + tuple(Attendee(n, False) for n in optional)
    try:
        return Session(title, minutes, attendees)
    except ProblemError as exc:
        raise InputError(exc.message, column="--add") from exc


def apply_meeting_changes(loaded: LoadedMeetings, changes: MeetingChanges) -> LoadedMeetings:
    """The problem, table and rules after ``changes``; the table's timetable becomes the reference
    (what the replanning keeps where it can)."""
    problem = loaded.problem
    dropped = set(changes.drops)
    plan = loaded.plan or Plan(())
    reference = Plan(tuple(p for p in plan.placements if p.title not in dropped))
    pinned = {p.title for p in changes.pins}
    pins = tuple(p for p in problem.pins if p.title not in dropped and p.title not in pinned) + changes.pins
    known = {p.name for p in problem.people}
    people = problem.people
    if not known:  # no people sheet: every participant named is a person
        from scheduler.domain.meetings import Person

        names = {a.name for s in changes.adds for a in s.attendees} - {p.name for p in people}
        people = people + tuple(Person(n) for n in sorted(names))
    try:
        changed = problem.replace(
            sessions=tuple(s for s in problem.sessions if s.title not in dropped) + changes.adds,
            busy=problem.busy + changes.busy,
            pins=pins,
            people=people,
            reference=reference,
            links=tuple(k for k in problem.links if not {k.first, k.then} & dropped),  # a meeting called off
        )
    except ProblemError as exc:
        raise InputError(exc.message) from exc
    table = loaded.table
    if table is not None and dropped:
        rows = [Row(r.number, r.cells) for r in table.rows if r.get(MEETING) not in dropped]
        table = Table(table.path, list(table.columns), rows, dict(table.labels))
    settings = dict(loaded.rules)  # the rules file as written (its keys are data)
    if changes.unavailable_entries:
        settings["unavailable"] = list(settings.get("unavailable", [])) + [dict(e) for e in changes.unavailable_entries]
    if dropped and settings.get("links"):  # a link of a meeting called off goes with it
        settings["links"] = [e for e in settings["links"] if not {e.get("first"), e.get("then")} & dropped]
    kept = [e for e in settings.get("pins", []) if isinstance(e, dict) and e.get("meeting") not in dropped | pinned]
    new_pins = [
        {"meeting": p.title, "time": format_iso(p.start), **({"room": p.room} if p.room else {})} for p in changes.pins
    ]
    if kept or new_pins:
        settings["pins"] = kept + new_pins
    placements = tuple(Placement(p.title, p.start, p.room) for p in reference.placements)
    return replace(loaded, problem=changed, plan=Plan(placements), table=table, rules=settings)


def never_worse(loaded: LoadedMeetings, result: Any, terms: tuple[Any, ...]) -> Any:
    """The result, or the table's own timetable when that keeps every rule and scores better: replanning
    never answers worse than leaving things as they are, whatever the time limit allowed the search."""
    from dataclasses import replace

    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.terms import LEVELS

    reference = loaded.problem.reference
    if reference is None or len(reference.placements) != len(loaded.problem.sessions):
        return result
    report = check_meetings(loaded.problem, reference, terms)
    if not report.ok or not report.score:
        return result
    ours = tuple(report.score.get(level, 0) for level in LEVELS)
    if result.plan is not None and tuple(result.score.get(level, 0) for level in LEVELS) <= ours:
        return result
    proven = all(result.bound.get(level) == report.score.get(level) for level in report.score)
    status = "optimal" if proven else "feasible"
    return replace(result, status=status, plan=reference, terms=report.terms, score=report.score, moves=())
