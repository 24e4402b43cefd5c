"""English messages write dates the English way (QA qaeng22 F2): ``Sep 1 9:00``, not ``9月1日 9:00``; the
Chinese messages, the notice's annex and the Chinese invites keep ``9月1日``. One formatter
(:mod:`scheduler.text.times`) gives both forms; a message renders the one of its language."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.text.messages import Message, render
from scheduler.text.times import DAY_PARTS, dated, format_day, format_end, format_slots, format_span, format_time

SCHOOL = Path(__file__).parent / "data" / "english_school"
DAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("written", "chinese", "english"),
    [
        (format_time(datetime(2026, 9, 1, 9)), "9月1日 9:00", "Sep 1 9:00"),
        (format_time(datetime(2022, 9, 10, 9), [2026]), "2022年9月10日 9:00", "Sep 10 2022 9:00"),
        (format_time(datetime(2026, 11, 1, 1, 30, fold=1)), "11月1日 1:30（回拨后）", "Nov 1 1:30 (second 1:30)"),
        (format_day(date(2026, 12, 25)), "12月25日", "Dec 25"),
        (format_end(datetime(2026, 9, 2)), "9月1日 24:00", "Sep 1 24:00"),
        (format_span(datetime(2026, 9, 1, 9), datetime(2026, 9, 1, 10, 30)), "9月1日 9:00-10:30", "Sep 1 9:00-10:30"),
        (format_span(datetime(2026, 9, 1), datetime(2026, 9, 2)), "9月1日全天", "Sep 1 all day"),
        (
            format_span(*[datetime.combine(date(2026, 9, 1), t) for t in DAY_PARTS["下午"]]),
            "9月1日下午",
            "Sep 1 afternoon",
        ),
        (
            format_slots([datetime(2026, 9, 1, 8), datetime(2026, 9, 1, 9)], 60)[0],
            "9月1日 8:00-10:00",
            "Sep 1 8:00-10:00",
        ),
    ],
)
def test_a_time_has_a_chinese_and_an_english_form(written, chinese, english):
    assert written == chinese  # what files, the annex and Chinese messages hold, as before
    assert dated(written, "en") == english and dated(written, "zh") == chinese


def test_a_message_renders_the_dates_of_its_language():
    message = Message("meetings.all_past", now=datetime(2026, 12, 5, 23, 1))
    assert "12月5日 23:01" in render(message, "zh")
    assert "Dec 5 23:01" in render(message, "en") and "月" not in render(message, "en")
    listed = Message("time.weekday_several", weekday="Tue", count=2, dates=[date(2026, 9, 1), date(2026, 9, 8)])
    assert "Sep 1, Sep 8" in render(listed, "en")


def test_an_english_solve_prints_no_chinese_date(tmp_path):
    for name in ("meetings.csv", "meetings.toml", "people.csv"):
        shutil.copy(SCHOOL / name, tmp_path / name)
    env = {"DOCKING_LANG": "en", "DOCKING_NOW": "2026-08-01T08:00+01:00"}
    args = ["solve", str(tmp_path / "meetings.csv"), "--out", str(tmp_path / "out"), "--time-limit", "5"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Sep 1 9:00" in result.output
    assert not re.search(r"\d月\d", result.output), result.output


@pytest.mark.parametrize(
    ("span", "zh", "en"),
    [
        # QA qaembed23 F5: a year's leave read as eleven days of one December
        (
            format_span(datetime(2026, 12, 20, 9), datetime(2027, 12, 31, 18)),
            "2026年12月20日 9:00-2027年12月31日 18:00",
            "Dec 20 2026 9:00-Dec 31 2027 18:00",
        ),
        (  # a service's "always busy": not "Jan 1 0:00-Jan 1 0:00"
            format_span(datetime(1, 1, 1), datetime(9999, 1, 1)),
            "1年1月1日 0:00-9999年1月1日 0:00",
            "Jan 1 1 0:00-Jan 1 9999 0:00",
        ),
        (  # in one year that is not the campaign's: its year on the first day
            format_span(datetime(2026, 3, 1, 9), datetime(2026, 3, 1, 10), {2027}),
            "2026年3月1日 9:00-10:00",
            "Mar 1 2026 9:00-10:00",
        ),
        (format_span(datetime(2026, 3, 1), datetime(2026, 3, 2), {2027}), "2026年3月1日全天", "Mar 1 2026 all day"),
        (  # the campaign's own year: as the notice writes it
            format_span(datetime(2027, 2, 20), datetime(2027, 3, 10), {2027}),
            "2月20日 0:00-3月10日 0:00",
            "Feb 20 0:00-Mar 10 0:00",
        ),
    ],
)
def test_a_span_of_another_year_or_across_one_says_its_years(span, zh, en):
    assert (dated(span, "zh"), dated(span, "en")) == (zh, en)


def test_a_busy_time_from_another_year_is_explained_with_its_years():
    from scheduler.domain import Room
    from scheduler.domain.meetings import Attendee, Busy, MeetingProblem, Person, Session, Workdays
    from scheduler.meetings.planner import solve_meetings

    days = Workdays(
        (date(2027, 3, 1), date(2027, 3, 2)), ((datetime(1, 1, 1, 9).time(), datetime(1, 1, 1, 18).time()),)
    )
    leave = Busy("张三", datetime(2026, 12, 20, 9), datetime(2027, 12, 31, 18))
    session = Session("会", 60, (Attendee("张三"),))
    problem = MeetingProblem((session,), days, (Room("301"),), (Person("张三"),), busy=(leave,))
    result = solve_meetings(problem, time_limit=5, workers=1)
    assert result.conflict is not None
    assert "张三 is unavailable Dec 20 2026 9:00-Dec 31 2027 18:00" in "\n".join(result.conflict.lines("en"))
    assert "2026年12月20日 9:00-2027年12月31日 18:00" in "\n".join(result.conflict.lines("zh"))


def test_a_dated_window_of_another_year_is_counted_with_its_year():
    """The counting argument's span (every meeting's dated window before the days) says its year."""
    from datetime import time

    from scheduler.domain import Room
    from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Window, Workdays
    from scheduler.meetings.planner import solve_meetings

    days = Workdays((date(2027, 3, 1), date(2027, 3, 2)), ((time(14), time(18)),))
    window = Window(not_before=datetime(2026, 1, 1, 9), not_after=datetime(2026, 1, 1, 12))
    session = Session("会", 60, (Attendee("张三"),), window=window)
    result = solve_meetings(MeetingProblem((session,), days, (Room("301"),), (Person("张三"),)), time_limit=5)
    assert result.status == "infeasible" and result.conflict is not None
    assert "from Jan 1 2026 9:00 to Jan 1 2026 12:00" in "\n".join(result.conflict.lines("en"))
    assert "2026年1月1日 9:00 至 2026年1月1日 12:00" in "\n".join(result.conflict.lines("zh"))
