"""Reading and writing the unit table (CSV or Excel).

The table is what the office keeps: one row per unit with 序号, 时间, 单位, 备注
(the annex's columns) plus 类别 and 并行组 (and 房间 when there are several rooms).
Headers may be Chinese or English and may carry stray spaces (``单 位``).
Text files may be UTF-8, UTF-8 with BOM, UTF-16 (Excel's "Unicode text") or
GBK/GB18030 as saved by Excel on Chinese Windows (see :mod:`scheduler.files.encodings`);
workbooks are ``.xlsx`` (see :mod:`scheduler.files.excel`); :mod:`scheduler.files.table_file`
tells them apart and reads either. Errors name the file, the spreadsheet row (the header's
row when nothing is above it: 1) and the column.

The patterns of rows a table skips (notes, headings, end markers, days) are kept as their source and
matched by :mod:`re`'s functions, which compile each once, on first use: a table that never asks
(``solve`` of the notice) compiles none at start-up (docs/performance.md, start-up).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

import scheduler.files.tables as tables  # tables.Twin on first use: typing.get_type_hints(Table) resolves it
from scheduler.errors import InputError
from scheduler.files.start_times import excel_serial
from scheduler.text.messages import Message, unwritable

if TYPE_CHECKING:  # mypy sees the class where it is; at run time it loads with the first one made (PEP 562)
    from scheduler.files.twin import Twin as Twin

UNIT, TIME, NO, NOTE, CATEGORY, GROUP, ROOM = "单位", "时间", "序号", "备注", "类别", "并行组", "房间"
KNOWN = (NO, TIME, UNIT, NOTE, CATEGORY, GROUP, ROOM)
DATE = "日期"
"""A day column beside 时间 (日期 2021-09-08, 时间 8:00): joined to 时间 when the table is read."""
# A meeting table (docs/meetings.md) names meetings and their participants instead of units.
MEETING, LENGTH, PARTICIPANTS, OPTIONAL, HEADCOUNT = "会议", "时长", "参会人员", "可选参会人员", "人数"
ROOMS_ALLOWED, ROOMS_AVOIDED, PART, NOT_BEFORE, NOT_AFTER, SERIES, SHARE = (
    "指定会议室", "不用会议室", "时段", "不早于", "不晚于", "系列", "共用组",
)  # fmt: skip
PREFERRED = "时段偏好"
"""A meeting table's preferred times: a wish, weighed by the ``preferred-time`` objective term, never a
rule (read as 时段, 不早于 and 不晚于 are, or as a day or a part of one: docs/formats.md)."""
END = "结束"
"""A meeting's end, which our own workbook's 数据 sheet writes beside 时间: checked against 时间 and 时长
when read, then left out (``scheduler.files.meeting_files``); the writers compute it."""
PERSON, EMAIL, UNAVAILABLE = "姓名", "邮箱", "不可用"  # a people sheet's columns (its key, 单位 the fourth)
DELEGATE = "代理邮箱"
"""A contacts table's or people sheet's optional column: the addresses that may answer for the unit or
person (a secretary), several separated by 、 or ; (docs/replies.md, "Delegates")."""
DELEGATE_HEADERS = ("代理邮箱", "代理人邮箱", "代答邮箱", "秘书邮箱", "delegate", "delegates", "delegateemail")
"""The headers read as :data:`DELEGATE` (compared as :func:`canonical` folds them)."""
MEETING_COLUMNS = (MEETING, LENGTH, PARTICIPANTS, OPTIONAL, HEADCOUNT, ROOMS_ALLOWED, ROOMS_AVOIDED, PART)
DATA_SHEET = "数据"
"""The sheet of our own ``timetable.xlsx`` that holds the timetable as plain data, beside the printable one."""
ANSWER = "答复"
"""The units' answers to their invites: written into the outputs from the replies ledger, never read as data."""

XLSX_MAGIC = b"PK\x03\x04"  # a ZIP archive: an Office Open XML workbook
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: old binary .xls
ENCRYPTED = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0"
"""A stream of an OLE2 file's directory (names are UTF-16): a workbook with an open password (Excel's
文件 > 信息 > 用密码进行加密 wraps the .xlsx in an OLE2 file holding EncryptionInfo and EncryptedPackage).
Written as bytes, not encoded at import (no codec loaded for it at start-up)."""


def ole2_refusal(data: bytes, name: str) -> Message:
    """Why a file in an OLE2 container (:data:`XLS_MAGIC`) is not read, in the words that help: a workbook
    with an open password (whatever its name), a WPS ``.et``, else an old binary ``.xls``."""
    if ENCRYPTED in data:
        return Message("input.encrypted")
    if name.lower().rstrip().endswith(".et"):
        return Message("input.et")
    return Message("input.xls")


ALIASES = {
    "单位": UNIT,
    "单位名称": UNIT,
    "所属单位": UNIT,  # the people sheet's word (QA qaoffice18 F15: a contacts table headed so was refused)
    "单位全称": UNIT,
    "对接单位": UNIT,
    "unit": UNIT,
    "name": UNIT,
    "时间": TIME,
    "日期": DATE,
    "对接日期": DATE,
    "会议日期": DATE,
    "date": DATE,
    "对接时间": TIME,
    "会议时间": TIME,
    "开始时间": TIME,
    "time": TIME,
    "start": TIME,
    "序号": NO,
    "no": NO,
    "no.": NO,
    "#": NO,
    "备注": NOTE,
    "note": NOTE,
    "notes": NOTE,
    "remark": NOTE,
    "类别": CATEGORY,
    "category": CATEGORY,
    "并行组": GROUP,
    "group": GROUP,
    "parallelgroup": GROUP,
    "parallel": GROUP,
    "房间": ROOM,
    "room": ROOM,
    "answer": ANSWER,
    "姓名": PERSON,
    "person": PERSON,
    "会议": MEETING,
    "会议名称": MEETING,
    "meeting": MEETING,
    "title": MEETING,
    "参会人员": PARTICIPANTS,
    "参会人": PARTICIPANTS,
    "参加人员": PARTICIPANTS,
    "与会人员": PARTICIPANTS,
    "出席人员": PARTICIPANTS,
    "participants": PARTICIPANTS,
    "required": PARTICIPANTS,
    "可选参会人员": OPTIONAL,
    "可选参会人": OPTIONAL,
    "可选参加人员": OPTIONAL,
    "非必须参会人员": OPTIONAL,
    "列席": OPTIONAL,
    "列席人员": OPTIONAL,
    "列席参会人员": OPTIONAL,
    "optional": OPTIONAL,
    "人数": HEADCOUNT,
    "参会人数": HEADCOUNT,
    "seats": HEADCOUNT,
    "headcount": HEADCOUNT,
    "会议室": ROOM,
    "会议地点": ROOM,
    "指定会议室": ROOMS_ALLOWED,
    "roomsallowed": ROOMS_ALLOWED,
    "不用会议室": ROOMS_AVOIDED,
    "roomsforbidden": ROOMS_AVOIDED,
    "时段": PART,
    "上下午": PART,
    "partofday": PART,
    "不早于": NOT_BEFORE,
    "notbefore": NOT_BEFORE,
    "不晚于": NOT_AFTER,
    "notafter": NOT_AFTER,
    **dict.fromkeys(("时段偏好", "偏好时段", "偏好时间", "preferredtime", "preferredtimes"), PREFERRED),
    "系列": SERIES,
    "会议系列": SERIES,
    "series": SERIES,
    "共用组": SHARE,
    "share": SHARE,
    "结束": END,
    "结束时间": END,
    "end": END,
    "endtime": END,
    **{f"{name}{unit}": LENGTH for name in ("时长", "会议时长") for unit in ("", "(分钟)", "(分)", "(小时)")},
    **{
        f"{name}{unit}": LENGTH
        for name in ("length", "duration")
        for unit in ("", "(min)", "(minutes)", "(h)", "(hours)")
    },
}


OUTLOOK = {
    "subject": MEETING,
    "requiredattendees": PARTICIPANTS,
    "attendees": PARTICIPANTS,
    "optionalattendees": OPTIONAL,
    "location": ROOM,
}
"""Outlook's own headers (a meeting's form and its calendar's CSV export: ``Subject``, ``Required Attendees``,
``Optional Attendees``, ``Location``; ``Start`` and ``Duration`` are in :data:`ALIASES`), read in a header
that, read with them, is a meeting table's (:func:`header_names`): a unit table's ``Location`` (a unit's
address) or ``Subject`` stays a column of its own."""
MEETING_ALIASES = {**ALIASES, **OUTLOOK}
"""Every header a meeting table reads (:data:`ALIASES` and :data:`OUTLOOK`)."""


EMAIL_HEADERS = (
    *("邮箱", "电子邮箱", "邮箱地址", "邮件", "电子邮件", "邮件地址", "电子邮件地址", "电子信箱"),
    *("email", "e-mail", "mail", "emailaddress", "e-mailaddress", "mailaddress", "email地址", "e-mail地址"),
)
"""The headers of a mail address column, the one list a people sheet and a contacts table read (compared
as :func:`canonical` folds them: ``邮箱地址``, ``E-mail 地址``, Outlook's Chinese export ``电子邮件地址``)."""
EMAIL_HEADERS_SAID = EMAIL_HEADERS[:8]
"""The mail headers a message lists as the ones read (the Chinese eight: the English follow the same shapes)."""
CONTACTS_EMAIL_HEADERS = (*EMAIL_HEADERS, "address")
"""A contacts table's mail column headers: :data:`EMAIL_HEADERS`, and ``address`` (beside a unit, its mail
address); the one list its reader and a workbook's choice of its sheet (:func:`has_mail`) read."""


PEOPLE_ALIASES = {
    **{name: column for name, column in ALIASES.items() if column in (NO, NOTE)},
    **dict.fromkeys(("姓名", "人员", "人名", "name", "person"), PERSON),
    **dict.fromkeys(("单位", "单位名称", "所属单位", "部门", "unit", "department", "dept"), UNIT),
    **dict.fromkeys(EMAIL_HEADERS, EMAIL),
    **dict.fromkeys(DELEGATE_HEADERS, DELEGATE),
    **dict.fromkeys(
        ("不可用", "不可用时间", "不可参加", "不可参加时间", "不能参加", "不能参加时间", "unavailable", "busy"),
        UNAVAILABLE,
    ),
}
"""A people sheet's headers (docs/formats.md, "The meeting table"): its own words, where ``name`` is the
person (in a unit table it is the unit)."""
PEOPLE_COLUMNS = (PERSON, UNIT, EMAIL, DELEGATE, UNAVAILABLE, NO, NOTE)
PEOPLE_SHEETS = ("人员", "人员名单", "人员表", "参会人员名单", "人员信息", "联系人", "通讯录", "people", "contacts")
"""Names (case and spaces aside) of a people sheet inside a meeting table's own workbook."""


def is_people_sheet(title: str) -> bool:
    """Whether a workbook's sheet is named as a people sheet (:data:`PEOPLE_SHEETS`)."""
    return title.strip().casefold() in {name.casefold() for name in PEOPLE_SHEETS}


MEETING_OWN = (MEETING, LENGTH, PARTICIPANTS, OPTIONAL)
"""A meeting table's own columns: a sheet with one of them is a meeting table or a roster by meeting, never
a people sheet, whatever its name (:func:`meeting_own_columns`)."""


def meeting_own_columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """The :data:`MEETING_OWN` columns the header among a sheet's first ``rows`` names (empty when none,
    or no header): a sheet named 参会人员名单 holding one row per person per meeting (会议, 姓名, 单位) is a
    roster, not the people sheet (QA review20 F6)."""
    at = header_at(rows)
    names = header_names(rows[at]) if at is not None else None
    return [name for name in MEETING_OWN if names and name in names]


MAIL = EMAIL
"""The kind of a contacts table among a workbook's sheets: a unit table with a mail column (:func:`has_mail`)."""


def has_mail(rows: Sequence[Sequence[str]]) -> bool:
    """Whether the header among a sheet's first ``rows`` (:func:`header_at`) has a mail column
    (:data:`CONTACTS_EMAIL_HEADERS`, as the contacts' reader reads it): a contacts table's, told from the
    timetable beside it."""
    at = header_at(rows)
    mail = dict.fromkeys(CONTACTS_EMAIL_HEADERS, EMAIL)
    return at is not None and any(canonical(c, mail) == EMAIL for c in rows[at])


def header_kind(rows: Iterable[Sequence[str]], key: str | None = None) -> str | None:
    """What the header among a sheet's first ``rows`` opens, the header being the row
    :func:`table_from_rows` takes (:func:`header_at`, with ``key`` as it is given there):
    :data:`MEETING` for a meeting table (会议 and 参会人员), :data:`PERSON` for a people sheet (姓名),
    :data:`UNIT` for a unit table (单位); ``None`` for no table of ours (notes, a title, other columns)."""
    head = list(rows)
    at = header_at(head, key)
    names = header_names(head[at], key) if at is not None else None
    if names is None:
        return None
    if kind_of(names) == MEETING:
        return MEETING
    return next((kind for kind in (PERSON, UNIT) if kind in names), None)


UNIT_TABLE_COLUMNS = (*KNOWN, DATE, *MEETING_COLUMNS)
"""The columns a header row of a unit or meeting table may name alone (a one-cell header)."""


def header_names(cells: Sequence[str], key: str | None = None) -> list[str] | None:
    """The canonical column of each cell when the row can be a table's header, else ``None``: it names
    a known column or has two or more filled cells (a one-cell title row cannot be);
    :func:`header_at` says which such row is the header. ``key`` :data:`PERSON` reads it with a people
    sheet's words."""
    aliases, known = (PEOPLE_ALIASES, PEOPLE_COLUMNS) if key == PERSON else (ALIASES, UNIT_TABLE_COLUMNS)
    filled = sum(1 for c in cells if c.strip())
    if not filled:
        return None
    names = [canonical(c, aliases) for c in cells]
    if aliases is ALIASES and kind_of(outlook := [canonical(c, MEETING_ALIASES) for c in cells]) == MEETING:
        names = outlook  # Subject, Duration, Required Attendees, Optional Attendees: Outlook's meeting
    if names.count(UNIT) > 1 and aliases is ALIASES:  # Unit, Name, Email: the name is a person's (a contact)
        folded = [_header_folded(c) for c in cells]
        names = [f if f.lower() == "name" else n for f, n in zip(folded, names, strict=True)]
    if filled < 2 and not any(n in known for n in names):
        return None
    return names


HEAD_ROWS = 20
"""The rows at the top of a table looked at for a header that names a known column (:func:`header_at`)."""


def names_known(cells: Sequence[str], key: str | None = None) -> bool:
    """Whether a row names a column a table of ours knows, in any of the words the reader knows
    (``key`` :data:`PERSON`: a people sheet's)."""
    return _known_count(cells, key) > 0


def _known_count(cells: Sequence[str], key: str | None = None) -> int:
    """How many different known columns a row names (:func:`names_known`)."""
    aliases, known = (PEOPLE_ALIASES, PEOPLE_COLUMNS) if key == PERSON else (ALIASES, UNIT_TABLE_COLUMNS)
    return len({name for c in cells if c.strip() and (name := canonical(c, aliases)) in known})


def known_columns(rows: Sequence[Sequence[str]], key: str | None = None) -> int:
    """The most known columns any of a sheet's first ``rows`` names (:func:`names_known`): how near a
    sheet that holds no table of ours comes to one."""
    return max((_known_count(cells, key) for cells in rows), default=0)


def header_at(rows: Sequence[Sequence[str]], key: str | None = None) -> int | None:
    """Which of a table's first rows (:data:`HEAD_ROWS` of them) is its header: the one naming the most
    known columns (:func:`names_known`; the first of equals), so that a form's ``填报单位：… 填报日期：…``
    line above the header is passed over, and so is a form line with one cell saying just ``单位``
    (``单位 | 北关区人民政府办公室 | 联系人 | 张三``) above a header naming five; when none names one, the
    first :func:`header_names` takes (two or more filled cells). ``None``: none of them."""
    counts = [_known_count(cells, key) for cells in rows]
    if any(counts):
        return counts.index(max(counts))
    return next((i for i, cells in enumerate(rows) if header_names(cells, key) is not None), None)


def kind_of(columns: Sequence[str]) -> str:
    """The key of a table with these columns: :data:`MEETING` when they name meetings and participants,
    else :data:`UNIT`."""
    return MEETING if MEETING in columns and PARTICIPANTS in columns else UNIT


def single_line(text: str) -> bool:
    """No line break (an Excel Alt+Enter too) or control character: a unit's, person's or meeting's name
    goes into calendar files and mail headers, which cannot hold one."""
    if text.isprintable():  # no control, line or paragraph separator: a name as typed (fast)
        return True
    return not any(unicodedata.category(c).startswith("C") or unicodedata.category(c) in ("Zl", "Zp") for c in text)


def clean_cell(text: str) -> str:
    """A cell's text as it is compared: NFC, without the invisible format characters a copy from a web
    page or a chat brings along (U+200B, U+FEFF, U+2060: every Unicode ``Cf``), no spaces around. Two
    names that look the same are then the same person."""
    if text.isascii():  # no format character, NFC already: most cells of a large table
        return text.strip()
    if text.isprintable() and unicodedata.is_normalized("NFC", text):  # (a format character is not printable)
        return text.strip()  # a Chinese name as typed: 30,000 cells 10x faster than character by character
    return "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf").strip()


_ANNOTATED = r"(?i)^\*?(.+?)(?:\((?:选填|必填|可选|非必填|可不填|全称|optional|required)\)|\*)?$"
"""A header marked as an office template marks its columns: ``备注（选填）``, ``邮箱（必填）``, ``单位（全称）``,
``*单位``, ``时段偏好*``
(compared folded: full-width brackets are half-width here). Compiled on first use, by ``re``'s cache:
only a header that names no column as it stands is matched."""


def canonical(header: str, aliases: dict[str, str] = ALIASES) -> str:
    """The column a header names (``单 位`` and ``Unit`` both give ``单位``; ``备注（选填）`` 备注: a known
    header with a template's mark, :data:`_ANNOTATED`), or the header itself; ``aliases``: a table's own
    words (:data:`PEOPLE_ALIASES` for a people sheet)."""
    folded = _header_folded(header)
    named = aliases.get(folded.lower())
    # Only a header with a mark's ``*`` or a closing bracket can differ from itself once unmarked.
    if named is None and ("*" in folded or folded.endswith(")")) and (marked := re.match(_ANNOTATED, folded)):
        named = aliases.get(marked[1].lower())
    return folded if named is None else named


def _header_folded(header: str) -> str:
    """A header without its spaces, its width folded (``单 位``, ``Ｕｎｉｔ``): as :func:`canonical` compares it."""
    return "".join(unicodedata.normalize("NFKC", clean_cell(header)).split())


class Row(NamedTuple):
    """One data row: its spreadsheet row number and its cells by canonical column.

    A named tuple, not a dataclass: a pair made for every row, which a dataclass would cost every
    command's start-up some 3M instructions to define (its methods compiled at import; issue 16)."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    """A unit table as read: its columns (canonical names, in file order) and rows."""

    path: str
    """Where it was read, as errors name it: the file (``book.xlsx [名单]`` for a sheet of a workbook with several)."""
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """Canonical column -> the header text as written in the file."""
    sheets: tuple[str, ...] = ()
    """The titles of every sheet of the workbook it was read from, in order (empty for text)."""
    header_row: int = 1
    """The header's spreadsheet row (below any title rows)."""
    encoding: str | None = None
    """The text encoding the file was read in (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``:
    :func:`scheduler.files.encodings.decode`'s), ``None`` for a workbook or a DataFrame."""
    skipped: tuple[tuple[int, str], ...] = ()
    """Rows under the header read as no data, in row order: (spreadsheet row, :data:`SKIPPED` kind).
    Blank rows are not listed."""
    merged_rows: tuple[tuple[int, int], ...] = ()
    """The first and last row of each cell of the workbook merged down over several rows (empty for text)."""
    hidden: tuple[int, ...] = ()
    """Data rows hidden in the workbook (hidden, or filtered out by an autofilter): read as the others,
    and named on stderr (a clerk hides a withdrawn unit's row rather than deleting it)."""
    hidden_sheets: tuple[str, ...] = ()
    """The titles of the workbook's sheets Excel does not show (hidden or very hidden)."""
    unnamed_people: tuple[str, ...] = ()
    """A meeting table's workbook's other visible sheets with a 姓名 column whose names are no people
    sheet's (:data:`PEOPLE_SHEETS`): not read, and said (QA qaexcel20 F5)."""
    not_people: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """A meeting table's workbook's other visible sheets named as people sheets (:data:`PEOPLE_SHEETS`)
    whose header names a meeting table's own columns (:func:`meeting_own_columns`): each title with those
    columns; not read as the people sheet, and said (QA review20 F6)."""
    notes: list[InputError] = field(default_factory=list)
    """What is said on stderr of how the table was read (which sheet gave its people, which was not read)."""
    twin: tables.Twin[Table] | None = None
    """The workbook's other sheet holding the same timetable, when our own ``timetable.xlsx``'s printable
    sheet was read without ``--sheet``: its :data:`DATA_SHEET`, read with it (else ``None``)."""

    def has(self, column: str) -> bool:
        return column in self.columns


def is_meeting_table(table: Table) -> bool:
    """A meeting table names meetings and participants (a unit table names units)."""
    return table.has(MEETING) and table.has(PARTICIPANTS)


def parse_table(text: str, path: str, key: str | None = None, contacts: bool = False) -> Table:
    """Parse CSV (or tab- or semicolon-separated: :func:`_delimiter`) text into a :class:`Table`
    (``contacts``: a contacts table, told what it needs when its header lacks 单位: :func:`table_from_rows`)."""
    delimiter = _delimiter(text)
    # newline=None: a bare CR (old Mac files, a stray one) ends a line as CRLF and LF do, instead
    # of stopping the csv module with its own wording ("new-line character seen in unquoted field")
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    try:
        cells = ([from_text(cell) for cell in row] for row in reader)
        return table_from_rows(enumerate(cells, start=1), path, key=key, contacts=contacts)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # Python's words, told in ours
            raise InputError(Message("safety.huge_cell", limit=csv.field_size_limit()), path, reader.line_num) from exc
        raise InputError(Message("input.csv", reason=str(exc)), path, reader.line_num) from exc


HEADER_WORDS = {
    NO: "header.no", TIME: "header.time", UNIT: "header.unit", NOTE: "header.note", CATEGORY: "header.category",
    GROUP: "header.group", ROOM: "header.room", MEETING: "header.meeting", PARTICIPANTS: "header.participants",
    EMAIL: "header.email", "联系人": "header.contact", END: "header.end", ANSWER: "header.answer",
    LENGTH: "header.length", OPTIONAL: "header.optional", HEADCOUNT: "header.seats",
    ROOMS_ALLOWED: "header.rooms_allowed", ROOMS_AVOIDED: "header.rooms_forbidden", PART: "header.part",
    NOT_BEFORE: "header.not_before", NOT_AFTER: "header.not_after", SERIES: "header.series", SHARE: "header.share",
    PERSON: "header.person", PREFERRED: "header.preferred",
}  # fmt: skip
"""A column's name in each language, as messages list the columns a table may have (``Unit`` in English,
单位 in Chinese: the English header the reader accepts)."""


def header_word(column: str) -> Message | str:
    """``column`` as a message names it, in the run's language (:data:`HEADER_WORDS`); a column without
    its own words as it is."""
    key = HEADER_WORDS.get(column)
    return column if key is None else Message(key)


def header_words(columns: Iterable[str]) -> list[Message | str]:
    """The columns as a message lists them, each in the run's language, joined by the renderer."""
    return [header_word(c) for c in columns]


def missing_column(column: str, known: Iterable[str]) -> Message:
    """ "This column is missing", with the other columns the reader knows (the missing one, named by
    the error's column, is not listed among them as if the table had it), or alone when there are none."""
    others = [c for c in known if c != column]
    if not others:
        return Message("input.missing_column_alone")
    return Message("input.missing_column", known=header_words(others))


def english_headers(labels: Mapping[str, str]) -> bool:
    """Whether a table's header is written in English: every header of a column we know in Latin letters
    (``Unit,Time``), so that a column it lacks is named, and written out, by its English word."""
    known = [text for column, text in labels.items() if column in HEADER_NAMES]
    return bool(known) and all(text.isascii() for text in known)


def written_labels(table: Table | None, columns: Iterable[str], added: dict[str, str] | None = None) -> dict[str, str]:
    """Each column's header in a table written out: the header as read, and for a column the table lacks
    (时间, 房间, 结束, 答复 that an output adds) a header in the language of the table's own: English
    (``Time``, ``Room``: :data:`HEADER_WORDS`, which the reader takes back) when every header of a column
    we know is written in Latin letters (:func:`english_headers`), else ``added``'s word or our Chinese name."""
    from scheduler.text.messages import render  # a header's English word: only for a table written out

    labels = table.labels if table is not None else {}
    english = english_headers(labels)
    out = {}
    for column in columns:
        if column in labels:
            out[column] = labels[column]
        elif english and column in HEADER_WORDS:
            out[column] = render(Message(HEADER_WORDS[column]), "en")
        else:
            out[column] = (added or {}).get(column, column)
    return out


MEETING_WORDS = {**HEADER_WORDS, ROOM: "header.meeting_room"}
""":data:`HEADER_WORDS` as a meeting table's messages name its columns: :data:`ROOM` is 会议室 there."""


def column_name(labels: Mapping[str, str], column: str, words: Mapping[str, str] = HEADER_WORDS) -> str | Message:
    """A column as an error names it, for every table of ours (unit, meeting, people): its header as the
    file writes it (``Time`` where the table says ``Time``, 会议室 where it says 会议室, not our 时间,
    房间); a column the header lacks in the table's language: its English word under an English header
    (:func:`english_headers`: ``column Category``, not 类别), else its word in the run's language
    (:func:`header_word`, from ``words``)."""
    if column in labels:
        return labels[column]
    key = words.get(column)
    if key is None:
        return column
    if english_headers(labels):
        from scheduler.text.messages import render

        return render(Message(key), "en")
    return Message(key)


def label(table: Table, column: str) -> str | Message:
    """A column as an error names it in ``table`` (:func:`column_name`)."""
    return column_name(table.labels, column)


HEADER_NAMES = frozenset((*ALIASES.values(), *PEOPLE_ALIASES.values()))
"""Every column a table of ours knows (a unit, meeting or people table's)."""


def _delimiter(text: str) -> str:
    """What separates the cells, told by the first line that holds a separator (title lines above
    the header, ``附件`` or ``标题;;;;``, are passed over): a tab when it has tabs and no commas (Excel's
    "Unicode text"), a semicolon when it has neither but semicolons between known column names (Excel's
    "CSV" where the decimal mark is a comma: ``序号;时间;单位``, quoted or not), else a comma."""
    lines = (line for line in text.splitlines() if line.strip())
    for line in itertools.islice(lines, 20):
        if "," in line:
            return ","
        if "\t" in line:
            return "\t"
        if ";" in line and any(canonical(name.strip().strip('"')) in HEADER_NAMES for name in line.split(";")):
            return ";"
    return ","


# Long: one pass over the rows with its state (the header found, notes held back until a row with a
# key shows they were inside the table); the row checks read in the order an office's sheet is laid out.
def table_from_rows(
    rows: Iterable[tuple[int, list[str]]],
    path: str,
    merged_in: Callable[[int], list[str] | None] = lambda _row: None,
    key: str | None = None,
    contacts: bool = False,
) -> Table:
    """Build a :class:`Table` from (spreadsheet row number, cells) pairs.

    The header is the top row naming the most known columns, else the first row with two or more
    filled cells (:func:`header_at`); rows above it (a title, ``附件``, a form's ``填报单位：…``
    line) are skipped, so a sheet laid out like the annex reads as it stands. ``merged_in(row)`` names
    merged cells in a row (workbooks only): merged header cells are refused. ``key`` is the column
    every row must fill (default: 单位, or 会议 in a meeting table; 姓名 for a people sheet).
    ``contacts``: the table is a contacts table, which a header without 单位 is told in its own words
    (:func:`contacts_need`), not a timetable's.
    """
    header: list[str] | None = None
    forced = key
    key = key or UNIT
    table: Table | None = None
    first_filled: int | None = None
    notes: list[tuple[int, str]] = []  # one-cell rows without a key, skipped if only such rows follow
    trailing: list[int] = []  # rows that read as a contact line (:func:`is_note_text`) since the last sure row
    day = ""  # the day a heading row gave the rows under it (9月8日（星期三）)
    skipped: list[tuple[int, str]] = []
    shape = _Shape()
    rest = iter(rows)
    head = list(itertools.islice(rest, HEAD_ROWS))
    at = header_at([cells for _, cells in head], forced)
    header_number = head[at][0] if at is not None else None
    for number, cells in itertools.chain(head, rest):
        if header is None:
            if any(c.strip() for c in cells):
                first_filled = first_filled or number
            names = header_names(cells, forced) if header_number in (None, number) else None
            if names is None:
                continue
            merged = merged_in(number)
            if merged:
                raise InputError(Message("input.merged_header", cells=merged), path, number)
            header = names
            labels = {h: " ".join(clean_cell(c).split()) for h, c in zip(header, cells, strict=True) if h}
            columns = [c for c in header if c]
            _no_repeats(header, cells, path, number)
            key = forced or kind_of(columns)
            if key not in columns and contacts:
                raise InputError(contacts_need(list(labels.values())), path, number, column_name(labels, UNIT))
            if key not in columns:
                _missing_key(labels, path, number, key, forced, taken=not names_known(cells, forced))
            table = Table(path, columns, labels=labels, header_row=number)
            _writable(cells, header, labels, path, number)
            continue
        if not any(c.strip() for c in cells):
            continue
        assert table is not None
        shape.see(number, cells, len(header), path)
        _writable(cells, header, table.labels, path, number)
        row = {h: clean_cell(c) for h, c in zip(header, cells, strict=False) if h}
        _no_placeholders(row, key, path, number, table.labels)
        aside = _aside(header, cells, row, key)
        if aside == "blank":  # every cell says nothing (无, -): an empty row written in full
            continue
        if aside in ("numbered", "total"):  # a pre-numbered empty row (30,,,,), a total (合计,,29个单位): blank
            skipped.append((number, aside))
            continue
        heading = _heading(cells, table.columns) if key != PERSON else None
        if heading is not None:  # 9月8日（星期三） over that day's rows; 一、区政府各部门 over a section's
            day = heading or day
            skipped.append((number, "heading"))
            continue
        if aside == "note":  # a note (注：...), or one-cell text with nothing but notes after it
            text = _note_text(header, cells)
            if not text.startswith(NOTE_STARTS) and not opens_note(text):
                notes.append((number, text))
            skipped.append((number, aside))
            continue
        if aside == "trailing":  # a name with a telephone or a colon: a note only under the last unit
            trailing.append(number)
        else:
            trailing.clear()
        if notes and aside != "trailing":
            note_number, note = notes[0]
            raise InputError(Message("input.note_row", note=note), path, note_number, label(table, key))
        if key == UNIT and not row.get(UNIT):
            raise InputError(Message("input.empty_unit"), path, number, label(table, UNIT))
        if key == MEETING and not row.get(MEETING):
            raise InputError(Message("mfile.empty_title"), path, number, label(table, MEETING))
        if key not in (UNIT, MEETING) and not row.get(key):
            raise InputError(Message("mfile.people_empty"), path, number, label(table, key))
        if day and row.get(TIME) and not row.get(DATE) and not re.search(_HAS_DATE, row[TIME]):
            row[DATE] = day  # the day of the heading above, as a 日期 column would give it
        table.rows.append(Row(number, row))
    if table is not None:
        shape.check(path)
    if table is not None and trailing:  # contact lines under the table, after its last sure row
        table.rows = [row for row in table.rows if row.number not in trailing]
        skipped = sorted([*skipped, *((n, "note") for n in trailing)])
    if table is not None and day and DATE not in table.columns:
        table.columns.append(DATE)
    if table is None:
        if first_filled is not None and contacts:
            raise InputError(contacts_need([]), path, first_filled, header_word(UNIT))
        if first_filled is not None and forced is None:  # a title or a note, no header: say what each kind needs
            raise InputError(_neither([])[0], path, first_filled, header_word(UNIT))
        if first_filled is not None:
            said = missing_column(UNIT, KNOWN)
            raise InputError(said, path, first_filled, header_word(UNIT))
        raise InputError(Message("input.empty_table"), path)
    if key != PERSON and DATE in table.columns and TIME in table.columns:
        _join_dates(table)
    if not table.rows:  # a table that lost its rows would withdraw every unit (and cancel their invites)
        empty = Message("mfile.no_meetings" if key == MEETING else "safety.no_units")
        raise InputError(empty, path, table.header_row, label(table, key))
    table.skipped = tuple(skipped)
    return table


NOTHING = frozenset(("无", "没有", "空", "-", "--", "—", "——", "–", "/", "n/a", "na"))
"""What offices write in a cell to say it holds nothing (compared NFKC, case aside: ``－`` ``／`` ``N/A``
too). In every column a table of ours reads, except the row's key (单位, 会议, 姓名), 序号 and 备注 (free
text, kept as written), such a cell is read as empty: ``无`` in 并行组 is no group, not one label that
pairs every unit marked so."""
ZERO_LABELS = (GROUP, SHARE, SERIES)
"""Columns of labels where ``0`` is refused: offices write it for "none" as often as a group named 0."""
_KEPT = (NO, NOTE, ANSWER)


def _no_placeholders(row: dict[str, str], key: str, path: str, number: int, labels: dict[str, str]) -> None:
    """Blank the cells of ``row`` that say nothing (:data:`NOTHING`); refuse a label ``0`` (:data:`ZERO_LABELS`)."""
    for column, text in row.items():
        if not text or len(text) > 3 or column == key or column in _KEPT or column not in HEADER_NAMES:
            continue
        if _says_nothing(text):
            row[column] = ""
        elif (refused := zero_label(column, text)) is not None:
            raise InputError(refused, path, number, labels.get(column, column))


def zero_label(column: str, text: str) -> Message | None:
    """Why ``text`` cannot be a label of ``column`` (``0`` in a column of :data:`ZERO_LABELS`), else ``None``:
    a table's cell, and the web form's field that becomes one (:mod:`scheduler.web.forms`)."""
    if column in ZERO_LABELS and unicodedata.normalize("NFKC", text).strip() == "0":
        return Message("input.zero_label", value=text)
    return None


def _says_nothing(text: str) -> bool:
    """Whether a cell's text is one of :data:`NOTHING` (compared NFKC, case aside)."""
    stripped = text.strip()
    return 0 < len(stripped) <= 3 and unicodedata.normalize("NFKC", stripped).casefold() in NOTHING


class _Shape:
    """Rows with more cells than the header (a half-width comma inside an unquoted cell splits it in two:
    ``王主任,李科长``). One whose extra cells hold text is refused at once. One whose extra cells are empty
    may be the file's way of ending its rows (every row with a trailing comma, as some exports write
    them), or a split row whose last column was empty, all the other cells moved one column right (a
    required participant read as optional): refused when another row at least as long as the header
    stops earlier, that is when it is not the file's way."""

    def __init__(self) -> None:
        self.longer: list[tuple[int, int]] = []  # (row, cells) of rows longer than the header, extras empty
        self.shortest: int | None = None  # the fewest cells of a row at least as long as the header

    def see(self, number: int, cells: list[str], width: int, path: str) -> None:
        if len(cells) < width:
            return  # a row typed without its trailing empty cells
        if len(cells) > width:
            if any(c.strip() for c in cells[width:]):
                raise InputError(Message("input.extra_cells"), path, number)
            self.longer.append((number, len(cells)))
        self.shortest = len(cells) if self.shortest is None else min(self.shortest, len(cells))

    def check(self, path: str) -> None:
        split = next(
            (number for number, count in self.longer if self.shortest is not None and count > self.shortest), None
        )
        if split is not None:
            raise InputError(Message("input.extra_cells"), path, split)


ERROR_VALUES = frozenset(
    ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA", "#SPILL!", "#CALC!")
    + ("#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/A!")
)
"""Excel's (and WPS's) error values: what a formula that failed shows (``#N/A``: a VLOOKUP that found
nothing). A workbook stores one as a cell of type ``e``, a CSV saved from it as its text: never data,
in any column of a table of ours (docs/formats.md, "Excel workbooks")."""


def error_value(text: str) -> str | None:
    """The Excel error value a cell's text is (:data:`ERROR_VALUES`, case and spaces aside), else ``None``."""
    stripped = text.strip().upper()
    return stripped if stripped.startswith("#") and stripped in ERROR_VALUES else None


def _writable(cells: list[str], header: list[str], labels: dict[str, str], path: str, number: int) -> None:
    """Refuse a row (the header or one under it) with a character no output can hold, or an Excel error
    value (:func:`error_value`), naming its column (the header's words; the column's letter where the
    header has none, or holds the character itself)."""
    joined = " ".join(cells)
    if unwritable(joined) is None and "#" not in joined:  # one test per row: a large table's rows are clean
        return
    for i, cell in enumerate(cells):
        code, error = unwritable(cell), error_value(cell)
        if code is not None or error is not None:
            label = labels.get(header[i], header[i]) if i < len(header) else ""
            column = label if label and unwritable(label) is None and error_value(label) is None else _letter(i)
            said = (
                Message("input.unwritable", code=code)
                if code is not None
                else Message("input.error_value", value=error)
            )
            raise InputError(said, path, number, column)


def _letter(index: int) -> str:
    """A 0-based column's letters as a spreadsheet shows them (0: ``A``, 26: ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_HAS_DATE = r"[年月日号]|\d{4}\s*[-/.]|\d{1,2}/\d{1,2}"
"""A 时间 cell that writes its own day (9月8日 8:00, 2021-09-08 8:00, 9/8 8:00); compiled on first use, by
``re``'s cache (only a table with a 日期 column needs it)."""


def _join_dates(table: Table) -> None:
    """A 日期 column beside 时间 (8:00) joined into it (2021-09-08 8:00), then dropped: the table
    reads, and is written back, as one with full times. A 时间 with its own date is kept as it is when
    the row's 日期 is empty or the same day; another day is refused (:func:`_same_day`): a workbook's
    ``h:mm`` cell can hold a date its format hides, and the day the sheet shows is the 日期."""
    dated = any(row.get(DATE) for row in table.rows)
    for row in table.rows:
        day, clock = row.cells.pop(DATE, "").removesuffix(" 0:00"), row.get(TIME)  # a date cell shown with 0:00
        day = _serial_day(day)
        if clock and excel_fraction(clock) is not None:  # a time cell left in the General format: 0.3333
            said = Message("input.time_fraction", value=clock, clock=excel_fraction(clock))
            raise InputError(said, table.path, row.number, label(table, TIME))
        if day and clock and re.search(_HAS_DATE, clock):
            _same_day(day, clock, table, row.number)
        elif day and clock and _not_serial(clock):
            _readable_day(day, table, row.number)
            row.cells[TIME] = f"{day} {clock}"
        elif dated and clock and not day and not re.search(_HAS_DATE, clock) and _not_serial(clock):
            # a 日期 merged over a day's rows and saved as CSV: the value stays in the first row only
            raise InputError(Message("input.date_emptied"), table.path, row.number, label(table, DATE))
    table.columns.remove(DATE)
    table.labels.pop(DATE, None)


def _readable_day(day: str, table: Table, number: int) -> None:
    """Refuse a 日期 that is no day (:func:`~scheduler.text.times.check_day`) on the 日期 column, with the
    cell's own text, before it is joined into 时间: joined, its error named 时间 and a text in no cell
    (``无法识别的时间“待定 15:00”``, QA qaexcel20 F2)."""
    from scheduler.text.messages import refusal
    from scheduler.text.times import check_day

    try:
        check_day(day)
    except ValueError as error:
        said = refusal(error, Message("input.bad_day", value=day), meetings=is_meeting_table(table))
        raise InputError(said, table.path, number, label(table, DATE)) from None


def excel_fraction(text: str) -> str | None:
    """The clock an Excel time value means (``0.333333333333333``: 8:00; ``0.0625``: 1:30), when a cell
    holds one as a plain number (its format set to 常规 / General, or values pasted), else ``None``."""
    if not re.fullmatch(r"0?\.\d+", text.strip()):
        return None
    minutes = round(float(text) * 24 * 60)
    return f"{minutes // 60}:{minutes % 60:02d}" if 0 < minutes < 24 * 60 else None


def _serial_day(day: str) -> str:
    """A 日期 left as an Excel date serial (``44447``: its format set to 常规) read as the date Excel shows
    in a date format (2021-09-08: :func:`~scheduler.files.start_times.excel_serial`); any other text as it is."""
    serial = excel_serial(day) if day.isascii() and day.isdigit() else None
    return serial.date().isoformat() if serial is not None else day


_DAY = r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
"""A day written in a cell (``9月8日``, ``2021-09-08``, ``2021/9/8``): year (if written), month, day."""


def _same_day(day: str, clock: str, table: Table, number: int) -> None:
    """Refuse a row whose 时间 carries another day than its 日期 (compared by month and day, and by year when
    both write one); a day either cell writes in a way not compared here is left to the time reader."""
    shown, held = (re.search(_DAY, unicodedata.normalize("NFKC", text)) for text in (day, clock))
    if shown is None or held is None:
        return
    year_shown, year_held = shown.group(1), held.group(1)
    (month, dom), same = [int(n) for n in held.group(2, 3)], [int(n) for n in shown.group(2, 3)]
    if [month, dom] == same and (year_shown is None or year_held is None or year_shown == year_held):
        return
    message = Message("input.hidden_date", held=f"{month}月{dom}日", shown=day)
    raise InputError(message, table.path, number, label(table, TIME))


def _not_serial(clock: str) -> bool:
    """Whether a 时间 cell is a time of day, not an Excel serial holding its own date (``44447.33``)."""
    return "." not in clock or not clock.replace(".", "", 1).isdigit()


SKIPPED = ("note", "numbered", "total", "heading")
"""The kinds of row a table skips (:attr:`Table.skipped`): a note (``注：...``, or one-cell text with
nothing but notes after it), a row numbered in advance and left empty (``30,,,,``), a total row
(``合计,,29个单位``), a heading (:func:`_heading`)."""

DAY_HEADING = (
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"
)
"""A row holding only a day (``9月8日（星期三）``, ``2021-09-08 周三``), compared NFKC without spaces: the
day of the rows under it, in a table drawn with a row per day merged across the columns."""
SECTION_HEADING = r"(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])\S{2,30}"
"""A section heading of a government table (``一、区政府各部门``, ``（二）各街道（镇）``): no data."""


def _heading(cells: list[str], columns: list[str]) -> str | None:
    """What a row holding one cell of text heads, whatever column it sits in (merged across the table it
    lands in column A): in a table with 时间, the day it gives the rows under it (as written) for a day
    heading (:data:`DAY_HEADING`); ``""`` for a section heading (:data:`SECTION_HEADING`); else ``None``
    (a note, a unit typed without its time, a row of data)."""
    if sum(1 for c in cells if c) > 1:  # two cells holding anything: no heading (most rows: fast)
        return None
    filled = [c for c in cells if c.strip()]
    if len(filled) != 1:
        return None
    folded = "".join(unicodedata.normalize("NFKC", filled[0]).split())
    if TIME in columns and re.fullmatch(DAY_HEADING, folded):
        return filled[0].strip()
    if re.fullmatch(SECTION_HEADING, folded):
        return ""
    return None


NOTE_STARTS = ("注", "备注", "说明", "附注", "note", "Note", "NOTE")
"""How a note under a table opens (``注：以上时间如有变动，另行通知。``)."""

END_MARK = r"[(\[【]?(?:以下(?:为?空白|无正文|无内容|空)|此栏空白|此页无正文|本栏空白|此处空白)[)\]】]?[。.]?"
"""The words a form closes its table with, in the name column (``（以下空白）``, ``以下无正文``), compared NFKC
without spaces: an end marker, never a unit."""
NOTE_OPENS = r"(?:注|备注|说明|附注|附|附件|联系人|联系电话|电话|咨询电话|填表人|审核人|填报人)\d*[:：]"
"""How a note typed in the name column opens (``注：…``, ``联系人：张三，电话：…``): a label and a colon. A unit
or meeting name holds no colon, so a cell opening so is a note wherever it stands."""
PHONE = r"(?<!\d)(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)"
"""A telephone number (``0372-1234567``, a mobile ``13800000000``): a contact line under the table."""
_NOTE_HINT = r"[:：﹕]|以下|空白|正文|\d{7}"
"""What a note's or end marker's text holds at least one of (a colon, an end marker's words, the seven
digits of a telephone number): a cell holding none is a name, told without folding it."""
NOTE_LABELS = frozenset(("注", "备注", "说明", "附注"))
"""A row whose first filled cell is just one of these (``备注 | 以上时间如有变动``) is a note row."""


def opens_note(text: str) -> bool:
    """Whether the only text of a row, in whatever column, is clearly a note or a form's end marker, never a
    name, wherever the row stands: an end marker (:data:`END_MARK`) or a note opening with its label and a
    colon (:data:`NOTE_OPENS`)."""
    if not re.search(_NOTE_HINT, text):
        return False  # a name: no colon, no end marker's words, no telephone number (most rows: fast)
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return bool(re.fullmatch(END_MARK, folded) or re.match(NOTE_OPENS, folded))


def is_note_text(text: str) -> bool:
    """Whether the only text of a row may be a note: :func:`opens_note`, or a line holding a telephone number
    (:data:`PHONE`) or a sentence with a colon 20 characters long or more. Only :func:`opens_note` is a note
    wherever it stands; the others are names too (``区教育局（联系电话：0372-2345678）``), so a row holding
    one is a note only under the table's last unit or meeting (see :func:`table_from_rows`)."""
    if opens_note(text):
        return True
    if not re.search(_NOTE_HINT, text):
        return False
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return bool(re.search(PHONE, folded)) or (":" in folded and len(folded) >= 20)


def _note_text(header: list[str], cells: list[str]) -> str:
    """A note row's text: its first filled cell that is not its 序号 number."""
    filled = [(h, c.strip()) for h, c in zip(header, cells, strict=False) if c.strip()]
    return next((c for h, c in filled if not (h == NO and _is_number(c))), filled[0][1])


TOTAL = (
    r"(?:合计|总计|小计|共计|total|subtotal|grandtotal)(?::?共?\d+(?:个单位|个会议|个|家|项|场|人|units?|meetings?)?)?"
)
"""A total row's label (``合计``, ``总计：29``, ``Total``), compared NFKC, spaces and case aside. Compiled
on first use, by ``re``'s cache: a label that is a 序号 number is no total, and is not matched."""
COUNT = r"共?\d+(?:\.\d+)?(?:个单位|个会议|个|家|项|场|次|人|人次|units?|meetings?)?"
"""What a total row's other cells may hold: a count (``29个单位``, ``12``); compiled on first use, by
``re``'s cache (only a row whose label is a :data:`TOTAL` is matched)."""


def _aside(header: list[str], cells: list[str], row: dict[str, str], key: str) -> str | None:
    """What a data row holds besides data: ``total`` for an office sheet's total row (see
    :func:`_is_total`), and for a row without its ``key``: ``numbered`` when its only filled cell
    is a 序号 (an office template numbers empty rows in advance), ``note`` when it has a single filled
    cell, not a number, in the 序号 or 备注 column or an unnamed one (a footnote typed in column A);
    for a row whose every filled cell but a 序号 says nothing (:data:`NOTHING`, the ``key`` too: a spare
    row filled with 无), ``numbered`` with a 序号, ``blank`` without; ``trailing`` for an unnumbered row
    whose only cell, its ``key``, may be a contact line (:func:`is_note_text`): data unless no sure row
    follows; ``None`` for a row to read as data."""
    if _is_total(row):
        return "total"
    keyed = bool(row.get(key)) and not _says_nothing(row[key])
    if keyed and sum(1 for text in row.values() if text) > 2 and row[key].rstrip(":：") not in NOTE_LABELS:
        return None  # a note is one cell (and its 序号), or opens with its label: this is data
    filled = [(h, c.strip()) for h, c in zip(header, cells, strict=False) if c.strip() and not _says_nothing(c)]
    unnumbered = [(h, c) for h, c in filled if not (h == NO and _is_number(c))]
    if _is_note_row(unnumbered):
        return "note"
    if keyed:  # a contact line in the name column, unnumbered: a note if no unit follows, else a unit
        maybe = len(unnumbered) == len(filled) == 1 and is_note_text(unnumbered[0][1])
        return "trailing" if maybe else None
    if all(h == NO for h, _ in filled) and all(_is_number(c) for _, c in filled):
        return "numbered" if filled else "blank"
    if row.get(key):
        return None
    if len(filled) == 1 and filled[0][0] in (NO, NOTE, "") and not _is_number(filled[0][1]):
        return "note"
    return None


def _is_note_row(filled: list[tuple[str, str]]) -> bool:
    """Whether a row's filled cells (its 序号 number aside) are a note, whatever column they sit in (a table
    without 序号 has its note in 单位; a workbook's note merged across the table lands there too): one cell
    whose text :func:`opens_note` says is a note or an end marker, or a first cell that is a note's label
    alone (``备注 | 以上时间如有变动``: no unit or meeting is named 备注)."""
    if len(filled) == 1 and opens_note(filled[0][1]):
        return True
    label = "".join(unicodedata.normalize("NFKC", filled[0][1]).split()).rstrip(":") if filled else ""
    return len(filled) > 1 and label in NOTE_LABELS


def _is_total(row: dict[str, str]) -> bool:
    """Whether a row is a total (``合计 | | 29个单位``): its 序号, or its first filled cell when the 序号
    is empty, is exactly :data:`TOTAL` and every other filled cell a :data:`COUNT`. A unit named
    ``合计办公室``, or a row with a time or a category, is data."""
    filled = [c for c in row.values() if c]
    label = row.get(NO) or (filled[0] if filled else "")
    if not label or _is_number(label) or not re.fullmatch(TOTAL, _folded(label)):
        return False
    filled.remove(label)
    return all(re.fullmatch(COUNT, _folded(c)) for c in filled)


def _folded(text: str) -> str:
    """A cell as a total row's words are compared: NFKC (``：`` is ``:``), no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _is_number(text: str) -> bool:
    """A 序号: ``30``, ``30.``, ``（30）``, full-width digits too."""
    return unicodedata.normalize("NFKC", text).strip("().、 ").isdigit()


def _missing_key(labels: dict[str, str], path: str, number: int, key: str, forced: str | None, taken: bool) -> NoReturn:
    """The header at row ``number`` (its columns and how it writes them: ``labels``) lacks the ``key``
    column: one line saying so, naming the column in the header's language (:func:`column_name`).
    ``taken``: the row names no column we know, and was taken for the header only for its filled cells,
    which the line says too."""
    if forced is None:
        message, column = _neither(list(labels))
    else:
        message, column = missing_column(key, KNOWN if key == UNIT else (key,)), key
    if taken:
        message = Message("input.header_taken", reason=message, row=number)
    raise InputError(message, path, number, column_name(labels, column))


def contacts_need(found: list[str]) -> Message:
    """Why a contacts table's header is not read: the columns found there (as written), and the two a
    contacts table needs, 单位 and 邮箱, each with the headers read for it (:data:`ALIASES`,
    :data:`EMAIL_HEADERS`), not what a timetable needs (QA qaoffice18 F15: a 部门 column was told 序号、时间…)."""
    units = [alias for alias, column in ALIASES.items() if column == UNIT]
    mails = list(EMAIL_HEADERS_SAID)
    if not found:
        return Message("input.contacts_need_none", units=units, mails=mails)
    return Message("input.contacts_need", found=found, units=units, mails=mails)


def _neither(columns: list[str]) -> tuple[Message, str]:
    """Why a header is neither a unit table's (单位) nor a meeting table's (会议 and 参会人员), and the
    column to name: what each kind needs; a meeting table missing one of its two columns is named as such."""
    words = {"unit": header_word(UNIT), "meeting": header_word(MEETING), "participants": header_word(PARTICIPANTS)}
    if MEETING in columns or PARTICIPANTS in columns:
        missing = PARTICIPANTS if MEETING in columns else MEETING
        return Message("mtable.half_meeting", column=header_word(missing), **words), missing
    days = [c for c in columns if re.fullmatch(DAY_HEADING, unicodedata.normalize("NFKC", c))]
    known = header_words(KNOWN)
    if len(days) >= 2:  # 时间 | 9月8日（周三） | 9月9日（周四）: a day x hour grid, as our timetable.html draws it
        return Message("mtable.grid", known=known, time=header_word(TIME), **words), UNIT
    return Message("mtable.neither", known=known, **words), UNIT


def _no_repeats(header: list[str], cells: list[str], path: str, number: int) -> None:
    """Refuse a header naming one column twice, naming both headers as written (``Unit`` and ``单位名称``
    both mean the unit) and the column in the run's language."""
    seen: dict[str, str] = {}
    for name, cell in zip(header, cells, strict=True):
        if not name:
            continue
        written = " ".join(clean_cell(cell).split())
        if name in seen:
            said = Message("input.duplicate_column", first=seen[name], second=written, column=header_word(name))
            raise InputError(said, path, number, written)
        seen[name] = written


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet take a cell for a formula (``=HYPERLINK(...)`` in a unit's comment)."""


def as_text(value: str) -> str:
    """A CSV cell that Excel and WPS show as text, never run: ``'`` before a value that opens like a
    formula (and before one that already opens with ``'`` and then such a character, so that
    :func:`from_text` gives back exactly what was written)."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def from_text(value: str) -> str:
    """A CSV cell as written before :func:`as_text`."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def render_table(columns: list[str], rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    """CSV bytes: UTF-8 with BOM (so Excel on Chinese Windows opens it without mojibake), or
    ``encoding="gbk"`` for older Excel and WPS (a character GBK lacks raises ``UnicodeEncodeError``), or
    ``"gb18030"`` (GBK's bytes, and every other character too).
    Every cell goes through :func:`as_text`: text from a mail or a table never becomes a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([as_text(c) for c in columns])
    for row in rows:
        writer.writerow([as_text(row.get(c, "")) for c in columns])
    return buffer.getvalue().encode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8", "utf-8-sig") else encoding)


if not TYPE_CHECKING:  # a module __getattr__ seen by mypy would hide typos as Any

    def __getattr__(name: str) -> Any:
        """:class:`~scheduler.files.twin.Twin` imported on first use (PEP 562): only our own workbook's
        printable sheet, read without ``--sheet``, has one."""
        if name == "Twin":
            from scheduler.files.twin import Twin

            globals()[name] = Twin
            return Twin
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
