"""Showing a timetable in a terminal, with Chinese columns lined up.

Chinese characters take two terminal columns; ``wcwidth`` knows the width of
every character (wide, narrow, combining), which ``len`` does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from wcwidth import wcswidth

from scheduler.cli.terminal import neutral, written_form
from scheduler.domain import Problem, Timetable
from scheduler.files.reading import row_spans
from scheduler.solver.result import Result
from scheduler.text.messages import Message, joined, render, shift
from scheduler.text.times import dated, end_clock, format_time

if TYPE_CHECKING:  # the meetings' model loads with a meeting table, not with every timetable shown
    from scheduler.domain.meetings import MeetingMove, MeetingProblem, Placement, Plan


def width(text: str) -> int:
    """Terminal columns taken by ``text``."""
    found = wcswidth(text)
    return found if found >= 0 else len(text)


def pad(text: str, columns: int, taken: int | None = None) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns; ``taken``: the columns it takes as
    written (:func:`grid`), else :func:`width`."""
    return text + " " * max(0, columns - (width(text) if taken is None else taken))


def shown_width(text: str, form: Callable[[str], str] = neutral) -> int:
    """Terminal columns taken by ``text`` as ``form`` writes it (:func:`scheduler.cli.terminal.written_form`):
    with its escapes (a control character as ``\\x9b``, a character a GBK output lacks as
    ``\\U00020bb7``: QA qawin19 F1)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return width(form(text))


def grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as aligned lines, two spaces between columns, measured as standard output writes
    them (:func:`shown_width`); on a terminal too narrow for them the last column wraps (:func:`_last_room`)."""
    form = written_form()
    taken = [[shown_width(c, form) for c in row] for row in rows]
    heads = [shown_width(h, form) for h in header]
    widths = [max([heads[i]] + [t[i] for t in taken]) for i in range(len(header))]
    room = _last_room(widths)
    if room is not None:
        widths[-1] = max(room, heads[-1])
    lines = ["  ".join(pad(*c) for c in zip(header, widths, heads, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    before = sum(widths[:-1]) + 2 * (len(widths) - 1)
    for row, sizes in zip(rows, taken, strict=True):
        if room is None or sizes[-1] <= room:
            lines.append("  ".join(pad(*c) for c in zip(row, widths, sizes, strict=True)).rstrip())
            continue
        pieces = _wrapped(row[-1], widths[-1], form)
        cells, sizes = [*row[:-1], pieces[0]], [*sizes[:-1], shown_width(pieces[0], form)]
        lines.append("  ".join(pad(*c) for c in zip(cells, widths, sizes, strict=True)).rstrip())
        lines += [" " * before + piece for piece in pieces[1:]]
    return lines


LAST_COLUMN_LEAST = 16
"""The fewest columns the last column is wrapped to on a terminal; narrower, rows wrap as the terminal wraps them."""


def _last_room(widths: Sequence[int]) -> int | None:
    """The columns the last column is wrapped to when standard output is a terminal too narrow for the
    rows (``COLUMNS``, else the terminal's size): QA qawin19 F5, a meeting table's 参会人员 made rows of 144
    columns in an 80-column console. ``None``: the rows fit, or it is no terminal (a file or a pipe keeps
    one row a line, for ``grep`` / ``findstr``), or the other columns leave it too little room."""
    import shutil
    import sys

    total = sum(widths) + 2 * (len(widths) - 1)
    stream = sys.stdout
    if stream is None or not stream.isatty():
        return None
    columns = shutil.get_terminal_size().columns - 1  # the last column of a console wraps by itself
    room = columns - (total - widths[-1])
    if total <= columns or room < LAST_COLUMN_LEAST:
        return None
    return room


def _wrapped(text: str, columns: int, form: Callable[[str], str]) -> list[str]:
    """``text`` in pieces of at most ``columns`` terminal columns (as written, :func:`shown_width`), each
    broken after a 、 / ， / comma or a space when one is in its second half."""
    pieces: list[str] = []
    while shown_width(text, form) > columns:
        cut = 1
        while cut < len(text) and shown_width(text[: cut + 1], form) <= columns:
            cut += 1
        soft = max(text.rfind(mark, 0, cut) for mark in "、，,； ")
        if soft + 1 > cut // 2:
            cut = soft + 1
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text]


def timetable_lines(problem: Problem, timetable: Timetable, lang: str = "zh") -> list[str]:
    """The timetable as aligned lines: 序号, 时间, 单位, 类别, 并行组 (and 房间 if several)."""
    many_rooms = len(problem.rooms) > 1
    has_groups = any(u.group for u in problem.units)
    keys = ["show.no", "show.time", "show.unit", "show.category"]
    keys += ["show.group"] if has_groups else []
    keys += ["show.room"] if many_rooms else []
    header = [render(Message(k), lang) for k in keys]
    rows = []
    for number, m in enumerate(timetable.meetings, start=1):
        unit = problem.unit(m.unit)
        row = [str(number), dated(format_time(m.start), lang) if m.start else "", m.unit, unit.category]
        row += [unit.group] if has_groups else []
        row += [m.room or ""] if many_rooms else []
        rows.append(row)
    return grid(header, rows)


def summary_lines(result: Result, lang: str = "zh") -> list[str]:
    """Status, slots used, last meeting, solve time (and moves for ``stable``)."""
    status = render(Message(f"status.{result.status}"), lang)
    lines = [render(Message("show.status", status=status), lang)]
    if result.timetable is not None:
        last = result.last_meeting()
        lines.append(render(Message("show.slots", slots=result.slots_used(), last=last or ""), lang))
        if result.objective == "stable" and result.score is not None:
            moved = result.score.as_dict()["moved"]
            lines.append(render(Message("show.moved", moved=moved), lang))
        if result.status != "optimal" and result.bound is not None and result.score is not None:
            bound, score = result.bound.values, result.score.values
            lines.append(render(Message("show.bound", bound=bound[0], value=score[0]), lang))
            if result.objective == "stable" and bound[0] == score[0] and bound[1] > 0:
                # the fewest moves met: the displacement's bound says how far this one may be off
                lines.append(render(Message("show.displacement_bound", bound=bound[1], value=score[1]), lang))
    lines.append(render(Message("show.time_taken", seconds=f"{result.runtime:.2f}"), lang))
    return lines


def moves_lines(
    result: Result,
    lang: str = "zh",
    withdrawn: Sequence[tuple[str, datetime | None]] = (),
    invited: Mapping[str, datetime] | None = None,
) -> list[str]:
    """Each moved unit with its old and new time, aligned; a unit added has no old time, unless it was
    invited before (``invited``: its invited time, as the adjustment notice gives it); each of
    ``withdrawn`` (a unit and its old time) is listed last as cancelled, as the adjustment notice lists it."""
    moves = result.moves()
    rooms = result.room_changes()
    if not moves and not rooms and not withdrawn:
        return [render(Message("replan.no_moves"), lang)]
    new, cancelled = render(Message("replan.new"), lang), render(Message("replan.withdrawn"), lang)
    header = [render(Message(k), lang) for k in ("show.unit", "replan.from", "replan.to")]
    invited = invited or {}

    def was(unit: str, old: datetime | None, none: str) -> str:
        old = old or invited.get(unit)
        return dated(format_time(old), lang) if old else none

    def at(moment: datetime) -> str:
        return dated(format_time(moment), lang)

    rows = [[unit, was(unit, old, new), at(now) if now else ""] for unit, old, now in moves]
    rows += [[unit, f"{at(start)} {old}", f"{at(start)} {now}"] for unit, start, old, now in rooms]
    rows += [[unit, was(unit, old, ""), cancelled] for unit, old in withdrawn]
    return [render(Message("replan.moves", count=len(rows)), lang), *grid(header, rows)]


# -- meeting tables (docs/meetings.md) ----------------------------------------------------------


def skipped_lines(skipped: Sequence[tuple[int, str]], lang: str = "zh") -> list[str]:
    """One line per kind of row the table skipped (``已跳过第 32 行（合计行）``), kinds in the order
    first met; rows in a row of three or more written as a span (``20-45``)."""
    by_kind: dict[str, list[int]] = {}
    for number, kind in skipped:
        by_kind.setdefault(kind, []).append(number)
    lines = []
    for kind, numbers in by_kind.items():
        count = "one" if len(numbers) == 1 else "many"
        kind_words = Message(f"skipped.{kind}.{count}")
        lines.append(render(Message(f"skipped.{count}", rows=row_spans(numbers), kind=kind_words), lang))
    return lines


def meeting_lines(problem: MeetingProblem, plan: Plan, lang: str = "zh") -> list[str]:
    """A meeting timetable as aligned lines, in time order: 序号, 时间 (start—end), 时长, 会议, 会议室,
    参会人员 (optional ones after 可选)."""
    from scheduler.export.meeting_sheet import in_time_order

    keys = ["show.no", "show.time", "mshow.length", "mshow.meeting", "mshow.room", "mshow.people"]
    header = [render(Message(k), lang) for k in keys]
    optional = render(Message("mshow.optional"), lang)
    rows = []
    for number, (session, start, room) in enumerate(in_time_order(problem, plan), start=1):
        when = ""
        if start is not None:
            end = start + timedelta(minutes=session.minutes)
            when = f"{dated(format_time(start), lang)}-{end_clock(end)}"
        people = joined(session.required, lang)
        if session.optional:
            listed = joined(session.optional, lang)
            people += f"（{optional}：{listed}）" if lang == "zh" else f" ({optional}: {listed})"
        length = render(Message("mshow.minutes", minutes=session.minutes), lang)
        rows.append([str(number), when, length, session.title, room, people])
    return grid(header, rows)


def meeting_moves_lines(moves: Sequence[MeetingMove], lang: str = "zh", dropped: Sequence[Placement] = ()) -> list[str]:
    """Who moved on replanning (``result.moves`` of :func:`scheduler.meetings.replanning.replan_meetings`):
    each meeting with its old time and room, its new ones and how far it went (``晚 2 小时``: ``move.minutes``,
    :func:`~scheduler.text.messages.shift`); a meeting added has none before; a meeting
    called off (``dropped``: its place in the published timetable) is listed as cancelled, as a withdrawn
    unit is."""
    if not moves and not dropped:
        return [render(Message("mshow.no_moves"), lang)]
    rows = []
    for move in moves:
        was = (move.before.start, move.before.room) if move.before is not None else None
        went = move.minutes
        far = render(shift(went), lang) if went is not None else ""
        rows.append([move.title, _where(was, lang), _where((move.after.start, move.after.room), lang), far])
    for place in dropped:
        called_off = render(Message("mshow.dropped"), lang)
        rows.append([place.title, _where((place.start, place.room), lang), called_off, ""])
    header = [render(Message(k), lang) for k in ("mshow.meeting", "replan.from", "replan.to", "replan.shift")]
    if not dropped:
        head = Message("mshow.moves", count=len(moves))
    elif not moves:
        head = Message("mshow.drops", count=len(dropped))
    else:
        head = Message("mshow.moves_drops", count=len(moves), dropped=len(dropped))
    return [render(head, lang), *grid(header, rows)]


def _where(place: tuple[datetime | None, str | None] | None, lang: str) -> str:
    if place is None or place[0] is None:
        return render(Message("replan.new"), lang)
    return f"{dated(format_time(place[0]), lang)} {place[1] or ''}".strip()
