"""The edge of replanning: change options as users type them, and the files written after.

``--unavailable "区财政局@9月8日下午"`` and the other ``reschedule`` options are
read here into a core :class:`~scheduler.solver.replan.Changes`; times take every
notation the tables accept, parts of a day (``9月8日下午``, ``上午`` for every
morning) and lists (``9月8日下午、9月9日上午``). ``--only`` (the unit can come only
then) becomes unavailability at every other slot, so it narrows what the rules
file already allows. ``--link A,B`` (B right after A, the same day) is read by
:func:`parse_links`. :func:`changed` gives the table and rules the new timetable
is written with, so the output folder validates as it stands: a withdrawn unit's
row, pins, unavailability and links go; an added unit gets a row with its
category and group; new pins, unavailability and links join the rules.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from scheduler.domain import Link, Pin, Unavailable, Unit
from scheduler.errors import InputError
from scheduler.files.load import Loaded, NoMeeting, meetings_named
from scheduler.files.rules_file import EVERYONE, Entry, Rules
from scheduler.files.tables import CATEGORY, GROUP, UNIT, Row, Table
from scheduler.solver.replan import Changes
from scheduler.text.messages import Message, refusal
from scheduler.text.names import name_key, unknown_name
from scheduler.text.times import format_iso, format_slots, parse_datetime, split_times

REPLY_SOURCE = "reply"
"""The ``from`` of a ``[[pins]]`` entry written for a unit's counter-proposal by ``reschedule --from-replies``:
the unit's later answer to its newer invite lifts it (docs/replies.md)."""


def reply_pinned(loaded: Loaded) -> dict[str, datetime]:
    """Unit -> the time its pin from an earlier counter-proposal (``from = "reply"``) holds it at."""
    pins = loaded.rules.pins
    marked = {_entry_unit(e, "unit") for e in pins if str(e.values.get("from", "")).strip() == REPLY_SOURCE}
    return {p.unit: p.start for p in loaded.problem.pins if p.unit in marked}


def unmarked_pins(loaded: Loaded) -> dict[str, datetime]:
    """Unit -> the time a ``[[pins]]`` entry without ``from`` holds it at (written by hand, by ``--pin``, or
    for a proposal by a build before ``from = "reply"`` was written)."""
    pins = loaded.rules.pins
    unmarked = {_entry_unit(e, "unit") for e in pins if not str(e.values.get("from", "")).strip()}
    return {p.unit: p.start for p in loaded.problem.pins if p.unit in unmarked}


def lift_pins(loaded: Loaded, units: Collection[str]) -> Loaded:
    """``loaded`` without the pins of ``units``, in its problem and in its rules (so they are not written back)."""
    if not units:
        return loaded
    pins = tuple(e for e in loaded.rules.pins if _entry_unit(e, "unit") not in units)
    problem = loaded.problem.replace(pins=tuple(p for p in loaded.problem.pins if p.unit not in units))
    return replace(loaded, problem=problem, rules=replace(loaded.rules, pins=pins))


def _fail(option: str, value: str, key: str, **params: object) -> InputError:
    return InputError(Message(key, option=option, value=value, **params))


def _unknown_unit(option: str, value: str, unit: str, names: Iterable[str]) -> InputError:
    """No unit ``unit``: one line naming it, and the unit meant when one is near
    (:func:`~scheduler.text.names.unknown_name`: ``tax office`` for ``Tax Office``, ``区财攻局`` for 区财政局)."""
    said = Message("option.unknown_unit", option=option, value=value, unit=unit)
    return InputError(unknown_name(said, unit, names))


def option_time_error(
    option: str, value: str, error: Exception, key: str, meetings: bool = False, **params: object
) -> InputError:
    """An option's error for a time it cannot use: the parser's reason when it gives one (``周三`` that names
    two days where one time is meant; with ``meetings``, in a meeting table's words), else ``key``'s
    sentence (it cannot be read)."""
    fallback = Message(key, option=option, value=value, **params)
    said = refusal(error, fallback, meetings)
    return InputError(said if said is fallback else Message("option.refused", option=option, value=value, reason=said))


def _unit_and_time(option: str, text: str, names: set[str], everyone: bool = False) -> tuple[str, str]:
    """The unit and the time of ``UNIT@TIME``; with ``everyone``, ``*@TIME`` (or ``全部@TIME``) too, its unit
    ``*`` (:data:`~scheduler.files.rules_file.EVERYONE`, as the rules file's ``unit = "*"``)."""
    at = max(text.rfind("@"), text.rfind("＠"))  # the unit as written: only its time NFKC-folded
    unit, when = text[: max(at, 0)].strip(), unicodedata.normalize("NFKC", text[at + 1 :]).strip()
    if at < 0 or not unit or not when:
        raise _fail(option, text, "option.format", expected="UNIT@TIME")
    if everyone and unit in EVERYONE and unit not in names:
        return EVERYONE[0], when
    unit = _original_name(unit, names)
    if unit not in names:
        raise _unknown_unit(option, text, unit, names)
    return unit, when


def _original_name(unit: str, names: Collection[str]) -> str:
    """``unit`` as written in the table, width and spaces aside (:func:`~scheduler.text.names.name_key`:
    ``区财政局(国资办)`` for ``区财政局（国资办）``), else ``unit`` itself."""
    if unit in names:
        return unit
    key = name_key(unit)
    return next((name for name in names if name_key(name) == key), unit)


def parse_changes(
    loaded: Loaded,
    unavailable: Sequence[str] = (),
    pins: Sequence[str] = (),
    drop: Sequence[str] = (),
    add: Sequence[str] = (),
    only: Sequence[str] = (),
    now: datetime | None = None,
    said: list[Message] | None = None,
) -> Changes:
    """Read the ``reschedule`` options; a bad value raises :class:`InputError` naming option and value.
    With ``now`` (aware), an ``--unavailable`` value whose slots began before now and go on after it
    counts from now, as a meeting table's (:func:`_from_now`; docs/replanning.md, decided): the line
    saying so is added to ``said``."""
    problem = loaded.problem
    rules = loaded.rules
    calendar = problem.calendar
    existing = {u.name for u in problem.units}

    dropped: list[str] = []
    for text in drop:
        name = _original_name(text.strip(), existing)
        if name not in existing:
            raise _unknown_unit("--drop", text, name, existing)
        dropped.append(name)

    added = _added(add, existing, problem.categories)
    names = (existing - set(dropped)) | {u.name for u in added}
    blocked: dict[str, set[datetime]] = {}
    for text in unavailable:
        unit, when = _unit_and_time("--unavailable", text, names, everyone=True)
        slots = _slots("--unavailable", text, when, loaded, whole=False)
        slots, note = _from_now(loaded, unit, text, slots, now)
        if note is not None and said is not None:
            said.append(note)
        for each in sorted(names) if unit == EVERYONE[0] else [unit]:  # *: every unit, as unit = "*"
            blocked.setdefault(each, set()).update(slots)
    allowed: dict[str, set[datetime]] = {}
    for text in only:
        unit, when = _unit_and_time("--only", text, names, everyone=True)
        slots = _slots("--only", text, when, loaded, whole=True)
        for each in sorted(names) if unit == EVERYONE[0] else [unit]:
            allowed.setdefault(each, set()).update(slots)
    for unit, slots in allowed.items():
        blocked.setdefault(unit, set()).update(set(calendar.slots) - slots)

    pinned: dict[str, Pin] = {}
    for text in pins:
        unit, when = _unit_and_time("--pin", text, names)
        try:
            start = parse_datetime(when, rules.year_of)
        except ValueError as exc:
            raise option_time_error("--pin", text, exc, "option.bad_time", time=when) from exc
        if calendar.index(start) is None:
            clock = calendar.clock_refusal(start)  # the clock's sentence on a change night (QA qadst23 F3)
            if clock is not None:
                raise _fail("--pin", text, "option.refused", reason=clock)
            raise _fail("--pin", text, "option.not_slot", time=calendar.written(start))
        if unit in pinned and pinned[unit].start != start:
            raise _fail("--pin", text, "option.pinned_twice", unit=unit)
        pinned[unit] = Pin(unit, start)

    return Changes(
        unavailable=tuple(Unavailable(u, frozenset(s)) for u, s in blocked.items()),
        pins=tuple(pinned.values()),
        drop=tuple(dropped),
        add=tuple(added),
    )


def _added(add: Sequence[str], existing: Collection[str], categories: Sequence[str]) -> list[Unit]:
    """The units ``--add "UNIT,CATEGORY[,GROUP]"`` adds. A part with ``=`` (a meeting table's ``列名=值``) is
    refused: read as the group, ``并行组=A`` made a group of that name shared with nobody (QA review16
    finding 5)."""
    added: list[Unit] = []
    for text in add:
        parts = [p.strip() for p in unicodedata.normalize("NFKC", text).replace("，", ",").split(",")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise _fail("--add", text, "option.format", expected=Message("option.unit_add_form"))
        keyed = next((part for part in parts if "=" in part), None)
        if keyed is not None:
            raise _fail("--add", text, "option.unit_add_keyed", part=keyed)
        name, category = parts[0], parts[1]
        group = parts[2] if len(parts) == 3 else ""
        if any(name_key(known) == name_key(name) for known in [*existing, *(u.name for u in added)]):
            raise _fail("--add", text, "option.unit_exists", unit=name)
        if categories and category not in categories:
            raise _fail("--add", text, "option.category", category=category, known=list(categories))
        added.append(Unit(name, category, group))
    return added


def _from_now(
    loaded: Loaded, unit: str, text: str, slots: set[datetime], now: datetime | None
) -> tuple[set[datetime], Message | None]:
    """``slots`` (one ``--unavailable`` value) as of ``now``: when some began before now and some begin
    at or after it (the campaign under way), those from now on, and the line saying so with the
    ``--unavailable`` that says the part before (review21 F4: a meeting table's rule, QA qamonth21 F5; a
    unit that met, or is meeting, in the part before stays held). A value wholly begun before now says
    the unit did not come, and is kept as written."""
    from zoneinfo import ZoneInfo

    from scheduler.files.addresses import visible
    from scheduler.text.times import format_span, format_time

    calendar = loaded.problem.calendar
    if now is None or not slots:
        return slots, None
    moment = now.astimezone(ZoneInfo(calendar.timezone)).replace(tzinfo=None)
    if not calendar.under_way(moment) or not min(slots) < moment <= max(slots):
        return slots, None
    before = format_span(min(slots), moment)
    note = Message("mchange.from_now", value=text, now=format_time(moment), who=visible(unit), before=before)
    return {s for s in slots if s >= moment}, note


def _slots(option: str, text: str, when: str, loaded: Loaded, whole: bool) -> set[datetime]:
    """The slots ``when`` names (several times separated by 、 add up), as the rules file's times
    (:func:`~scheduler.files.load.meetings_named`; ``whole`` for ``--only``); none is an error naming
    the option."""
    found: set[datetime] = set()
    for part in split_times(when) or [when]:
        try:
            found.update(meetings_named(part, loaded.rules, whole))
        except NoMeeting as none:
            raise InputError(none.message(part, loaded.rules.calendar.minutes, option, text)) from none
        except ValueError as exc:
            raise option_time_error(option, text, exc, "option.bad_span", time=part) from exc
    return found


def parse_links(loaded: Loaded, links: Sequence[str], changes: Changes) -> tuple[Link, ...]:
    """``--link FIRST,THEN`` values: THEN meets right after FIRST, the same day; both must be units
    of the table after ``changes`` (an added unit may be linked)."""
    names = ({u.name for u in loaded.problem.units} - set(changes.drop)) | {u.name for u in changes.add}
    out = []
    for text in links:
        parts = [p.strip() for p in text.replace("，", ",").split(",")]
        if len(parts) != 2 or not all(parts):
            raise _fail("--link", text, "option.format", expected="FIRST,THEN")
        first, then = (_original_name(p, names) for p in parts)
        for name in (first, then):
            if name not in names:
                raise _unknown_unit("--link", text, name, names)
        if first == then:
            raise _fail("--link", text, "option.self_link", unit=first)
        out.append(Link(first, then))
    return tuple(out)


def changed(
    loaded: Loaded,
    changes: Changes,
    reasons: Mapping[str, str] | None = None,
    links: Sequence[Link] = (),
    proposed: Mapping[str, str] | None = None,
) -> tuple[Table, Rules]:
    """The table and rules after ``changes`` and ``links``, for writing the new timetable out.

    ``reasons`` (unit -> text) is written as the ``reason`` of the unit's new unavailability (only the
    times the rules do not make unavailable already: the same changes applied again add nothing);
    ``proposed`` (unit -> its words) names the pins that are units' counter-proposals: they are
    written with ``from = "reply"`` (and the words as ``reason``), so a later answer can lift them.
    """
    gone = set(changes.drop)
    table = loaded.table
    columns = list(table.columns)
    for column, needed in (
        (CATEGORY, any(u.category for u in changes.add)),
        (GROUP, any(u.group for u in changes.add)),
    ):
        if needed and column not in columns:
            columns.append(column)
    rows = [r for r in table.rows if r.get(UNIT) not in gone]
    number = max((r.number for r in table.rows), default=1)
    for unit in changes.add:
        number += 1
        rows.append(Row(number, {UNIT: unit.name, CATEGORY: unit.category, GROUP: unit.group}))
    new_table = Table(table.path, columns, rows, dict(table.labels))

    rules = loaded.rules
    calendar = loaded.problem.calendar
    repinned = {p.unit for p in changes.pins}
    pins = [e for e in rules.pins if _entry_unit(e, "unit") not in gone | repinned]
    pins += [Entry({"unit": p.unit, "time": format_iso(p.start)} | _source(proposed, p.unit)) for p in changes.pins]
    unavailable = [e for e in rules.unavailable if _entry_unit(e, "unit") not in gone]
    already: dict[str, set[datetime]] = {}
    for entry in loaded.problem.unavailable:
        already.setdefault(entry.unit, set()).update(entry.starts)
    new = {e.unit: e.starts - already.get(e.unit, set()) for e in changes.unavailable}  # only times the rules
    # do not hold yet: running twice writes nothing twice
    units = [r.get(UNIT) for r in rows]
    closed = _closed(new, units) if not reasons else set()
    if closed:  # new for every unit (--unavailable "*@…"): one entry, as the rules file says a closed time
        closing = [str(t) for t in format_slots(sorted(closed), calendar.minutes)]  # plain text for the file
        unavailable.append(Entry({"unit": EVERYONE[0], "times": closing}))
    for e in changes.unavailable:
        times = sorted(new[e.unit] - closed)
        if times:
            written = [str(t) for t in format_slots(times, calendar.minutes)]  # plain str: dump_rules's fast path
            unavailable.append(Entry({"unit": e.unit, "times": written} | _reason(reasons, e.unit)))
    kept = [e for e in rules.links if _entry_unit(e, "first") not in gone and _entry_unit(e, "then") not in gone]
    kept += [Entry({"first": link.first, "then": link.then}) for link in links]
    only = [e for e in rules.only if _entry_unit(e, "unit") not in gone]
    new_rules = replace(rules, pins=tuple(pins), unavailable=tuple(unavailable), links=tuple(kept), only=tuple(only))
    return new_table, new_rules


def _closed(new: Mapping[str, frozenset[datetime]], units: Sequence[str]) -> set[datetime]:
    """The times newly unavailable for every one of ``units`` (two or more), each unit's in ``new``."""
    if len(units) < 2 or any(unit not in new for unit in units):
        return set()
    return set(frozenset.intersection(*(new[unit] for unit in units)))


def _reason(reasons: Mapping[str, str] | None, unit: str) -> dict[str, str]:
    text = (reasons or {}).get(unit, "")
    return {"reason": text} if text else {}


def _source(proposed: Mapping[str, str] | None, unit: str) -> dict[str, str]:
    if proposed is None or unit not in proposed:
        return {}
    return {"from": REPLY_SOURCE} | _reason(proposed, unit)


def _entry_unit(entry: Entry, key: str) -> str:
    return str(entry.values.get(key, "")).strip()
