"""Meeting tables, people sheets and their rules files: the example reads and solves; every bad
input is one error naming the file, the row and the column (or the rules file's key)."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings, parse_length
from scheduler.files.tables import header_names
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def folder(tmp_path):
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def test_the_example_reads_solves_and_checks():
    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    problem = loaded.problem
    assert len(problem.sessions) == 8 and {r.name for r in problem.rooms} == {"大会议室", "420会议室", "301小会议室"}
    first = problem.session("政务公开工作推进会")
    assert first.minutes == 120 and first.window.part == "morning" and first.rooms == {"大会议室"}
    assert first.optional == ("赵科员", "孙科员")
    assert loaded.emails["王主任"] == "wang@example.org"
    assert all(e.endswith("@example.org") for e in loaded.emails.values())
    result = solve_meetings(problem, loaded.objective, time_limit=10, workers=1)
    assert result.plan is not None
    assert check_meetings(problem, result.plan, loaded.objective).ok


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90分钟", 90), ("1.5小时", 90), ("2小时", 120), ("1小时30分", 90), ("1:30", 90), ("45", 45), ("2h", 120),
     ("半小时", 30), ("１．５小时", 90), ("1:30:00", 90), ("2:00:00", 120)],
)  # fmt: skip
def test_lengths_as_offices_write_them(text, minutes):
    assert parse_length(text) == minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2小时半", 150), ("两小时半", 150), ("两个小时半", 150), ("1个钟头半", 90), ("一刻钟", 15), ("三刻钟", 45),
     ("两个半小时", 150), ("一个半小时", 90)],
)  # fmt: skip
def test_lengths_as_people_say_them(text, minutes):
    """QA qawin19 F6: ``2小时半``, ``两小时半`` (``两个半小时`` typed in a hurry) and ``一刻钟`` were refused."""
    assert parse_length(text) == minutes


@pytest.mark.parametrize("text", ["半", "刻钟", "2小时半半", "半2小时"])
def test_half_and_quarter_alone_are_no_length(text):
    assert parse_length(text) is None


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


_UNITS, _PRESET, _AT = '"区自然资源局", "区发改委"', 'preset = "default"', "meetings_2025.toml, line "
FUZZED = [  # fuzz-found (qafuzz17 #2, #3): a unit that is not text; a preset or weight of the wrong type or size
    *(("meetings_2025.toml", _UNITS, f'{bad}, "区发改委"', _AT + "11, key units") for bad in ("1", "{}", '["x"]')),
    ("meetings_2025.toml", _PRESET, "preset = []", _AT + "29, key preset"),
    *(
        ("meetings_2025.toml", _PRESET, f"{_PRESET}\nearly = {{ weight = {bad} }}", _AT + "30, key weight")
        for bad in ("1.5", "true", "1e308", "0", "9223372036854775807", "1000001")
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        # a length that is not one
        ("meetings_2025.csv", ",2小时,", ",两个多小时,", "meetings_2025.csv, row 2, column 时长"),
        # off the 15-minute grid
        ("meetings_2025.csv", ",45分钟,", ",40分钟,", "meetings_2025.csv, row 7, column 时长"),
        # a participant nobody knows
        (
            "meetings_2025.csv",
            "孙科员、周工程师,李科长",
            "孙科员、周工,李科长",
            "meetings_2025.csv, row 6, column 参会人员",
        ),
        # required and optional at once
        (
            "meetings_2025.csv",
            "王主任、李科长,周工程师",
            "王主任、李科长,李科长",
            "meetings_2025.csv, row 7, column 可选参会人员",
        ),
        # the same meeting twice
        ("meetings_2025.csv", "8,答疑会", "8,网站栏目设置讨论", "meetings_2025.csv, row 9, column 会议"),
        # a room that does not exist
        ("meetings_2025.csv", ",大会议室,上午", ",礼堂,上午", "meetings_2025.csv, row 2, column 指定会议室"),
        # a part of day that is neither
        ("meetings_2025.csv", "周工程师,,,下午", "周工程师,,,晚上", "meetings_2025.csv, row 7, column 时段"),
        # a head count that is not a number
        ("meetings_2025.csv", ",12,", ",十二,", "meetings_2025.csv, row 8, column 人数"),
        # a person twice in the people sheet
        ("people_2025.csv", "赵科员,区政府办公室", "李科长,区政府办公室", "people_2025.csv, row 4, column 姓名"),
        # an address that is not one
        ("people_2025.csv", "zhao@example.org", "zhao at example.org", "people_2025.csv, row 4, column 邮箱"),
        # an unreadable busy time
        ("people_2025.csv", "7月16日", "下周三", "people_2025.csv, row 6, column 不可用"),
        # a working period that is not one
        ("meetings_2025.toml", '"15:00-19:00"', '"15:00"', "meetings_2025.toml, line 7, key hours"),
        # a room with no seats
        ("meetings_2025.toml", "seats = 6", "seats = 0", "meetings_2025.toml, line 25, key rooms[3].seats"),
        # an objective preset we do not have
        ("meetings_2025.toml", 'preset = "default"', 'preset = "fastest"', "meetings_2025.toml, line 29, key preset"),
        *FUZZED,
    ],
)
def test_bad_inputs_name_file_row_and_column(folder, file, old, new, where):
    edit(folder / file, old, new)
    with pytest.raises(InputError) as caught:
        load_meetings(folder / "meetings_2025.csv")
    text = caught.value.text("en")
    assert "\n" not in text
    assert text.startswith(str(folder / where.split(",")[0]) + where[len(where.split(",")[0]) :]), text


def test_the_docs_python_example_runs():
    import contextlib
    import io
    import os
    import re

    text = (EXAMPLES.parent / "docs" / "meetings.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(EXAMPLES.parent)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(block, "docs/meetings.md", "exec"), {})
    finally:
        os.chdir(cwd)
    lines = out.getvalue().splitlines()
    assert lines[0] == "True 0" and lines[-1] == "True True"


def _people_as(folder: Path, header: str) -> None:
    """The example's people sheet with its header replaced."""
    lines = (folder / "people_2025.csv").read_text(encoding="utf-8").splitlines()
    (folder / "people_2025.csv").write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "header",
    [
        "Person,Unit,Email,Unavailable",
        "Name,Unit,E-mail,unavailable",  # name: the person here (a unit table's unit)
        "姓名,部门,电子邮件,不可参加时间",
        "人员,单位,mail,busy",
    ],
)
def test_a_people_sheet_in_english_or_other_words_reads_as_in_chinese(folder, header):
    said = load_meetings(folder / "meetings_2025.csv")
    _people_as(folder, header)
    read = load_meetings(folder / "meetings_2025.csv")
    assert read.emails == said.emails and read.problem.people == said.problem.people
    assert read.problem.busy == said.problem.busy and read.problem.busy


@pytest.mark.parametrize(
    ("header", "column"),
    [("姓名,单位,Email Address 2,不可用", "Email Address 2"), ("姓名,单位,邮箱,不可用日期", "不可用日期"),
     ("姓名,所属部门,邮箱,不可用", "所属部门")],
)  # fmt: skip
def test_a_people_sheet_column_that_looks_like_one_it_reads_is_refused(folder, header, column):
    _people_as(folder, header)
    with pytest.raises(InputError) as caught:
        load_meetings(folder / "meetings_2025.csv")
    assert caught.value.text("en").startswith(f"{folder / 'people_2025.csv'}, row 1, column {column}: "), caught.value


def test_a_people_sheet_keeps_columns_it_does_not_read(folder):
    _people_as(folder, "姓名,单位,邮箱,不可用,电话,备用邮箱")  # an address book's phone, a second address: not refused
    assert load_meetings(folder / "meetings_2025.csv").problem.busy


def _one_meeting(folder: Path, header: str, cells: str, rules: str = "") -> Path:
    """A table of one meeting (``header`` and ``cells`` as the file says them) and its rules, no people sheet."""
    (folder / "m.toml").write_text(
        f'days = ["2025-07-15", "2025-07-16"]\nhours = ["8:00-12:00", "15:00-19:00"]\n{rules}\n'
        '[[rooms]]\nname = "大会议室"\n',
        encoding="utf-8",
    )
    (folder / "m.csv").write_text(f"{header}\n{cells}\n", encoding="utf-8")
    return folder / "m.csv"


@pytest.mark.parametrize(
    ("header", "value", "minutes"),
    [
        ("会议时长", "120", 120),
        ("时长（分钟）", "120", 120),
        ("时长(分钟)", "2小时", 120),  # a unit written in the cell wins
        ("时长（小时）", "1.5", 90),
        ("Length (hours)", "2", 120),
        ("duration (min)", "45", 45),
    ],
)
def test_a_length_column_named_as_offices_name_it(tmp_path, header, value, minutes):
    table = _one_meeting(tmp_path, f"会议,{header},参会人员", f"碰头会,{value},王主任")
    assert load_meetings(table).problem.sessions[0].minutes == minutes


@pytest.mark.parametrize("value", ["90", "45", "13"])
def test_minutes_typed_under_an_hours_header_are_refused_on_the_cell(tmp_path, value):
    """QA qaexcel20 F4: 90 under 时长（小时） read as 90 hours, said as rc 1 'longer than the longest working
    period' naming no row or column."""
    table = _one_meeting(tmp_path, "会议,时长（小时）,参会人员", f"碰头会,{value},王主任")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.text("en") == (
        f"{table}, row 2, column 时长（小时）: the length '{value}' under a header in hours is {value} hours, more than"
        f" a meeting lasts: write '{value} minutes' if minutes are meant"
    )
    assert (
        load_meetings(_one_meeting(tmp_path, "会议,时长（小时）,参会人员", "碰头会,3,王主任"))
        .problem.sessions[0]
        .minutes
        == 180
    )


def test_general_format_numbers_in_bounds_and_unavailable_times_are_explained(tmp_path):
    """QA qaexcel20 F7: a 不早于 of 0.375 (9:00 left in 常规) and a 不可用 of 45853 (a date left in 常规) were
    'cannot read the time', though the cell shows 9:00 and 2025/7/15 in Excel."""
    table = _one_meeting(tmp_path, "会议,参会人员,不早于", "碰头会,王主任,0.375")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.text("en").startswith(
        f"{table}, row 2, column 不早于: '0.375' is an Excel time value (that is 9:00) in a cell formatted General"
    ), caught.value.text("en")
    (tmp_path / "people.csv").write_text("姓名,不可用\n王主任,45853\n", encoding="utf-8")
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", 'people = "people.csv"')
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.text("en").startswith(
        f"{tmp_path / 'people.csv'}, row 2, column 不可用: '45853' looks like an Excel date serial (Jul 15)"
    ), caught.value.text("en")


def test_a_length_column_that_is_not_read_is_refused(tmp_path):
    table = _one_meeting(tmp_path, "会议,时长（天）,参会人员", "碰头会,1,王主任")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.text("en").startswith(f"{table}, row 1, column 时长（天）: "), caught.value


def test_invisible_characters_in_names_do_not_make_two_people_of_one(tmp_path):
    # without a people sheet: 王主任 with a zero-width space is still 王主任, required twice at once
    table = _one_meeting(tmp_path, "会议,时长,参会人员", "预算会,4小时,王主任\u200b\n规划会,4小时,\ufeff王主任\u2060")
    loaded = load_meetings(table)
    assert [p.name for p in loaded.problem.people] == ["王主任"]
    assert {a.name for s in loaded.problem.sessions for a in s.attendees} == {"王主任"}


def test_a_name_differing_by_an_unusual_space_is_shown_with_it(tmp_path):
    (tmp_path / "people.csv").write_text("姓名\n王主任\n李科长\n", encoding="utf-8")
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任\u200b、李\u00a0科长", 'people = "people.csv"')
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert (
        caught.value.text("en")
        == f"{table}, row 2, column 参会人员: '李\\xa0科长' is neither in the people sheet nor a unit"
        " (did you mean '李科长'?)"
    )


def test_a_length_typed_as_an_excel_duration_reads(tmp_path):
    """A 时长 cell formatted [h]:mm holds a duration (openpyxl gives a timedelta), not a clock time."""
    from datetime import timedelta

    from openpyxl import Workbook

    _one_meeting(tmp_path, "会议,参会人员", "x,y")
    book = Workbook()
    sheet = book.active
    sheet.append(["会议", "时长", "参会人员"])
    sheet.append(["预算会", timedelta(hours=1, minutes=30), "王主任"])
    sheet.append(["规划会", timedelta(hours=26), "王主任"])  # past a day: [h] counts on
    sheet["B2"].number_format = sheet["B3"].number_format = "[h]:mm"
    book.save(tmp_path / "m.xlsx")
    (tmp_path / "m.toml").write_text(
        (tmp_path / "m.toml")
        .read_text(encoding="utf-8")
        .replace('hours = ["8:00-12:00", "15:00-19:00"]', 'hours = ["0:00-23:45"]'),
        encoding="utf-8",
    )
    assert [s.minutes for s in load_meetings(tmp_path / "m.xlsx").problem.sessions] == [90, 26 * 60]


@pytest.mark.parametrize("said", ["下午", "每天下午", "7月15日下午、7月16日下午"])
def test_a_part_of_every_day_is_busy_time_as_in_a_unit_table(tmp_path, said):
    """下午 (every afternoon) in the people sheet, the rules and reschedule --unavailable, as docs/formats.md
    ("Times of day") has it for unit tables."""
    from datetime import datetime

    from scheduler.domain.meetings import Busy
    from scheduler.files.meeting_changes import parse_meeting_changes

    afternoons = [Busy("王主任", datetime(2025, 7, d, 12), datetime(2025, 7, d, 18, 59, 59)) for d in (15, 16)]
    (tmp_path / "people.csv").write_text(f"姓名,不可用\n王主任,{said.replace('、', '；')}\n李科长,\n", "utf-8")
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", 'people = "people.csv"')
    loaded = load_meetings(table)
    assert list(loaded.problem.busy) == afternoons
    changes = parse_meeting_changes(loaded, unavailable=[f"李科长@{said}"])
    assert list(changes.busy) == [replace(b, who="李科长") for b in afternoons]
    rules = 'people = "people.csv"\n[[unavailable]]\nperson = "李科长"\ntimes = ["每天上午"]'
    (tmp_path / "people.csv").write_text("姓名\n王主任\n李科长\n", "utf-8")
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", rules)
    mornings = [Busy("李科长", datetime(2025, 7, d, 5), datetime(2025, 7, d, 11, 59, 59)) for d in (15, 16)]
    assert list(load_meetings(table).problem.busy) == mornings


def test_unavailable_times_as_one_string_are_one_time_not_its_characters(tmp_path):
    listed = 'people = "people.csv"\n[[unavailable]]\nunit = "办公室"\ntimes = ["7月15日"]'
    (tmp_path / "people.csv").write_text("姓名,单位\n王主任,办公室\n", "utf-8")
    busy = load_meetings(_one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", listed)).problem.busy
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", listed.replace('["7月15日"]', '"7月15日"'))
    assert load_meetings(table).problem.busy == busy and len(busy) == 1
    table = _one_meeting(tmp_path, "会议,参会人员", "碰头会,王主任", listed.replace('["7月15日"]', "715"))
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    said = caught.value.text("en")
    assert said.startswith(f"{tmp_path / 'm.toml'}, line 6, key unavailable[1].times: "), said


def test_an_added_meeting_may_be_written_with_full_width_commas():
    from scheduler.files.meeting_changes import parse_meeting_changes

    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    half, full = (
        parse_meeting_changes(loaded, add=[text]).adds
        for text in ("临时会,30分钟,王主任、李科长,赵科员", "临时会，30分钟，王主任、李科长，赵科员")
    )
    assert half == full and full[0].minutes == 30 and full[0].required == ("王主任", "李科长")
    assert full[0].optional == ("赵科员",)


def test_an_end_whose_weekday_is_not_its_dates_says_so(folder):
    """结束 (the 数据 sheet writes it) is read as 时间 is: a weekday after its date is checked, and the
    reason said, not 'cannot read the time' (2025-07-15 is a Tuesday)."""
    table = folder / "meetings_2025.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    first = lines[1] + ",7月15日（星期二）8:00,7月15日（星期二）10:00"
    rows = [lines[0] + ",时间,结束", first, *(line + ",," for line in lines[2:])]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert load_meetings(table).plan is not None
    edit(table, "7月15日（星期二）10:00", "7月15日（星期六）10:00")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.text("en") == f"{table}, row 2, column 结束: Jul 15 is a Tuesday, not a Saturday"


@pytest.mark.parametrize(
    ("header", "column"),
    [("列席人员", "optional"), ("列席", "optional"), ("可选参加人员", "optional"), ("非必须参会人员", "optional"),
     ("参会人数", "seats"), ("上下午", "part"), ("会议系列", "series")],
)  # fmt: skip
def test_a_meeting_table_reads_a_column_a_clerk_names_otherwise(folder, header, column):
    """列席人员 is how a 区政府 names optional participants, 参会人数 the seats: read as the known column
    (they were kept as unknown columns and not read: 列席 never invited, a room over-full, exit 0)."""
    said = load_meetings(folder / "meetings_2025.csv").problem
    known = {"optional": "可选参会人员", "seats": "人数", "part": "时段", "series": "系列"}[column]
    edit(folder / "meetings_2025.csv", known, header)
    read = load_meetings(folder / "meetings_2025.csv").problem
    assert read.sessions == said.sessions


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [("指定会议室", "会议室要求", "指定会议室"), ("时段", "上午或下午（半天）", "时段"), ("人数", "出席人数", "人数"),
     ("可选参会人员", "选择参会人员", "可选参会人员"), ("系列", "所属系列", "系列")],
)  # fmt: skip
def test_a_meeting_table_column_that_looks_like_one_it_reads_is_refused(folder, old, new, column):
    """A header that is not one of ours but speaks of one of our columns the table lacks is refused on
    the header's row, naming the column to write: never dropped silently."""
    edit(folder / "meetings_2025.csv", old, new)
    with pytest.raises(InputError) as caught:
        load_meetings(folder / "meetings_2025.csv")
    where = f"{folder / 'meetings_2025.csv'}, row 1, column {new}: "
    assert caught.value.text("en").startswith(where), caught.value
    assert f"像是“{column}”，但读不出" in caught.value.text("zh")


def test_a_meeting_table_reads_outlook_s_own_headers(folder):
    """QA english14 F17: Outlook names a meeting's columns Subject, Required Attendees, Optional Attendees
    (its calendar's CSV export too): read as 会议, 参会人员, 可选参会人员 (Optional Attendees was a note,
    its people never invited nor counted for seats; the other two refused naming only our columns)."""
    said = load_meetings(folder / "meetings_2025.csv").problem
    outlook = "Subject,Duration,Required Attendees,Optional Attendees"
    edit(folder / "meetings_2025.csv", "会议,时长,参会人员,可选参会人员", outlook)
    assert load_meetings(folder / "meetings_2025.csv").problem.sessions == said.sessions
    edit(folder / "meetings_2025.csv", "Required Attendees", "Attendees")
    assert load_meetings(folder / "meetings_2025.csv").problem.sessions == said.sessions


def test_outlook_s_headers_are_a_meeting_table_s_only():
    """A unit table's Location (a unit's address) or Subject is a column of its own, not 房间 or 会议."""
    assert header_names(["Unit", "Time", "Location", "Subject"]) == ["单位", "时间", "Location", "Subject"]
    assert header_names(["Subject", "Attendees", "Location"]) == ["会议", "参会人员", "房间"]


@pytest.mark.parametrize(
    ("old", "new", "en", "zh"),
    [("可选参会人员", "Optional guests", "Optional", "可选参会人员"), ("人数", "Seats needed", "Seats", "人数"),
     ("备注", "备注,Meeting location", "Room", "会议室")],
)  # fmt: skip
def test_a_look_alike_header_is_refused_naming_the_header_in_the_run_s_language(folder, old, new, en, zh):
    """The header to write is named in the run's language (English: the English header read), not only
    our Chinese column."""
    edit(folder / "meetings_2025.csv", old, new)
    with pytest.raises(InputError) as caught:
        load_meetings(folder / "meetings_2025.csv")
    header = new.split(",")[-1]
    assert f"column '{header}' looks like {en} but is not read: name it {en} (" in caught.value.text("en")
    assert f"像是“{zh}”，但读不出：请把表头改为“{zh}”" in caught.value.text("zh")


def test_a_meeting_table_names_the_columns_it_does_not_read(folder):
    """Other columns are kept and written back, and named on stderr (主持人, 电话: not ours)."""
    edit(folder / "meetings_2025.csv", "备注", "备注,主持人")
    assert load_meetings(folder / "meetings_2025.csv").unread == ("主持人",)


@pytest.mark.parametrize(
    "header",
    ["SharePoint链接", "报到地点", "不用带电脑", "最晚报名时间", "Seating plan", "Optional notes", "指定联系人",
     "Mailing address"],
)  # fmt: skip
def test_a_meeting_table_column_that_only_holds_one_of_our_words_is_kept(folder, header):
    """review14 F2: a header is a look-alike when it is one of our columns written another way, not when
    one of our words is somewhere in it (share in SharePoint, 地点 in 报到地点, 最晚 in 最晚报名时间): such a
    column is its own, kept and named on stderr as not read, never refused nor to be renamed."""
    said = load_meetings(folder / "meetings_2025.csv").problem
    edit(folder / "meetings_2025.csv", "备注", f"备注,{header}")
    read = load_meetings(folder / "meetings_2025.csv")
    assert read.unread == (header,) and read.problem.sessions == said.sessions


@pytest.mark.parametrize(
    ("header", "kept"),
    [("姓名,单位,办公室邮编,不可用", "办公室邮编"), ("姓名,部门电话,邮箱,不可用", "部门电话"),
     ("姓名,单位,邮箱,不可替代说明", "不可替代说明"), ("姓名,Username,邮箱,不可用", "Username")],
)  # fmt: skip
def test_a_people_sheet_column_that_only_holds_one_of_our_words_is_kept(folder, header, kept):
    """review14 F2: a postcode (邮编) with no 邮箱, a department's phone (部门电话) with no 单位, are columns of
    their own: the sheet reads, the column not."""
    _people_as(folder, header)
    assert load_meetings(folder / "meetings_2025.csv").problem.people


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [("不早于", "最早开始", "不早于"), ("不早于", "最早开始时间", "不早于"), ("备注", "备注,地点", "会议室"),
     ("备注", "备注,会场安排", "会议室"), ("人数", "所需座位", "人数"), ("共用组", "共用组", "共用组"),
     ("可选参会人员", "非必须", "可选参会人员"), ("可选参会人员", "列席名单", "可选参会人员")],
)  # fmt: skip
def test_a_header_that_is_one_of_our_columns_with_a_qualifier_is_still_refused(folder, old, new, column):
    """The true look-alikes stay refused: the whole header, or the header without a common prefix or suffix
    (会议, 所需, 时间, 名单...), is one of a column's words (参会人数, 列席人员 are read as 人数, 可选参会人员)."""
    if old == new:  # a table with no 共用组: 共用会议室 is it
        edit(folder / "meetings_2025.csv", "备注", "备注,共用会议室")
        new = "共用会议室"
    else:
        edit(folder / "meetings_2025.csv", old, new)
    with pytest.raises(InputError) as caught:
        load_meetings(folder / "meetings_2025.csv")
    header = new.split(",")[-1]
    assert f"会议表的“{header}”列像是“{column}”，但读不出" in caught.value.text("zh"), caught.value


@pytest.mark.parametrize(
    ("option", "value"),
    [("unavailable", "王主任@明天"), ("unavailable", "王主任@25:00"), ("pins", "政务公开工作推进会@明天@大会议室")],
)
def test_reschedule_s_unreadable_time_gives_the_meeting_table_s_own_days_as_examples(option, value):
    """QA qafuzz17 F8 (leftfix17): ``reschedule`` of a meeting table said an unreadable time with the unit
    notice's examples (9月8日 8:00, 2021-09-08 08:00), a day this campaign does not have; the people sheet's
    message already used the table's own first day."""
    from scheduler.files.meeting_changes import parse_meeting_changes

    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    with pytest.raises(InputError) as caught:
        parse_meeting_changes(loaded, **{option: [value]})
    for lang, day, other in (("zh", "7月15日", "9月8日"), ("en", "Jul 15", "Sep 8")):
        said = caught.value.text(lang)
        assert value in said and day in said and other not in said and "2021" not in said, said
    if option == "pins":
        assert "7月15日 8:00" in caught.value.text("zh")
