"""A name looked up and not found (a unit, a person, a meeting, a room, in the rules file or a command-line
option) is refused with the known name it most likely misspells, from one helper
(:func:`scheduler.text.names.near_name`; QA qarules20 F9: ``[[unavailable]] unit = "区自然资原局"`` was
refused without "是不是“区自然资源局”？", and on the key ``unit`` where other entry keys are named
``unavailable[1].unit``)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.text.messages import Message
from scheduler.text.names import near_name, unknown_name
from tests.formats_helpers import NOTICE, ROOT, RULES

MEETINGS = ROOT / "examples" / "meetings_2025.csv"
MEETING_RULES = ROOT / "examples" / "meetings_2025.toml"
PEOPLE = ROOT / "examples" / "people_2025.csv"


def test_the_near_name_is_one_character_off_or_the_same_but_for_case_and_width():
    units = ["区自然资源局", "区财政局", "Tax Office", "区发改委"]
    assert near_name("区自然资原局", units) == ("区自然资源局",)
    assert near_name("tax office", units) == ("Tax Office",)
    assert near_name("区财政局 ", units) == ("区财政局",)
    assert near_name("柏庄镇政府", units) == ()  # nothing near: no guess


def test_two_names_equally_near_are_both_named_never_one_as_if_sure():
    """QA review21b F4: 彰西街道办事处 is one character off both 彰北 and 彰东: difflib's order picked 彰北
    as the answer. Two equally near are both named (in the table's order); three or more, none."""
    offices = ["彰北街道办事处", "彰东街道办事处", "区财政局"]
    assert near_name("彰西街道办事处", offices) == ("彰北街道办事处", "彰东街道办事处")
    assert near_name("彰西街道办事处", offices[::-1])[0] == "彰东街道办事处"
    assert near_name("彰西街道办事处", [*offices, "彰南街道办事处"]) == ()
    said = unknown_name(Message("problem.unknown_unit", unit="彰西街道办事处"), "彰西街道办事处", offices)
    assert said.text("zh") == "表中没有单位“彰西街道办事处”（是不是“彰北街道办事处”或“彰东街道办事处”？）"
    assert said.text("en").endswith("(did you mean '彰北街道办事处' or '彰东街道办事处'?)")


def test_a_refusal_without_a_near_name_is_left_as_it_was():
    said = Message("problem.unknown_unit", unit="柏庄镇政府")
    assert unknown_name(said, "柏庄镇政府", ["区财政局"]) is said
    near = unknown_name(Message("problem.unknown_unit", unit="区财攻局"), "区财攻局", ["区财政局"])
    assert near.text("zh") == "表中没有单位“区财攻局”（是不是“区财政局”？）"
    assert near.text("en") == "there is no unit '区财攻局' in the table (did you mean '区财政局'?)"


def _run(folder, args, lang="zh"):
    result = CliRunner().invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output.strip()


def _unit_folder(tmp_path, old="", new=""):
    table = tmp_path / "t.csv"
    shutil.copy(NOTICE, table)
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "t.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "contacts_2021.csv", tmp_path / "contacts_2021.csv")
    return table


def _meeting_folder(tmp_path, old="", new=""):
    table = tmp_path / "m.csv"
    shutil.copy(MEETINGS, table)
    shutil.copy(PEOPLE, tmp_path / PEOPLE.name)
    text = MEETING_RULES.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "m.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return table


UNAVAILABLE = '[[unavailable]]\nunit = "区自然资原局"\ntimes = ["9月8日"]\n\n[[rooms]]'


def test_a_misspelt_unit_in_the_rules_file_is_named_with_its_entry_and_the_near_unit(tmp_path):
    table = _unit_folder(tmp_path, "[[rooms]]", UNAVAILABLE)
    said = _run(tmp_path, ["validate", str(table)])
    assert "键“unavailable[1].unit”" in said and "第 " in said
    assert "表中没有单位“区自然资原局”（是不是“区自然资源局”？）" in said


def test_a_misspelt_unit_of_a_link_is_named_with_its_entry_and_the_near_unit(tmp_path):
    table = _unit_folder(tmp_path, 'then = "北关区规划技术服务中心"', 'then = "北关区规划技术服务中新"')
    said = _run(tmp_path, ["validate", str(table)], lang="en")
    assert "key links[1].then:" in said and "(did you mean '北关区规划技术服务中心'?)" in said


def test_a_misspelt_unit_in_an_option_is_told_the_near_unit(tmp_path):
    table = _unit_folder(tmp_path)
    said = _run(tmp_path, ["reschedule", str(table), "--unavailable", "区财攻局@9月8日", "--out", str(tmp_path / "o")])
    assert "（是不是“区财政局”？）" in said


@pytest.mark.parametrize(
    ("option", "value", "near"),
    [
        ("--unavailable", "李课长@7月15日", "李科长"),
        ("--pin", "标准目录审核（一）@7月16日 9:00@420会议厅", "420会议室"),
        ("--pin", "政务公开工作推进会议@7月16日 9:00", "政务公开工作推进会"),
        ("--drop", "政务公开工作推进会议", "政务公开工作推进会"),
    ],
)
def test_a_misspelt_name_in_a_meeting_option_is_told_the_near_name(tmp_path, option, value, near):
    table = _meeting_folder(tmp_path)
    said = _run(tmp_path, ["reschedule", str(table), option, value, "--out", str(tmp_path / "o")])
    assert f"（是不是“{near}”？）" in said, said


@pytest.mark.parametrize(
    ("old", "new", "key", "near"),
    [
        (
            "[objective]",
            '[[unavailable]]\nperson = "李课长"\ntimes = ["7月15日"]\n\n[objective]',
            "unavailable[1].person",
            "李科长",
        ),
        (
            "[objective]",
            '[[pins]]\nmeeting = "标准目录审核（一）"\ntime = "7月16日 9:00"\nroom = "420会议厅"\n\n[objective]',
            "pins[1].room",
            "420会议室",
        ),
        (
            "[objective]",
            '[[links]]\nfirst = "标准目录审合（一）"\nthen = "标准目录审核（二）"\n\n[objective]',
            "links[1].first",
            "标准目录审核（一）",
        ),
    ],
)
def test_a_misspelt_name_in_a_meeting_rules_file_is_told_the_near_name(tmp_path, old, new, key, near):
    table = _meeting_folder(tmp_path, old, new)
    said = _run(tmp_path, ["validate", str(table)])
    assert f"键“{key}”" in said and f"（是不是“{near}”？）" in said, said


def test_a_misspelt_who_of_an_objective_term_is_told_the_near_name(tmp_path):
    """The rules' ``[objective.idle] who`` names people or units: a misspelt one gets the name meant too."""
    table = _meeting_folder(tmp_path, 'preset = "default"', 'preset = "default"\nidle = { weight = 1, who = "李课长" }')
    said = _run(tmp_path, ["validate", str(table)])
    assert "键“who”" in said and "（是不是“李科长”？）" in said, said


def test_a_contacts_unit_not_in_the_timetable_is_told_with_the_unit_without_an_address_it_means(example):
    """A contacts row misspelt (区财攻局) leaves 区财政局 without an address: the note names both."""
    from tests.conftest import edit

    edit(example / "contacts_2021.csv", "区财政局,", "区财攻局,")
    result = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(example / "o")])
    assert result.exit_code == 0, result.output
    assert "区财攻局（是不是“区财政局”？）" in result.output, result.output
