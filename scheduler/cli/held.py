"""Where a participant's unavailability over a begun meeting is written, for the advice "若它已举行…".

``reschedule`` treats a meeting that began with a required participant unavailable as not held and
places it again (docs/replanning.md). If it was held after all, the clerk makes that unavailability
start from now, and the line says which entry to edit (Twenty-first session: it said "请把 刘副主任 的
不可参加时间改为…" and left the clerk to find it): this run's ``--unavailable`` (or, with ``--out``, the
``[[unavailable]]`` it is written as there), the rules file's ``[[unavailable]]`` entry, or the people
sheet's 不可参加 column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scheduler.files.meeting_files import LoadedMeetings
from scheduler.text.messages import Message, render


def unavailable_where(
    before: LoadedMeetings, after: LoadedMeetings, asked: Sequence[str], out_dir: str | None, lang: str
) -> Callable[[str], str]:
    """For a participant, where their unavailability is written, in words (``lang``): ``before`` the
    table as read, ``after`` with this run's changes (its rules hold this run's ``[[unavailable]]`` entries
    after the file's own), ``asked`` the ``--unavailable`` options as given, ``out_dir`` the ``--out``."""
    entries = [e for e in after.rules.get("unavailable", []) if isinstance(e, dict)]
    own = len([e for e in before.rules.get("unavailable", []) if isinstance(e, dict)])
    units = after.problem.members()

    def where(who: str) -> str:
        names = {who, units.get(who, "")} - {""}
        found = [(i, e) for i, e in enumerate(entries) if _named(e) in names]
        new = [(i, e) for i, e in found if i >= own]
        if new and out_dir:
            from scheduler.export.outputs import RULES_NAME  # the rules file --out writes beside the timetable

            return _said("mshow.where_rules", Path(out_dir) / RULES_NAME, new[-1][1], lang)
        options = [text for text in asked if text.split("@", 1)[0].strip() in names]
        if options:
            return render(Message("mshow.where_option", spec=options[-1]), lang)
        if new:  # a decline read by --from-replies, not written without --out
            return render(Message("mshow.where_reply", who=_named(new[-1][1])), lang)
        if found and found[0][0] < own and before.rules_path:
            return _said("mshow.where_rules", Path(before.rules_path), found[0][1], lang)
        if before.people_path:
            return render(Message("mshow.where_people", path=before.people_path, who=who), lang)
        return render(Message("mshow.where_who", who=who), lang)

    return where


def _named(entry: dict[str, Any]) -> str:
    value = entry.get("person", entry.get("unit", ""))
    return value if isinstance(value, str) else ""


def _said(key: str, path: Path, entry: dict[str, Any], lang: str) -> str:
    kind = "person" if "person" in entry else "unit"
    return render(Message(key, path=str(path), key=kind, who=_named(entry)), lang)
