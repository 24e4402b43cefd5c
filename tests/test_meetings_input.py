"""A meeting table through the command line (docs/formats.md, "The meeting table"): bad input in
any column of the table, its people sheet or its rules is one line naming the file, the row and the column
as the header writes it (or the rules file's line and key), exit 2, nothing written; a hand-made timetable
breaking every rule gets every violation named in plain words, zh and en."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TABLE, PEOPLE, RULES = "meetings_2025.csv", "people_2025.csv", "meetings_2025.toml"

# (file edited, text replaced (everywhere), by what, or several such edits; the start of the one line in English
# after the folder)
CASES = [
    (TABLE, ",2小时,", ",两个多小时,", "meetings_2025.csv, row 2, column 时长: cannot read the length '两个多小时'"),
    (TABLE, ",2小时,", ",0分钟,", "meetings_2025.csv, row 2, column 时长: the length '0分钟' must be more than zero"),
    (
        TABLE,
        ",45分钟,",
        ",40分钟,",
        "meetings_2025.csv, row 7, column 时长: the length '40分钟' is not a multiple of 15",
    ),
    (
        TABLE,
        "孙科员、周工程师,李科长",
        ",李科长",
        "meetings_2025.csv, row 6, column 参会人员: no required participants",
    ),
    (
        TABLE,
        "孙科员、周工程师,李科长",
        "孙科员、孙科员,李科长",
        "meetings_2025.csv, row 6, column 参会人员: '孙科员' is written twice",
    ),
    (
        TABLE,
        "孙科员、周工程师,李科长",
        "孙科员、周工,李科长",
        "meetings_2025.csv, row 6, column 参会人员: '周工' is neither",
    ),
    (
        TABLE,
        "孙科员、周工程师,李科长",
        "孙科员、周工程师,李科",
        "meetings_2025.csv, row 6, column 可选参会人员: '李科' is neither",
    ),
    (
        TABLE,
        "王主任、李科长,周工程师",
        "王主任、李科长,李科长",
        "meetings_2025.csv, row 7, column 可选参会人员: '李科长' is both",
    ),
    (TABLE, "8,答疑会", "8,网站栏目设置讨论", "meetings_2025.csv, row 9, column 会议: "),
    (
        TABLE,
        (("序号,会议,", "序号,title,"), ("8,答疑会", "8,网站栏目设置讨论")),
        "meetings_2025.csv, row 9, column title: ",
    ),
    (TABLE, "5,网站栏目设置讨论", "5,", "meetings_2025.csv, row 6, column 会议: the meeting title is empty"),
    (
        TABLE,
        ",12,",
        ",12.5,",
        "meetings_2025.csv, row 8, column 人数: head count '12.5' must be a positive whole number",
    ),
    (TABLE, ",大会议室,上午", ",礼堂,上午", "meetings_2025.csv, row 2, column 指定会议室: there is no room '礼堂'"),
    (TABLE, "不早于,系列", "不用会议室,系列", "meetings_2025.csv, row 8, column 不用会议室: there is no room '9:00'"),
    (
        TABLE,
        (("系列,备注", "不用会议室,备注"), ("审核", ""), (",大会议室,上午,,,", ",大会议室,上午,,大会议室,")),
        "meetings_2025.csv, row 2, column 不用会议室: no room is left",
    ),
    (TABLE, "周工程师,,,下午", "周工程师,,,晚上", "meetings_2025.csv, row 7, column 时段: "),
    (TABLE, ",12,,,9:00,", ",12,,,九点,", "meetings_2025.csv, row 8, column 不早于: cannot read the time '九点'"),
    (TABLE, "不早于,系列", "不早于,不晚于", "meetings_2025.csv, row 3, column 不晚于: cannot read the time '审核'"),
    (  # a wish is read as a window is, and refused as one (QA jobs16 F6)
        TABLE,
        "不早于,系列",
        "不早于,时段偏好",
        "meetings_2025.csv, row 3, column 时段偏好: cannot read the preferred time '审核'",
    ),
    (
        TABLE,
        (("不早于,系列", "不早于,不晚于"), ("审核", ""), (",12,,,9:00,,", ",12,,,9:00,10:00,")),
        "meetings_2025.csv, row 8, column 不晚于: meeting '季度检查培训' not before 9:00 and not after 10:00 leaves no"
        " room for its 90 minutes",
    ),
    (  # 不早于 later than 不晚于: the row named in the table's words, not the domain's field names (QA explain19 F6)
        TABLE,
        (("不早于,系列", "不早于,不晚于"), ("审核", ""), (",12,,,9:00,,", ",12,,,10:00,9:30,")),
        "meetings_2025.csv, row 8, column 不晚于: meeting '季度检查培训' not before 10:00 and not after 9:30 leaves no"
        " room for its 90 minutes",
    ),
    (  # the same with dates
        TABLE,
        (("不早于,系列", "不早于,不晚于"), ("审核", ""), (",12,,,9:00,,", ",12,,,7月16日 10:00,7月16日 9:00,")),
        "meetings_2025.csv, row 8, column 不晚于: meeting '季度检查培训' not before 7月16日 10:00 and not after 7月16日"
        " 9:00 leaves no room for its 90 minutes",
    ),
    (TABLE, "序号,会议", "序号,名称", "meetings_2025.csv, row 1, column Meeting: this column is missing"),
    (
        TABLE,
        (("系列,备注", "共用组,备注"), (",审核,", ",0,")),
        "meetings_2025.csv, row 3, column 共用组: '0' is not taken as a label",
    ),
    (  # 王主任,李科长 unquoted: one cell more, its last empty; read shifted, 李科长 became optional
        TABLE,
        "8,答疑会,1小时,李科长、柏庄镇政府,赵科员,,,下午,,,\n",
        "8,答疑会,1小时,李科长、柏庄镇政府,赵科员,,,下午,,,\n9,临时碰头会,1小时,王主任,李科长,,,,,,,\n",
        "meetings_2025.csv, row 10: this row has more cells than the header (a half-width comma inside a cell",
    ),
    (PEOPLE, "赵科员,区政府办公室", ",区政府办公室", "people_2025.csv, row 4, column 姓名: the name is empty"),
    (PEOPLE, "赵科员,区政府办公室", "李科长,区政府办公室", "people_2025.csv, row 4, column 姓名: "),
    (PEOPLE, "zhao@example.org", "zhao at example.org", "people_2025.csv, row 4, column 邮箱: "),
    (  # QA calendar L3: the unit's wording ("one address per unit") for a person
        PEOPLE,
        "sun@example.org",
        '"sun@example.org;sun2@example.org"',
        "people_2025.csv, row 5, column 邮箱: the mail address 'sun@example.org;sun2@example.org' is not valid: "
        "give one address per person",
    ),
    (
        PEOPLE,
        "赵科员,区政府办公室",
        "赵科员,区政府办公室、区财政局",
        "people_2025.csv, row 4, column 单位: one unit per person, and '区政府办公室、区财政局' names several",
    ),
    (PEOPLE, "7月16日", "下周三", "people_2025.csv, row 6, column 不可用: cannot read the time '下周三'"),
    # the campaign's own days in the example, and where a reason goes (QA office15 F8: the 2021 notice's 9月8日)
    (
        PEOPLE,
        "7月16日",
        "7月16日上午外出",
        "people_2025.csv, row 6, column 不可用: cannot read the time '7月16日上午外出' (e.g. Jul 15, Jul 15 morning, "
        "Jul 15 15:00-17:00; a reason, such as away or in a meeting, goes in the Note column)",
    ),
    (PEOPLE, "姓名,单位", "名字,单位", "people_2025.csv, row 1, column Name: this column is missing"),
    (RULES, 'people = "people_2025.csv"', 'people = "nobody.csv"', "meetings_2025.toml, line 12, key people: "),
    (
        RULES,
        "grid_minutes = 15",
        "grid_minutes = 7",
        "meetings_2025.toml, line 8, key grid_minutes: a grid of 7 minutes",
    ),
    (RULES, "gap_minutes = 15", "gap_minutes = -5", "meetings_2025.toml, line 10, key gap_minutes: "),
    (RULES, '"15:00-19:00"', '"15:00"', "meetings_2025.toml, line 7, key hours: "),
    (RULES, '"2025-07-16"', '"七月十六"', "meetings_2025.toml, line 5, key days: cannot read the day '七月十六'"),
    (
        RULES,
        "seats = 6",
        "seats = 0",
        "meetings_2025.toml, line 25, key rooms[3].seats: seats must be a whole number from 1 to 100000",
    ),
    (
        RULES,
        "[objective]",
        '[[pins]]\nmeeting = "答疑会"\ntime = "7月15日 12:30"\n\n[objective]',
        "meetings_2025.toml, line 30, key pins[1].time: 12:30 is inside the break (12:00-15:00)",
    ),
    (
        RULES,
        "[objective]",
        '[[pins]]\nmeeting = "答疑会"\ntime = "2025-07-20 8:00"\n\n[objective]',
        "meetings_2025.toml, line 30, key pins[1].time: Jul 20 is not a meeting day",
    ),
    (  # one meeting pinned twice: before, read, then "infeasible" naming the first pin only (qapyapi19 F9)
        RULES,
        "[objective]",
        '[[pins]]\nmeeting = "答疑会"\ntime = "7月15日 15:00"\n\n[[pins]]\nmeeting = "答疑会"\ntime = "7月16日 15:00"'
        "\n\n[objective]",
        "meetings_2025.toml, line 33, key pins[2].meeting: meeting '答疑会' is pinned twice, at Jul 15 15:00 and at "
        "Jul 16 15:00",
    ),
    (RULES, 'preset = "default"', 'preset = "fastest"', "meetings_2025.toml, line 29, key preset: "),
    # QA shapes #8: a key left out of an entry was read as None ("there is no meeting 'None'")
    (
        RULES,
        "[objective]",
        '[[pins]]\nunit = "答疑会"\ntime = "2025-07-15 10:00"\n\n[objective]',
        "meetings_2025.toml, line 28, key pins[1].meeting: [[pins]] has no 'meeting' or it is empty",
    ),
    (
        RULES,
        "[objective]",
        '[[pins]]\nmeeting = "答疑会"\n\n[objective]',
        "meetings_2025.toml, line 28, key pins[1].time: [[pins]] has no 'time' or it is empty",
    ),
    (
        RULES,
        "[objective]",
        '[[unavailable]]\ntimes = "7月15日"\n\n[objective]',
        "meetings_2025.toml, line 28, key unavailable[1].person: [[unavailable]] has no 'person' (or 'unit') or it is "
        "empty",
    ),
    (
        RULES,
        "[objective]",
        '[[unavailable]]\nperson = "王主任"\n\n[objective]',
        "meetings_2025.toml, line 28, key unavailable[1].times: [[unavailable]] has no 'times' or it is empty",
    ),
    # QA shapes #4: a unit table's rules were read as nothing (yet written back)
    (
        RULES,
        "[objective]",
        '[[only]]\nunit = "区财政局"\ntimes = "7月15日"\n\n[objective]',
        "meetings_2025.toml, line 28, key only: [[only]] is for unit tables, not meeting tables",
    ),
    # a meeting table's [[links]] (the meeting-order rule): a meeting it does not have, a circle
    (
        RULES,
        "[objective]",
        '[[links]]\nfirst = "答疑会"\nthen = "没有的会"\n\n[objective]',
        "meetings_2025.toml, line 30, key links[1].then: there is no meeting '没有的会'",
    ),
    (
        RULES,
        "[objective]",
        '[[links]]\nfirst = "答疑会"\nthen = "检查方案碰头会"\n\n[[links]]\nfirst = "检查方案碰头会"\nthen = "答疑会"'
        "\n\n[objective]",
        "meetings_2025.toml, line 34, key links[2].then: the meetings' order goes round in a circle and can never hold:"
        " 答疑会 → 检查方案碰头会 → 答疑会",
    ),
    (
        RULES,
        "[objective]",
        '[[links]]\nfirst = "答疑会"\nthen = "检查方案碰头会"\ngap_minutes = -5\n\n[objective]',
        "meetings_2025.toml, line 31, key links[1].gap_minutes: gap_minutes must be a whole number from 0 to 43200",
    ),
    (
        RULES,
        "grid_minutes = 15",
        'grid_minutes = 15\ncategories = ["部门"]',
        "meetings_2025.toml, line 9, key categories: ",
    ),
]


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


@pytest.fixture
def folder(tmp_path):
    for name in (TABLE, PEOPLE, RULES):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def edited(case: tuple) -> tuple[str, tuple[tuple[str, str], ...], str]:
    if len(case) == 3:
        return case
    file, old, new, said = case
    return file, ((old, new),), said


@pytest.mark.parametrize(
    ("file", "edits", "said"), [edited(c) for c in CASES], ids=[c[-1].split(":")[0] for c in CASES]
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(folder, file, edits, said):
    text = (folder / file).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / file).write_text(text, encoding="utf-8")
    result = run("solve", folder / TABLE, "--out", folder / "out", "--time-limit", "5", "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"{folder}/{said}"), result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (folder / "out").exists()


def test_two_addresses_for_a_person_are_refused_in_the_persons_words(folder):
    people = folder / PEOPLE
    people.write_text(
        people.read_text(encoding="utf-8").replace("sun@example.org", "sun@example.org、sun2@example.org")
    )
    result = run("solve", folder / TABLE, "--out", folder / "out", "--time-limit", "5")
    assert result.exit_code == 2 and "people_2025.csv, 第 5 行, 列“邮箱”" in result.output
    assert "每人只能填一个地址" in result.output and "每个单位" not in result.output


def test_a_unit_row_with_two_addresses_is_told_how_to_invite_several_people(folder):
    """QA qaoffice18 F18: a unit row of the people sheet with two addresses got "每人只能填一个地址" and no
    hint how a unit sends several people in a meeting table."""
    people = folder / PEOPLE
    people.write_text(
        people.read_text(encoding="utf-8").replace("sun@example.org", "sun@example.org、sun2@example.org")
    )
    result = run("solve", folder / TABLE, "--out", folder / "out", "--time-limit", "5")
    assert result.exit_code == 2
    assert (
        "（一个单位也是）：要让几个人各收邀请，请把他们各写一行（姓名、单位、邮箱），并在会议中写这些人"
        in result.output
    )


HAND = Path(__file__).resolve().parent / "data" / "meetings_hand" / "hand.csv"
"""A hand-made meeting timetable that breaks every rule a timetable can break, each once or twice."""

EVERY_RULE = {
    "each-meeting-once": 2,  # 无时会 has neither a time nor a room
    "working-hours": 1,
    "time-window": 2,
    "allowed-sharing": 1,  # in 会客厅, of two places (in a room of one it is room-capacity's alone)
    "room-capacity": 1,
    "room-seats": 1,
    "changeover": 1,
    "room-wishes": 1,
    "series-room": 1,
    "unavailable": 1,
    "no-double-booking": 1,
    "gap": 2,
    "pinned": 1,
}

SAID = {
    "zh": [
        "会议“跨午会”安排在 7月15日 11:30—12:30：60 分钟的会议从 11:30 开始，到 12:30 结束，"
        "跨进了休息时间（12:00-15:00）",
        "会议“下午会”安排在 7月15日 9:00—10:00，不符合其时间要求（仅下午）",
        "会议“晚会”安排在 7月16日 16:00—17:00，不符合其时间要求（不早于 17:00）",
        "大会议室 在 7月16日 10:00 同时有 2 个会议（容量 1）：系列一、固定会",
        "会议“大会”需要 10 个座位，小会议室 只有 4 个",
        "大会议室 在会议“甲会”之后 0 分钟就开始“丙会”（准备时间 15 分钟）",
        "会议“禁用会”不能使用 小会议室",
        "系列“培训”的会议不在同一会议室：大会议室、小会议室",
        "王主任 在 7月15日 8:00 不能参加，但必须参加会议“主任会”",
        "李科长 必须同时参加会议“甲会”和“乙会”（7月15日 15:00）",
        "李科长 的会议“乙会”与“丙会”之间只隔 0 分钟（至少 15 分钟）",
        "会议“固定会”固定在 7月16日 9:00，实际安排在 7月16日 10:00",
        "会议“无时会”没有安排时间",
    ],
    "en": [
        "meeting '跨午会' at Jul 15 11:30-12:30: a 60-minute meeting from 11:30 ends at 12:30, running into the break"
        " (12:00-15:00)",
        "meeting '下午会' at Jul 15 9:00-10:00 breaks its time window (afternoon only)",
        "茶话会, 座谈会 share 会客厅 at Jul 15 9:00 but may not share",
        "meeting '大会' needs 10 seats, 小会议室 has 4",
        "series '培训' is spread over rooms: 大会议室, 小会议室",
        "王主任 is unavailable at Jul 15 8:00 but required at '主任会'",
        "李科长 is required at '甲会' and '乙会' at once (Jul 15 15:00)",
        "周工程师 has only 0 minutes between '大会' and '晚会' (at least 15)",
        "meeting '固定会' is pinned at Jul 16 9:00 but placed at Jul 16 10:00",
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hand_made_timetable_names_every_violation_in_plain_words(tmp_path, lang):
    folder = tmp_path / "hand"
    shutil.copytree(HAND.parent, folder)
    result = run("validate", folder / HAND.name, "--lang", lang)
    assert result.exit_code == 1
    head, *lines = result.output.strip().splitlines()
    assert head == ("时间表有 16 处违反规则：" if lang == "zh" else "The timetable breaks the rules in 16 places:")
    tag = "  [规则 " if lang == "zh" else "  [rule "
    named = [line.split(tag)[1].split(":")[0] for line in lines]
    assert {rule: named.count(rule) for rule in named} == EVERY_RULE
    for sentence in SAID[lang]:
        assert any(line.startswith(sentence + tag) for line in lines), sentence


def _workbook(source: Path, target: Path, edit: tuple[str, str] | None = None) -> None:
    """``source`` (CSV) as an office's workbook: a title row above the header, numbers as numbers."""
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年政务公开会议"])
    for row in csv.reader(source.read_text(encoding="utf-8").splitlines()):
        sheet.append([int(c) if c.isdigit() else (edit[1] if edit and c == edit[0] else c) for c in row])
    book.save(target)


def test_workbooks_for_the_table_and_the_people_sheet_name_spreadsheet_rows(folder):
    _workbook(folder / TABLE, folder / "m.xlsx")
    _workbook(folder / PEOPLE, folder / "people.xlsx", ("zhao@example.org", "zhao at example.org"))
    rules = (folder / RULES).read_text(encoding="utf-8").replace('"people_2025.csv"', '"people.xlsx"')
    (folder / "m.toml").write_text(rules, encoding="utf-8")
    result = run("validate", folder / "m.xlsx", "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith(f"{folder}/people.xlsx, row 5, column 邮箱: ")
    _workbook(folder / PEOPLE, folder / "people.xlsx")
    _workbook(folder / TABLE, folder / "m.xlsx", ("45分钟", "40分钟"))
    result = run("validate", folder / "m.xlsx", "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith(f"{folder}/m.xlsx, row 8, column 时长: ")
    _workbook(folder / TABLE, folder / "m.xlsx")
    result = run("validate", folder / "m.xlsx", "--lang", "en")  # read whole: no 时间 column yet (one line)
    assert result.exit_code == 2 and "row 2, column Time: no Time column" in result.output, result.output


def test_a_start_outside_working_time_is_told_by_its_plainest_reason(tmp_path):
    """Not a meeting day (with the year when it is not the calendar's), off the grid, or across a break: each its
    own words, not one "not inside one working period" for all three."""
    (tmp_path / "w.toml").write_text(
        'days = ["2025-07-15"]\nhours = ["8:00-12:00", "15:00-19:00"]\n'
        '[[rooms]]\nname = "大会议室"\nseats = 10\n[[rooms]]\nname = "小会议室"\nseats = 10\n',
        encoding="utf-8",
    )
    (tmp_path / "w.csv").write_text(
        "会议,时长,参会人员,时间,会议室\n"
        "甲会,1小时,王主任,7月20日 8:00,大会议室\n"
        "乙会,1小时,李科长,7月15日 8:10,大会议室\n"
        "丙会,1小时,张三,7月15日 11:30,小会议室\n"
        "丁会,1小时,赵六,2024-07-15 9:00,小会议室\n",
        encoding="utf-8",
    )
    result = run("validate", tmp_path / "w.csv")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    said = {
        "甲会": "会议“甲会”安排在 7月20日，这一天不是会议日（会议日：7月15日）",
        "乙会": "会议“乙会”在 7月15日 8:10 开始，不在 15 分钟的时间格上",
        "丙会": "会议“丙会”安排在 7月15日 11:30—12:30：60 分钟的会议从 11:30 开始，到 12:30 结束，跨进了休息时间",
        "丁会": "会议“丁会”安排在 2024年7月15日，这一天不是会议日",
    }
    for title, text in said.items():
        assert [line for line in lines if f"“{title}”" in line and "working-hours" in line] == [
            line for line in lines if line.startswith(text)
        ], title


def test_a_meeting_template_s_numbered_empty_rows_and_footnote_are_blank_rows(tmp_path):
    for name in (TABLE, PEOPLE, RULES):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / TABLE
    reference = CliRunner().invoke(main, ["validate", str(table), "--lang", "en"])
    text = table.read_text(encoding="utf-8").rstrip("\n")
    table.write_text(text + "\n20,,,,,,,,,,\n21,,,,,,,,,,\n注：会议室如有变动另行通知,,,,,,,,,,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(table), "--lang", "en"])
    assert (result.exit_code, result.stdout) == (reference.exit_code, reference.stdout)
    skipped = ["skipped rows 10, 11 (numbered but empty)", "skipped row 12 (a note)"]
    assert result.stderr.splitlines()[:2] == skipped  # then, as the reference, no 时间 column (exit 2)
    assert result.stderr.splitlines()[2:] == reference.stderr.splitlines()


@pytest.mark.parametrize("total", ["合计,,10个会议,,,,,,,,", "合计,,,,,,58,,,,", ",合计,,,,,,,,,"])
def test_a_meeting_table_s_total_row_is_not_a_meeting(tmp_path, total):
    """A total row under the meetings (合计 | 10个会议, or the seats added up) was a meeting or an error."""
    for name in (TABLE, PEOPLE, RULES):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / TABLE
    reference = CliRunner().invoke(main, ["validate", str(table), "--lang", "en"])
    table.write_text(table.read_text(encoding="utf-8").rstrip("\n") + f"\n{total}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(table), "--lang", "en"])
    assert (result.exit_code, result.stdout) == (reference.exit_code, reference.stdout)
    assert result.stderr == "skipped row 10 (a total row)\n" + reference.stderr  # and no 时间 column (exit 2)


def test_a_semicolon_separated_meeting_table_and_people_sheet_read_as_with_commas(tmp_path):
    """Excel's "CSV" with European settings separates by semicolons: it was "column 会议 is missing"."""
    for name in (TABLE, PEOPLE, RULES):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    reference = CliRunner().invoke(main, ["validate", str(tmp_path / TABLE), "--lang", "en"])
    for name in (TABLE, PEOPLE):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert ";" not in text
        (tmp_path / name).write_text(text.replace(",", ";"), encoding="utf-8-sig")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / TABLE), "--lang", "en"])
    assert (result.exit_code, result.output) == (reference.exit_code, reference.output)


def test_a_meeting_table_reads_its_start_from_a_span_a_date_column_or_an_excel_serial(tmp_path):
    (tmp_path / "w.toml").write_text(
        'days = ["2025-07-15"]\nhours = ["8:00-12:00", "15:00-19:00"]\n[[rooms]]\nname = "大会议室"\nseats = 10\n',
        encoding="utf-8",
    )
    header = "会议,时长,参会人员,日期,时间,会议室\n"
    rows = "甲会,1小时,王主任,2025-07-15,8:00-9:00,大会议室\n乙会,90分钟,李科长,,45853.6875,大会议室\n"
    (tmp_path / "w.csv").write_text(header + rows, encoding="utf-8")  # 45853.6875: 2025-07-15 16:30
    result = run("validate", tmp_path / "w.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    (tmp_path / "w.csv").write_text(header + rows.replace("8:00-9:00", "8:00-10:00"), encoding="utf-8")
    result = run("validate", tmp_path / "w.csv", "--lang", "en")
    assert result.exit_code == 2
    said = "row 2, column 时间: '2025-07-15 8:00-10:00' lasts 120 minutes but this row's 时长 is 60 minutes"
    assert said in result.output


@pytest.mark.parametrize("nothing", ["无", "-", "—", "N/A"])
def test_cells_that_say_nothing_read_as_empty_in_every_optional_column(tmp_path, nothing):
    """无 in 可选参会人员 was "not a person", in 共用组 a label pairing every meeting marked so, in 邮箱 a bad
    address: every optional column of the table and the people sheet reads it as an empty cell."""
    from scheduler.files.meeting_files import load_meetings

    for name in (TABLE, PEOPLE, RULES):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    reference = load_meetings(tmp_path / TABLE).problem
    for name, kept in ((TABLE, ("序号", "会议", "参会人员", "备注")), (PEOPLE, ("姓名",))):
        rows = list(csv.reader(io.StringIO((tmp_path / name).read_text(encoding="utf-8"))))
        header = rows[0] + (["共用组"] if name == TABLE else [])
        filled = [
            [c or (nothing if h not in kept else "") for h, c in zip(header, row + [""], strict=False)]
            for row in rows[1:]
        ]
        out = io.StringIO()
        csv.writer(out).writerows([header, *filled])
        (tmp_path / name).write_text(out.getvalue(), encoding="utf-8")
    assert nothing in (tmp_path / TABLE).read_text(encoding="utf-8")
    assert load_meetings(tmp_path / TABLE).problem == reference


@pytest.mark.parametrize("header", ["会议时间", "开始时间"])
def test_a_hand_made_timetable_s_time_headed_as_a_clerk_writes_it_is_read(tmp_path, header):
    """QA office15 F9: 会议时间 gave 54 lines (没有安排时间, 没有安排会议室) for a table with its rooms written."""
    folder = tmp_path / "hand"
    shutil.copytree(HAND.parent, folder)
    text = (folder / HAND.name).read_text(encoding="utf-8")
    (folder / HAND.name).write_text(text.replace(",时间,", f",{header},", 1), encoding="utf-8")
    result = run("validate", folder / HAND.name, "--lang", "en")
    assert result.exit_code == 1 and result.output.startswith("The timetable breaks the rules in 16 places:")


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (",时间,", ",召开时间,", "row 1, column Time: no Time column, so the timetable cannot be checked: name"),
        (",会议室\n", ",房号\n", "row 1, column Room: no Room column, so the timetable cannot be checked"),
        (",会议室\n", ",地点\n", "row 1, column 地点: the meeting table's column '地点' looks like Room"),
    ],
)
def test_a_hand_made_timetable_without_its_time_or_room_column_is_one_line(tmp_path, old, new, said):
    """No 时间 (or, with several rooms, 会议室) column: one line naming the file, the header's row and the
    column (in the run's language for a column the table lacks: review14 F14), exit 2, never a violation
    per meeting; the columns not read are named on stderr."""
    folder = tmp_path / "hand"
    shutil.copytree(HAND.parent, folder)
    text = (folder / HAND.name).read_text(encoding="utf-8")
    (folder / HAND.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", folder / HAND.name, "--lang", "en")
    assert result.exit_code == 2
    assert f"{folder / HAND.name}, {said}" in result.output
    assert "breaks the rules" not in result.output
