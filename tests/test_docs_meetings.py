"""docs/meetings.md's rules examples run as written (QA qadocs18: the parent-teacher rules and the
``who`` refusal quoted under "Preferences" were read by no test, so the quote's wrong line went unseen)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import ROOT

MEETINGS = (ROOT / "docs" / "meetings.md").read_text(encoding="utf-8")


def parent_teacher_rules() -> str:
    """The toml block of "Parent-teacher evenings", as written."""
    section = MEETINGS.split("### Parent-teacher evenings", 1)[1]
    found = re.search(r"```toml\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def write_evening(folder: Path, rules: str) -> Path:
    """The page's rules (rooms added after them: the page leaves them out, and lines stay where they
    are), two families and three teachers, one talk per family and teacher."""
    talks = [("家长001", "语文老师"), ("家长001", "数学老师"), ("家长002", "数学老师"), ("家长002", "英语老师")]
    rooms = {"语文老师": "301室", "数学老师": "302室", "英语老师": "303室"}
    lines = ["会议,时长,参会人员,指定会议室"] + [f"{f}-{t},10分钟,{f}、{t},{rooms[t]}" for f, t in talks]
    (folder / "conf.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    people = ["姓名,邮箱,单位,不可用", "家长001,,家长,", "家长002,,家长,"]
    people += [f"{t},,教师," for t in rooms]
    (folder / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    extra = "".join(f'\n[[rooms]]\nname = "{room}"\n' for room in rooms.values())
    (folder / "conf.toml").write_text(rules + extra, encoding="utf-8")
    return folder / "conf.csv"


def test_the_parent_teacher_rules_solve_as_written(tmp_path):
    table = write_evening(tmp_path, parent_teacher_rules())
    result = CliRunner().invoke(main, ["solve", str(table), "--time-limit", "5"], env={"DOCKING_LANG": None})
    assert result.exit_code == 0, result.output
    assert "按人计：家长多来的天数 0；家长等待共 0 格（0 分钟）" in result.output


def test_the_quoted_who_refusal_is_what_the_page_s_rules_give(tmp_path):
    """The page quotes the refusal of ``idle``'s ``who`` naming 丙 (the parent-teacher rules with that
    one line changed): the line it names is idle's ``who``, not participant-days'."""
    quoted = re.search(r"`(conf\.toml, 第 \d+ 行, 键“who”: 目标项“idle”的 who 中的“丙”[^`]*)`", MEETINGS)
    assert quoted is not None
    rules = parent_teacher_rules()
    idle = rules.index("[objective.idle]")
    rules = rules[:idle] + rules[idle:].replace('who = "家长"', 'who = "丙"', 1)
    table = write_evening(tmp_path, rules)
    result = CliRunner().invoke(main, ["validate", str(table)], env={"DOCKING_LANG": None})
    assert result.exit_code == 2, result.output
    assert quoted.group(1) in result.output, result.output
    line = next(i for i, text in enumerate(rules.splitlines(), 1) if text == 'who = "丙"')
    assert f"第 {line} 行" in quoted.group(1)


def listed_wishes() -> list[str]:
    """Every 时段偏好 the pages give as an example: meetings.md's list and its alternatives, formats.md's row."""
    section = MEETINGS.split("### Preferred times", 1)[1]
    listed = section.split('(docs/formats.md, "The meeting table"): ', 1)[1].split("; several", 1)[0]
    forms = re.findall(r"`([^`]+)`", listed)
    forms += re.findall(r"\(`(5月19日、[^`]+)`: either will do\)", section)
    row = next(
        line
        for line in (ROOT / "docs" / "formats.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| 时段偏好 |")
    )
    forms += [
        f
        for f in re.findall(r"`([^`]+)`", row.split("the times named", 1)[1].split("a value it cannot read", 1)[0])
        if any(c.isdigit() or c in "上下" for c in f)
    ]
    return list(dict.fromkeys(f for f in forms if f not in ("、", "not before", "not after")))


def test_every_preferred_time_the_pages_give_reads_and_counts(tmp_path):
    """QA qadocs18: 周三下午, 5月19日至5月20日, a bare 9:00-12:00 and 5月19日、5月20日上午 were in no test of the
    column. Each form the pages list, one meeting each, on days where every one can be met (2027-05-19 is
    a Wednesday, 2027-05-18 a Tuesday): read, counted as written, none told unmeetable. The values the row
    gives as refused (an Excel date serial) are not among them."""
    import json

    forms = listed_wishes()
    assert {"周三下午", "5月19日至5月20日", "9:00-12:00", "5月19日、5月20日上午", "不晚于 16:00"} <= set(forms), forms
    import csv
    import io

    written = io.StringIO()  # (a ⏎ on the page is a line break typed in the cell: Alt+Enter)
    csv.writer(written, lineterminator="\n").writerows(
        [["会议", "时长", "参会人员", "时段偏好"]]
        + [[f"d{i}", "60分钟", f"人{i}", f.replace("⏎", "\n")] for i, f in enumerate(forms)]
    )
    (tmp_path / "t.csv").write_text(written.getvalue(), encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        'days = ["2027-05-18", "2027-05-19", "2027-05-20", "2027-05-21"]\nhours = ["8:30-12:00", "14:00-17:00"]\n'
        'grid_minutes = 30\nrooms = [{ name = "A101" }, { name = "A102" }]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["solve", str(tmp_path / "t.csv"), "--json", "--time-limit", "10"], env={"DOCKING_LANG": None}
    )
    assert result.exit_code == 0 and result.stderr == "", result.output
    preferences = json.loads(result.stdout)["preferences"]
    assert preferences["written"] == len(forms) and preferences["met"] == len(forms), preferences


def test_the_per_person_lines_the_page_quotes_are_the_summary_s(tmp_path):
    """The page's 按人计 line and the people lines under it (QA qadocs18: illustrative, never compared) are
    what ``person_lines`` writes for those numbers (a name elided with … on the page)."""
    from scheduler.export.meeting_summary import person_lines
    from scheduler.meetings.terms import Term

    quotes = re.findall(r"`(按人计：[^`]+)`", MEETINGS) + re.findall(
        r"`(  (?:来了不止一天的|等待最久的)：[^`]+)`", MEETINGS
    )
    assert len(quotes) >= 3, quotes
    objective = (Term("participant-days", "medium", who=("家长",)), Term("idle", weight=10, who=("家长",)))
    waits = [("家长058", 5), ("家长042", 4), *[(f"家长{n:03d}", 3) for n in range(1, 9)]]
    tally = {"participant-days": [("家长003", 1)], "idle": waits}
    written = person_lines(objective, {"participant-days": 0, "idle": 36}, 10, "zh", tally)
    for quote in quotes:
        head, _, tail = quote.partition("…")
        assert any(line.startswith(head) and line.endswith(tail) for line in written), (quote, written)
