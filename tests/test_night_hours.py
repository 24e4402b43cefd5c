"""A night's hour past midnight (QA timecal14 M3): ``1月4日晚上12点`` and ``夜里2点`` are the night of the
4th, so the refusal names the 5th (following the old hint, ``1月4日 0:00``, blocked the start of the
4th, a day off); ``凌晨`` alone is a part of the day, as 上午 is."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.messages import Message, refusal
from scheduler.text.times import parse_datetime, parse_span, year_resolver

YEAR = year_resolver([date(2027, 1, 4), date(2027, 1, 5)])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("1月4日晚上12点", "“晚上12点”：晚上12点已过午夜，是次日的 1月5日 0:00，请写 1月5日 0:00"),
        ("1月4日夜里2点", "“夜里2点”：夜里2点已过午夜，是次日的 1月5日 2:00，请写 1月5日 2:00"),
        ("1月4日 夜间1点半", "“夜间1点半”：夜间1点已过午夜，是次日的 1月5日 1:30，请写 1月5日 1:30"),
    ],
)
def test_a_night_hour_past_midnight_is_refused_naming_the_next_day(text: str, said: str) -> None:
    for read in (lambda t: parse_datetime(t, YEAR), lambda t: parse_span(t, YEAR)):
        with pytest.raises(ValueError) as caught:
            read(text)
        assert refusal(caught.value, Message("input.bad_time", value=text)).text("zh") == said


def test_other_refused_hours_keep_their_two_readings() -> None:
    with pytest.raises(ValueError) as caught:
        parse_datetime("1月4日下午8点", YEAR)
    assert "请写 8:00 或 20:00" in refusal(caught.value, Message("input.bad_time", value="")).text("zh")


def test_lingchen_alone_is_the_small_hours() -> None:
    assert parse_span("1月5日凌晨", YEAR) == (datetime(2027, 1, 5), datetime(2027, 1, 5, 6, 59, 59))
