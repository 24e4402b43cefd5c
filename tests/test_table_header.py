"""One header rule for the sheet picker and the reader (:func:`scheduler.files.tables.header_names`):
``header_kind`` (which sheet of a workbook is the table) and ``table_from_rows`` (which row is the
header, what kind of table) agree on a title row above the header, a semicolon CSV, an xlsx with a
merged title, and a people sheet in its own words."""

from __future__ import annotations

import csv
import io

import pytest

from scheduler.errors import InputError
from scheduler.files.excel import read_workbook
from scheduler.files.tables import (
    HEADER_NAMES,
    MEETING,
    PERSON,
    UNIT,
    canonical,
    header_kind,
    header_names,
    kind_of,
    parse_table,
    table_from_rows,
)

TEXTS = {
    "title above a unit table": (",", "附件1\n\n序号,时间,单位\n1,2025-09-08 08:00,办公室\n", UNIT),
    "semicolon meeting table": (
        ";",
        "会议安排;;\n会议;时长;参会人员\n碰头会;1小时;张三、李四\n",
        MEETING,
    ),
    "semicolon unit table": (";", "标题;;;;\n序号;时间;单位;备注;类别\n1;;办公室;;\n", UNIT),
    "a form's 填报 line above a unit table": (
        ",",
        "附件1\n对接计划表,,,\n填报单位：区政府办公室,,,填报日期：2021年9月6日\n序号,时间,单位,备注\n1,,办公室,\n",
        UNIT,
    ),
    "a form's 填报 line above a meeting table": (
        ",",
        "填报单位：办公室,填报人：张三,\n会议,时长,参会人员\n碰头会,1小时,张三、李四\n",
        MEETING,
    ),
}


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _header_row(rows: list[list[str]], key: str | None = None) -> int:
    """The first row naming a known column, else the first with two filled cells (as docs/formats.md says)."""
    named = [n for n, cells in enumerate(rows, start=1) if any(canonical(c) in HEADER_NAMES for c in cells)]
    return named[0] if named else next(n for n, cells in enumerate(rows, start=1) if header_names(cells, key))


@pytest.mark.parametrize("name", TEXTS)
def test_the_picker_and_the_reader_agree_on_a_text_table(name):
    delimiter, text, kind = TEXTS[name]
    table = parse_table(text, "t.csv")
    rows = _rows(text, delimiter)
    assert header_kind(rows) == kind_of(table.columns) == kind
    assert _header_row(rows) == table.header_row


def _book(*sheets: tuple[str, list[list[str]], str | None]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows, merged in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if merged:
            ws.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_picker_and_the_reader_agree_on_a_workbook_with_a_merged_title():
    meetings = [["2025年会议安排表"], ["会议", "时长", "参会人员"], ["碰头会", "1小时", "张三"]]
    data = _book(("说明", [["每行一个会议"]], None), ("会议", meetings, "A1:C1"))
    table = read_workbook(data, "m.xlsx")
    assert table.path == "m.xlsx [会议]" and table.header_row == 2
    assert kind_of(table.columns) == MEETING == header_kind(meetings)
    grid = [[*row, *[""] * (3 - len(row))] for row in meetings]
    assert table_from_rows(enumerate(grid, start=1), "m").header_row == _header_row(grid) == 2


def test_a_people_sheet_in_its_own_words_is_picked_as_the_people_sheet():
    """Was: the picker read headers with a unit table's words, where ``name`` is the unit, so a people
    workbook headed ``name, email`` after a notes sheet had its notes sheet read as the people."""
    people = [["People"], ["name", "email"], ["张三", "zhang@example.org"]]
    data = _book(("说明", [["每人一行"]], None), ("Sheet2", people, None))
    assert header_kind(people, PERSON) == PERSON
    table = read_workbook(data, "p.xlsx", key=PERSON)
    assert table.path == "p.xlsx [Sheet2]" and table.header_row == _header_row(people, PERSON) == 2
    assert PERSON in table.columns


def test_a_form_line_above_the_header_is_passed_over_for_the_row_naming_the_columns():
    """QA winfiles §10: ``填报单位：… 填报日期：…`` (two filled cells) was taken as the header, and the table
    refused as having no 单位 column."""
    text = TEXTS["a form's 填报 line above a unit table"][1]
    table = parse_table(text, "t.csv")
    assert table.header_row == 4
    assert [row.get("单位") for row in table.rows] == ["办公室"]


def test_a_header_naming_no_known_column_is_said_to_have_been_taken_as_the_header():
    """Nothing at the top names a column: the first row of two filled cells is still the header, and the
    missing column's line says that row was taken as it."""
    with pytest.raises(InputError) as caught:
        parse_table("附件\n填报单位：办公室,填报日期：9月6日\n甲,乙\n1,2\n", "t.csv")
    assert caught.value.row == 2
    assert caught.value.text("zh").endswith("（第 2 行被当作表头：表格开头没有一行写着认得的列名）")
    with pytest.raises(InputError) as caught:  # a header that names a known column is not said to be "taken"
        parse_table("序号,时间\n1,2\n", "t.csv")
    assert "被当作表头" not in caught.value.text("zh")


def test_formats_md_lists_every_header_name_the_readers_accept():
    """docsaudit #11: 日期's names, 会议名称, and half the people sheet's names were accepted but in no
    reference. formats.md's Headers tables (unit and meeting tables, the people sheet) and the contacts
    table's give exactly the names the readers take, folded as they fold them."""
    import unicodedata

    from scheduler.files import contacts
    from scheduler.files.tables import MEETING_ALIASES, PEOPLE_ALIASES
    from tests.conftest import ROOT

    def fold(name: str) -> str:
        return "".join(unicodedata.normalize("NFKC", name).split()).lower()

    def accepted(aliases: dict[str, str]) -> dict[str, set[str]]:
        columns: dict[str, set[str]] = {}
        for name, column in aliases.items():
            columns.setdefault(column, {fold(column)}).add(name)
        return columns

    def documented(section: str, first: str) -> list[dict[str, set[str]]]:
        text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8").split(f"\n{section}\n", 1)[1]
        text = text.split("\n## ", 1)[0].split("\n### ", 1)[0]
        tables: list[dict[str, set[str]]] = []
        for line in text.splitlines():
            if line.startswith(f"| {first} |"):
                tables.append({})
            elif line.startswith("| ") and tables and not line.startswith("| ---"):
                column, names = (cell.strip() for cell in line.strip("|").split("|")[:2])
                tables[-1][column.split(" (")[0]] = {fold(n) for n in names.replace("`", "").split(", ")}
        return tables

    units, people = documented("### Headers", "column")
    (contacts_table,) = documented("## Contacts table", "column")
    assert units == accepted(MEETING_ALIASES)  # Outlook's words (a meeting table's only) too
    assert people == accepted(PEOPLE_ALIASES)
    # the contacts table's section lists the other names beside each column; its 单位 is the unit table's
    assert {column: names | {fold(column)} for column, names in contacts_table.items()} == {
        **accepted(contacts.ALIASES),
        "单位": accepted(MEETING_ALIASES)["单位"],
    }
