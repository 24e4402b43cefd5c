# ruff: noqa: E501  (a table of cases: one case a line reads best)
"""The corpus of bad input (issue 13): one case per way a file or option can be wrong, from every reader.

Each case starts from a copy of the 2021 notice (``notice_2021.csv``, ``.toml``, ``contacts_2021.csv`` in
folder ``f``), breaks one thing, runs one command and expects: exit 2, one or two lines, no traceback, the
file named (``file``, a name in the folder, or ``None`` for an option) and where in it (``where``: the
English words of the row, column, line or key, or the option), and nothing in the folder written or
changed. The runner is tests/test_bad_input.py.

``command`` may use ``{t}`` (the table), ``{r}`` (its rules file), ``{c}`` (the contacts), ``{f}``
(the folder), ``{o}`` (``f/out``, an output folder) and ``{x}`` (``f/book.xlsx``).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

T, R, C = "notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"
Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: tuple[str, ...] = ("validate", "{t}")
    file: str | None = T
    where: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=())
    """Words the message must hold besides the place (what is wrong)."""


def edit(name: str, old: str, new: str, count: int = 1) -> Setup:
    def apply(f: Path) -> None:
        path = f / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(name: str, data: bytes | str) -> Setup:
    def apply(f: Path) -> None:
        (f / name).parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (f / name).write_bytes(raw)

    return apply


def folder(name: str) -> Setup:
    def apply(f: Path) -> None:
        (f / name).mkdir(parents=True)

    return apply


def both(*steps: Setup) -> Setup:
    def apply(f: Path) -> None:
        for step in steps:
            step(f)

    return apply


def nothing(_f: Path) -> None:
    pass


def rules_with(old: str, new: str) -> Setup:
    return edit(R, old, new)


def example_line(text: str) -> str:
    """``line N`` of the first line of examples/notice_2021.toml holding ``text``: the example's comments
    may grow without these cases' expectations going stale."""
    lines = (Path(__file__).parent.parent / "examples" / "notice_2021.toml").read_text(encoding="utf-8").splitlines()
    return f"line {next(n for n, line in enumerate(lines, 1) if text in line)}"


def table(text: str) -> Setup:
    return write(T, text)


HEADER = "序号,时间,单位,备注,类别,并行组\n"


def workbook(rows: list[list[object]], name: str = "book.xlsx", tweak: Callable | None = None) -> Setup:
    """An .xlsx written with openpyxl (``tweak(wb)`` changes it first), with the notice's rules beside it."""

    def apply(f: Path) -> None:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "名单"
        for row in rows:
            ws.append(row)
        if tweak is not None:
            tweak(wb)
        wb.save(f / name)
        (f / name).with_suffix(".toml").write_bytes((f / R).read_bytes())

    return apply


GOOD_ROWS: list[list[object]] = [
    ["序号", "时间", "单位", "备注", "类别", "并行组"],
    [1, "9 月 8 日 8:00", "区自然资源局", "", "部门", ""],
    [2, "9 月 8 日 9:00", "区发改委", "", "部门", ""],
]


def zipped(parts: dict[str, bytes], name: str = "book.xlsx") -> Setup:
    """A ZIP archive with ``parts`` (an .xlsx as hostile hands make it), the rules beside it."""

    def apply(f: Path) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
        (f / name).write_bytes(out.getvalue())
        (f / name).with_suffix(".toml").write_bytes((f / R).read_bytes())

    return apply


def good_parts() -> dict[str, bytes]:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in GOOD_ROWS:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    return {name: archive.read(name) for name in archive.namelist()}


def padded_sheet(pad: bytes) -> Setup:
    def apply(f: Path) -> None:
        parts = good_parts()
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = parts[sheet].replace(b"<sheetData>", b"<sheetData>" + pad)
        zipped(parts)(f)

    return apply


def broken_sheet(f: Path) -> None:
    parts = good_parts()
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
    zipped(parts)(f)


def truncated_xlsx(f: Path) -> None:
    workbook(GOOD_ROWS)(f)
    data = (f / "book.xlsx").read_bytes()
    (f / "book.xlsx").write_bytes(data[: len(data) // 2])


def control_character_in_a_cell(f: Path) -> None:
    """``&#1;`` in the first unit's cell: only a hand writes it (openpyxl refuses, Excel writes ``_x0001_``)."""
    parts = good_parts()
    sheet, cell = "xl/worksheets/sheet1.xml", b'r="C2" t="inlineStr"><is><t>'
    assert cell in parts[sheet]
    parts[sheet] = parts[sheet].replace(cell, cell + b"&#1;")
    zipped(parts)(f)


def every_sheet_hidden(f: Path) -> None:
    """Excel refuses to hide the last visible sheet, and so does openpyxl: a hand-edited workbook.xml does it."""
    parts = good_parts()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    zipped(parts)(f)


def hidden_first(wb) -> None:
    """The first sheet hidden and holding nonsense; the visible second one is empty: the hidden one must not be read."""
    wb.active.sheet_state = "hidden"
    wb.create_sheet("可见")


def many_sheets(wb) -> None:
    for i in range(300):
        wb.create_sheet(f"表{i:03d}")


def merged_header(wb) -> None:
    wb.active.merge_cells("A1:B1")


def far_cell(wb) -> None:
    wb.active["XFD1048576"] = "x"


def formula_without_value(wb) -> None:
    wb.active["C3"] = "=A1&B1"


def invites_exported(f: Path) -> None:
    """The notice's invites exported into ``f/invites`` (as ``solve --out`` or ``ics`` would)."""
    from click.testing import CliRunner

    from scheduler.cli.main import main

    result = CliRunner().invoke(main, ["ics", str(f / T), "--out", str(f / "invites")])
    assert result.exit_code == 0, result.output


def journal_lines(*records: object, tail: bytes = b"") -> Setup:
    """A mail journal beside the table: JSON objects (or raw bytes) one per line, then ``tail``."""

    def apply(f: Path) -> None:
        invites_exported(f)
        data = b""
        for record in records:
            data += record if isinstance(record, bytes) else json.dumps(record, ensure_ascii=False).encode()
            data += b"\n"
        (f / "mail-journal.jsonl").write_bytes(data + tail)

    return apply


GOOD_LINE = {
    "v": 1,
    "state": "sent",
    "unit": "区财政局",
    "uid": "u-1",
    "sequence": 0,
    "method": "REQUEST",
    "to": "czj@example.org",
    "message_id": "<u-1.0@example.org>",
    "at": "2021-09-06T08:00:00Z",
}


def line(**changes: object) -> dict:
    out = {**GOOD_LINE, **changes}
    return {k: v for k, v in out.items() if v is not None}


def state_edit(change: Callable[[dict], None]) -> Setup:
    def apply(f: Path) -> None:
        invites_exported(f)
        path = f / "invites" / "state.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return apply


def state_damaged_and(step: Setup) -> Setup:
    return both(invites_exported, lambda f: (f / "invites" / "state.json").write_text("{", encoding="utf-8"), step)


FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:someone-else\r\n"
    "DTSTAMP:20210906T080000Z\r\nSEQUENCE:0\r\nDTSTART:20210908T080000Z\r\nDTEND:20210908T090000Z\r\n"
    "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
"""An invite some other program wrote (a UID of no unit of this campaign)."""

DRY = ("send", "{t}", "--invites", "{f}/invites", "--dry-run", "{f}/dry")
ICS = ("ics", "{t}", "--out", "{f}/invites")
SEND = ("send", "{t}", "--smtp-host", "127.0.0.1", "--smtp-port", "9", "--insecure-plain")
SOLVE = ("solve", "{t}", "--out", "{o}", "--time-limit", "5")

SWAP_TWO_UNITS = both(
    edit(T, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局"),
    edit(T, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局"),
)
"""Two units change places: a ``send`` would rewrite their invites."""


CASES: list[Case] = [
    # -- the unit table, as CSV ------------------------------------------------------------------------
    Case("csv-header-only", table(HEADER), where=("row 1", "column 单位"), words=("no rows",)),
    Case("csv-header-only-solve", table(HEADER), SOLVE, where=("row 1", "column 单位")),
    Case("csv-empty-file", table(""), words=("empty",)),
    # fuzz-found (qafuzz17 #10): a bad value was quoted whole, 100,000 characters, or over eight lines
    Case(
        "csv-huge-time-cell", edit(T, "2,9 月 8 日 9:00,", "2,9 月 8 日 9:00" + "x" * 100_000 + ","), where=("row 3",)
    ),
    Case(
        "csv-time-cell-with-line-breaks", edit(T, "2,9 月 8 日 9:00,", '2,"9 月 8 日\n9:00\nx\ny",'), where=("row 3",)
    ),
    Case("csv-blank-lines-only", table("\n\n  \n")),
    Case("csv-no-unit-column", table("序号,时间,名称\n1,9 月 8 日 8:00,区财政局\n"), where=("row 1", "column Unit")),
    Case("csv-unit-column-twice", table("时间,单位,单位\n9 月 8 日 8:00,甲,乙\n"), where=("row 1", "column 单位")),
    Case("csv-extra-cells", edit(T, "区财政局,,部门,", "区财政局,,部门,,多余"), where=("row 5",)),
    Case(  # a comma inside an unquoted 备注 splits it: one cell more, its last empty, the rest shifted right
        "csv-cell-split-by-a-comma",
        edit(T, "4,9 月 8 日 11:00,区财政局,,部门,", "4,9 月 8 日 11:00,区财政局,请带材料,公章,部门,"),
        where=("row 5",),
        words=("more cells than the header", "、"),
    ),
    Case(
        "csv-empty-unit", edit(T, "4,9 月 8 日 11:00,区财政局,", "4,9 月 8 日 11:00,,"), where=("row 5", "column 单位")
    ),
    Case("csv-bad-time", edit(T, "9 月 8 日 11:00", "9 月 32 日 11:00"), where=("row 5", "column 时间")),
    Case("csv-time-words", edit(T, "9 月 8 日 11:00", "明天上午"), where=("row 5", "column 时间")),
    Case("csv-unknown-category", edit(T, "区财政局,,部门", "区财政局,,科室"), where=("row 5", "column 类别")),
    Case(
        "csv-no-category-column",
        table("序号,时间,单位\n1,9 月 8 日 8:00,区财政局\n"),
        where=("row 1", "column Category"),  # a column the table lacks: in the run's language (review14 F14)
    ),
    Case(
        "csv-unknown-room",
        table(HEADER.strip() + ",房间\n1,9 月 8 日 8:00,区财政局,,部门,,区政府999房间\n"),
        where=("row 2", "column 房间"),
    ),
    Case("csv-bare-cr-in-a-cell", edit(T, "区财政局", "区财\r政局"), where=("row 5", "column 类别")),  # no csv wording
    Case("csv-nul-byte", table("序号,时间,单位\n1,9 月 8 日 8:00,区财\x00政局\n"), where=("row 2",)),
    Case(
        "csv-broken-utf8",
        write(
            T, (HEADER + "1,9 月 8 日 8:00,区财政局,,部门,\n").encode() + b"2,9 \xe6\x9c 8,\xe5\x8c\xba\xe8\xb4\xa2\n"
        ),
        where=("row 3",),
    ),
    Case(
        "csv-gbk-with-a-utf8-line",
        write(T, HEADER.encode("gbk") + "1,9 月 8 日 8:00,区财政局,,部门,\n".encode()),
        where=("row 2",),
    ),
    Case("csv-utf16-odd-bytes", write(T, b"\xff\xfe" + "单位".encode("utf-16-le") + b"\x00"), where=("row 1",)),
    Case("csv-old-excel-xls", write(T, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64), words=(".xls",)),
    Case("csv-table-is-a-folder", both(lambda f: (f / T).unlink(), folder(T))),
    Case("csv-missing", lambda f: (f / T).unlink()),
    Case("csv-huge-cell", table(HEADER + "1,9 月 8 日 8:00,区" + "财" * 140_000 + ",,部门,\n"), where=("row 2",)),
    Case("csv-sheet-option", nothing, ("validate", "{t}", "--sheet", "2")),
    Case(
        "csv-outside-window-solve",
        edit(T, "9 月 8 日 11:00", "9 月 11 日 11:00"),
        SOLVE,
        where=("row 5", "column 时间"),
    ),
    Case("csv-unit-twice-solve", edit(T, "区财政局,,部门", "区发改委,,部门"), SOLVE, where=("row 5", "column 单位")),
    Case("csv-line-break-in-unit-ics", edit(T, "区财政局,", '"区财政局\nBcc: x@example.org",'), ICS, where=("row 5",)),
    Case("csv-escape-in-unit-ics", edit(T, "区财政局,", "区财\x1b[2J政局,"), ICS, where=("row 5", "column 单位")),
    Case("csv-header-only-ics", table(HEADER), ICS, where=("row 1", "column 单位")),
    # a character no Word, Excel or HTML file can hold (XML 1.0): was an internal error (exit 70) when written
    Case(
        "csv-control-character-in-a-note-solve-out",
        edit(T, "区财政局,,部门", "区财政局,请带\x01材料,部门"),
        SOLVE,
        where=("row 5", "column 备注"),
        words=("U+0001",),
    ),
    Case(
        "csv-vertical-tab-in-a-group-solve-out",
        edit(T, "区财政局,,部门,", "区财政局,,部门,A\x0b"),
        SOLVE,
        where=("row 5", "column 并行组"),
        words=("U+000B",),
    ),
    Case(
        "csv-noncharacter-in-a-unit-ics",
        edit(T, "区财政局,", "区财政局\ufffe,"),
        ICS,
        where=("row 5", "column 单位"),
        words=("U+FFFE",),
    ),
    Case(
        "csv-control-character-in-the-header",  # the column named by its letter, not by the header that holds it
        table(HEADER.replace("备注", "备\x02注") + "1,9 月 8 日 8:00,区财政局,,部门,\n"),
        where=("row 1", "column D"),
        words=("U+0002",),
    ),
    Case("csv-header-only-send", table(HEADER), DRY, where=("row 1", "column 单位")),
    Case("csv-unit-column-blank-title-row", table("附件\n\n"), where=("row 1", "column Unit")),
    # -- the unit table, as .xlsx -------------------------------------------------------------------------
    Case("xlsx-header-only", workbook(GOOD_ROWS[:1]), ("validate", "{x}"), "book.xlsx", ("row 1", "column 单位")),
    Case(
        "xlsx-bad-time",
        workbook([GOOD_ROWS[0], [1, "9 月 40 日 8:00", "区财政局", "", "部门", ""]]),
        ("validate", "{x}"),
        "book.xlsx",
        ("row 2", "column 时间"),
    ),
    Case(
        "xlsx-no-unit-column", workbook([["时间", "名称"], ["9 月 8 日 8:00", "甲"]]), ("validate", "{x}"), "book.xlsx"
    ),
    Case("xlsx-empty-sheet", workbook([]), ("validate", "{x}"), "book.xlsx", words=("empty",)),
    # what the file is, in words of the chosen language (not "BadZipFile"), and what to do
    Case(
        "xlsx-not-a-zip",
        write("book.xlsx", b"PK\x03\x04 not really a zip"),
        ("validate", "{x}"),
        "book.xlsx",
        words=("incomplete or damaged", "save it as .xlsx or CSV"),
    ),
    Case(
        "xlsx-zip-without-workbook",
        zipped({"hello.txt": b"hi"}),
        ("validate", "{x}"),
        "book.xlsx",
        words=("a ZIP archive with no Excel workbook", "save it as .xlsx or CSV"),
    ),
    Case(
        "xlsx-ods",
        zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        ("validate", "{x}"),
        "book.xlsx",
        words=("OpenDocument spreadsheet (.ods", "save it as .xlsx or CSV"),
    ),
    Case("xlsx-broken-sheet-xml", broken_sheet, ("validate", "{x}"), "book.xlsx", words=("contents are damaged",)),
    Case("xlsx-truncated", truncated_xlsx, ("validate", "{x}"), "book.xlsx", words=("incomplete or damaged",)),
    Case("xlsx-zip-bomb", padded_sheet(b" " * 20_000_000), ("validate", "{x}"), "book.xlsx", words=("MB",)),
    Case("xlsx-huge-comment", padded_sheet(b"<!--" + b"x" * 300_000 + b"-->"), ("validate", "{x}"), "book.xlsx"),
    Case("xlsx-huge-instruction", padded_sheet(b"<?x " + b"y" * 300_000 + b"?>"), ("validate", "{x}"), "book.xlsx"),
    Case("xlsx-comment-never-closed", padded_sheet(b"<!--" + b"x" * 100_000), ("validate", "{x}"), "book.xlsx"),
    Case("xlsx-far-cell", workbook(GOOD_ROWS, tweak=far_cell), ("validate", "{x}"), "book.xlsx", words=("1048576",)),
    Case("xlsx-no-such-sheet", workbook(GOOD_ROWS), ("validate", "{x}", "--sheet", "汇总"), "book.xlsx"),
    Case("xlsx-sheet-number-too-big", workbook(GOOD_ROWS), ("validate", "{x}", "--sheet", "9"), "book.xlsx"),
    Case(
        "xlsx-no-such-sheet-among-300",
        workbook(GOOD_ROWS, tweak=many_sheets),
        ("validate", "{x}", "--sheet", "汇总"),
        "book.xlsx",
        words=("more",),
    ),
    Case("xlsx-every-sheet-hidden", every_sheet_hidden, ("validate", "{x}"), "book.xlsx", words=("hidden",)),
    Case(
        "xlsx-hidden-first-sheet-not-read",
        workbook(GOOD_ROWS, tweak=hidden_first),
        ("validate", "{x}"),
        "book.xlsx",
        words=("可见",),
    ),
    Case(
        "xlsx-merged-header",
        workbook(GOOD_ROWS, tweak=merged_header),
        ("validate", "{x}"),
        "book.xlsx",
        ("row 1",),
    ),
    Case(
        "xlsx-formula-without-value",
        workbook(GOOD_ROWS, tweak=formula_without_value),
        ("validate", "{x}"),
        "book.xlsx",
        ("row 3", "column 单位", "C3"),
    ),
    Case(  # XML cannot hold one, not even as &#1;: the workbook is damaged, never read as a cell that holds one
        "xlsx-control-character-in-a-cell",
        control_character_in_a_cell,
        ("solve", "{x}", "--out", "{o}"),
        "book.xlsx",
        words=("contents are damaged",),
    ),
    Case(
        "xlsx-old-xls",
        write("book.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ("validate", "{x}"),
        "book.xlsx",
    ),
    # -- the rules file ---------------------------------------------------------------------------------------
    Case("rules-missing", lambda f: (f / R).unlink(), file=R),
    Case(
        "rules-is-a-folder", nothing, ("validate", "{t}", "--rules", "{f}"), file=None, words=("a folder, not a file",)
    ),
    Case("rules-symlink-loop", lambda f: _symlink_loop(f / R), file=R),
    Case("rules-option-under-a-file", nothing, ("validate", "{t}", "--rules", "{t}/x.toml"), "x.toml"),
    Case(
        "rules-day-with-a-clock-solve-out",
        rules_with('"2021-09-10"]', "2021-09-10T08:00:00]"),
        SOLVE,
        R,
        ("line 9", "key days"),
    ),
    Case("rules-not-utf8", write(R, "days = ['九月八日']".encode("gbk")), file=R),
    Case("rules-toml-syntax", rules_with("meeting_minutes = 60", "meeting_minutes = = 60"), file=R, where=("line 11",)),
    Case(
        "rules-days-missing",
        rules_with('days = ["2021-09-08", "2021-09-09", "2021-09-10"]', ""),
        file=R,
        where=("key days",),
    ),
    Case(
        "rules-days-not-a-list",
        rules_with('days = ["2021-09-08", "2021-09-09", "2021-09-10"]', 'days = "2021-09-08"'),
        file=R,
        where=("line 9", "key days"),
    ),
    Case(
        "rules-days-empty",
        rules_with('days = ["2021-09-08", "2021-09-09", "2021-09-10"]', "days = []"),
        file=R,
        where=("line 9", "key days"),
    ),
    Case("rules-day-unreadable", rules_with('"2021-09-10"]', '"9月32日"]'), file=R, where=("line 9", "key days")),
    Case(
        "rules-days-years-apart",  # a year typed wrong: a campaign of five years
        rules_with('"2021-09-10"]', '"2026-09-10"]'),
        file=R,
        where=("line 9", "key days"),
        words=("2021-09-09", "2026-09-10", "1827 days apart"),
    ),
    Case(
        "rules-day-without-year-out-of-order",  # the order gives the year: 9月7日 after 9月8日 is a slip
        rules_with('days = ["2021-09-08",', 'days = ["2021-09-08", "9月7日",'),
        file=R,
        where=("line 9", "key days"),
        words=("'9月7日' is listed after '2021-09-08' but is not later",),
    ),
    Case(
        "rules-hour-noon-eight",
        rules_with('"18:00"]', '"中午8点"]'),
        file=R,
        where=("line 10", "key hours"),
        words=("中午8点",),
    ),
    Case(
        "rules-day-with-a-clock",
        rules_with('"2021-09-10"]', "2021-09-10T08:00:00]"),
        file=R,
        where=("line 9", "key days"),
    ),
    Case(
        "rules-day-only-clocks",
        rules_with('days = ["2021-09-08", "2021-09-09", "2021-09-10"]', "days = [2021-09-08T08:00:00]"),
        file=R,
        where=("key days",),
    ),
    Case(
        "rules-hours-empty",
        rules_with('hours = ["8:00", "9:00", "10:00", "11:00", "15:00", "16:00", "17:00", "18:00"]', "hours = []"),
        file=R,
        where=("line 10", "key hours"),
    ),
    Case("rules-hour-unreadable", rules_with('"18:00"]', '"25:00"]'), file=R, where=("line 10", "key hours")),
    Case("rules-hours-overlap", rules_with('"18:00"]', '"18:00", "18:30"]'), file=R, where=("line 10", "key hours")),
    Case(
        "rules-minutes-zero",
        rules_with("meeting_minutes = 60", "meeting_minutes = 0"),
        file=R,
        where=("line 11", "key meeting_minutes"),
    ),
    Case(
        "rules-minutes-negative",
        rules_with("meeting_minutes = 60", "meeting_minutes = -30"),
        file=R,
        where=("key meeting_minutes",),
    ),
    Case(
        "rules-minutes-text",
        rules_with("meeting_minutes = 60", 'meeting_minutes = "sixty"'),
        file=R,
        where=("key meeting_minutes",),
    ),
    Case(
        "rules-minutes-true",
        rules_with("meeting_minutes = 60", "meeting_minutes = true"),
        file=R,
        where=("key meeting_minutes",),
    ),
    Case(
        "rules-timezone-empty",
        rules_with('timezone = "Asia/Shanghai"', 'timezone = ""'),
        file=R,
        where=("key timezone",),
    ),
    Case(
        "rules-timezone-unknown-ics",
        rules_with('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"'),
        ICS,
        R,
        ("key timezone",),
    ),
    Case("rules-year-text", rules_with("timezone =", 'year = "2021"\ntimezone ='), file=R, where=("key year",)),
    Case(
        "rules-categories-repeated",
        rules_with('categories = ["部门", "镇办"]', 'categories = ["部门", "镇办", "部门"]'),
        file=R,
        where=("line 14", "key categories"),
    ),
    Case(
        "rules-categories-not-text",
        rules_with('categories = ["部门", "镇办"]', 'categories = ["部门", 3]'),
        file=R,
        where=("key categories",),
    ),
    Case(
        "rules-room-capacity-zero",
        rules_with("capacity = 2", "capacity = 0"),
        file=R,
        where=("line 19", "key rooms[1].capacity"),
    ),
    Case(
        "rules-room-capacity-text",
        rules_with("capacity = 2", 'capacity = "two"'),
        file=R,
        where=("line 19", "key rooms[1].capacity"),
    ),
    Case(
        "rules-rooms-twice",
        rules_with("[[rooms]]", '[[rooms]]\nname = "区政府420房间"\n\n[[rooms]]'),
        file=R,
        where=("key rooms[2].name",),
    ),
    Case(
        "rules-rooms-empty",
        rules_with('[[rooms]]\nname = "区政府420房间"\ncapacity = 2', "rooms = []"),
        file=R,
        where=("key rooms",),
    ),
    Case(
        "rules-link-without-then",
        rules_with('then = "北关区规划技术服务中心"', ""),
        file=R,
        where=("key links[1].then",),
    ),
    Case(
        "rules-link-unknown-unit",
        rules_with('first = "区自然资源局"', 'first = "区自然资源厅"'),
        file=R,
        where=("line 24", "key links[1].first"),
    ),
    Case(
        "rules-pin-bad-time",
        rules_with("[invites]", '[[pins]]\nunit = "区财政局"\ntime = "9月8日 25:00"\n\n[invites]'),
        file=R,
        where=("key pins[1].time",),
    ),
    Case(
        "rules-pin-outside",
        rules_with("[invites]", '[[pins]]\nunit = "区财政局"\ntime = "9月8日 12:00"\n\n[invites]'),
        file=R,
        where=("key pins[1].time",),
    ),
    Case(
        "rules-unavailable-no-slots",
        rules_with("[invites]", '[[unavailable]]\nunit = "区财政局"\ntimes = ["9月20日"]\n\n[invites]'),
        file=R,
        where=("key unavailable[1].times",),
    ),
    Case(
        "rules-unavailable-not-a-list",
        rules_with(
            "[invites]", '[[unavailable]]\nunit = "区财政局"\ntimes = 908\n\n[invites]'
        ),  # (a string is one time)
        file=R,
        where=("key unavailable[1].times",),
    ),
    Case(
        "rules-invites-no-campaign",
        rules_with('campaign = "beiguan-2021-zwgk-26-fields"', ""),
        ICS,
        R,
        ("key invites.campaign",),
    ),
    Case(
        "rules-invites-campaign-line-break",
        rules_with('campaign = "beiguan-2021-zwgk-26-fields"', 'campaign = "a\\nb"'),
        ICS,
        R,
        ("key invites.campaign",),
    ),
    Case(
        "rules-organizer-bad-email",
        rules_with('email = "zwgk-office@example.org"', 'email = "zwgk-office@example"'),
        ICS,
        R,
        ("key invites.organizer.email",),
    ),
    Case(
        "rules-organizer-missing",
        rules_with('[invites.organizer]\nname = "北关区人民政府办公室"\nemail = "zwgk-office@example.org"', ""),
        ICS,
        R,
        ("key invites.organizer",),
    ),
    Case(
        "rules-reminder-negative",
        rules_with("reminder_minutes = 30", "reminder_minutes = -5"),
        ICS,
        R,
        ("key invites.reminder_minutes",),
    ),
    Case(
        "rules-summary-unknown-field",
        rules_with('summary = "基层政务公开标准对接：{unit}"', 'summary = "对接：{unit}{floor}"'),
        ICS,
        R,
        ("key invites.summary",),
    ),
    Case(
        "rules-summary-bad-brace",
        rules_with('summary = "基层政务公开标准对接：{unit}"', 'summary = "对接：{unit"'),
        ICS,
        R,
        ("key invites.summary",),
    ),
    Case(
        "rules-bring-not-text",
        rules_with('"镇办" = "本单位', '"镇办" = 3\n"*" = "本单位'),
        ICS,
        R,
        ("key invites.bring.镇办",),
    ),
    Case(
        "rules-milestone-twice",
        rules_with('id = "hand-in-towns"', 'id = "hand-in-departments"'),
        ICS,
        R,
        ("key milestones[3].id",),
    ),
    Case(
        "rules-milestone-bad-when",
        rules_with('when = "9月15日"', 'when = "9月35日"'),
        ICS,
        R,
        ("key milestones[3].when",),
    ),
    Case(
        "rules-milestone-when-clock",
        rules_with('when = "9月15日"', "when = 2021-09-15T08:00:00"),
        ICS,
        R,
        ("key milestones[3].when",),
    ),
    Case("rules-milestone-unknown-who", rules_with('who = "镇办"', 'who = "街道"'), ICS, R, ("key milestones[3].who",)),
    Case("rules-milestone-no-id", rules_with('id = "inspection"', ""), ICS, R, ("key milestones[4].id",)),
    Case(
        "rules-no-invites-table-send",  # a table misnamed is a key no reader knows: named, with the one meant
        rules_with("[invites]", "[invitations]"),
        DRY,
        R,
        ("key invitations",),
        ("did you mean invites?",),
    ),
    # a character no Word, Excel or HTML file can hold, as a TOML escape: was an internal error (exit 70) when written
    Case(
        "rules-title-vertical-tab-solve-out",
        rules_with('title = "', 'title = "\\u000b'),
        SOLVE,
        R,
        ("line 5", "key title"),
        ("U+000B",),
    ),
    Case(
        "rules-room-noncharacter-solve-out",
        rules_with('name = "区政府420房间"', 'name = "区政府420房间\\uFFFF"'),
        SOLVE,
        R,
        ("line 18", "key rooms[1].name"),
        ("U+FFFF",),
    ),
    Case(
        "rules-milestone-control-character-ics",
        rules_with('what = "完善', 'what = "\\u0001完善'),
        ICS,
        R,
        (example_line('what = "完善'), "key milestones[1].what"),
        ("U+0001",),
    ),
    Case(
        "rules-key-control-character-ics",  # the key's own character written out, never sent to the terminal
        rules_with('"镇办" = "本单位', '"镇\\u001b办" = "本单位'),
        ICS,
        R,
        ("key invites.bring.镇\\x1b办",),
        ("U+001B",),
    ),
    # -- the contacts table -------------------------------------------------------------------------------------
    Case("contacts-missing", lambda f: (f / C).unlink(), ICS, C),
    Case("contacts-is-a-folder", both(lambda f: (f / C).unlink(), folder(C)), ICS, C),
    Case("contacts-no-email-column", write(C, "单位,电话\n区财政局,123\n"), ICS, C, ("row 1", "column Email")),
    Case("contacts-bad-address", edit(C, "czj@example.org", "czj@example"), ICS, C, ("row 5", "column 邮箱")),
    Case(
        "contacts-address-twice",  # several addresses are a unit's people: the same one twice is a slip
        edit(C, "czj@example.org", "czj@example.org;CZJ@example.org"),
        ICS,
        C,
        ("row 5", "column 邮箱"),
    ),
    Case(
        "contacts-two-addresses-unseparated",
        edit(C, "czj@example.org", "czj@example.org;cz@example.orgb@example.org"),
        ICS,
        C,
        ("row 5", "column 邮箱"),
    ),
    Case("contacts-fullwidth-at", edit(C, "czj@example.org", "czj＠example。org"), ICS, C, ("row 5", "column 邮箱")),
    Case(
        "contacts-header-injection",
        edit(C, "区财政局,czj@example.org", '区财政局,"czj@example.org\r\nBcc: x@example.org"'),
        ICS,
        C,
        ("row 5", "column 邮箱"),
    ),
    Case(
        "contacts-person-line-break",
        edit(C, "czj@example.org,刘某", 'czj@example.org,"刘某\nBcc: x"'),
        ICS,
        C,
        ("row 5", "column 联系人"),
    ),
    Case(
        "contacts-control-character-in-a-person",
        edit(C, "czj@example.org,刘某", "czj@example.org,刘\x07某"),
        ICS,
        C,
        ("row 5", "column 联系人"),
        ("U+0007",),
    ),
    Case("contacts-unit-twice", edit(C, "区财政局,czj@example.org", "区发改委,"), ICS, C, ("row 5", "column 单位")),
    Case(  # a further row of a unit is a further address: the same one again is named where it repeats
        "contacts-unit-address-twice",
        edit(C, "区财政局,czj@example.org", "区发改委,fgw@example.org"),
        ICS,
        C,
        ("row 5", "column 邮箱"),
    ),
    Case("contacts-header-only", write(C, "单位,邮箱,联系人\n"), ICS, C, ("row 1", "column 单位")),
    Case(
        "contacts-broken-utf8",
        write(C, "单位,邮箱\n".encode() + b"\xe5\x8c\xba\xe8,a@example.org\n" + "区财政局,czj@example.org\n".encode()),
        ICS,
        C,
        ("row 2",),
    ),
    Case(
        "contacts-option-missing",
        nothing,
        ("ics", "{t}", "--out", "{f}/invites", "--contacts", "{f}/nobody.csv"),
        "nobody.csv",
    ),
    Case("contacts-bad-address-send", edit(C, "czj@example.org", "czj@@example.org"), DRY, C, ("row 5", "column 邮箱")),
    # -- the mail journal --------------------------------------------------------------------------------------------
    Case(
        "journal-damaged-line", journal_lines(GOOD_LINE, b"not json", GOOD_LINE), DRY, "mail-journal.jsonl", ("line 2",)
    ),
    Case("journal-is-a-folder", both(invites_exported, folder("mail-journal.jsonl")), DRY, "mail-journal.jsonl"),
    Case("journal-option-is-a-folder", invites_exported, (*SEND, "--journal", "{f}/invites"), "invites"),
    Case("journal-other-version", journal_lines(line(v=2)), DRY, "mail-journal.jsonl", ("line 1",)),
    Case("journal-unknown-state", journal_lines(line(state="delivered")), DRY, "mail-journal.jsonl", ("line 1",)),
    Case("journal-sequence-text", journal_lines(line(sequence="one")), DRY, "mail-journal.jsonl", ("line 1",)),
    Case("journal-missing-uid", journal_lines(line(uid=None)), DRY, "mail-journal.jsonl", ("line 1",)),
    Case(
        "journal-not-utf8",
        journal_lines(GOOD_LINE, '{"v": 1, "unit": "区财政局"}'.encode("gbk")),
        DRY,
        "mail-journal.jsonl",
        ("line 2",),
    ),
    Case("journal-a-list", journal_lines([GOOD_LINE]), DRY, "mail-journal.jsonl", ("line 1",)),
    Case(
        "journal-tail-not-ours", journal_lines(GOOD_LINE, tail=b"unit,address"), DRY, "mail-journal.jsonl", ("line 2",)
    ),
    Case(
        "journal-damaged-invites-would-change",  # item 3: send rewrote invites/ before it read its journal
        both(journal_lines(GOOD_LINE, b"not json"), SWAP_TWO_UNITS),
        SEND,
        "mail-journal.jsonl",
        ("line 2",),
    ),
    Case(
        "journal-option-a-folder-invites-would-change",
        both(invites_exported, SWAP_TWO_UNITS, folder("logs")),
        (*SEND, "--journal", "{f}/logs"),
        "logs",
    ),
    Case("journal-damaged-real-send", journal_lines(GOOD_LINE, b"{}"), SEND, "mail-journal.jsonl", ("line 2",)),
    # -- the invites folder and its state.json ---------------------------------------------------------------------------
    Case(
        "state-is-a-folder",
        both(invites_exported, lambda f: (f / "invites" / "state.json").unlink(), folder("invites/state.json")),
        ICS,
        "state.json",
    ),
    Case(
        "state-other-campaign",
        state_edit(lambda d: d.update(campaign="another-campaign")),
        ICS,
        "state.json",
        words=("another-campaign",),
    ),
    Case(
        "state-damaged-and-an-invite-not-a-calendar",
        state_damaged_and(write("invites/区财政局.ics", "not a calendar")),
        ICS,
        "区财政局.ics",
    ),
    Case(
        "state-damaged-and-a-foreign-invite",
        state_damaged_and(write("invites/区财政局.ics", FOREIGN)),
        ICS,
        "区财政局.ics",
        words=("beiguan",),
    ),
    Case(
        "state-missing-and-two-events-in-an-invite",
        both(
            invites_exported,
            lambda f: (f / "invites" / "state.json").unlink(),
            lambda f: (f / "invites" / "区财政局.ics").write_bytes((f / "invites" / "office.ics").read_bytes()),
        ),
        ICS,
        "区财政局.ics",
    ),
    Case("invites-folder-is-a-file", write("invites", "a file"), ICS, "invites"),
    Case(
        "invites-option-is-a-file",
        write("inv", "a file"),
        ("send", "{t}", "--invites", "{f}/inv", "--dry-run", "{f}/dry"),
        "inv",
        ("--invites",),
    ),
    Case("dry-run-into-a-file", write("dry", "a file"), DRY, "dry", ("--dry-run",)),
    Case("state-missing-mailed-unit-gone", lambda f: _mailed_and_gone(f), ICS, "state.json", words=("区财政局",)),
    # -- options -------------------------------------------------------------------------------------------------------
    Case("option-send-without-host", nothing, ("send", "{t}"), None, ("--smtp-host",)),
    Case("option-two-securities", nothing, (*SEND, "--ssl"), None, ("--starttls/--ssl/--insecure-plain",)),
    Case("option-bad-from", nothing, (*SEND, "--from", "clerk@example"), None, ("--from",)),
    Case(
        "option-from-injection",
        nothing,
        (*SEND, "--from", "clerk@example.org\r\nBcc: x@example.org"),
        None,
        ("--from",),
    ),
    Case(
        "option-missing-cafile",
        nothing,
        ("send", "{t}", "--smtp-host", "127.0.0.1", "--cafile", "{f}/ca.pem"),
        "ca.pem",
        ("--cafile",),
    ),
    Case(
        "option-port-zero",
        nothing,
        ("send", "{t}", "--smtp-host", "127.0.0.1", "--smtp-port", "0"),
        None,
        ("--smtp-port",),
    ),
    Case("option-time-limit-zero", nothing, ("solve", "{t}", "--time-limit", "0"), None, ("--time-limit",)),
    Case(
        "option-user-without-password",  # no journal is left behind: it is created only to be written
        nothing,
        (*SEND, "--user", "x"),
        None,
        ("--user",),
        ("DOCKING_SMTP_PASSWORD",),
    ),
    Case(
        "option-user-without-password-new-journal-folder",
        invites_exported,
        (*SEND, "--user", "x", "--journal", "{f}/logs/2021/j.jsonl"),
        None,
        ("--user",),
    ),
    Case("option-unknown", nothing, ("validate", "{t}", "--bogus"), None, ("--bogus",)),
    Case("option-lang-unknown", nothing, ("validate", "{t}", "--lang", "fr"), None, ("--lang",)),
    Case("option-objective-unknown", nothing, ("solve", "{t}", "--objective", "fastest"), None, ("--objective",)),
    Case("option-alternatives-zero", nothing, ("solve", "{t}", "--alternatives", "0"), None, ("--alternatives",)),
    Case("option-format-unknown", nothing, (*SOLVE, "--format", "pdf"), None, ("pdf",)),
    Case("option-format-without-out", nothing, ("solve", "{t}", "--format", "csv"), None, ("--out",)),
    Case(
        "option-unavailable-no-at",
        nothing,
        ("reschedule", "{t}", "--unavailable", "区财政局 9月8日"),
        None,
        ("--unavailable",),
    ),
    Case(
        "option-unavailable-unknown-unit",
        nothing,
        ("reschedule", "{t}", "--unavailable", "区财政厅@9月8日"),
        None,
        ("--unavailable",),
    ),
    Case(
        "option-unavailable-no-slots",
        nothing,
        ("reschedule", "{t}", "--unavailable", "区财政局@9月20日"),
        None,
        ("--unavailable",),
    ),
    Case("option-pin-not-a-slot", nothing, ("reschedule", "{t}", "--pin", "区财政局@9月8日 12:00"), None, ("--pin",)),
    Case(
        "option-pin-twice",
        nothing,
        ("reschedule", "{t}", "--pin", "区财政局@9月8日 8:00", "--pin", "区财政局@9月8日 9:00"),
        None,
        ("--pin",),
    ),
    Case("option-drop-unknown", nothing, ("reschedule", "{t}", "--drop", "区财政厅"), None, ("--drop",)),
    Case("option-add-existing", nothing, ("reschedule", "{t}", "--add", "区财政局,部门"), None, ("--add",)),
    Case("option-add-bad-category", nothing, ("reschedule", "{t}", "--add", "区统计局,科室"), None, ("--add",)),
    Case("option-add-no-category", nothing, ("reschedule", "{t}", "--add", "区统计局"), None, ("--add",)),
    Case("option-out-is-a-file", write("out", "a file"), SOLVE, "out"),
    # fuzz-found (qafuzz17 #9): an empty file or folder name (an unset variable) meant the current folder,
    # or nothing given, or "Is a directory": one line naming the option, from every command
    Case(
        "option-empty-solve-out", nothing, ("solve", "{t}", "--time-limit", "5", "--out", ""), None, ("--out", "empty")
    ),
    Case("option-empty-ics-out", nothing, ("ics", "{t}", "--out", ""), None, ("--out", "empty")),
    Case("option-empty-example-out", nothing, ("example", "--out", ""), None, ("--out", "empty")),
    Case("option-empty-rules", nothing, ("validate", "{t}", "--rules", ""), None, ("--rules", "empty")),
    Case(
        "option-empty-contacts",
        nothing,
        ("ics", "{t}", "--out", "{f}/inv", "--contacts", ""),
        None,
        ("--contacts", "empty"),
    ),
    Case("option-empty-dry-run", nothing, ("send", "{t}", "--dry-run", ""), None, ("--dry-run", "empty")),
    Case(
        "option-blank-journal",
        nothing,
        ("send", "{t}", "--dry-run", "{f}/dry", "--journal", " "),
        None,
        ("--journal", "empty"),
    ),
]


def _symlink_loop(path: Path) -> None:
    """A path that cannot be read by anyone, root included (too many levels of symbolic links)."""
    path.unlink()
    path.symlink_to(path.name)


def _mailed_and_gone(f: Path) -> None:
    """The journal says 区财政局 was mailed; its invite file and the state are gone, and so is its row."""
    invites_exported(f)
    from scheduler.invites.folder import read_invites

    invite = next(i for i in read_invites(f / "invites") if i.unit == "区财政局")
    record = line(uid=invite.uid, sequence=invite.sequence)
    (f / "mail-journal.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (f / "invites" / "state.json").unlink()
    (f / "invites" / "区财政局.ics").unlink()
    text = (f / T).read_text(encoding="utf-8")
    (f / T).write_text(text.replace("4,9 月 8 日 11:00,区财政局,,部门,\n", ""), encoding="utf-8")
