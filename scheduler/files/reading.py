"""How a table and its people were read, as lines: a workbook's hidden data rows (read as the others) and
the table's notes (which sheet gave the people, which sheet was not read and why). One function for every
reader of a table: the command line says these lines on stderr (:func:`scheduler.cli.loading.tell_reading`),
the web page under its check after 打开表格 (docs/web.md), so that the clerk who only uses the browser
is told of a hidden 人员 sheet too (QA qaweb21 F1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.files.load import Loaded
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.files.tables import Table


def reading_lines(loaded: Loaded | LoadedMeetings, lang: str) -> list[str]:
    """The workbook's hidden data rows (the table's, its own people sheet's, a people workbook's the rules
    name), each named with its file and sheet, then the table's notes, in ``lang``."""
    people: Table | None = getattr(loaded, "people_sheet", None)  # a meeting workbook's own people sheet
    named: Table | None = getattr(loaded, "people_file", None)  # the people workbook the rules name
    lines = [f"{t.path}: {hidden_line(t.hidden, lang)}" for t in (loaded.table, people, named) if t and t.hidden]
    return lines + [note.text(lang) for note in (loaded.table.notes if loaded.table is not None else ())]


def hidden_line(rows: Sequence[int], lang: str = "zh") -> str:
    """The line naming a workbook's hidden data rows, read as the others (``第 6 行是隐藏行（已照常读入）…``)."""
    count = "one" if len(rows) == 1 else "many"
    return render(Message(f"hidden_rows.{count}", rows=row_spans(rows)), lang)


def row_spans(numbers: Sequence[int]) -> tuple[str, ...]:
    """``[20, 21, 22, 23, 30]`` as ``("20-23", "30")``: runs of three or more as a span."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    out: list[str] = []
    for run in runs:
        out += [f"{run[0]}-{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
    return tuple(out)
