"""docs/meetings.md, "A meeting across a break": a hearing day with lunch written as two linked parts.

The page's CSV and rules are read from the page itself and solved through the CLI: the two parts land
on one day, filling the morning and the afternoon, in one room; the timetable written validates.
"""

import csv
import re
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "meetings.md"


def _section_blocks() -> dict[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("### A meeting across a break", 1)[1].split("\n### ", 1)[0]
    return dict(re.findall(r"```(csv|toml)\n(.*?)```", section, re.S))


def test_the_pages_hearing_day_is_one_day_in_one_room(tmp_path: Path) -> None:
    blocks = _section_blocks()
    (tmp_path / "hearings.csv").write_text(blocks["csv"], encoding="utf-8")
    (tmp_path / "hearings.toml").write_text(blocks["toml"], encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "hearings.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["会议"]: r for r in csv.DictReader((out / "timetable.csv").open(encoding="utf-8-sig"))}
    morning, afternoon = rows["甲公司仲裁庭审（上午）"], rows["甲公司仲裁庭审（下午）"]
    assert morning["时间"].endswith(" 09:30"), morning
    assert afternoon["时间"] == morning["时间"][:10] + " 14:00", (morning, afternoon)
    assert morning["会议室"] == afternoon["会议室"]
    checked = CliRunner().invoke(main, ["validate", str(out / "timetable.csv")])
    assert checked.exit_code == 0, checked.output


def test_a_part_longer_than_its_period_is_told_on_the_rule(tmp_path: Path) -> None:
    blocks = _section_blocks()
    assert "3小时30分钟" in blocks["csv"]  # the morning period 9:30-13:00 exactly
    (tmp_path / "h.csv").write_text(blocks["csv"].replace("3小时30分钟", "4小时"), encoding="utf-8")
    (tmp_path / "h.toml").write_text(blocks["toml"], encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "h.csv")])
    said = " ".join(result.output.split())
    assert "甲公司仲裁庭审（上午）" in said and "210 分钟" in said, result.output


def test_a_meeting_longer_than_every_period_has_no_timetable_not_an_input_refusal(tmp_path: Path) -> None:
    """As the page says it now (QA qadocs18 F8: it called solve's answer a refusal): no timetable, exit 1,
    the reason pointing to the page."""
    blocks = _section_blocks()
    (tmp_path / "h.csv").write_text(blocks["csv"].replace("3小时30分钟", "6小时"), encoding="utf-8")
    (tmp_path / "h.toml").write_text(blocks["toml"], encoding="utf-8")
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "h.csv")], env={"DOCKING_LANG": None})
    said = "".join(result.output.split())
    assert result.exit_code == 1 and "无解" in said and "超过最长的工作时段" in said, result.output
    assert "docs/meetings.md“Ameetingacrossabreak”" in said
    assert "has no timetable (`solve`: `状态：无解`, exit 1" in " ".join(PAGE.read_text(encoding="utf-8").split())


def test_validate_of_a_whole_day_placed_by_hand_gives_the_way_out_too(tmp_path: Path) -> None:
    """QA qadocs18 F8: ``validate`` said only the working-hours violation (跨进了休息时间), without the
    pointer to this page that solve and explain give; the office placing the hearing by hand needs it."""
    rows = [
        "会议,时长,参会人员,时间,会议室",
        "甲公司仲裁庭审,6小时,首席仲裁员、甲公司、乙公司,2027-05-20 09:30,第一仲裁庭",
        "丙公司调解,1小时,首席仲裁员、丙公司,2027-05-21 09:30,第一仲裁庭",
    ]
    (tmp_path / "h.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    toml = _section_blocks()["toml"]
    (tmp_path / "h.toml").write_text(toml.split("[[links]]", 1)[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "h.csv")], env={"DOCKING_LANG": None})
    said = "".join(result.output.split())
    assert result.exit_code == 1 and "working-hours" in said, result.output
    assert "超过最长的工作时段（210分钟）" in said and "docs/meetings.md“Ameetingacrossabreak”" in said, result.output
