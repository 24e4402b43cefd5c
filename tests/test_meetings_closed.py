"""A meeting table's rules may close a day or half-day for everyone, as a unit table's do
(``[[unavailable]] unit = "*"``, QA timecal14 L3), and a refusal names the key written."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from scheduler.domain.meetings import Placement, Plan
from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings
from scheduler.meetings.diagnose import explain_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.rules.registry import RULES
from scheduler.rules.values import PlanView
from scheduler.text.messages import render


def _table(folder: Path, entry: str) -> Path:
    (folder / "m.toml").write_text(
        'days = ["2027-01-04", "2027-01-05"]\nhours = ["8:00-12:00"]\n[[rooms]]\nname = "会议室"\n'
        f"[[unavailable]]\n{entry}\n",
        encoding="utf-8",
    )
    (folder / "m.csv").write_text(
        "会议,时长,参会人员\n周会,1小时,王主任、李科长\n审核,1小时,赵科员\n", encoding="utf-8"
    )
    return folder / "m.csv"


@pytest.mark.parametrize("who", ["*", "全部"])
def test_a_day_closed_for_everyone_holds_no_meeting(tmp_path: Path, who: str) -> None:
    loaded = load_meetings(_table(tmp_path, f'unit = "{who}"\ntimes = "1月4日"'))
    assert {b.who for b in loaded.problem.busy} == {"*"}  # one closure, not one busy time per person
    result = solve_meetings(loaded.problem, time_limit=10, workers=1)
    assert result.plan is not None
    assert {p.start.date() for p in result.plan.placements if p.start} == {date(2027, 1, 5)}


def test_an_unknown_name_is_refused_on_the_key_written(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, 'unit = "区财政局"\ntimes = "1月4日"'))
    assert caught.value.key == "unavailable[1].unit"


def test_a_closure_is_told_as_the_offices_not_as_a_persons_busy_time(tmp_path: Path) -> None:
    """QA explain19 F4: the clerk closed 1月4日 for all and gave 王主任 1月5日 morning; the explanation
    names the closure once, as the office's, and 王主任's own time apart; a check of a meeting placed on
    the closed day says the day is closed."""
    loaded = load_meetings(
        _table(tmp_path, 'unit = "*"\ntimes = "1月4日"\n[[unavailable]]\nperson = "王主任"\ntimes = "1月5日"')
    )
    conflict = explain_meetings(loaded.problem, 10)
    assert conflict is not None
    zh, en = conflict.lines("zh"), conflict.lines("en")
    assert any(line.startswith("- 所有人都不能参加：1月4日全天（休会）") for line in zh), zh
    assert any(line.startswith("- 王主任 不能参加的时间：1月5日全天") for line in zh), zh
    assert any(line.startswith("- nobody can attend Jan 4 all day (closed)") for line in en), en
    problem = loaded.problem
    placed = [
        Placement("周会", datetime(2027, 1, 4, 9), "会议室"),
        Placement("审核", datetime(2027, 1, 4, 8), "会议室"),
    ]
    view = PlanView(problem, Plan(tuple(placed)))
    said = [render(v.message, "zh") for rule in RULES for v in rule.check_plan(view)]
    assert "赵科员 在 1月4日 8:00 不能参加（休会：1月4日全天），但必须参加会议“审核”" in said, said
