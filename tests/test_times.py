"""The office's time notations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.times import format_day, format_time, parse_datetime, parse_span, year_resolver

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


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("中午12点", 12, 0),
        ("中午12点半", 12, 30),
        ("中午1点", 13, 0),
        ("中午1:30", 13, 30),
        ("中午2点", 14, 0),
        ("中午11点半", 11, 30),
        ("凌晨0点", 0, 0),
        ("凌晨5点", 5, 0),
        ("早上8点", 8, 0),
        ("上午11:30", 11, 30),
        ("下午12:30", 12, 30),
        ("下午3点", 15, 0),
        ("下午15:00", 15, 0),
        ("傍晚6点", 18, 0),
        ("晚上7点", 19, 0),
        ("晚上11:30", 23, 30),
        ("夜里9点", 21, 0),
    ],
)
def test_a_part_of_the_day_before_a_clock_time_says_which_hour(text, hour, minute):
    assert parse_datetime(f"9月8日 {text}", YEAR) == datetime(2021, 9, 8, hour, minute)


@pytest.mark.parametrize(
    "text",
    [
        "中午8点",  # no noon hour: neither 8:00 nor 20:00 is guessed
        "中午3点",
        "晚上12点",  # midnight: the end of the 8th or the start of the 9th
        "晚上1点",  # past midnight, another day than the one written
        "夜里2点",
        "凌晨12点",
        "上午12点",  # noon or midnight, read both ways
        "早上12点",
        "上午1点",  # 凌晨 hours, or a slip for 下午1点
        "下午0点",
        "傍晚9点",
    ],
)
def test_a_part_of_the_day_that_fits_no_hour_is_refused(text):
    with pytest.raises(ValueError):
        parse_datetime(f"9月8日 {text}", YEAR)


def test_a_span_at_noon_runs_into_the_afternoon():
    assert parse_span("9月8日 中午1点-4点", YEAR) == (datetime(2021, 9, 8, 13), datetime(2021, 9, 8, 16))
    assert parse_span("9月8日 中午12点-2点", YEAR) == (datetime(2021, 9, 8, 12), datetime(2021, 9, 8, 14))
    with pytest.raises(ValueError):
        parse_span("9月8日 晚上8点-12点", YEAR)


def test_a_time_of_another_year_than_the_campaigns_says_its_year():
    assert format_time(datetime(2022, 9, 8, 8), {2021}) == "2022年9月8日 8:00"
    assert format_time(datetime(2021, 9, 8, 8), {2021}) == "9月8日 8:00"
    assert format_day(date(2022, 1, 3), {2021, 2022}) == "1月3日"
