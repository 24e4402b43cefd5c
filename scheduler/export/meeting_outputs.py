"""What a solved meeting timetable is written as: the table in the formats asked for, the rules, the people.

The same files as a unit timetable's (:mod:`scheduler.export.outputs`): ``timetable.csv`` (UTF-8
with BOM), ``timetable.xlsx``, ``timetable.docx``, ``timetable.html`` and ``timetable.toml`` (the
rules used), plus the people sheet the rules name, copied in; so ``validate DIR/timetable.csv``
works as it stands, and the folder works wherever it is copied. With ``SOURCE_DATE_EPOCH`` set the
same inputs give the same bytes (:mod:`scheduler.export.stamps`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scheduler.domain.meetings import Plan
from scheduler.errors import InputError
from scheduler.export.annex import Answers
from scheduler.export.meeting_sheet import bundle_meeting_rules, meeting_sheet, rules_bytes, source_name, table_bytes
from scheduler.export.outputs import ANSWERS_NAME, FORMATS, RULES_NAME, TABLE_NAME, CsvStyle, file_name
from scheduler.export.stamps import file_time, made_on, stamped_zip
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.files.tables import render_table
from scheduler.text.messages import Message


def meeting_timetable_files(
    loaded: LoadedMeetings,
    plan: Plan,
    formats: Sequence[str] = FORMATS,
    issued: date | None = None,
    rules: dict[str, object] | None = None,
    answers: Answers | None = None,
    csv: CsvStyle | None = None,
) -> dict[str, bytes]:
    """The output files (name -> bytes) of a meeting timetable; nothing is written here.

    ``formats``: any of ``csv``, ``xlsx``, ``docx``, ``html``; ``timetable.toml`` and the people
    sheet are always written. ``rules`` replaces the rules data written (a rescheduled problem's,
    with its new pins and unavailability). ``issued``: the date printed (default: today, or
    ``$SOURCE_DATE_EPOCH``'s date). ``answers`` (the replies ledger's, per meeting) adds the 答复 column to
    the CSV and the workbook, a sheet of who answered what and ``replies.csv``. Hand the result to
    :func:`scheduler.files.atomic.write_files`. ``csv`` says how ``timetable.csv`` is encoded and writes
    its times (:class:`~scheduler.export.outputs.CsvStyle`; check the table first with ``check_encoding``).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(Message("output.unknown_format", value=unknown[0], known=", ".join(FORMATS)))
    issued = issued or made_on()
    files: dict[str, bytes] = {}
    cells = answers.cells if answers is not None else None
    if "csv" in formats:
        style = csv or CsvStyle()
        files[TABLE_NAME] = table_bytes(loaded, plan, cells, style.encoding, style.times)
        if answers is not None:
            header = list(answers.header)
            files[ANSWERS_NAME] = render_table(header, [dict(zip(header, r, strict=True)) for r in answers.rows])
    published = [f for f in FORMATS[1:] if f in formats]
    if published:
        sheet = meeting_sheet(loaded, plan, issued, cells)
        if "xlsx" in published:
            from scheduler.export.meeting_xlsx import render_meeting_xlsx

            files[file_name("xlsx")] = render_meeting_xlsx(sheet, answers)  # dated as it is written
        if "docx" in published:
            from scheduler.export.meeting_docx import render_meeting_docx

            files[file_name("docx")] = stamped_zip(render_meeting_docx(sheet), file_time(issued))
        if "html" in published:
            from scheduler.export.meeting_html import render_meeting_html

            files[file_name("html")] = render_meeting_html(sheet)
    source = loaded if rules is None else _with_rules(loaded, rules)
    data, people = bundle_meeting_rules(source, {*files, TABLE_NAME, RULES_NAME, *(file_name(f) for f in FORMATS)})
    files[RULES_NAME] = rules_bytes(data, source_name(loaded))
    files.update(people)
    return files


def _with_rules(loaded: LoadedMeetings, rules: dict[str, object]) -> LoadedMeetings:
    from dataclasses import replace

    return replace(loaded, rules=dict(rules))
