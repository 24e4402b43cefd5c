"""What a solved timetable is written as: the table in the formats asked for, and its rules.

``timetable.csv`` (UTF-8 with BOM) sits beside ``timetable.toml`` (the rules
used), so the output folder validates as it stands: ``validate DIR/timetable.csv``
(or ``DIR/timetable.xlsx``). The published formats (``.xlsx``, ``.docx``,
``.html``) render the annex (:mod:`scheduler.export.annex`), each in its own module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.domain import Timetable
from scheduler.errors import InputError
from scheduler.files.load import Loaded
from scheduler.files.rules_file import Rules, dump_rules
from scheduler.files.tables import (
    ANSWER,
    NO,
    ROOM,
    TIME,
    UNIT,
    Row,
    Table,
    english_headers,
    render_table,
    written_labels,
)
from scheduler.text.messages import Message
from scheduler.text.times import dated, format_iso, format_time

if TYPE_CHECKING:  # the annex (the sheet the published formats share) loads when written
    from scheduler.export.annex import Answers

TABLE_NAME = "timetable.csv"
RULES_NAME = "timetable.toml"
ANSWERS_NAME = "replies.csv"
"""Who answered what, beside ``timetable.csv`` (the same as the answers sheet of ``timetable.xlsx``)."""
FORMATS = ("csv", "xlsx", "docx", "html")
"""Every table format ``solve`` can write, in the order they are written (default: all)."""
OUTPUT_NAMES = (*(f"timetable.{fmt}" for fmt in FORMATS), RULES_NAME, ANSWERS_NAME)
"""The names of the files :func:`timetable_files` may write."""


@dataclass(frozen=True)
class CsvStyle:
    """How ``timetable.csv`` is written: its ``encoding`` (``utf-8``: UTF-8 with BOM, which
    Excel 2016+ and WPS open; ``gbk``: what older Excel and WPS on Chinese Windows read; ``gb18030``:
    the same bytes as GBK for every GBK character, and the rare characters GBK lacks) and
    its ``times`` (``iso``: ``2021-09-08 08:00``; ``notice``: ``9月8日 8:00``, as the notice writes)."""

    encoding: str = "utf-8"
    times: str = "iso"


def kept_style(table: Table | None, style: CsvStyle, encoding: bool, times: bool) -> CsvStyle:
    """``style`` with what the office did not ask for (``encoding`` or ``times`` false: its option
    left at the default) taken from ``table`` as read: a timetable written back keeps the table's
    encoding (GBK stays GBK, written as GB18030: byte for byte the same for every GBK character, and it
    writes the rare ones the file was read with; an older Excel opens only that) and the way its 时间 cells are written
    (``9月8日 8:00`` stays so). A workbook has no encoding nor way of writing times of its own: its CSV is
    ``style``'s (ISO unless told), as is that of a meeting problem with no table (built in code)."""
    if table is None:
        return style
    if not encoding and table.encoding == "gb18030":  # a GBK file is read as GB18030: its rare characters too
        style = replace(style, encoding="gb18030")
    elif not encoding and table.encoding is not None:
        style = replace(style, encoding="utf-8")
    if not times and table.encoding is not None:  # a workbook's cells show its display format, not a way
        # of writing: its CSV copy is ISO, as the 数据 sheet of our own timetable.xlsx holds it (a workbook
        # printed as 9月8日 8:00 gave an English table's CSV Chinese dates, QA english14 F13)
        written = next((row.get(TIME) for row in table.rows if row.get(TIME)), "")
        if written:
            style = replace(style, times="notice" if "月" in written else "iso")
    return style


def file_name(fmt: str) -> str:
    """The output file of a format: ``timetable.xlsx``."""
    return f"timetable.{fmt}"


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """The formats named by ``--format`` values (``xlsx,docx``, repeated, or ``all``), in :data:`FORMATS` order.

    No value means all of them. Raises :class:`InputError` for an unknown name.
    """
    wanted: set[str] = set()
    for value in values:
        for name in value.replace("，", ",").split(","):
            name = name.strip().lower().lstrip(".")
            if not name:
                continue
            if name == "all":
                wanted.update(FORMATS)
            elif name in FORMATS:
                wanted.add(name)
            else:
                raise InputError(Message("output.unknown_format", value=name, known=", ".join((*FORMATS, "all"))))
    return tuple(f for f in FORMATS if f in wanted) if wanted else FORMATS


def with_answers(loaded: Loaded, answers: Answers | None) -> Loaded:
    """``loaded`` with its table's 答复 column replaced by ``answers`` (or dropped: answers are never carried
    over from an input table, where they may be stale)."""
    table = loaded.table
    if answers is None and ANSWER not in table.columns:
        return loaded
    columns = [c for c in table.columns if c != ANSWER] + ([ANSWER] if answers is not None else [])
    rows = []
    for row in table.rows:
        cells = {k: v for k, v in row.cells.items() if k != ANSWER}
        if answers is not None:
            cells[ANSWER] = answers.cells.get(row.get(UNIT), "")
        rows.append(Row(row.number, cells))
    labels = {k: v for k, v in table.labels.items() if k != ANSWER}
    return replace(loaded, table=Table(table.path, columns, rows, labels))


def table_rows(loaded: Loaded, timetable: Timetable, times: str = "iso") -> tuple[list[str], list[dict[str, str]]]:
    """Header labels and rows of the output table, meetings in time order.

    The input's columns are kept in their order and with their header text;
    时间 is written ``2021-09-08 08:00`` (``times="notice"``: ``9月8日 8:00``, ``Sep 8 8:00`` under English
    headers, as the annex says its times: QA print24 F7), 序号 is
    renumbered, and 房间 is added when there is more than one room.
    """
    from scheduler.export.annex import meeting_cells

    table = loaded.table
    columns = list(table.columns)
    if TIME not in columns:
        columns.insert(columns.index(NO) + 1 if NO in columns else 0, TIME)
    if len(loaded.problem.rooms) > 1 and ROOM not in columns:
        columns.append(ROOM)
    lang = "en" if english_headers(table.labels) else "zh"
    notice = lambda moment: dated(format_time(moment), lang)  # noqa: E731
    rows = meeting_cells(loaded, timetable, notice if times == "notice" else format_iso)
    written = written_labels(table, columns)
    labels = [written[c] for c in columns]
    return labels, [{written[c]: cells.get(c, "") for c in columns} for cells in rows]


def timetable_files(
    loaded: Loaded,
    timetable: Timetable,
    rules: Rules | None = None,
    formats: Sequence[str] = FORMATS,
    issued: date | None = None,
    csv: CsvStyle = CsvStyle(),
    answers: Answers | None = None,
    with_rules: bool = True,
) -> dict[str, bytes]:
    """The output files (name -> bytes) for a timetable: the table in each of ``formats`` and the rules used.

    ``formats`` is any of :data:`FORMATS` (``csv``, ``xlsx``, ``docx``, ``html``);
    ``timetable.toml`` is always written. ``answers`` (from the replies ledger) adds
    the 答复 column to the CSV and Excel files, a sheet of who answered what to
    the workbook and ``replies.csv`` beside the CSV. ``issued`` is the date printed on
    the Word annex and the page (default: today, or ``$SOURCE_DATE_EPOCH``'s date);
    the same inputs give the same bytes (:mod:`scheduler.export.stamps`). ``csv``
    says how the CSV files are encoded and ``timetable.csv`` writes its times.
    ``with_rules=False``: no ``timetable.toml`` (a second process makes one format while the
    command makes the others and the rules file). Nothing is written here: hand the result to
    :func:`scheduler.files.atomic.write_files`, which writes all or nothing.
    """
    from scheduler.export.stamps import file_time, made_on, stamped_zip  # here: a solve that writes nothing needs none

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(Message("output.unknown_format", value=unknown[0], known=", ".join(FORMATS)))
    issued = issued or made_on()
    files: dict[str, bytes] = {}
    loaded = with_answers(loaded, answers)
    if "csv" in formats:
        labels, rows = table_rows(loaded, timetable, csv.times)
        files[TABLE_NAME] = _encoded(labels, rows, csv.encoding, loaded)
        if answers is not None:
            header = list(answers.header)
            answered = [dict(zip(header, r, strict=True)) for r in answers.rows]
            files[ANSWERS_NAME] = _encoded(header, answered, csv.encoding, loaded)
    published = [f for f in FORMATS[1:] if f in formats]
    if published:
        from scheduler.export.annex import annex

        sheet = annex(loaded, timetable, issued)
        for fmt in published:
            module, function = _RENDERERS[fmt]
            render = getattr(import_module(f".{module}", __package__), function)
            data = render(sheet, answers) if fmt == "xlsx" and answers is not None else render(sheet)
            files[file_name(fmt)] = stamped_zip(data, file_time(issued)) if fmt in ZIPPED else data
    if with_rules:
        source = Path(loaded.rules.path).name if loaded.rules.path else None
        files[RULES_NAME] = dump_rules(rules or loaded.rules, source)
    return files


def check_encoding(table: Table | None, encoding: str) -> None:
    """Before anything is solved: every cell of the table (a unit or a meeting table; ``None``, a
    problem built in code: nothing to check) can be written in ``encoding``; else an
    :class:`InputError` naming the file, the row and the column of the first that cannot."""
    if table is None:
        return
    for column in table.columns:
        label = table.labels.get(column, column)
        if not _encodable(label, encoding):
            raise InputError(Message("output.not_encodable", char=label, unit=label, encoding=encoding), table.path, 1)
    for row in table.rows:
        for column, value in row.cells.items():
            # a cell at once, its characters only when it fails (5,000 rows: 240,000 characters one
            # by one took 40-80 ms; each of these encodings writes a text iff it writes each character)
            bad = None if _encodable(value, encoding) else next(c for c in value if not _encodable(c, encoding))
            if bad is not None:
                message = Message("output.not_encodable", char=bad, unit=value, encoding=encoding)
                raise InputError(message, table.path, row.number, table.labels.get(column, column))


def _encoded(labels: list[str], rows: list[dict[str, str]], encoding: str, loaded: Loaded) -> bytes:
    """The CSV in ``encoding``; a character GBK cannot write is an error naming the unit and the column."""
    try:
        return render_table(labels, rows, encoding)
    except UnicodeEncodeError:
        for row in rows:
            for label, value in row.items():
                bad = next((c for c in value if not _encodable(c, encoding)), None)
                if bad is not None:
                    unit = row.get(loaded.table.labels.get(UNIT, UNIT), "")
                    raise InputError(
                        Message("output.not_encodable", char=bad, unit=unit, encoding=encoding), column=label
                    ) from None
        raise


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


ZIPPED = ("docx",)
"""The formats that are ZIP archives whose entry times :func:`stamped_zip` fixes after they are made
(``.xlsx`` is dated as it is written: :mod:`scheduler.export.workbooks`)."""

_RENDERERS = {  # format -> (module, function); each module imports its library only when called
    "xlsx": ("xlsx", "render_xlsx"),
    "docx": ("docx", "render_docx"),
    "html": ("html", "render_html"),
}
