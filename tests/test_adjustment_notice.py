"""After ``reschedule --out``: the adjustment notice (调整通知.docx and .xlsx), who moves from when to when."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

import scheduler
from scheduler.cli.main import main
from scheduler.export.notice import ADDED, MOVED, WITHDRAWN, Notice, adjustment, notice_files
from scheduler.files.changes import parse_changes
from tests.formats_helpers import libreoffice_pdf, pdf_pages, soffice, squeeze

SOFFICE = soffice()


def run(*args: str, epoch: str = "1630915200"):
    return CliRunner().invoke(main, list(args), env={"DOCKING_LANG": "", "SOURCE_DATE_EPOCH": epoch})


def reschedule(example, out, *changes: str):
    result = run("reschedule", str(example / "notice_2021.csv"), *changes, "--out", str(out))
    assert result.exit_code == 0, result.output
    return result


def docx_table(path):
    (table,) = Document(str(path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_notice_lists_who_moves_is_added_and_is_withdrawn(example, tmp_path):
    out = tmp_path / "out"
    changes = ("--unavailable", "区财政局@9月8日", "--drop", "区司法局", "--add", "区统计局,部门")
    result = reschedule(example, out, *changes)
    assert "已写入：" in result.output and "调整通知.docx" in result.output
    assert docx_table(out / "调整通知.docx") == [
        ["序号", "单位", "原定时间", "调整后时间"],
        ["1", "区统计局", "（新增）", "9月8日 11:00"],
        ["2", "区司法局", "9月9日 8:00", "取消"],
        ["3", "区财政局", "9月8日 11:00", "9月9日 8:00"],
    ]
    paragraphs = [p.text for p in Document(str(out / "调整通知.docx")).paragraphs if p.text]
    assert paragraphs == [
        "关于调整《26个试点领域区政府各主管部门工作对接计划表》部分单位对接时间的通知",
        "各有关单位：",
        "因工作安排调整，现将 3 个单位的对接时间调整如下：",
        "其他单位的对接时间和地点不变。请以上单位按调整后的时间准时参加对接；标为“取消”的单位不再参加对接。",
        "北关区人民政府办公室",
        "2021年9月6日",
    ]
    sheet = openpyxl.load_workbook(out / "调整通知.xlsx").active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("序号", "单位", "原定时间", "调整后时间"),
        (1, "区统计局", "（新增）", datetime(2021, 9, 8, 11)),
        (2, "区司法局", datetime(2021, 9, 9, 8), "取消"),
        (3, "区财政局", datetime(2021, 9, 8, 11), datetime(2021, 9, 9, 8)),
    ]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]  # the title only: the table has none


def test_the_python_result_carries_the_same_list(notice):
    changes = parse_changes(notice, unavailable=["区财政局@9月8日"], drop=["区司法局"], add=["区统计局,部门"])
    result = scheduler.replan(notice.problem, changes, time_limit=20)
    rows = adjustment(notice.timetable, result.timetable)
    assert [(r.unit, r.kind) for r in rows] == [("区统计局", ADDED), ("区司法局", WITHDRAWN), ("区财政局", MOVED)]
    moves = result.moves()  # typed: scheduler.Move(unit, before, after)
    assert all(isinstance(m, scheduler.Move) for m in moves)
    listed = [scheduler.Move(r.unit, r.before, r.after) for r in rows if r.kind != WITHDRAWN]
    assert sorted(listed) == sorted(moves)


def test_no_change_writes_no_notice_and_says_so(example, tmp_path):
    """A notice that adjusts nothing is not written (QA story 9, finding 4); the library still renders one."""
    out = tmp_path / "out"
    result = reschedule(example, out, "--unavailable", "区财政局@9月10日")
    assert "没有单位调整：不写调整通知" in result.output
    assert not list(out.glob("调整通知.*"))
    files = notice_files(Notice("", "", date(2021, 9, 6), ()), ["docx"])
    paragraphs = [p.text for p in Document(io.BytesIO(files["调整通知.docx"])).paragraphs if p.text]
    assert "经核对，本次调整没有单位的对接时间发生变化。" in paragraphs


def test_with_several_rooms_the_notice_names_the_place_and_a_change_of_room():
    before = scheduler.Timetable((scheduler.Meeting("甲", datetime(2021, 9, 8, 8), "401"),))
    after = scheduler.Timetable((scheduler.Meeting("甲", datetime(2021, 9, 8, 8), "402"),))
    rows = adjustment(before, after)
    assert [(r.unit, r.room_before, r.room_after) for r in rows] == [("甲", "401", "402")]
    notice = Notice("", "", date(2021, 9, 6), rows, rooms=True)
    files = notice_files(notice, ["docx"])
    path = "调整通知.docx"
    import io

    table = Document(io.BytesIO(files[path])).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "甲", "9月8日 8:00", "9月8日 8:00", "401 → 402"]


def test_the_notice_repeats_byte_for_byte(example, tmp_path):
    reschedule(example, tmp_path / "a", "--drop", "区司法局")
    reschedule(example, tmp_path / "b", "--drop", "区司法局")
    for name in ("调整通知.docx", "调整通知.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice on PATH (Debian: libreoffice-writer-nogui; .ci/run does)")
def test_the_notice_prints_on_one_page_as_written(example, tmp_path):
    out = tmp_path / "out"
    reschedule(example, out, "--unavailable", "区财政局@9月8日", "--drop", "区司法局", "--add", "区统计局,部门")
    pdf = libreoffice_pdf(SOFFICE, out / "调整通知.docx", tmp_path)
    (page,) = pdf_pages(pdf)
    text = squeeze(page)
    for expected in (
        "关于调整",
        "各有关单位",
        "区统计局（新增）9月8日11:00",
        "区司法局9月9日8:00取消",
        "区财政局9月8日11:009月9日8:00",
    ):
        assert expected in text, text
    assert text.endswith("北关区人民政府办公室2021年9月6日")
