"""What office sheets hold that a reader can misread silently (the excel QA report, /tmp/qa/excel-report.md):
a form line naming one column above the header, notes and end markers closing a table, a date hidden in an
``h:mm`` cell, participants run together, merged cells lost to a CSV. Each is read as meant or refused on
one line naming file, row and column; never a reading the sheet does not show."""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler.errors import InputError
from scheduler.files.table_file import read_table
from tests.formats_helpers import notice_rows, with_rules, write_xlsx


def units_of(path):
    return [row.get("单位") for row in read_table(path).rows]


# -- QA excel #5: the header is the row naming the most known columns ---------------------------------


def test_form_line_naming_one_column_is_not_the_header(tmp_path):
    """``单位 | 北关区人民政府办公室 | 联系人 | 张三`` above the real header: the units are not 序号, 1, 2, …"""
    rows = notice_rows()[:11]
    form = ["单位", "北关区人民政府办公室", "", "联系人", "张三", ""]
    table = write_xlsx(tmp_path / "n.xlsx", [form, *rows], title="对接计划表")
    read = read_table(table)
    assert read.header_row == 3
    assert units_of(table) == [row[2] for row in rows[1:]]
    text = tmp_path / "n.csv"
    text.write_text("\n".join(",".join(r) for r in [["对接计划表"], form, *rows]) + "\n", encoding="utf-8")
    assert units_of(text) == [row[2] for row in rows[1:]]

