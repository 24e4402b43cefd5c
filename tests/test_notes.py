"""A table's 备注 that names a time (QA notices #3): ``validate``, ``solve`` and ``reschedule`` say which
rule it looks like, one line per unit on the standard error; the timetable is never changed by it."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import NOTICE

RULES = """title = "对接安排"
days = ["2021-09-08", "2021-09-09", "2021-09-10"]
hours = ["9:00", "10:00", "15:00", "16:00"]
categories = ["部门", "镇办"]
"""
ROWS = [
    ("9月8日 9:00", "区发改委", "9月8日上午外出", "部门"),
    ("9月8日 10:00", "区财政局", "周三不行", "部门"),
    ("9月8日 15:00", "区教育局", "只能上午", "部门"),
    ("9月8日 16:00", "区民政局", "", "部门"),
    ("9月9日 9:00", "区司法局", "局长9月8日出差", "部门"),
    ("9月9日 10:00", "红旗街道", "携带公章", "镇办"),
    ("9月9日 15:00", "灯塔街道", "请安排在周五", "镇办"),
]
"""The tester's table (/tmp/qa/notices/c), with the times its solve gave: three units placed inside
the times their notes rule out (or outside the only ones they allow)."""


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"DOCKING_LANG": ""})


def write_table(path, rows):
    lines = ["序号,时间,单位,备注,类别", *(f"{i},{','.join(row)}" for i, row in enumerate(rows, start=1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture
def table(tmp_path):
    return write_table(tmp_path / "名单.csv", ROWS)


HINTS = [
    "区发改委 的备注“9月8日上午外出”像是不能参加的时间（9月8日上午），但现在排在 9月8日 9:00：本工具不读备注；"
    '如需排除，在规则文件加 [[unavailable]] unit = "区发改委" times = ["9月8日上午"]，'
    '或在 reschedule 时加 --unavailable "区发改委@9月8日上午"',
    "区财政局 的备注“周三不行”像是不能参加的时间（9月8日），但现在排在 9月8日 10:00：本工具不读备注；"
    '如需排除，在规则文件加 [[unavailable]] unit = "区财政局" times = ["9月8日"]，'
    '或在 reschedule 时加 --unavailable "区财政局@9月8日"',
    "区教育局 的备注“只能上午”像是只能参加的时间（上午），但现在排在 9月8日 15:00：本工具不读备注；"
    '如需限定，在规则文件加 [[only]] unit = "区教育局" times = ["上午"]，或在 reschedule 时加 --only "区教育局@上午"',
    "区司法局 的备注“局长9月8日出差”像是不能参加的时间（9月8日）：本工具不读备注；"
    '如需排除，在规则文件加 [[unavailable]] unit = "区司法局" times = ["9月8日"]，'
    '或在 reschedule 时加 --unavailable "区司法局@9月8日"',
    "灯塔街道 的备注“请安排在周五”像是只能参加的时间（9月10日），但现在排在 9月9日 15:00：本工具不读备注；"
    '如需限定，在规则文件加 [[only]] unit = "灯塔街道" times = ["9月10日"]，'
    '或在 reschedule 时加 --only "灯塔街道@9月10日"',
]


def test_validate_says_what_each_note_asks_and_where_the_unit_is(table):
    result = run("validate", str(table))
    assert result.exit_code == 0, result.output  # a note is no rule: the table is valid
    assert result.stdout == "时间表满足全部规则（7 个单位，7 个时段）\n"
    assert result.stderr.splitlines() == HINTS


def test_the_hints_in_english(table):
    result = run("validate", str(table), "--lang", "en")
    assert result.stderr.splitlines()[0] == (
        "区发改委's note '9月8日上午外出' looks like a time it cannot come (Sep 8 morning), but it is now at Sep 8"
        ' 9:00: notes are never read as rules; to keep it free, add [[unavailable]] unit = "区发改委"'
        ' times = ["Sep 8 morning"] to the rules file, or --unavailable "区发改委@Sep 8 morning" to reschedule'
    )


def test_solve_gives_the_same_timetable_with_the_notes_and_says_them(table, tmp_path):
    with_notes = run("solve", str(table))
    assert with_notes.exit_code == 0, with_notes.output
    named = [line.split(" ")[0] for line in with_notes.stderr.splitlines()]
    assert named == ["区发改委", "区财政局", "区教育局", "区司法局", "灯塔街道"]
    bare = write_table(tmp_path / "bare.csv", [(time, unit, "", category) for time, unit, _, category in ROWS])
    without = run("solve", str(bare))
    assert without.stderr == ""
    assert _timeless(without.stdout) == _timeless(with_notes.stdout)


def _timeless(output: str) -> str:
    """The output without its one line that varies between runs: the solve's time."""
    return re.sub(r"求解用时：[0-9.]+ 秒", "求解用时：… 秒", output)


def test_the_json_document_is_alone_on_the_standard_output(table):
    result = run("validate", str(table), "--json")
    assert json.loads(result.stdout)["ok"] is True
    assert result.stderr.splitlines() == HINTS


def test_a_unit_its_rules_already_keep_from_the_time_gets_no_hint(table):
    result = run("reschedule", str(table), "--unavailable", "区财政局@周三", "--only", "区教育局@上午")
    assert result.exit_code == 0, result.output
    named = [line.split(" ")[0] for line in result.stderr.splitlines()]
    assert named == ["区发改委", "区司法局", "灯塔街道"]
    assert "区财政局" in result.stdout  # it was moved off its Wednesday, as asked


def test_the_seed_notice_gives_no_hint(tmp_path):
    """The 2021 notice's 备注 column is empty; filled with ordinary notes, it still gives none."""
    assert run("validate", str(NOTICE)).stderr == ""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTICE.with_suffix(".toml"), folder / NOTICE.with_suffix(".toml").name)
    ordinary = ["携带公章", "材料请于9月8日前提交", "分管副局长参加", "8号楼开会", "9月8日在大会议室", "上午场"]
    lines = NOTICE.read_text(encoding="utf-8-sig").splitlines()
    for i, note in enumerate(ordinary, start=1):
        cells = lines[i].split(",")
        cells[3] = note
        lines[i] = ",".join(cells)
    (folder / NOTICE.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(folder / NOTICE.name))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


MEETING_RULES = """days = ["2025-07-15", "2025-07-16"]
hours = ["8:00-12:00", "15:00-18:00"]
"""


def test_a_meeting_tables_note_is_said_too(tmp_path):
    """2025-07-15 is a Tuesday: 甲会 is held in the morning its note rules out, 乙会 outside the only time
    its note gives; 丙会's note names no time."""
    table = tmp_path / "m.csv"
    table.write_text(
        "会议,时长,参会人员,时间,备注\n"
        "甲会,1小时,张三,7月15日 9:00,7月15日上午领导外出\n"
        "乙会,1小时,李四,7月15日 15:00,只能周三上午\n"
        "丙会,1小时,王五,7月16日 9:00,请带笔记本\n",
        encoding="utf-8",
    )
    table.with_suffix(".toml").write_text(MEETING_RULES, encoding="utf-8")
    result = run("validate", str(table))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "会议“甲会”的备注“7月15日上午领导外出”像是不能开会的时间（7月15日上午），但现在排在 7月15日 9:00："
        "本工具不读备注；"
        '如需排除，在规则文件为那时不能到场的人加 [[unavailable]] person = "…" times = ["7月15日上午"]',
        "会议“乙会”的备注“只能周三上午”像是只能开会的时间（7月16日上午），但现在排在 7月15日 15:00：本工具不读备注；"
        "如需限定，写在这一行的“时段”“不早于”“不晚于”列",
    ]


def test_a_note_with_both_a_time_ruled_out_and_an_only_time_is_one_line(tmp_path):
    rows = [("9月8日 9:00", "区发改委", "周三不行，只能下午", "部门")]
    result = run("validate", str(write_table(tmp_path / "t.csv", rows)))
    assert result.stderr.splitlines() == [
        "区发改委 的备注“周三不行，只能下午”像是不能参加的时间（9月8日），但现在排在 9月8日 9:00：本工具不读备注；"
        '如需排除，在规则文件加 [[unavailable]] unit = "区发改委" times = ["9月8日"]，'
        '或在 reschedule 时加 --unavailable "区发改委@9月8日"；'
        "区发改委 的备注“周三不行，只能下午”像是只能参加的时间（下午），但现在排在 9月8日 9:00：本工具不读备注；"
        '如需限定，在规则文件加 [[only]] unit = "区发改委" times = ["下午"]，'
        '或在 reschedule 时加 --only "区发改委@下午"'
    ]


def test_alternatives_say_the_notes_too(table):
    result = run("solve", str(table), "--alternatives", "2")
    assert result.exit_code == 0, result.output
    named = [line.split(" ")[0] for line in result.stderr.splitlines() if "备注" in line]
    assert named == ["区发改委", "区财政局", "区教育局", "区司法局", "灯塔街道"]


def test_a_meeting_note_naming_the_day_it_is_held_is_said(tmp_path):
    """QA office15 F1: "7月16日召开" is the day the meeting is held; placed on 7月15日 it gets the hint."""
    table = tmp_path / "m.csv"
    table.write_text("会议,时长,参会人员,时间,备注\n调度会,1小时,张三,7月15日 9:00,7月16日召开\n", encoding="utf-8")
    table.with_suffix(".toml").write_text(MEETING_RULES, encoding="utf-8")
    result = run("validate", str(table))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "会议“调度会”的备注“7月16日召开”像是只能开会的时间（7月16日），但现在排在 7月15日 9:00：本工具不读备注；"
        "如需限定，写在这一行的“时段”“不早于”“不晚于”列",
    ]
