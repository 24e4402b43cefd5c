"""Working periods at the day's edges (QA timecal14 M1): 24:00 ends a day in meeting and unit tables
alike; a period across midnight, an empty one, one out of order and one off the grid each get their own
line, naming the period (and the bound, and the grid) at fault."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings
from scheduler.files.rules_file import read_hours, read_rules
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings


def _table(folder: Path, hours: str, grid: int = 15, minutes: str = "1小时") -> Path:
    (folder / "m.toml").write_text(
        f'days = ["2027-01-04"]\nhours = {hours}\ngrid_minutes = {grid}\n[[rooms]]\nname = "会议室"\n',
        encoding="utf-8",
    )
    (folder / "m.csv").write_text(f"会议,时长,参会人员\n夜会,{minutes},王主任\n", encoding="utf-8")
    return folder / "m.csv"


@pytest.mark.parametrize("hours", ['["0:00-24:00"]', '["8:00-24:00"]', '["20:00-晚上12点"]', '["22:00-24点"]'])
def test_a_period_may_end_at_midnight_and_a_meeting_with_it(tmp_path: Path, hours: str) -> None:
    loaded = load_meetings(_table(tmp_path, hours, minutes="2小时"))
    problem = loaded.problem
    last = problem.workdays.moment(problem.workdays.starts(8)[-1])  # 2 hours = 8 steps
    assert last == datetime(2027, 1, 4, 22)  # the last two-hour meeting ends at midnight
    assert problem.workdays.refuses(datetime(2027, 1, 4, 22), 120) is None
    result = solve_meetings(problem, time_limit=10, workers=1)
    assert result.plan is not None and check_meetings(problem, result.plan).ok


@pytest.mark.parametrize(
    ("hours", "grid", "said"),
    [
        (
            '["23:00-01:00"]',
            15,
            "工作时段“23:00-1:00”跨过了午夜：会议不能跨天，请写成两个时段 0:00-1:00 与 23:00-24:00",
        ),
        ('["8:00-8:00"]', 15, "工作时段“8:00-8:00”的开始与结束相同，没有工作时间"),
        ('["8:00-23:59"]', 15, "工作时段“8:00-23:59”的结束 23:59 不在 15 分钟的时间粒度上（一天的结束请写 24:00）"),
        ('["13:00-17:00", "8:00-12:00"]', 15, "工作时段“8:00-12:00”写在“13:00-17:00”之后，却早于它或与它重叠"),
        ('["8:00-12:00", "11:00-14:00"]', 15, "工作时段“11:00-14:00”写在“8:00-12:00”之后，却早于它或与它重叠"),
        ('["8:00-12:00"]', 90, "工作时段“8:00-12:00”的开始 8:00 不在 90 分钟的时间粒度上"),
    ],
)
def test_each_bad_period_is_said_as_itself_on_its_key(tmp_path: Path, hours: str, grid: int, said: str) -> None:
    table = _table(tmp_path, hours, grid)
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    text = caught.value.text("zh")
    assert text.startswith(f"{tmp_path / 'm.toml'}, 第 2 行, 键“hours”: {said}"), text
    assert "\n" not in text


def test_a_unit_table_period_may_end_at_midnight() -> None:
    def fail(message):
        raise AssertionError(message)

    assert read_hours(["22:00-24:00"], 60, fail) == [time(22), time(23)]


def test_touching_periods_are_refused_naming_the_one_period_they_make(tmp_path: Path) -> None:
    """QA timecal14 L1: 8:00-10:00 and 10:00-12:00 made a break of no minutes that no meeting could cross
    ('longer than the longest period, 120 minutes' for a 3-hour meeting on a morning without a break)."""
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, '["8:00-10:00", "10:00-12:00"]'))
    assert caught.value.text("zh").endswith(
        "键“hours”: 工作时段“8:00-10:00”与“10:00-12:00”首尾相接：请写成一个时段 8:00-12:00，或在两者之间留出休息时间"
    )


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        ('["22:00-2:00"]', "工作时段“22:00-2:00”跨过了午夜：会议不能跨天，请写成两个时段 0:00-2:00 与 22:00-24:00"),
        ('["8:00-8:00"]', "工作时段“8:00-8:00”的开始与结束相同，没有工作时间"),
        ('["9:00-25:00"]', "工作时段“9:00-25:00”读不懂：请写成开始-结束，例如 8:00-12:00"),
        ('["13:00-17:00", "8:00-12:00"]', "工作时段“8:00-12:00”写在“13:00-17:00”之后，却早于它或与它重叠"),
        ('["8:00-11:30", "9:15-12:00"]', "工作时段“9:15-12:00”写在“8:00-11:30”之后，却早于它或与它重叠"),
        ('["8:00-10:00", "10:00-12:00"]', "工作时段“8:00-10:00”与“10:00-12:00”首尾相接：请写成一个时段 8:00-12:00"),
    ],
)
def test_a_unit_table_and_a_meeting_table_say_a_bad_period_in_the_same_words(
    tmp_path: Path, hours: str, said: str
) -> None:
    """Review14 F15: one reader and checker of working periods (scheduler.domain.periods) for both kinds
    of table; a unit table's overlapping periods were told by the meeting starts they gave, an
    unreadable one as 'cannot read the hour', periods out of order or touching were taken."""
    (tmp_path / "u.toml").write_text(f'days = ["2027-01-04"]\nhours = {hours}\n', encoding="utf-8")
    with pytest.raises(InputError) as unit:
        read_rules(tmp_path / "u.toml")
    with pytest.raises(InputError) as meeting:
        load_meetings(_table(tmp_path, hours))
    for lang in ("zh", "en"):
        unit_said = unit.value.text(lang).split(": ", 1)[1]
        assert unit_said == meeting.value.text(lang).split(": ", 1)[1], lang
    assert unit.value.text("zh").startswith(f"{tmp_path / 'u.toml'}, 第 2 行, 键“hours”: {said}")


def test_a_unit_table_period_too_short_for_a_meeting_is_a_working_period_said_as_itself(tmp_path: Path) -> None:
    (tmp_path / "u.toml").write_text('days = ["2027-01-04"]\nhours = ["9:00-9:30", "10:00"]\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(tmp_path / "u.toml")
    assert caught.value.text("en").endswith("key hours: working period 9:00-9:30 holds no meeting (60 minutes each)")
    (tmp_path / "u.toml").write_text('days = ["2027-01-04"]\nhours = ["9:00-11:30", "14:30-16:00", "19:00"]\n')
    assert read_rules(tmp_path / "u.toml").calendar.hours == tuple(
        time(h, m) for h, m in ((9, 0), (10, 0), (14, 30), (19, 0))
    )


@pytest.mark.parametrize(
    ("hours", "hour"), [('["8:00", "8:00"]', "8:00"), ('[\n  "9:00-12:00",\n  "9:00",\n]', "9:00")]
)
def test_a_unit_table_start_given_twice_is_refused_on_the_key(tmp_path: Path, hours: str, hour: str) -> None:
    """Review16 §10: a start written twice (a typo for 8:00, 9:00; a period's start written again) was
    merged silently, while 9:00 and 9:30 (30 minutes apart) were refused: 0 minutes apart is refused too."""
    (tmp_path / "u.toml").write_text(f'days = ["2027-01-04"]\nhours = {hours}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(tmp_path / "u.toml")
    assert caught.value.text("zh") == (
        f"{tmp_path / 'u.toml'}, 第 2 行, 键“hours”: 时段 {hour} 写了不止一次：同时开始的两场 60 分钟对接会互相重叠"
    )
    assert caught.value.text("en").endswith("more than once: two 60-minute meetings starting together would overlap")
