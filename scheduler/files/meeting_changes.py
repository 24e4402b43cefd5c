"""``reschedule`` on a meeting table: the change options as users type them, and the files written after.

* ``--unavailable "WHO@TIME[-TIME]"``: a person or a unit cannot come then (a time, a span, a day);
* ``--pin "MEETING@TIME[@ROOM]"``: the meeting is held then (and there);
* ``--drop MEETING``: the meeting is called off;
* ``--add "MEETING,LENGTH,REQUIRED[,OPTIONAL][,KEY=VALUE…]"``: a new meeting (commas half- or full-width),
  participants separated by 、, then the table's other columns by their headers (``指定会议室=303室``).

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from scheduler.domain.meetings import Busy, Pin, Placement, Plan, Session
from scheduler.errors import InputError, ProblemError
from scheduler.files.addresses import visible
from scheduler.files.changes import option_time_error
from scheduler.files.meeting_files import (
    ADD_COLUMNS,
    LoadedMeetings,
    busy_spans,
    length_problem,
    meant_column,
    meeting_of_cells,
    name_joins,
    name_runs,
    parse_length,
    written_apart,
)
from scheduler.files.tables import (
    LENGTH,
    MEETING,
    MEETING_ALIASES,
    OPTIONAL,
    PARTICIPANTS,
    ROOM,
    TIME,
    Row,
    Table,
    canonical,
    clean_cell,
    header_word,
    header_words,
)
from scheduler.text.messages import Message
from scheduler.text.names import Spellings, unknown_name
from scheduler.text.nearest import nearest
from scheduler.text.times import (
    format_clock,
    format_day,
    format_iso,
    format_span,
    format_time,
    parse_datetime,
    year_resolver,
)


@dataclass(frozen=True)
class MeetingChanges:
    """What ``reschedule`` was asked to change, read and checked."""

    busy: tuple[Busy, ...] = ()
    pins: tuple[Pin, ...] = ()
    drops: tuple[str, ...] = ()
    adds: tuple[Session, ...] = ()
    unavailable_entries: tuple[dict[str, Any], ...] = ()
    """``[[unavailable]]`` entries for the rules written (as the user wrote the times, or from now)."""
    added_rows: tuple[dict[str, str], ...] = ()
    """Each added meeting's row for the table written (canonical column -> text, as ``--add`` gave it)."""
    from_now: tuple[Message, ...] = ()
    """One line for each ``--unavailable`` span that began before now, counted from now."""

    def __bool__(self) -> bool:
        return bool(self.busy or self.pins or self.drops or self.adds)


def _fail(option: str, value: str, key: str, **params: object) -> InputError:
    return InputError(Message(key, option=option, value=value, **params))


def _unknown(option: str, value: str, name: str, among: Iterable[str], key: str, **params: object) -> InputError:
    """``option``'s ``value`` names ``name``, none of ``among``: ``key``'s refusal, with the name meant when one
    is near (:func:`~scheduler.text.names.unknown_name`)."""
    return InputError(unknown_name(Message(key, option=option, value=value, **params), name, among))


def parse_meeting_changes(
    loaded: LoadedMeetings,
    unavailable: Sequence[str] = (),
    pins: Sequence[str] = (),
    drop: Sequence[str] = (),
    add: Sequence[str] = (),
    now: datetime | None = None,
) -> MeetingChanges:
    """Read the ``reschedule`` options against a meeting table; a bad value is one line naming it.
    With ``now`` (aware), an ``--unavailable`` span that began before now and goes on after it counts
    from now (:func:`_from_now`; docs/replanning.md, decided): the meetings already begun in it stay held."""
    problem = loaded.problem
    year_of = year_resolver(problem.workdays.days, None)
    day, clock = format_day(problem.workdays.days[0]), format_clock(problem.workdays.periods[0][0])  # examples
    titles = {s.title for s in problem.sessions}
    people = {p.name for p in problem.people} | set(problem.units)
    rooms = {r.name for r in problem.rooms}
    # Every name as the table or the people sheet writes it, width aside (docs/formats.md, "Names"):
    # the name timetable.csv shows is taken for the sheet's (QA qaunicode20 F4).
    as_titled, as_named, as_roomed = Spellings(sorted(titles)), Spellings(sorted(people)), Spellings(sorted(rooms))
    dropped = _dropped(drop, as_titled)
    added: list[Session] = []
    rows: list[dict[str, str]] = []
    for text in add:
        session, cells = _added(text, titles | {s.title for s in added}, people, problem)
        added.append(session)
        rows.append(cells)
    busy, entries, notes = _unavailable(problem, loaded.plan, unavailable, people, as_named, now)
    pinned: list[Pin] = []
    live = (titles - set(dropped)) | {s.title for s in added}
    as_live = Spellings(sorted(live))
    for text in pins:
        parts = [p.strip() for p in clean_cell(text).split("@")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise _fail("--pin", text, "option.format", expected=Message("option.meeting_at_time"))
        title, when = parts[0], parts[1]
        room = as_roomed.get(parts[2]) or parts[2] if len(parts) == 3 and parts[2] else None
        title = as_live.get(title) or title
        if title not in live:
            raise _unknown("--pin", text, title, live, "mchange.unknown_meeting", title=title)
        try:
            start = parse_datetime(when, year_of)
        except ValueError as exc:
            said = option_time_error("--pin", text, exc, "mchange.bad_time", True, time=when, day=day, clock=clock)
            raise said from exc
        minutes = next(s.minutes for s in problem.sessions + tuple(added) if s.title == title)
        wrong = problem.workdays.refuses(start, minutes)
        if wrong is not None:
            raise _fail("--pin", text, "mchange.because", reason=wrong)
        if room is not None and room not in rooms:
            raise _unknown("--pin", text, room, rooms, "mchange.unknown_room", room=room, known=sorted(rooms))
        if any(p.title == title for p in pinned):
            raise _fail("--pin", text, "option.pinned_twice", unit=title)
        pinned.append(Pin(title, start, room))
    return MeetingChanges(
        tuple(busy), tuple(pinned), tuple(dropped), tuple(added), tuple(entries), tuple(rows), tuple(notes)
    )


def _unavailable(
    problem: Any,
    plan: Any,
    unavailable: Sequence[str],
    people: set[str],
    as_named: Spellings,
    now: datetime | None,
) -> tuple[list[Busy], list[dict[str, Any]], list[Message]]:
    """``--unavailable "WHO@TIME[-TIME]"`` values: the busy times, the rules' ``[[unavailable]]`` entries
    and the lines of the spans counted from now (:func:`_from_now`)."""
    year_of = year_resolver(problem.workdays.days, None)
    day = format_day(problem.workdays.days[0])  # the example in a bad value's line
    read: list[tuple[str, str, str, list[Busy]]] = []
    for text in unavailable:
        who, sep, when = clean_cell(text).rpartition("@")
        who, when = who.strip(), when.strip()
        who = as_named.get(who) or who
        if not sep or not who or not when:
            raise _fail("--unavailable", text, "option.format", expected=Message("option.who_at_time"))
        if who not in people:
            raise _unknown("--unavailable", text, who, people, "mchange.unknown_person", who=visible(who))
        try:
            spans = busy_spans(who, when, year_of, problem.workdays.days)
        except (ValueError, ProblemError) as exc:
            raise option_time_error("--unavailable", text, exc, "mchange.bad_span", True, time=when, day=day) from exc
        read.append((who, text, when, spans))
    # The values wholly before now say who did not come; the meetings held despite them are those the
    # spans counted from now leave to end (:func:`_from_now`).
    past = tuple(b for _, _, _, spans in read for b in spans if now is None or not _straddles(problem, spans, now))
    before_now = problem.replace(busy=(*problem.busy, *past))
    busy: list[Busy] = []
    entries: list[dict[str, Any]] = []
    notes: list[Message] = []
    for who, text, when, spans in read:
        kept, note = _from_now(before_now, plan, who, text, spans, now)
        busy += kept
        times = [when] if note is None else [format_span(b.start, b.end) for b in kept]
        notes += [note] if note is not None else []
        if times:  # (none left when the value ends within a meeting of theirs in progress)
            entries.append({"unit" if who in problem.units else "person": who, "times": times})
    return busy, entries, notes


def _straddles(problem: Any, spans: list[Busy], now: datetime) -> bool:
    """Whether ``spans`` (one value) began before ``now`` and go on after it, the campaign under way."""
    from scheduler.meetings.as_of import is_under_way, local_now

    moment = local_now(problem, now)
    return is_under_way(problem, now) and min(b.start for b in spans) < moment < max(b.end for b in spans)


def _from_now(
    problem: Any, plan: Any, who: str, text: str, spans: list[Busy], now: datetime | None
) -> tuple[list[Busy], Message | None]:
    """``spans`` (one ``--unavailable`` value) as of ``now``: when they began before now and go on after
    it (the campaign under way), the part from now on, and the line saying so with the ``--unavailable``
    that says the part before (QA qamonth21 F5: "ill this week" typed on Tuesday re-placed Monday's
    meetings as not held). A held meeting of ``who``'s in progress (``plan``, the table's timetable) ends
    first: the part begins when it ends (:func:`~scheduler.meetings.as_of.stays_until`, review21 F2). A
    value wholly before now says who did not come, and is kept as written."""
    from scheduler.meetings.as_of import local_now, stays_until

    if now is None or not _straddles(problem, spans, now):
        return spans, None
    moment = local_now(problem, now)
    first = min(b.start for b in spans)
    begins = stays_until(problem, plan, now, who)
    kept = [Busy(b.who, max(b.start, begins), b.end) for b in spans if b.end > begins]
    opening = datetime.combine(first.date(), problem.workdays.periods[0][0])
    before = format_span(max(first, opening), moment) if max(first, opening) < moment else format_time(moment)
    said = Message("mchange.from_now", value=text, now=format_time(moment), who=visible(who), before=before)
    return kept, said


def _dropped(drop: Sequence[str], as_titled: Spellings) -> list[str]:
    """``--drop MEETING`` values: each meeting as the table writes it (width aside)."""
    dropped: list[str] = []
    for text in drop:
        title = as_titled.get(text.strip())
        if title is None:
            raise _unknown(
                "--drop", text, text.strip(), as_titled.names(), "mchange.unknown_meeting", title=text.strip()
            )
        dropped.append(title)
    return dropped


def _added(text: str, titles: set[str], people: set[str], problem: Any) -> tuple[Session, dict[str, str]]:
    """``--add "MEETING,LENGTH,REQUIRED[,OPTIONAL][,KEY=VALUE…]"``: a new meeting, and its row's cells for
    the table written. MEETING and LENGTH are the first two fields; the participants after them are read as
    a table's cell is (:func:`name_runs`: a known name holding a comma, ``Doe, Jane``, stays whole), and
    the one comma between names that is no part of a name separates the required from the optional. From
    the first part holding ``=``, each part is one of the table's other columns by its header
    (``指定会议室=303室``, ``Seats=3``; a part without ``=`` continues the value before it:
    ``指定会议室=301室,302室``; but a part that names a person, ``备注=x,李科长``, is refused as written where
    a participant was meant: :func:`_keyed_parts`); the meeting is then read by the table's own row reader
    (:func:`meeting_of_cells`), so each value means what it means in the table."""
    expected = Message("option.meeting_add_form")
    cleaned = clean_cell(text)
    fields = [p.strip() for p in re.split(r"[,，]", cleaned, maxsplit=2)]  # (full-width commas too)
    if len(fields) != 3 or not fields[0] or not fields[2] or fields[2][0] in ",，":
        raise _fail("--add", text, "option.format", expected=expected)
    title, length, rest = fields
    keyed = re.search(r"[,，][^,，]*[=＝]", rest)
    names, extra = (rest[: keyed.start()].strip(), rest[keyed.start() + 1 :]) if keyed else (rest, "")
    if not names or _KEYED.search(names):  # no participants before the first KEY=VALUE
        raise _fail("--add", text, "option.format", expected=expected)
    if title in Spellings(titles):
        raise _fail("--add", text, "mchange.meeting_exists", title=title)
    minutes = parse_length(length)
    wrong = length_problem(minutes, length, problem.workdays.grid)
    if wrong is not None:
        raise _fail("--add", text, "mchange.because", reason=wrong)
    assert minutes is not None
    required, optional = _participants(text, names, people, expected)
    cells = {MEETING: title, LENGTH: f"{minutes}分钟", PARTICIPANTS: "、".join(required)}
    labels: dict[str, str] = {}
    if optional:
        cells[OPTIONAL], labels[OPTIONAL] = "、".join(optional), OPTIONAL
    for key, value in _keyed_parts(text, extra, people):
        column = canonical(key, MEETING_ALIASES)
        if column in (TIME, ROOM):
            raise _fail("--add", text, "mchange.add_when", name=key, title=title)
        if column in cells:
            raise _fail("--add", text, "mchange.add_twice", name=key)
        if column not in ADD_COLUMNS:
            raise _unknown_key(text, key)
        cells[column], labels[column] = value, key
    try:
        return meeting_of_cells(cells, labels, problem), cells
    except InputError as exc:
        said = Message("mchange.add_column", option="--add", value=text, column=exc.column or "", reason=exc.message)
        raise InputError(said) from exc
    except ProblemError as exc:
        raise InputError(exc.message, column="--add") from exc


_KEYED = re.compile(r"[=＝]")


def _keyed_parts(text: str, extra: str, people: set[str]) -> list[tuple[str, str]]:
    """``KEY=VALUE`` parts, in order; a part without ``=`` continues the value before it (a list of rooms
    written with commas, a note with a comma in it). A part that is a person's or unit's name is refused:
    ``备注=x,李科长`` was silently a note "x,李科长" where a participant was meant (review16 §10)."""
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"[,，]", extra) if extra else []:
        key, sep, value = _KEYED.sub("=", piece).partition("=")
        if sep:
            if not key.strip():
                raise _fail("--add", text, "option.format", expected=Message("option.key_value"))
            parts.append((key.strip(), value.strip()))
        elif parts and piece.strip() in people:
            raise _fail("--add", text, "mchange.add_person_after", who=visible(piece.strip()), name=parts[-1][0])
        elif parts:
            parts[-1] = (parts[-1][0], f"{parts[-1][1]},{piece.strip()}")
    return parts


def _unknown_key(text: str, key: str) -> InputError:
    """A ``KEY=VALUE`` part whose key is none of :data:`ADD_COLUMNS`: named, with the column it most looks
    like (a look-alike header, else the nearest spelling of a header), or the keys there are."""
    near = meant_column(key)
    if near is None:
        spellings = {word: column for word, column in MEETING_ALIASES.items() if column in ADD_COLUMNS}
        spellings.update({column: column for column in ADD_COLUMNS})
        close = nearest(canonical(key, {}), spellings, cutoff=0.5)
        near = spellings[close] if close else None
    if near in (TIME, ROOM):
        return _fail("--add", text, "mchange.add_when", name=key, title=text.split(",")[0].strip())
    if near is None or near not in ADD_COLUMNS:
        return _fail("--add", text, "mchange.add_unknown", name=key, known=header_words(ADD_COLUMNS))
    return _fail("--add", text, "mchange.add_unknown_near", name=key, near=header_word(near))


def _participants(text: str, names: str, people: set[str], expected: Message) -> tuple[list[str], list[str]]:
    """The required and optional participants written after MEETING and LENGTH (see :func:`_added`)."""
    joins = name_joins(people)
    runs = name_runs(names, joins)
    cuts = [i for i, (_, after) in enumerate(runs) if "," in after]
    if not runs or len(cuts) > 1 or any(after.count(",") > 1 for _, after in runs):
        raise _fail("--add", text, "option.format", expected=expected)
    cut = cuts[0] + 1 if cuts else len(runs)
    as_named = Spellings(sorted(people))
    required = [as_named.get(name) or name for name, _ in runs[:cut]]
    optional = [as_named.get(name) or name for name, _ in runs[cut:]]
    for name in required + optional:
        if people and name not in people:
            whole = written_apart(name, names, joins)
            if whole is not None:
                raise _fail("--add", text, "mchange.written_apart", who=visible(name), whole=visible(whole))
            raise _unknown("--add", text, name, people, "mchange.unknown_person", who=visible(name))
    return required, optional


def apply_meeting_changes(loaded: LoadedMeetings, changes: MeetingChanges) -> LoadedMeetings:
    """The problem, table and rules after ``changes``; the table's timetable becomes the reference
    (what the replanning keeps where it can). The problem is changed by the library's
    :func:`scheduler.meetings.replanning.apply_meeting_changes` (the one place: a dropped meeting's pins
    and links go with it); the table and rules written follow it here."""
    from scheduler.domain.meetings import Person
    from scheduler.meetings import replanning

    problem = loaded.problem
    dropped = set(changes.drops)
    pinned = {p.title for p in changes.pins}
    if not problem.people:  # no people sheet: every participant named is a person
        names = {a.name for s in changes.adds for a in s.attendees}
        problem = problem.replace(people=tuple(Person(n) for n in sorted(names)))
    asked = replanning.MeetingChanges(changes.busy, changes.pins, changes.drops, changes.adds)
    try:
        changed = replanning.apply_meeting_changes(problem, loaded.plan or Plan(()), asked)
    except ProblemError as exc:
        raise InputError(exc.message) from exc
    reference = changed.reference or Plan(())
    table = loaded.table
    if table is not None and (dropped or changes.added_rows):
        rows = [Row(r.number, r.cells) for r in table.rows if r.get(MEETING) not in dropped]
        last = max((r.number for r in table.rows), default=table.header_row)
        rows += [Row(last + i, dict(cells)) for i, cells in enumerate(changes.added_rows, start=1)]
        given = [c for cells in changes.added_rows for c in cells if cells[c] and c not in table.columns]
        columns = list(table.columns) + list(dict.fromkeys(given))  # a column only an added meeting fills
        table = Table(table.path, columns, rows, dict(table.labels))
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


def refuse_held_drops(loaded: LoadedMeetings, changes: MeetingChanges, now: Any) -> None:
    """``--drop`` of a meeting that has begun by ``now`` and took place (the table's timetable, the
    changes' busy times counted: :func:`~scheduler.meetings.as_of.held`) is bad input naming the meeting
    and when it was held (QA qamonth21 F1): a meeting over is history, and one in progress has its people
    in the room; a cancel would tell them it did not happen (docs/replanning.md, decided). A begun meeting
    a required participant missed did not take place, and may be called off."""
    from datetime import timedelta

    from scheduler.meetings.as_of import held, local_now
    from scheduler.text.times import format_time

    if not changes.drops:
        return
    problem = loaded.problem
    began = held(problem.replace(busy=(*problem.busy, *changes.busy)), loaded.plan, now)
    moment = local_now(problem, now)
    for title in changes.drops:
        if title not in began:
            continue
        start = began[title]
        end = start + timedelta(minutes=problem.session(title).minutes)
        key = "mchange.drop_held" if end <= moment else "mchange.drop_under_way"
        said = {
            "meeting": title,
            "time": format_time(start),
            "end": format_clock(end.time()),
            "now": format_time(moment),
        }
        raise _fail("--drop", title, key, **said)


def begun_as_of(loaded: LoadedMeetings, published: Plan | None, now: Any) -> Any:
    """``loaded``'s problem as of ``now`` (:func:`~scheduler.meetings.as_of.as_of`: the meetings of
    ``published`` that have started stay, none is placed before now). A begun meeting whose time cannot
    be held (off the grid) is refused at its row's 时间 cell when the table holds the times: the one place
    the command line and the web page both turn that refusal into the table's row and column (the page
    said it without them: review16 §10)."""
    from scheduler.files.tables import MEETING, TIME, label
    from scheduler.meetings.as_of import BegunRefused, as_of

    try:
        return as_of(loaded.problem, published, now)
    except BegunRefused as refused:
        table = loaded.table
        if table is None or loaded.plan is None:  # the times came from the folder (solve --out), not this table
            raise
        rows = [r.number for r in table.rows if r.get(MEETING).strip() == refused.title]
        raise InputError(refused.message, table.path, rows[0] if rows else None, label(table, TIME)) from None
