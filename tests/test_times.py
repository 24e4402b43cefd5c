"""The office's time notations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.messages import Message
from scheduler.text.times import (
    CLOCK_WORDS,
    DAY_PARTS,
    TimeRefused,
    format_day,
    format_time,
    parse_date,
    parse_datetime,
    parse_span,
    parse_times,
    year_resolver,
)

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


# Weekdays, as notices write them (QA notices #3): 9月8日 2021 is a Wednesday.
TWO_WEEKS = year_resolver([date(2021, 9, 8), date(2021, 9, 9), date(2021, 9, 15)])


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("周三 9:00", datetime(2021, 9, 8, 9)),
        ("星期三 9:00", datetime(2021, 9, 8, 9)),
        ("礼拜三下午3点", datetime(2021, 9, 8, 15)),
        ("周五 8:00", datetime(2021, 9, 10, 8)),
        ("9月8日（星期三）9:00", datetime(2021, 9, 8, 9)),  # as notices print it: checked against the date
        ("9月8日(周三) 9:00", datetime(2021, 9, 8, 9)),
        ("2021年9月8日 星期三 9:00", datetime(2021, 9, 8, 9)),
    ],
)
def test_a_weekday_that_is_one_campaign_day_is_that_day(text, meant):
    assert parse_datetime(text, YEAR) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Wed 9:00",
        "Wednesday 9:00",
        "wed. 9:00",
        "WEDS 9:00",
        "Wed 8 Sep 9:00",
        "Wed, 8 Sep 2021 09:00",
        "Wednesday 8 September 9:00",
        "Sep 8 (Wednesday) 9:00",
        "Sep 8, 2021 (Wed) 9:00",
        "8 Sep 9:00",
        "September 8th 9:00",
        "9月8日 Wed 9:00",
        "9月8日(Wednesday) 9:00",
        "2021-09-08 Wednesday 09:00",
        "周三 9月8日 9:00",  # a weekday before its date, in Chinese too
    ],
)
def test_english_weekdays_and_dates_are_read_as_the_chinese_ones(text):
    """Leftovers 3: ``Wed``, ``Wednesday``, ``Wed 8 Sep``, ``Sep 8 (Wednesday)`` were no time where 周三 and
    星期三 were; they are read the same way, in the one reader of times."""
    assert parse_datetime(text, YEAR) == datetime(2021, 9, 8, 9)


def test_an_english_weekday_is_checked_against_its_date_and_names_campaign_days_alone():
    for text in ("Sat 8 Sep 9:00", "Sep 8 (Friday) 9:00", "9月8日 Thu 9:00", "2021-09-08 Sun 09:00"):
        with pytest.raises(TimeRefused) as refused:
            parse_datetime(text, YEAR)
        assert refused.value.key == "time.weekday_mismatch" and refused.value.params["actual_en"] == "Wednesday"
    assert parse_date("Sat 14 Sep 2024") == date(2024, 9, 14)
    with pytest.raises(TimeRefused):
        parse_date("Tue 14 Sep 2024")
    assert parse_datetime("Thurs 15:00", YEAR) == datetime(2021, 9, 9, 15)
    assert parse_datetime("fri 8:00", YEAR) == datetime(2021, 9, 10, 8)
    slots = [datetime(2021, 9, d, h) for d in (8, 9, 15) for h in (9, 15)]
    assert parse_times("Wed 下午", TWO_WEEKS).meetings(slots, 60, False) == [
        datetime(2021, 9, 8, 15),
        datetime(2021, 9, 15, 15),
    ]
    for text in ("Wed 8 Sep 下午", "周三 9月8日下午", "Wed8Sep下午"):  # a weekday before its date: one day
        assert parse_times(text, TWO_WEEKS).meetings(slots, 60, False) == [datetime(2021, 9, 8, 15)]
    span = parse_times("Wed 8 Sep 9:00 - Thu 9 Sep 10:00", TWO_WEEKS).meetings(slots, 60, False)
    assert span == [datetime(2021, 9, 8, 9), datetime(2021, 9, 8, 15), datetime(2021, 9, 9, 9)]
    with pytest.raises(TimeRefused) as refused:
        parse_times("Sat", YEAR)
    assert Message(refused.value.key, **refused.value.params).text("en").endswith("Saturday")
    for text in ("Sep 8:00", "Wedding 9:00", "Sept 9:00", "Monument"):  # no date, no weekday
        with pytest.raises(ValueError):
            parse_datetime(text, YEAR)


def test_a_weekday_after_a_date_must_be_the_dates():
    with pytest.raises(TimeRefused) as refused:
        parse_datetime("9月8日（星期六）9:00", YEAR)
    assert Message(refused.value.key, **refused.value.params).text() == "9月8日是星期三，不是星期六"
    assert Message(refused.value.key, **refused.value.params).text("en") == "Sep 8 is a Wednesday, not a Saturday"
    assert parse_date("2024年9月14日（星期六）") == date(2024, 9, 14)
    with pytest.raises(TimeRefused):
        parse_date("2024年9月14日（星期二）")


def test_a_weekday_of_several_campaign_days_is_refused_for_one_time_and_means_all_for_a_span():
    with pytest.raises(TimeRefused) as refused:
        parse_datetime("周三 9:00", TWO_WEEKS)
    said = Message(refused.value.key, **refused.value.params).text()
    assert said == "周三是对接日期中的 2 天（9月8日、9月15日）：这里只能是一个时间，请写明日期"
    slots = [datetime(2021, 9, d, h) for d in (8, 9, 15) for h in (9, 15)]
    for whole in (False, True):
        afternoons = parse_times("每周三下午", TWO_WEEKS).meetings(slots, 60, whole)
        assert afternoons == [datetime(2021, 9, 8, 15), datetime(2021, 9, 15, 15)]
        wednesdays = parse_times("星期三", TWO_WEEKS).meetings(slots, 60, whole)
        assert wednesdays == [s for s in slots if s.day != 9]
        hour = parse_times("周三 9:00-10:00", TWO_WEEKS).meetings(slots, 60, whole)
        assert hour == [datetime(2021, 9, 8, 9), datetime(2021, 9, 15, 9)]
    with pytest.raises(TimeRefused):
        parse_times("周三下午至周四上午", TWO_WEEKS)  # from which Wednesday?


def test_a_weekday_no_campaign_day_is_refused_and_without_the_campaign_it_is_no_time():
    with pytest.raises(TimeRefused) as refused:
        parse_times("周六", YEAR)
    said = Message(refused.value.key, **refused.value.params).text()
    assert said == "对接日期（9月8日、9月9日、9月10日）中没有星期六"
    with pytest.raises(ValueError):
        parse_datetime("周三 9:00", lambda month, day: 2021)  # a resolver that knows no days
    with pytest.raises(ValueError):
        parse_times("周末", YEAR)  # no weekday


def test_a_weekday_of_several_days_is_clock_time_on_each_as_on_its_date():
    """周三 9:00-10:00 is 9月8日 9:00-10:00 and 9月15日 9:00-10:00: with 90-minute meetings at 8:30 and
    10:00, away takes the 8:30 one (it runs until 10:00), only keeps none wholly inside, 周三 11:00 takes
    the 10:00 one running then, exactly as the dated spans do."""
    slots = [datetime(2021, 9, d, h, m) for d in (8, 9, 15) for h, m in ((8, 30), (10, 0))]
    for text in ("周三 9:00-10:00", "周三 11:00", "周三 8:30-11:30", "周三上午"):
        on_days = parse_times(text, TWO_WEEKS)
        dated = [parse_times(f"9月{d}日 {text.removeprefix('周三')}", TWO_WEEKS) for d in (8, 15)]
        for whole in (False, True):
            expected = sorted(s for times in dated for s in times.meetings(slots, 90, whole))
            assert on_days.meetings(slots, 90, whole) == expected, (text, whole)
    assert parse_times("周三 9:00-10:00", TWO_WEEKS).meetings(slots, 90, False) == [
        datetime(2021, 9, 8, 8, 30),
        datetime(2021, 9, 15, 8, 30),
    ]
    assert parse_times("周三 9:00-10:00", TWO_WEEKS).meetings(slots, 90, True) == []


def test_a_part_of_the_day_names_the_same_hours_before_a_clock_time_and_alone():
    """Review §7: 晚上6点 was 18:00 but 9月8日晚上 started at 19:00, so a unit unavailable 晚上 was not
    blocked at a meeting the office calls 晚上6点; 上午 ran from 0:00 while 上午4点 was refused. Every hour a
    word takes before a clock time is in its span, and every hour of its span is one it takes."""
    for word in DAY_PARTS.keys() & set(CLOCK_WORDS):
        first, last = parse_span(f"9月8日{word}", YEAR)
        named = set()
        for hour in range(24):
            try:
                named.add(parse_datetime(f"9月8日{word}{hour}点", YEAR))
            except ValueError:
                continue
        spanned = {datetime(2021, 9, 8, h) for h in range(24) if first <= datetime(2021, 9, 8, h) <= last}
        assert named == spanned, word
    assert parse_datetime("9月8日晚上6点", YEAR) == parse_span("9月8日晚上", YEAR)[0] == datetime(2021, 9, 8, 18)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("8 Sep 10:00-9 Sep 11:00", datetime(2021, 9, 8, 10), datetime(2021, 9, 9, 11)),
        ("Sep 8 10:00-Sep 9 11:00", datetime(2021, 9, 8, 10), datetime(2021, 9, 9, 11)),
        ("9月8日 10:00-9月9日 11:00", datetime(2021, 9, 8, 10), datetime(2021, 9, 9, 11)),
        ("8 Sep-9 Sep", datetime(2021, 9, 8), datetime(2021, 9, 9, 23, 59, 59, 999999)),
        ("8th SEP-9th SEP", datetime(2021, 9, 8), datetime(2021, 9, 9, 23, 59, 59, 999999)),
        ("8 Sep 10:00-11:30", datetime(2021, 9, 8, 10), datetime(2021, 9, 8, 11, 30)),  # a clock span still
    ],
)
def test_an_english_date_span_with_a_bare_hyphen_is_read_as_the_chinese_one(text, first, last):
    """Review 5: a bare hyphen split a span before an ISO or a 9月8日 date, never before an English one:
    ``8 Sep-9 Sep`` and ``Sep 8 10:00-Sep 9 11:00`` were refused while their Chinese forms were read."""
    times = parse_times(text, YEAR)
    assert (times.first, times.last) == (first, last)
