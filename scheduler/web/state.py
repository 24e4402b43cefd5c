"""What the page is sent: the project as plain JSON data, and a timetable's check in the checker's words.

Times travel as ``YYYY-MM-DDTHH:MM`` (the grid's cell keys) and are shown as
the notice writes them (``9月8日 8:00``). Nothing here reads files.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from scheduler.domain import Problem, Timetable
from scheduler.files.load import Loaded
from scheduler.files.tables import NOTE
from scheduler.rules.check import validate
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, end_clock, format_day, format_time

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def slot_key(moment: datetime) -> str:
    """A meeting time as the page names it: ``2021-09-08T08:00``."""
    return moment.isoformat(timespec="minutes")


def parse_slot(text: object) -> datetime | None:
    """A slot key back to a time; ``None`` for an empty value, ``ValueError`` for a bad one."""
    if text is None or text == "":
        return None
    if not isinstance(text, str) or len(text) != 16:
        raise ValueError("slot")
    return datetime.fromisoformat(text)


def check_lines(problem: Problem, timetable: Timetable, lang: str) -> list[dict[str, Any]]:
    """Each violation: its line as ``validate`` prints it, the rule, the units and times it names."""
    report = validate(problem, timetable)
    return [
        {
            "text": v.text(lang),
            "rule": v.rule,
            "units": list(v.units),
            "times": [slot_key(t) for t in v.times],
        }
        for v in report.violations
    ]


def calendar_data(problem: Problem, lang: str) -> dict[str, Any]:
    """The grid's columns (days) and rows (hours), with the breaks between hours marked."""
    calendar = problem.calendar
    length = timedelta(minutes=calendar.minutes)
    days = [
        {"key": d.isoformat(), "label": dated(format_day(d), lang), "weekday": _weekday(d, lang)} for d in calendar.days
    ]  # the page's language: "Nov 4", not "11月4日", on an English page (QA qadst23 F10)
    hours = []
    previous = None
    for h in calendar.hours:
        begins = datetime.combine(date.min, h)
        ends = begins + length
        hours.append(
            {
                "key": f"{h.hour:02d}:{h.minute:02d}",
                "label": f"{h.hour}:{h.minute:02d}",
                "ends": end_clock(ends),
                "after_break": previous is not None and datetime.combine(date.min, previous) + length < begins,
            }
        )
        previous = h
    return {"days": days, "hours": hours, "minutes": calendar.minutes}


def _weekday(day: date, lang: str) -> str:
    names = WEEKDAYS["en" if lang == "en" else "zh"]
    return f"星期{names[day.weekday()]}" if lang != "en" else names[day.weekday()]


def _away(problem: Problem) -> dict[str, list[int]]:
    """Each unit's hours it cannot come, as slot numbers (day by day, hour by hour: the grid's order)."""
    out: dict[str, set[int]] = {}
    calendar = problem.calendar
    for entry in problem.unavailable:
        out.setdefault(entry.unit, set()).update(calendar.indices(entry.starts))
    return {unit: sorted(slots) for unit, slots in out.items()}


def project_data(loaded: Loaded, version: str, lang: str, can_undo: bool) -> dict[str, Any]:
    """Everything the page shows of a project: calendar, rooms, meetings, rules per unit, the check."""
    problem = loaded.problem
    calendar = problem.calendar
    keys = [slot_key(s) for s in calendar.slots]  # formatted once per slot, not once per use
    pinned = calendar.indices(p.start for p in problem.pins)  # a Problem's pins are slots
    pins = {p.unit: keys[t] for p, t in zip(problem.pins, pinned, strict=True)}
    notes: dict[str, str] = {}
    for row in loaded.table.rows:
        notes.setdefault(row.get("单位"), row.get(NOTE))
    meetings = []
    for i, m in enumerate(loaded.timetable.meetings):
        unit = problem.unit(m.unit) if problem.has_unit(m.unit) else None
        slot = calendar.index(m.start) if m.start is not None else None
        meetings.append(
            {
                "index": i,
                "unit": m.unit,
                "start": (keys[slot] if slot is not None else slot_key(m.start)) if m.start is not None else None,
                "shown": dated(format_time(m.start), lang) if m.start is not None else "",
                "in_grid": slot is not None,
                "room": m.room or (problem.rooms[0].name if len(problem.rooms) == 1 else ""),
                "category": unit.category if unit else "",
                "group": unit.group if unit else "",
                "note": notes.get(m.unit, ""),
                "pinned": pins.get(m.unit),
            }
        )
    categories = list(problem.categories)
    categories += [c for c in dict.fromkeys(u.category for u in problem.units) if c and c not in categories]
    return {
        "version": version,
        "title": problem.title or render(Message("output.title"), lang),
        "calendar": calendar_data(problem, lang),
        "rooms": [{"name": r.name, "capacity": r.capacity} for r in problem.rooms],
        "categories": categories,
        "meetings": meetings,
        "away": _away(problem),
        "links": [{"first": k.first, "then": k.then} for k in problem.links],
        "violations": check_lines(problem, loaded.timetable, lang),
        "units": len(problem.units),
        "can_undo": can_undo,
    }
