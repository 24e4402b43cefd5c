"""Two copies of one timetable that disagree: said on one line, never one of them silently.

``solve --out DIR`` writes the timetable twice, ``DIR/timetable.csv`` and ``DIR/timetable.xlsx``,
and the workbook holds it twice itself (its printable sheet and its 数据 sheet). The office edits
the copy that opens in Excel, while the README's commands name the CSV; so a command that reads
one copy first checks the others (:func:`check_copies`), and one that writes a folder checks the
copies it would overwrite (:func:`check_overwrite`). Decision: the workbook is the copy to edit,
so reading it never looks at the CSV beside it. Timetables are compared by content, every cell both
copies carry (each unit's, or meeting's, time and room, and its 备注, 参会人员…: an edited 备注 reaches
the invites, and is lost by an overwrite, as surely as a time), never by bytes or file dates: Excel and
LibreOffice rewrite both on every save.
File times decide only *whether* to compare: a workbook not saved after the CSV beside it
(:func:`saved_after`) was written with it and is not read again. The command line's
``--allow-differing-copy`` skips both checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.table_file import read_table
from scheduler.files.tables import DATE, END, LENGTH, MEETING, ROOM, TIME, UNIT, Row, Table, is_meeting_table
from scheduler.text.messages import Message
from scheduler.text.times import parse_datetime

Invited = Callable[[Path], Mapping[str, set[str]]]
"""Each unit's (or meeting's) invited starts beside a table, as :func:`start_said` says them."""

WORKBOOK = ".xlsx"
"""The suffix of the workbook copy beside a text table (``timetable.xlsx`` beside ``timetable.csv``)."""


def check_copies(path: str | Path, table: Table, invited: Invited | None = None, then: str = "out") -> None:
    """Refuse ``table``, read from ``path``, when another copy of its timetable holds a different one:
    our own workbook's 数据 sheet when its printable sheet was read (:attr:`Table.twin`), or, for a
    text table ``X.csv``, the workbook ``X.xlsx`` beside it (each sheet of it holding the timetable).
    A copy that cannot be read, or is a table of the other kind, is no copy to compare with. ``invited``:
    each unit's (or meeting's) invited times beside a table (the invites' layer gives it:
    :func:`scheduler.invites.invited.invited_times`), so that the refusal names the copy already mailed.
    ``then``: what the command does to the other copy with ``--allow-differing-copy``, as the refusal says
    it: ``out`` (``--out`` overwrites it), ``send`` (rewritten after mailing), ``read`` (nothing). Every cell
    counts (:func:`differences` with ``cells``), not the timetable alone: a 备注 or a participant edited in
    the workbook and mailed from it would otherwise be mailed back out by the next ``send`` of the CSV
    (QA qaint26 F8); the workbook beside a CSV is compared only when saved after it, so the refusal says
    it is the later copy."""
    source = Path(path)
    if table.twin is not None:
        other = table.twin.read()
        found = differences(table, other, cells=True)
        if found:
            sheet = table.path.rsplit(" [", 1)[-1].rstrip("]")
            effect = Message(f"copies.then.{then}_sheet") if then in ("out", "send") else ""
            said = Message("copies.sheets", twin=table.twin.title, sheet=sheet, diff=_told(found), then=effect)
            twin = Message("copies.sheet_of", path=str(source), sheet=table.twin.title)
            read = Message("copies.sheet_of", path=str(source), sheet=sheet)
            raise InputError(_with_invited(said, source, [(table, read), (other, twin)], invited), table.path)
        return
    differing = differing_beside(source, table, cells=True)
    if differing is not None:
        named, run, diff = differing
        workbook = str(source.with_suffix(WORKBOOK))
        effect = Message(f"copies.then.{then}", file=workbook) if then in ("out", "send") else ""
        said = Message("copies.beside", other=named, run=run, then=effect, diff=diff)
        copies = [(table, str(source))] + [(t, n) for t, n, _ in _workbook_copies(source.with_suffix(WORKBOOK))]
        raise InputError(
            _with_invited(said, source, [c for c in copies if c[1] == named or c[0] is table], invited), table.path
        )


def _with_invited(
    said: Message, source: Path, copies: list[tuple[Table, str | Message]], invited_at: Invited | None
) -> Message:
    """``said``, and which of ``copies`` the invites beside the table (``invites/state.json``: what ``send``
    mails, and mailed last) follow, when exactly one of them does: the copy the units already have."""
    invited = invited_at(source) if invited_at is not None else {}
    if not invited:
        return said
    agree = [named for table, named in copies if _agrees(timetable_of(table, False), invited)]
    if len(agree) != 1:
        return said
    return Message("copies.invited", said=said, copy=agree[0])


def _agrees(times: dict[str, str], invited: Mapping[str, set[str]]) -> bool:
    """Whether every unit (or meeting) invited is at its invite's time in ``times`` (each place's start)."""
    for name, starts in invited.items():
        place = times.get(name)
        if place is None:
            return False
        if {p.split("—")[0] for p in place.split("、")} != starts:
            return False
    return True


def differing_beside(
    path: str | Path, table: Table, cells: bool = False
) -> tuple[str | Message, str | Message, Message] | None:
    """For a text table ``X.csv`` read from ``path``, the first copy of its timetable in the workbook
    ``X.xlsx`` beside it that holds a different one, when the workbook was saved after the table
    (:func:`saved_after`): the copy's name in messages, how to read it and the first difference, in
    words; else ``None`` (a workbook table, no workbook beside it, or none that differs). ``cells``: every
    cell counts, not the timetable alone (:func:`differences`): the CSV is about to overwrite the workbook."""
    if table.encoding is None:  # a workbook: the copy to edit, never checked against the CSV beside it
        return None
    source = Path(path)
    beside = source.with_suffix(WORKBOOK)
    if not saved_after(beside, source):
        return None
    for other, named, run in _workbook_copies(beside):
        found = differences(table, other, cells)
        if found:
            return named, run, _told(found)
    return None


def stale_copies(path: str | Path, table: Table) -> list[str | Message]:
    """The other copies of the timetable ``table`` (read from ``path``) that hold a different one, by
    name: for a workbook, its other sheets and the CSV beside it; for a text table, the workbook beside it
    (whenever it was saved). ``send`` brings them in step after mailing from ``table``: every cell counts,
    so a send of notes alone rewrites them too."""
    source = Path(path)
    if table.encoding is None:  # the workbook itself: its sheets, and the text copy beside it
        copies = [(t, n) for t, n, _ in _workbook_copies(source)]
        copies += [(t, str(source.with_suffix(".csv"))) for t in _readable(source.with_suffix(".csv"))]
    else:
        copies = [(t, n) for t, n, _ in _workbook_copies(source.with_suffix(WORKBOOK))]
    stale = [named for other, named in copies if differences(table, other, cells=True)]
    book = source.with_suffix(WORKBOOK)
    sheet = next((n for n in stale if isinstance(n, Message) and n.key == "copies.sheet_of"), None)
    if table.encoding is not None and str(book) in stale and sheet is not None:  # the workbook once, not twice
        whole = Message("copies.book_with_sheet", path=str(book), sheet=sheet.params["sheet"])
        stale = [whole if n == str(book) else n for n in stale if n is not sheet]
    return stale


def check_overwrite(folder: str | Path, names: tuple[str, ...], source: str | Path | None) -> None:
    """Refuse to write ``names`` into ``folder`` (``--out``) when that overwrites a workbook of ours whose
    copies disagree (its two sheets, or it and the CSV beside it): the office edited one of them since
    they were written. Every cell counts (:func:`differences` with ``cells``), not the timetable alone:
    an edit of 备注 would be lost as surely as one of a time. Not when ``source``, the table the command
    read, is the workbook itself: its reading checked its sheets, and the edit is in what is written."""
    workbook = Path(folder) / f"timetable{WORKBOOK}"
    text = workbook.with_suffix(".csv")
    if workbook.name not in names or not workbook.is_file():
        return
    if source is not None and _same_file(Path(source), workbook):
        return
    if text.is_file() and not saved_after(workbook, text):
        return  # written together, and the workbook not saved since: its sheets are as written too
    copies = [(other, named) for other, named, _ in _workbook_copies(workbook)]
    copies += [(other, str(text)) for other in _readable(text)]
    for other, named in copies[1:]:
        found = differences(copies[0][0], other, cells=True)
        if found:
            said = Message("copies.overwrite", other=named, diff=_told(found))
            raise InputError(said, copies[0][0].path, column="--out")


def differences(table: Table, other: Table, cells: bool = False) -> list[tuple[str, str, str]]:
    """Where two tables' timetables differ: (unit or meeting, its time and room in ``table``, in
    ``other``), in ``table``'s order, then those only ``other`` has; a row missing from one is ``None``'s
    text, an empty one ``""``. Rooms count when both tables have the column; none for tables of two kinds.
    With ``cells`` (a copy about to be overwritten), every other cell counts too (:func:`cells_of`): a
    unit at the same time whose 备注, 类别 or 并行组 differs is a difference, said as those cells."""
    if is_meeting_table(table) != is_meeting_table(other):
        return []
    rooms = table.has(ROOM) and other.has(ROOM)
    ours, theirs = timetable_of(table, rooms), timetable_of(other, rooms)
    names = list(ours) + [name for name in theirs if name not in ours]
    found = [(n, ours.get(n, _ABSENT), theirs.get(n, _ABSENT)) for n in names if ours.get(n) != theirs.get(n)]
    if not cells:
        return found
    columns = [c for c in table.columns if c in other.columns and c not in _TIMETABLE]
    ours_cells, theirs_cells = cells_of(table, columns), cells_of(other, columns)
    timed = {name for name, _, _ in found}
    for name in names:
        here, there = ours_cells.get(name, []), theirs_cells.get(name, [])
        if name in timed or name not in ours or name not in theirs or here == there:
            continue
        found.append((name, *_cells_told(here, there, columns)))
    order = {name: i for i, name in enumerate(names)}
    return sorted(found, key=lambda f: order[f[0]])


_TIMETABLE = (TIME, END, LENGTH, ROOM, UNIT, MEETING, DATE)
"""The columns :func:`timetable_of` compares (or that name a row): :func:`cells_of` leaves them out."""


def cells_of(table: Table, columns: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """Each unit's (or meeting's) other cells, in ``columns`` (spaces folded), one tuple per row, sorted."""
    meetings = is_meeting_table(table)
    out: dict[str, list[tuple[str, ...]]] = {}
    for row in table.rows:
        name = row.get(MEETING if meetings else UNIT)
        out.setdefault(name, []).append(tuple(" ".join(row.get(c).split()) for c in columns))
    return {name: sorted(rows) for name, rows in out.items()}


def _cells_told(here: list[tuple[str, ...]], there: list[tuple[str, ...]], columns: list[str]) -> tuple[str, str]:
    """The cells that differ between one unit's rows in two copies, each as ``备注“…”`` (the first row
    that differs; ``“”`` for an empty cell)."""
    for a, b in zip(here, there, strict=False):
        if a != b:
            differ = [i for i in range(len(columns)) if a[i] != b[i]]
            return "，".join(f"{columns[i]}“{a[i]}”" for i in differ), "，".join(
                f"{columns[i]}“{b[i]}”" for i in differ
            )
    return f"{len(here)}×", f"{len(there)}×"  # (rows: one copy has more rows of this unit)


_ABSENT = "\0"
"""A unit or meeting one copy does not have (told in words)."""


def timetable_of(table: Table, rooms: bool) -> dict[str, str]:
    """Each unit's (or meeting's) time, and room with ``rooms``, as text comparable between copies: a
    time as ``9月8日 8:00`` whatever its notation (the printable sheet writes no year, the CSV
    ``2021-09-08 08:00``), a time that cannot be read as written (spaces folded). A meeting's time
    runs to its end, ``7月15日 16:00—17:00``: its 结束 where the copy has one (the 数据 sheet), else its
    时间 plus its 时长, so that a length changed in one copy, or a 结束 in 数据 alone, is a difference."""
    meetings = is_meeting_table(table)
    out: dict[str, list[str]] = {}
    for row in table.rows:
        start = _moment(row.get(TIME))
        place = _said(start, row.get(TIME))
        if meetings and start is not None:
            place += f"—{_end(table, row, start)}"
        if rooms and row.get(ROOM):
            place += f" {row.get(ROOM)}"
        out.setdefault(row.get(MEETING if meetings else UNIT), []).append(place)
    return {name: "、".join(sorted(places)) for name, places in out.items()}


def _moment(text: str) -> datetime | None:
    """A time written in any notation the tables read, its year aside (a copy may write none), and so a
    weekday after its date (``9月8日（星期三）8:00``) read but not checked: the table's reading checks it."""
    try:
        return parse_datetime(text, lambda _month, _day: 2000, check_weekday=False) if text else None  # (2月29日)
    except ValueError:
        return None


def start_said(start: datetime) -> str:
    """A start as the copies compare it (``9月8日 8:00``), for the invites' layer to say its times alike."""
    return _said(start, "")


def _said(moment: datetime | None, text: str) -> str:
    if moment is None:
        return " ".join(text.split())
    return f"{moment.month}月{moment.day}日 {_clock(moment)}"


def _end(table: Table, row: Row, start: datetime) -> str:
    """A meeting's end: its 结束 as written (a time of day when on the start's day), else its start plus
    its 时长 (empty: the rules' length, the same in every copy)."""
    from scheduler.files.meeting_files import bare_minutes, parse_length

    if row.get(END):
        end = _moment(row.get(END))
        return _said(end, row.get(END)) if end is None or end.date() != start.date() else _clock(end)
    minutes = parse_length(row.get(LENGTH), bare_minutes(table)) if row.get(LENGTH) else None
    return _clock(start + timedelta(minutes=minutes)) if minutes is not None else " ".join(row.get(LENGTH).split())


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


SAVED_AFTER = 2.0
"""Seconds by which a workbook's modification time must follow the CSV's for it to count as saved
after it: ``--out`` writes the two within a second of each other (their temporary files, then the
renames, which keep those times)."""


def saved_after(workbook: Path, text: Path) -> bool:
    """Whether ``workbook`` was saved after ``text`` (by more than :data:`SAVED_AFTER`): only then can it
    hold an edit the CSV lacks, and only then are the two read and compared (at 5,000 units reading the
    workbook costs more than reading the CSV itself). A time that cannot be read counts as saved after.
    The times decide only whether to compare: what differs is always decided by content."""
    try:
        return workbook.stat().st_mtime > text.stat().st_mtime + SAVED_AFTER
    except OSError:
        return workbook.exists()


def _workbook_copies(workbook: Path) -> list[tuple[Table, str | Message, str | Message]]:
    """The timetables a workbook holds, each with its name in messages and how to read it: the sheet a
    command reads without ``--sheet`` (named as the file), then its 数据 twin in our own workbook (none
    when the workbook is missing or unreadable)."""
    first = _readable(workbook)
    if not first:
        return []
    copies: list[tuple[Table, str | Message, str | Message]] = [(first[0], str(workbook), str(workbook))]
    twin = first[0].twin
    if twin is not None and twin.table is not None:  # (a 数据 sheet that cannot be read: nothing to compare)
        named = Message("copies.sheet_of", path=str(workbook), sheet=twin.title)
        run = Message("copies.run_sheet", path=str(workbook), sheet=twin.title)
        copies.append((twin.table, named, run))
    return copies


def _readable(path: Path) -> list[Table]:
    """The table at ``path`` (a list of it), or none when there is no file or it cannot be read."""
    if not path.is_file():
        return []
    try:
        return [read_table(path)]
    except InputError:
        return []


def _told(found: list[tuple[str, str, str]]) -> Message:
    """The first difference in words, and how many there are."""
    name, here, there = found[0]
    first = Message("copies.diff", name=name, here=_place(here), there=_place(there))
    return first if len(found) == 1 else Message("copies.diff_more", first=first, count=len(found))


def _place(text: str) -> str | Message:
    if text == _ABSENT:
        return Message("copies.absent")
    return text or Message("copies.no_time")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
