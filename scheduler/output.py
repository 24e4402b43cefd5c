"""What a solved timetable is written as: the table (with the input's columns) and its rules.

``timetable.csv`` sits beside ``timetable.toml`` (the rules used), so the output
folder validates as it stands: ``validate DIR/timetable.csv``.
"""

from __future__ import annotations

from pathlib import Path

from .domain import Timetable
from .load import Loaded
from .rulesfile import Rules, dump_rules
from .tables import NO, ROOM, TIME, UNIT, render_table
from .times import format_iso

TABLE_NAME = "timetable.csv"
RULES_NAME = "timetable.toml"


def table_rows(loaded: Loaded, timetable: Timetable) -> tuple[list[str], list[dict[str, str]]]:
    """Header labels and rows of the output table, meetings in time order.

    The input's columns are kept in their order and with their header text;
    时间 is written ``2021-09-08 08:00``, 序号 is renumbered, and 房间 is added
    when there is more than one room.
    """
    table = loaded.table
    columns = list(table.columns)
    if TIME not in columns:
        columns.insert(columns.index(NO) + 1 if NO in columns else 0, TIME)
    if len(loaded.problem.rooms) > 1 and ROOM not in columns:
        columns.append(ROOM)
    first_cells: dict[str, dict[str, str]] = {}
    for row in table.rows:
        first_cells.setdefault(row.get(UNIT), row.cells)
    rows = []
    for number, meeting in enumerate(timetable.meetings, start=1):
        cells = dict(first_cells.get(meeting.unit, {UNIT: meeting.unit}))
        cells[TIME] = format_iso(meeting.start) if meeting.start else ""
        if ROOM in columns:
            cells[ROOM] = meeting.room or ""
        if NO in columns:
            cells[NO] = str(number)
        rows.append(cells)
    labels = [table.labels.get(c, c) for c in columns]
    return labels, [{table.labels.get(c, c): cells.get(c, "") for c in columns} for cells in rows]


def timetable_files(loaded: Loaded, timetable: Timetable, rules: Rules | None = None) -> dict[str, bytes]:
    """The output files (name -> bytes) for a timetable: the table and the rules used."""
    labels, rows = table_rows(loaded, timetable)
    source = Path(loaded.rules.path).name if loaded.rules.path else None
    return {
        TABLE_NAME: render_table(labels, rows),
        RULES_NAME: dump_rules(rules or loaded.rules, source),
    }
