"""The office's time notations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.times import format_time, parse_datetime, parse_span, year_resolver

YEAR = year_resolver([date(2021, 9, 8), date(2021, 9, 9), date(2021, 9, 10)])


@pytest.mark.parametrize(
    "text",
    [
        "9 月 8 日 8:00",
        "9月8日8:00",
        "9月8日 8:00",
        "９月８日 ８：００",
        "9月8日 8时",
        "9月8日 8点",
        "2021年9月8日 8:00",
        "2021-09-08 08:00",
        "2021/9/8 8:00",
        "2021-09-08T08:00:00",
        "2021.9.8 8:00",
    ],
)
def test_every_notation_reads_the_same(text):
    assert parse_datetime(text, YEAR) == datetime(2021, 9, 8, 8)


@pytest.mark.parametrize("text", ["9月32日 8:00", "9月8日", "明天上午", "2021-09-08 25:00", "8:00", ""])
def test_unreadable_times_raise(text):
    with pytest.raises(ValueError):
        parse_datetime(text, YEAR)


def test_afternoon_words():
    assert parse_datetime("9月10日 下午3点", YEAR) == datetime(2021, 9, 10, 15)


def test_spans_include_both_ends():
    assert parse_span("9月8日 8:00-11:00", YEAR) == (datetime(2021, 9, 8, 8), datetime(2021, 9, 8, 11))
    assert parse_span("9月8日 15:00 至 9月9日 11:00", YEAR) == (datetime(2021, 9, 8, 15), datetime(2021, 9, 9, 11))
    first, last = parse_span("9月9日", YEAR)
    assert first == datetime(2021, 9, 9) and last.date() == date(2021, 9, 9) and last.hour == 23
    assert parse_span("2021-09-08 08:00-2021-09-09 09:00", YEAR) == (
        datetime(2021, 9, 8, 8),
        datetime(2021, 9, 9, 9),
    )
    with pytest.raises(ValueError):
        parse_span("9月8日 11:00-8:00", YEAR)


def test_year_comes_from_the_campaign_day():
    across = year_resolver([date(2021, 12, 31), date(2022, 1, 3)])
    assert parse_datetime("1月3日 9:00", across) == datetime(2022, 1, 3, 9)
    assert parse_datetime("12月31日 9:00", across) == datetime(2021, 12, 31, 9)


def test_format_as_the_notice_writes():
    assert format_time(datetime(2021, 9, 10, 9)) == "9月10日 9:00"
