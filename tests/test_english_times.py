"""English time words read wherever times are read, whatever --lang (QA english14 F4, F7): the parts of
the day (``morning``, ``afternoon``, ``evening``, ``all day``), a 12-hour clock (``2pm``, ``9:00 AM``,
``2:30 PM``) and a span's ``to``; an English error's examples are written in English."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from scheduler.errors import InputError
from scheduler.files.load import build
from scheduler.files.rules_file import parse_rules
from scheduler.files.tables import parse_table
from scheduler.text.times import DAY_PARTS, parse_datetime, parse_times, year_resolver

YEAR = year_resolver([], 2026)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("Mar 2 2pm", datetime(2026, 3, 2, 14)),
        ("Mar 2 9:00 AM", datetime(2026, 3, 2, 9)),
        ("2 Mar 2:30 PM", datetime(2026, 3, 2, 14, 30)),
        ("2 Mar 2:30 p.m.", datetime(2026, 3, 2, 14, 30)),
        ("Mar 2 12 am", datetime(2026, 3, 2, 0)),
        ("Mar 2 12pm", datetime(2026, 3, 2, 12)),
        ("2 Mar 9 PM", datetime(2026, 3, 2, 21)),
        ("2026-03-02 09:00", datetime(2026, 3, 2, 9)),  # unchanged
        ("3月2日下午3点", datetime(2026, 3, 2, 15)),
    ],
)
def test_a_twelve_hour_clock_is_read(text, meant):
    assert parse_datetime(text, YEAR) == meant


@pytest.mark.parametrize("text", ["Mar 2 13pm", "Mar 2 0am", "Mar 2 25:00"])
def test_an_impossible_twelve_hour_clock_is_refused(text):
    with pytest.raises(ValueError):
        parse_datetime(text, YEAR)


@pytest.mark.parametrize(
    ("text", "first", "last", "daily"),
    [
        ("Mar 2 afternoon", datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 18, 59, 59), None),
        ("Mar 2 PM", datetime(2026, 3, 2, 12), datetime(2026, 3, 2, 18, 59, 59), None),  # 2 March, afternoon
        ("Mar 2 morning", datetime(2026, 3, 2, 5), datetime(2026, 3, 2, 11, 59, 59), None),
        ("Mar 2 9:00 to 11:00", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 11), None),
        ("Mar 2 2pm-4pm", datetime(2026, 3, 2, 14), datetime(2026, 3, 2, 16), None),
        ("afternoon", None, None, DAY_PARTS["下午"]),
        ("every morning", None, None, DAY_PARTS["上午"]),
        ("all day", None, None, DAY_PARTS["全天"]),
        ("evening", None, None, DAY_PARTS["晚上"]),
    ],
)
def test_parts_of_the_day_in_english_are_the_offices_parts(text, first, last, daily):
    times = parse_times(text, YEAR)
    assert (times.first, times.last, times.daily) == (first, last, daily)


RULES = parse_rules({"days": ["2026-03-02"], "hours": ["9:00", "14:00", "14:30"], "meeting_minutes": 30}, "t.toml")


def test_a_unit_tables_english_times_read():
    """(Reading a table never depends on --lang: the data's language is its own.)"""
    loaded = build(
        parse_table("Unit,Time\nFinance,Mar 2 2pm\nTax,Mar 2 9:00 AM\nHealth,2 Mar 2:30 PM\n", "t.csv"), RULES
    )
    assert [m.start for m in loaded.timetable.meetings] == [
        datetime(2026, 3, 2, 14),
        datetime(2026, 3, 2, 9),
        datetime(2026, 3, 2, 14, 30),
    ]


def test_the_english_errors_examples_are_english():
    with pytest.raises(InputError) as caught:
        build(parse_table("Unit,Time\nFinance,Mar 2 25pm\n", "t.csv"), RULES)
    said = caught.value.text("en")
    assert said.endswith("(e.g. Sep 8 8:00, 8 Sep 2:30 PM or 2021-09-08 08:00)"), said
    assert "月" not in said
    assert "例：9月8日 8:00" in caught.value.text("zh")


def test_the_meeting_tables_part_of_day_refusal_names_the_english_words():
    from scheduler.text.messages import Message, render

    said = render(Message("mfile.bad_part", value="evening"), "en")
    assert said == "part of day 'evening' must be morning or afternoon"
    assert time(12) == DAY_PARTS["下午"][0]
