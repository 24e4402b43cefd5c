"""A meeting table's rules may close a day or half-day for everyone, as a unit table's do
(``[[unavailable]] unit = "*"``, QA timecal14 L3), and a refusal names the key written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings
from scheduler.meetings.planner import solve_meetings


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
    assert {b.who for b in loaded.problem.busy} == {"王主任", "李科长", "赵科员"}
    result = solve_meetings(loaded.problem, time_limit=10, workers=1)
    assert result.plan is not None
    assert {p.start.date() for p in result.plan.placements if p.start} == {date(2027, 1, 5)}


def test_an_unknown_name_is_refused_on_the_key_written(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, 'unit = "区财政局"\ntimes = "1月4日"'))
    assert caught.value.key == "unit"
