"""An English-headed table's outputs: the columns an output adds take English headers, as the table's
own (QA english14 F6: ``时间,Unit,Category`` and ``No.,时间,会议室,Meeting``), and read back."""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.tables import Table, written_labels

RULES = """title = "Open Government Standards"
days = ["2026-03-02", "2026-03-03"]
hours = ["9:00", "10:00"]
[[rooms]]
name = "Room 420"
[[rooms]]
name = "Room 2"
"""

MEETING_RULES = """title = "Office meetings"
days = ["2026-03-02"]
hours = ["9:00-12:00"]
[[rooms]]
name = "Board Room"
"""


def _run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _header(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


def test_an_english_unit_tables_added_columns_are_english_and_read_back(tmp_path):
    table = tmp_path / "units.csv"
    table.write_text("Unit,Category\nFinance Dept.,Department\nTax Office,Department\n", encoding="utf-8")
    table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    _run("solve", table, "--out", tmp_path / "out", "--lang", "en", "--time-limit", "5")
    assert _header(tmp_path / "out" / "timetable.csv") == ["Time", "Unit", "Category", "Room"]
    book = openpyxl.load_workbook(tmp_path / "out" / "timetable.xlsx")
    data = [c.value for c in next(book["数据"].iter_rows(max_row=1))]
    assert data[:3] == ["No.", "Time", "Unit"] and "时间" not in data
    for copy in ("timetable.csv", "timetable.xlsx"):
        _run("validate", tmp_path / "out" / copy, "--lang", "en")


def test_an_english_meeting_tables_added_columns_are_english(tmp_path):
    table = tmp_path / "m.csv"
    table.write_text("Meeting,Length,Participants\nKick-off,60 min,Jane Doe\nReview,30 min,John Smith\n")
    table.with_suffix(".toml").write_text(MEETING_RULES, encoding="utf-8")
    _run("solve", table, "--out", tmp_path / "out", "--lang", "en", "--time-limit", "5")
    assert _header(tmp_path / "out" / "timetable.csv")[:3] == ["Time", "Room", "Meeting"]
    book = openpyxl.load_workbook(tmp_path / "out" / "timetable.xlsx")
    assert [c.value for c in next(book["数据"].iter_rows(max_row=1))][:3] == ["Time", "End", "Length"]
    _run("validate", tmp_path / "out" / "timetable.csv", "--lang", "en")
    _run("validate", tmp_path / "out" / "timetable.xlsx", "--sheet", "数据", "--lang", "en")


def test_a_chinese_or_mixed_header_keeps_our_chinese_words():
    chinese = Table("t.csv", ["单位"], labels={"单位": "单位"})
    mixed = Table("t.csv", ["单位", "类别"], labels={"单位": "Unit", "类别": "类别"})
    english = Table("t.csv", ["单位", "类别"], labels={"单位": "Unit", "类别": "Category"})
    assert written_labels(chinese, ["时间", "单位"]) == {"时间": "时间", "单位": "单位"}
    assert written_labels(mixed, ["时间"]) == {"时间": "时间"}
    assert written_labels(english, ["时间", "房间", "答复"]) == {"时间": "Time", "房间": "Room", "答复": "Answer"}
    assert written_labels(None, ["房间"], {"房间": "会议室"}) == {"房间": "会议室"}
