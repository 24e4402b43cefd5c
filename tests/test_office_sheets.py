"""What office sheets hold that a reader can misread silently (the excel QA report, /tmp/qa/excel-report.md):
a form line naming one column above the header, notes and end markers closing a table, a date hidden in an
``h:mm`` cell, participants run together, merged cells lost to a CSV. Each is read as meant or refused on
one line naming file, row and column; never a reading the sheet does not show."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

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


# -- QA excel #2: notes and end markers under a table never become units or meetings ------------------

UNITS = ["区发改委", "区财政局", "区教育局", "红旗路街道办事处"]


@pytest.mark.parametrize(
    "line",
    [
        "注：以上时间如有变动，另行通知。",
        "联系人：张三，电话：0372-5550100",
        "（以下空白）",
        "以下无正文",
        "此栏空白",
        "备注,以上时间如有变动",
    ],
)
def test_note_in_the_name_column_is_skipped(tmp_path, line):
    """A table without 序号: column A is 单位, and the note below the table lands in it."""
    table = tmp_path / "n.csv"
    table.write_text("\n".join(["单位,时间,备注", *(f"{u},," for u in UNITS), line]) + "\n", encoding="utf-8")
    read = read_table(table)
    assert units_of(table) == UNITS
    assert read.skipped == ((len(UNITS) + 2, "note"),)


def test_end_marker_after_numbered_rows_is_skipped(tmp_path):
    table = tmp_path / "n.csv"
    rows = [f"{i},{u},," for i, u in enumerate(UNITS, start=1)]
    table.write_text("\n".join(["序号,单位,时间,备注", *rows, "5,（以下空白）,,"]) + "\n", encoding="utf-8")
    assert units_of(table) == UNITS


def test_note_merged_across_a_workbook_is_skipped(tmp_path):
    rows = [["单位", "时间", "备注"], *([u, "", ""] for u in UNITS), ["注：以上时间如有变动，另行通知。", "", ""]]
    table = write_xlsx(tmp_path / "n.xlsx", rows, title="对接计划表", merge=["A7:C7"])
    assert units_of(table) == UNITS


def test_a_unit_is_still_a_unit(tmp_path):
    """Names that open like a note's words but are no note stay units (注册登记中心, 说明书审查科)."""
    names = ["注册登记中心", "说明书审查科", "附属医院", "以下各单位联络组"]
    table = tmp_path / "n.csv"
    table.write_text("\n".join(["单位,时间,备注", *(f"{u},," for u in names)]) + "\n", encoding="utf-8")
    assert units_of(table) == names


NAMED = [
    "区自然资源局",
    "区人民政府办公室（含：区政府研究室、区金融服务中心）",
    "区教育局（联系电话：0372-2345678）",
    "区教育局 0372-2345678",
    "区卫健委",
]
"""Unit names as clerks type them: a colon inside parentheses, the unit's telephone (review13 #1)."""


@pytest.mark.parametrize("numbered", [False, True])
@pytest.mark.parametrize("time", [False, True])
def test_a_unit_named_with_a_telephone_or_a_colon_between_units_is_a_unit(tmp_path, numbered, time):
    """A row between units is never a note by its telephone number or its colon: only a note's label
    (注：, 联系人：…) or an end marker says so wherever a row stands. With 序号, the numbered last row too."""
    table = tmp_path / "n.csv"
    head = ",".join((["序号"] if numbered else []) + ["单位"] + (["时间"] if time else []))
    rows = [",".join(([str(i)] if numbered else []) + [u] + ([""] if time else [])) for i, u in enumerate(NAMED, 1)]
    last = [",".join((["6"] if numbered else []) + ["区财政局 0372-5550100"] + ([""] if time else []))]
    table.write_text("\n".join([head, *rows, *(last if numbered else [])]) + "\n", encoding="utf-8")
    read = read_table(table)
    assert units_of(table) == NAMED + (["区财政局 0372-5550100"] if numbered else [])
    assert read.skipped == ()


def test_a_contact_line_under_the_last_unit_is_a_note(tmp_path):
    """The same line under the table's last unit (no 序号, nothing after it) is a note, skipped and listed."""
    table = tmp_path / "n.csv"
    table.write_text("\n".join(["单位", *UNITS, "张三 0372-5550100", "（以下空白）"]) + "\n", encoding="utf-8")
    read = read_table(table)
    assert units_of(table) == UNITS
    assert read.skipped == ((6, "note"), (7, "note"))


def test_a_numbered_label_note_between_units_is_skipped_not_refused_by_its_number(tmp_path):
    """review13 #2: ``3,备注,以上时间如有变动`` is a note by its label; its 序号 is no note text to refuse."""
    table = tmp_path / "n.csv"
    rows = [f"{i},{u},," for i, u in enumerate(UNITS, start=1)]
    lines = ["序号,单位,时间,备注", *rows[:2], "3,备注,以上时间如有变动,", *rows[2:]]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert units_of(table) == UNITS


def test_a_telephone_line_without_a_unit_between_units_is_refused_quoting_it(tmp_path):
    """A one-cell row in 备注 between units, no label: refused (not skipped), its own text quoted."""
    table = tmp_path / "n.csv"
    rows = [f"{u},," for u in UNITS]
    lines = ["单位,时间,备注", *rows[:2], ",,张三 0372-5550100", *rows[2:]]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert caught.value.row == 4
    assert "“张三 0372-5550100”" in caught.value.text()


# -- QA excel #3: a 时间 cell's own day beside another 日期 is refused, never silently taken -----------


def hidden_date_sheet(path, held):
    """An office sheet: 日期 merged per day, 时间 formatted ``h:mm``; the third unit's 时间 holds ``held``."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["序号", "日期", "时间", "单位"])
    times = [datetime(2021, 9, 8, 8), datetime(2021, 9, 8, 9), held]
    for i, (moment, unit) in enumerate(zip(times, UNITS, strict=False), start=1):
        ws.append([i, datetime(2021, 9, 8) if i == 1 else None, moment, unit])
        ws.cell(row=i + 1, column=3).number_format = "h:mm"
    ws["B2"].number_format = 'm"月"d"日"'
    ws.merge_cells("B2:B4")
    book.save(path)
    return with_rules(path)


def test_hidden_date_in_a_time_cell_is_refused(tmp_path):
    table = hidden_date_sheet(tmp_path / "n.xlsx", datetime(2021, 9, 9, 10))
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert caught.value.row == 4
    assert caught.value.column == "时间"
    assert "单元格里的日期是 9月9日（Excel 的显示格式可能隐藏了它），与“日期”列的 9月8日 不同" in caught.value.text()


def test_same_day_in_a_time_cell_is_read(tmp_path):
    table = hidden_date_sheet(tmp_path / "n.xlsx", datetime(2021, 9, 8, 10))
    assert [row.get("时间") for row in read_table(table).rows][2] == "9月8日 10:00"


def test_typed_other_day_beside_date_is_refused(tmp_path):
    table = tmp_path / "n.csv"
    table.write_text("日期,时间,单位\n9月8日,8:00,区发改委\n9月8日,9月9日 9:00,区财政局\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert (caught.value.row, caught.value.column) == (3, "时间")


# -- QA excel #1 and #18: participants run together without 、 are refused, never one person --------


def meeting_table(tmp_path, participants, people=False):
    """The 2025 meeting example, row 7's 参会人员 replaced; without a people sheet unless ``people``."""
    from tests.formats_helpers import ROOT

    rules = (ROOT / "examples" / "meetings_2025.toml").read_text(encoding="utf-8")
    if people:
        shutil.copy(ROOT / "examples" / "people_2025.csv", tmp_path / "people_2025.csv")
    else:
        rules = "\n".join(line for line in rules.splitlines() if not line.startswith("people ="))
    (tmp_path / "m.toml").write_text(rules, encoding="utf-8")
    lines = (ROOT / "examples" / "meetings_2025.csv").read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    at = header.index("参会人员")
    rows[5][at] = participants
    (tmp_path / "m.csv").write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return tmp_path / "m.csv"


def meeting_error(path):
    from scheduler.files.meeting_files import load_meetings

    with pytest.raises(InputError) as caught:
        load_meetings(path)
    return caught.value


@pytest.mark.parametrize(
    "written",
    [
        "王主任 李科长",
        "王主任　李科长",
        "王主任/李科长",
        "王主任|李科长",
        "王主任\\李科长",
        "1.王主任 2.李科长",
        "1.王主任",
    ],
)
@pytest.mark.parametrize("people", [False, True])
def test_participants_run_together_are_refused(tmp_path, written, people):
    error = meeting_error(meeting_table(tmp_path, written, people))
    assert (error.row, error.column) == (7, "参会人员")
    assert "不是一个名字：多个人请用“、”分隔" in error.text()
    assert ("王主任" if written == "1.王主任" else "王主任、李科长") in error.text()


@pytest.mark.parametrize("written", ["王主任、李科长", "王  伟、李科长", "John Smith、李科长"])
def test_names_separated_with_the_office_mark_are_read(tmp_path, written):
    from scheduler.files.meeting_files import load_meetings

    loaded = load_meetings(meeting_table(tmp_path, written))
    names = {a.name for s in loaded.problem.sessions for a in s.attendees}
    assert set(written.split("、")) <= names


@pytest.mark.parametrize("written", ["阿不都 热合曼", "司马 相如", "王主任 （视频参会）", "欧阳 娜娜"])
def test_one_name_with_a_space_is_one_person_without_a_people_sheet(tmp_path, written):
    """review13 #3: a transliterated name typed with a space, a compound surname typed apart, a remark
    after the name: one person, named as written; only parts that are each a person by post (王主任 李科长)
    or each named alone elsewhere are refused."""
    from scheduler.files.meeting_files import load_meetings

    loaded = load_meetings(meeting_table(tmp_path, f"{written}、王主任"))
    names = {a.name for s in loaded.problem.sessions for a in s.attendees}
    assert written in names


def test_spaced_names_each_named_alone_elsewhere_are_refused(tmp_path):
    """``张三 李四`` where the table lists 张三 and 李四 on their own: two people, refused."""
    table = meeting_table(tmp_path, "张三 李四")
    text = table.read_text(encoding="utf-8").replace("周工程师", "张三、李四", 1)
    table.write_text(text, encoding="utf-8")
    assert "张三、李四" in meeting_error(table).text()


# -- QA excel #4: our own timetable.xlsx saved as CSV loses the merged 时间 of each parallel pair --------

DATA = Path(__file__).parent / "data" / "office"


def test_merged_time_lost_to_csv_is_refused(tmp_path):
    """LibreOffice's CSV of ``solve --out``'s timetable.xlsx: the second unit of each pair has no time."""
    from scheduler.files.load import load

    table = with_rules(tmp_path / "timetable.csv")
    shutil.copy(DATA / "timetable-from-xlsx.csv", table)
    with pytest.raises(InputError) as caught:
        load(table)
    assert (caught.value.row, caught.value.column) == (21, "时间")
    assert "合并的单元格另存为 CSV 后只有第一行有值" in caught.value.text()


def test_a_new_unit_without_a_time_is_still_read(tmp_path):
    """A unit added at the end of the timetable, or a table not yet solved, is no merge's trace."""
    from scheduler.files.load import load

    table = with_rules(tmp_path / "timetable.csv")
    filled, last = [], ""
    for line in (DATA / "timetable-from-xlsx.csv").read_text(encoding="utf-8").splitlines():
        cells = line.split(",")
        if cells[0].isdigit():
            cells[1] = last = cells[1] or last
        filled.append(",".join(cells))
    table.write_text("\n".join([*filled, '30,,"区新增局",,"部门","A"']) + "\n", encoding="utf-8")
    assert [m.start for m in load(table).timetable.meetings][-1] is None


# -- QA excel #14: the dashes people type between two times -------------------------------------------


@pytest.mark.parametrize("dash", ["——", "〜", "−", "――", "—"])
def test_span_dashes_read(tmp_path, dash):
    """``——`` (Shift+- in a Chinese input method), the wave dash, the minus sign: read as ``-`` and ``—`` are."""
    from scheduler.files.load import load
    from tests.formats_helpers import notice_text

    table = with_rules(tmp_path / "n.csv")
    table.write_text(notice_text().replace("9 月 8 日 8:00", f"9月8日 8:00{dash}9:00", 1), encoding="utf-8")
    assert load(table).timetable.meetings[0].start == datetime(2021, 9, 8, 8)


# -- QA excel #6, #15: an encrypted workbook and a WPS .et are named for what they are -----------------


def test_password_protected_workbook_is_said_as_such(tmp_path):
    """Excel's 用密码进行加密 (here made by msoffcrypto-tool, password 1234): an OLE2 file, not a .xls."""
    table = with_rules(tmp_path / "pw.xlsx")
    shutil.copy(DATA / "password.xlsx", table)
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert caught.value.text() == (
        f"{table}: 工作簿设有打开密码，无法读取：请在 Excel 中取消密码"
        "（文件 > 信息 > 保护工作簿 > 用密码进行加密，清空）后保存，或另存为 CSV"
    )


def test_wps_et_is_named(tmp_path):
    from scheduler.files.tables import XLS_MAGIC

    table = tmp_path / "n.et"
    table.write_bytes(XLS_MAGIC + bytes(4096))
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert "WPS 表格文件（.et）无法读取：请在 WPS 或 Excel 中另存为 .xlsx 或 CSV" in caught.value.text()


# -- QA excel #12: a line break (Alt+Enter) in a unit's name is refused when the table is read ----------


@pytest.mark.parametrize("command", [["validate"], ["solve", "--time-limit", "5"]])
def test_line_break_in_a_unit_name_is_refused_by_every_command(tmp_path, command):
    from click.testing import CliRunner

    from scheduler.cli.main import main

    rows = notice_rows()
    rows[5][2] = "区财政\n局"
    table = write_xlsx(with_rules(tmp_path / "n.xlsx"), rows)
    done = CliRunner().invoke(main, [*command, str(table)], env={"DOCKING_LANG": ""})
    assert done.exit_code == 2
    assert done.output.strip().endswith(f"{table}, 第 6 行, 列“单位”: 单位名称“区财政\\n局”含有换行或控制字符")


# -- QA excel #13: an output open in Excel/WPS/LibreOffice (its lock file beside it) is not replaced -----

EXCEL_LOCK = bytes([2]) + "张三".encode("gbk") + b" " * 49 + (2).to_bytes(2, "little") + "张三".encode("utf-16-le")
"""What Excel and WPS write into ``~$NAME``: the user's name in the ANSI code page, padded to byte 0x36,
then its length and the name in UTF-16 (the QA repro's layout)."""


@pytest.mark.parametrize(
    ("lock", "content"),
    [
        ("~$timetable.xlsx", EXCEL_LOCK + "  ".encode("utf-16-le") * 50),
        (".~lock.timetable.xlsx#", ",张三,zhangsan-pc,zhangsan,05.12.2026 00:50,file:///home/zhangsan/;".encode()),
    ],
)
def test_output_open_in_an_office_program_is_refused(tmp_path, lock, content):
    from scheduler.files.atomic import check_targets

    (tmp_path / "timetable.xlsx").write_bytes(b"old")
    (tmp_path / lock).write_bytes(content)
    with pytest.raises(InputError) as caught:
        check_targets(tmp_path, ["timetable.csv", "timetable.xlsx"], option="--out")
    assert caught.value.path == str(tmp_path / "timetable.xlsx")
    assert f"文件正在被 张三 用 Excel、Word、WPS 或 LibreOffice 打开（旁边有锁文件 {lock}）" in caught.value.text()
    assert (tmp_path / "timetable.xlsx").read_bytes() == b"old"


@pytest.mark.parametrize(
    ("target", "lock"),
    [
        ("timetable.docx", "~$metable.docx"),  # a stem of 8 or more: Word drops its first two characters
        ("agenda1.docx", "~$genda1.docx"),  # a stem of 7: the first one
        ("n.docx", "~$n.docx"),  # shorter: kept whole
        ("timetable.docx", "~$timetable.docx"),  # WPS, or LibreOffice writing Word's form by another rule
        ("timetable.xlsx", "~$metable.xlsx"),
    ],
)
def test_output_open_in_word_is_refused(tmp_path, target, lock):
    """review13 #4: Word's owner file for ``timetable.docx`` is ``~$metable.docx`` (KB 211632)."""
    from scheduler.files.atomic import check_targets

    (tmp_path / target).write_bytes(b"old")
    (tmp_path / lock).write_bytes(b"x")
    with pytest.raises(InputError) as caught:
        check_targets(tmp_path, [target], option="--out")
    assert f"Word、WPS 或 LibreOffice 打开（旁边有锁文件 {lock}）" in caught.value.text()


def test_word_owner_file_given_as_the_table_names_the_document(tmp_path):
    (tmp_path / "timetable.docx").write_bytes(b"old")
    (tmp_path / "~$metable.docx").write_bytes(EXCEL_LOCK)
    with pytest.raises(InputError) as caught:
        read_table(tmp_path / "~$metable.docx")
    assert caught.value.text().endswith("不是表格：请改用 timetable.docx")


@pytest.mark.parametrize(
    "content", [b"x", b"zhangsan,pc", EXCEL_LOCK[:0x38], EXCEL_LOCK[:0x39], bytes(0x36) + (60).to_bytes(2, "little")]
)
def test_a_short_owner_file_names_nobody(tmp_path, content):
    """review13 #5: a ``~$`` file too short to hold Office's layout is no LibreOffice line: its bytes are
    not shown as a user name; the line says the file is open, without a name."""
    from scheduler.files.atomic import check_targets

    (tmp_path / "timetable.xlsx").write_bytes(b"old")
    (tmp_path / "~$timetable.xlsx").write_bytes(content)
    with pytest.raises(InputError) as caught:
        check_targets(tmp_path, ["timetable.xlsx"], option="--out")
    assert "文件正在被 Excel、Word、WPS 或 LibreOffice 打开（旁边有锁文件 ~$timetable.xlsx）" in caught.value.text()


def test_a_lock_beside_a_file_not_there_is_no_matter(tmp_path):
    from scheduler.files.atomic import check_targets

    (tmp_path / "~$timetable.xlsx").write_bytes(EXCEL_LOCK)
    check_targets(tmp_path, ["timetable.xlsx"], option="--out")


# -- QA excel #7, #8, #9: numbers a cell lost its format for, and a 日期 emptied by a merge ------------


def dated_sheet(path, days, times):
    """序号, 日期, 时间, 单位 with the cells as given (openpyxl writes floats and ints in General format)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["序号", "日期", "时间", "单位"])
    for i, (day, moment, unit) in enumerate(zip(days, times, UNITS, strict=False), start=1):
        ws.append([i, day, moment, unit])
    book.save(path)
    return path


def test_time_fraction_beside_a_date_says_the_time_it_means(tmp_path):
    days = [datetime(2021, 9, 8)] * 3
    table = dated_sheet(tmp_path / "n.xlsx", days, [1 / 3, 0.375, 5 / 12])
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert (caught.value.row, caught.value.column) == (2, "时间")
    assert "“0.333333333333333”是 Excel 的时间值（即 8:00）" in caught.value.text()
    assert "请把这一列设为时间格式（如 h:mm）" in caught.value.text()


def test_length_fraction_says_the_length_it_means():
    from scheduler.files.meeting_files import length_problem
    from scheduler.text.messages import render

    said = length_problem(None, "0.0625", 15)
    assert said is not None and "“0.0625”是 Excel 的时间值（即 1:30）" in render(said, "zh")


@pytest.mark.parametrize("said", ["0.5", "0.25", "0.75", "1.5", ".5"])
def test_a_bare_decimal_length_is_told_as_hours_never_as_a_clock(said):
    """review13 #6: ``0.5`` under 时长 is half an hour written without 小时, not Excel's 12:00: the line
    says to write ``0.5小时``, never ``12:00`` (a 12-hour meeting)."""
    from scheduler.files.meeting_files import length_problem
    from scheduler.text.messages import render

    said_back = length_problem(None, said, 15)
    assert said_back is not None
    text = render(said_back, "zh")
    assert f"请写 {said}小时" in text
    assert "Excel" not in text and ":" not in text


def test_date_serial_under_date_is_the_date_it_means(tmp_path):
    from datetime import time

    table = dated_sheet(tmp_path / "n.xlsx", [44447, 44447, 44448], [time(8), time(9), time(8)])
    times = [row.get("时间") for row in read_table(table).rows]
    assert times == ["2021-09-08 8:00", "2021-09-08 9:00", "2021-09-09 8:00"]


def test_date_emptied_by_a_merge_saved_as_csv_blames_the_date(tmp_path):
    table = tmp_path / "n.csv"
    rows = ["对接计划表,,,", "序号,日期,时间,单位", "1,9月8日,8:00,区发改委", "2,,9:00,区财政局"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert (caught.value.row, caught.value.column) == (4, "日期")
    assert "合并的单元格另存为 CSV 后只有第一行有值" in caught.value.text()


# -- QA excel #10: a day heading over its rows, a section heading over its units -----------------------


def test_day_heading_rows_give_the_rows_under_them_their_day(tmp_path):
    rows = [["序号", "时间", "单位"], ["9月8日（星期三）"], [1, "8:00", UNITS[0]], [2, "9:00", UNITS[1]]]
    rows += [["9月9日（星期四）"], [3, "8:00", UNITS[2]], [4, "9:00", UNITS[3]]]
    table = write_xlsx(tmp_path / "n.xlsx", rows, title="对接计划表", merge=["A3:C3", "A6:C6"])
    read = read_table(table)
    assert [(r.get("单位"), r.get("时间")) for r in read.rows] == [
        (UNITS[0], "9月8日（星期三） 8:00"),
        (UNITS[1], "9月8日（星期三） 9:00"),
        (UNITS[2], "9月9日（星期四） 8:00"),
        (UNITS[3], "9月9日（星期四） 9:00"),
    ]
    assert read.skipped == ((3, "heading"), (6, "heading"))


def test_section_headings_are_skipped(tmp_path):
    rows = [["序号", "单位", "类别"], ["一、区政府各部门"], [1, UNITS[0], "部门"], [2, UNITS[1], "部门"]]
    rows += [["二、各街道（镇）"], [1, UNITS[3], "镇办"]]
    table = write_xlsx(tmp_path / "n.xlsx", rows, merge=["A2:C2", "A5:C5"])
    assert units_of(table) == [UNITS[0], UNITS[1], UNITS[3]]


# -- QA excel #11: hidden and filtered-out rows are read, and named ---------------------------------------


def test_hidden_rows_are_read_and_named(tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from scheduler.cli.main import main

    table = write_xlsx(with_rules(tmp_path / "n.xlsx"), notice_rows())
    book = load_workbook(table)
    book.active.row_dimensions[6].hidden = True
    book.active.auto_filter.ref = "A1:F30"
    book.save(table)
    assert read_table(table).hidden == (6,)
    done = CliRunner().invoke(main, ["validate", str(table)], env={"DOCKING_LANG": ""})
    assert done.exit_code == 0
    assert "第 6 行是隐藏行或被筛选隐藏（已照常读入）：不要的请删除这一行" in done.output


# -- QA excel #16: a lock file given as the table is named for what it is -----------------------------


@pytest.mark.parametrize(
    ("lock", "content"),
    [("~$n.xlsx", EXCEL_LOCK), (".~lock.n.xlsx#", ",张三,pc,zhangsan,05.12.2026 00:50,file:///;".encode())],
)
def test_lock_file_given_as_the_table(tmp_path, lock, content):
    (tmp_path / lock).write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_table(tmp_path / lock)
    said = "这是 Excel、WPS 或 LibreOffice 打开 n.xlsx 时留下的锁文件（张三 正在编辑）"
    assert caught.value.text().endswith(f"{said}，不是表格：请改用 n.xlsx")


# -- QA excel #17: lengths as people say them --------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "minutes"),
    [("一小时", 60), ("两小时", 120), ("一个半小时", 90), ("1个半小时", 90), ("三十分钟", 30), ("四十五分钟", 45)]
    + [("1h30m", 90), ("1个钟", 60), ("两个小时", 120), ("一小时三十分钟", 90), ("半小时", 30)],
)
def test_lengths_as_people_say_them(said, minutes):
    from scheduler.files.meeting_files import parse_length

    assert parse_length(said) == minutes


def test_a_bare_small_length_says_it_is_read_as_minutes():
    from scheduler.files.meeting_files import length_problem, parse_length
    from scheduler.text.messages import render

    said = length_problem(parse_length("2"), "2", 15)
    assert said is not None
    assert render(said, "zh") == "时长“2”按分钟读（2 分钟），不是 15 分钟的整数倍：2 小时请写 2小时"


# -- QA excel #19: a meeting's span of another length than its 时长 names the row's 时长 and its own day ---


def test_span_of_another_length_names_the_rows_length_and_day(tmp_path):
    from click.testing import CliRunner

    from scheduler.cli.main import main

    table = meeting_table(tmp_path, "王主任、李科长")
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    if "时间" not in header:
        header.append("时间")
        lines = [",".join(header), *(line + "," for line in lines[1:])]
        cells = lines[1].split(",")
    cells[header.index("时长")] = "90分钟"
    cells[header.index("时间")] = "7月15日 8:00-9:00"
    lines[1] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", str(table)], env={"DOCKING_LANG": ""})
    assert done.exit_code == 2
    assert (
        "“7月15日 8:00-9:00”长 60 分钟，而本行“时长”是 90 分钟：请只写开始时间（如 7月15日 8:00），或改正“时长”"
        in done.output
    )


# -- QA excel #21: a day x hour grid is named as one --------------------------------------------------


def test_a_day_by_hour_grid_is_named(tmp_path):
    rows = [["时间", "9月8日（周三）", "9月9日（周四）", "9月10日（周五）"], ["8:00", UNITS[0], UNITS[1], UNITS[2]]]
    table = write_xlsx(tmp_path / "n.xlsx", rows, title="对接计划表")
    with pytest.raises(InputError) as caught:
        read_table(table)
    assert caught.value.row == 2 and "第 2 行, 列“单位”" in caught.value.text()  # a column it lacks: the run's words
    assert "这像是“日期×时间”的日程表（表头是日期），请改成每个单位一行" in caught.value.text()


# -- QA excel #22: one meeting drawn over two merged rows is named as such -----------------------------


def test_a_meeting_merged_over_two_rows_is_named(tmp_path):
    from openpyxl import Workbook

    from scheduler.files.meeting_files import load_meetings

    meeting_table(tmp_path, "王主任、李科长")  # the rules, without a people sheet
    book = Workbook()
    ws = book.active
    ws.append(["会议", "时长", "参会人员"])
    ws.append(["推进会", "1小时", "王主任、李科长"])
    ws.append([None, None, "区财政局"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    book.save(tmp_path / "m.xlsx")
    with pytest.raises(InputError) as caught:
        load_meetings(tmp_path / "m.xlsx", tmp_path / "m.toml")
    assert (caught.value.row, caught.value.column) == (3, "会议")
    assert "第 2-3 行的“会议”“推进会”是合并单元格：一个会议只占一行" in caught.value.text()


def test_a_numbered_note_row_opening_with_its_label_is_skipped(tmp_path):
    table = tmp_path / "n.csv"
    rows = [f"{i},{u},," for i, u in enumerate(UNITS, start=1)]
    table.write_text("\n".join(["序号,单位,时间,备注", *rows, "5,备注,以上时间如有变动,"]) + "\n", encoding="utf-8")
    assert units_of(table) == UNITS


def _invited_unit_cleared(tmp_path):
    """``solve --out`` (invites made), then 区教育局's time cleared by hand in the timetable: the folder and
    the time 区教育局 was invited at."""
    from click.testing import CliRunner

    from scheduler.cli.main import main
    from tests.formats_helpers import NOTICE, RULES

    for source in (NOTICE, RULES):
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(RULES.parent / "contacts_2021.csv", tmp_path / "contacts_2021.csv")
    out = tmp_path / "o"
    solved = CliRunner().invoke(
        main, ["solve", str(tmp_path / NOTICE.name), "--out", str(out)], env={"DOCKING_LANG": ""}
    )
    assert solved.exit_code == 0, solved.output
    lines = (out / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()
    at = next(i for i, line in enumerate(lines) if ",区教育局," in line)
    invited = lines[at].split(",")[1]
    cells = lines[at].split(",")
    cells[1] = ""
    lines[at] = ",".join(cells)
    (out / "timetable.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    os.utime(out / "timetable.csv")
    return out, datetime.fromisoformat(invited)


def _invited_unit_cleared_then_rescheduled(tmp_path, *more):
    """:func:`_invited_unit_cleared`, then ``reschedule --out`` (and ``more`` options): its output, the
    folder and the time 区教育局 was invited at."""
    from click.testing import CliRunner

    from scheduler.cli.main import main

    out, invited = _invited_unit_cleared(tmp_path)
    args = ["reschedule", str(out / "timetable.csv"), "--unavailable", "区财政局@9月8日 11:00", "--out", str(out)]
    done = CliRunner().invoke(main, [*args, *more], env={"DOCKING_LANG": ""})
    assert done.exit_code == 0, done.output
    return done.stdout, out, invited


def test_the_adjustment_notice_gives_an_invited_unit_its_invited_time(tmp_path):
    """QA excel #4, second half: a unit whose time the table lost (cleared by hand here) is not （新增） in
    the notice the units are sent: its old time is the one its invite holds (invites/state.json)."""
    from openpyxl import load_workbook

    _, out, invited = _invited_unit_cleared_then_rescheduled(tmp_path)
    rows = list(load_workbook(out / "调整通知.xlsx").active.iter_rows(values_only=True))
    education = next(row for row in rows if "区教育局" in row)
    assert "（新增）" not in education
    assert education[2] == invited


def test_the_terminal_moves_table_gives_an_invited_unit_its_invited_time(tmp_path):
    """The same unit in the moves table ``reschedule`` prints: its invited time as 原定时间, as the notice."""
    from scheduler.cli.display import format_time

    output, _, invited = _invited_unit_cleared_then_rescheduled(tmp_path)
    row = next(line for line in output.splitlines() if line.startswith("区教育局"))
    assert "（新增）" not in row
    assert row.split()[1:3] == format_time(invited).split()


def test_the_json_moves_give_an_invited_unit_its_invited_time(tmp_path):
    """``reschedule --json``'s moves: the same unit's ``before`` is its invited time, not ``null`` (as the
    terminal's table and the notice: one lookup, scheduler.invites.invited.held_starts)."""
    import json

    output, _, invited = _invited_unit_cleared_then_rescheduled(tmp_path, "--json")
    moved = {m["unit"]: m for m in json.loads(output)["moves"]}
    assert datetime.fromisoformat(moved["区教育局"]["before"]).replace(tzinfo=None) == invited


def test_the_pages_moves_give_an_invited_unit_its_invited_time(tmp_path):
    """The web app's stable solve of the same folder: 区教育局's old time is its invited time, not empty
    (which the page shows as （新增）)."""
    from scheduler.cli.display import format_time
    from tests.test_web_app import client_for, post, version, wait_for

    out, invited = _invited_unit_cleared(tmp_path)
    _, client, guard = client_for(out)
    asked = {"version": version(client), "objective": "stable", "time_limit": 10}
    job = post(client, guard, "/api/solve", asked).get_json()["job"]
    found = wait_for(client, job)["result"]
    moved = {m["unit"]: m for m in found["timetables"][0]["moves"]}
    assert moved["区教育局"]["from"] == format_time(invited)
