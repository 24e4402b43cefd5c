"""A table of either kind: a unit table (one row per unit) or a meeting table (会议 and 参会人员).

The kind comes from the header, as docs/meetings.md says: a table with the columns 会议 and
参会人员 is a meeting table, one with 单位 a unit table; a table with neither is one line naming
what each kind needs (:mod:`scheduler.files.tables`). Every command that takes a table reads it
here, then goes its unit way or its meeting way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.files.load import Loaded, build
from scheduler.files.rules_file import read_rules, rules_path_for
from scheduler.files.table_file import read_table
from scheduler.files.tables import is_meeting_table

if TYPE_CHECKING:  # the meetings' readers load only for a meeting table (a unit table starts faster)
    from scheduler.files.meeting_files import LoadedMeetings


def load_either(
    path: str | Path, rules: str | Path | None = None, sheet: str | None = None, strict: bool = False
) -> Loaded | LoadedMeetings:
    """The table at ``path`` and its rules (beside it unless ``rules``), as a unit problem or a meeting problem.

    ``strict`` is :func:`scheduler.files.load.load`'s (unit tables: a unit listed twice or a time
    outside the calendar is bad input rather than a violation); a meeting table is read one way.
    """
    table = read_table(path, sheet)
    rules_path = Path(rules) if rules is not None else rules_path_for(path)
    if is_meeting_table(table):
        from scheduler.files.meeting_files import build_meetings, read_rules_data, workbook_people

        data, lines = read_rules_data(rules_path)
        return build_meetings(table, data, lines, str(rules_path), workbook_people(path, table, data))
    return build(table, read_rules(rules_path), strict)
