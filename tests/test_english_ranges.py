"""An English range of 12-hour clock times with one AM/PM after it (review14 F19, F4): ``1:00-3:00 PM`` is
13:00-15:00, the PM both ends' (not 1:00 to 15:00); ``11:00 AM-1:00 PM`` stays 11:00-13:00, ``9-11am``
is 9:00-11:00; ``12 am`` ending a range is the day's end (``10pm-12am``: 22:00-24:00), as ``晚上12点`` is.
Read alike in working hours, unavailable spans and a table's 时间."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from scheduler.errors import InputError
from scheduler.files.load import build
from scheduler.files.rules_file import parse_rules
from scheduler.files.tables import parse_table
from scheduler.text.times import DAY_END, parse_period, parse_span, year_resolver

RANGES = [
    ("1:00-3:00 PM", time(13), time(15)),
    ("1-3 pm", time(13), time(15)),
    ("1:00 to 3:00 PM", time(13), time(15)),
    ("11:00 AM-1:00 PM", time(11), time(13)),
    ("11-1 pm", time(11), time(13)),  # the start after the end in the afternoon: the morning's
    ("12-2 pm", time(12), time(14)),
    ("9-11am", time(9), time(11)),
    ("9:00 AM-5:00 PM", time(9), time(17)),
    ("11 am-noon", time(11), time(12)),
    ("noon-2pm", time(12), time(14)),
]


@pytest.mark.parametrize(("text", "first", "last"), RANGES)
def test_working_hours_read_the_trailing_am_pm_on_both_ends(text, first, last):
    assert parse_period(text) == (first, last)
    rules = parse_rules({"days": ["2027-03-02"], "hours": [text]}, "r.toml")
    starts = rules.calendar.hours
    assert starts[0] == first and starts[-1] < last


@pytest.mark.parametrize("text", ["10pm-12am", "10:00 PM-12:00 AM", "10 pm to 12 am", "10 pm - midnight"])
def test_twelve_am_ending_a_period_is_the_days_end(text):
    assert parse_period(text) == (time(22), DAY_END) == parse_period("晚上10点-晚上12点")
    rules = parse_rules({"days": ["2027-03-02"], "hours": [text]}, "r.toml")
    assert rules.calendar.hours == (time(22), time(23))


def test_twelve_am_alone_is_still_midnight():
    assert parse_span("Mar 2 12 am", year_resolver([], 2027))[0] == datetime(2027, 3, 2, 0)


@pytest.mark.parametrize(("text", "first", "last"), RANGES)
def test_an_unavailable_span_reads_the_trailing_am_pm_on_both_ends(text, first, last):
    year = year_resolver([], 2027)
    day = datetime(2027, 3, 2)
    assert parse_span(f"Mar 2 {text}", year) == (datetime.combine(day, first), datetime.combine(day, last))
    rules = parse_rules(
        {
            "days": ["2027-03-02"],
            "hours": ["0:00-24:00"],
            "unavailable": [{"unit": "A", "times": f"Mar 2 {text}"}],
        },
        "r.toml",
    )
    loaded = build(parse_table("Unit\nA\n", "t.csv"), rules)
    (away,) = loaded.problem.unavailable
    hours = sorted(start.hour for start in away.starts)
    assert hours == list(range(first.hour, last.hour)), hours  # the hourly meetings it overlaps, no 1 a.m.


@pytest.mark.parametrize(
    ("written", "hour"),
    [
        ("Mar 2 1:00-2:00 PM", 13),
        ("Mar 2 9:00-10:00am", 9),
        ("Mar 2 11:00 AM-12:00 PM", 11),
        ("Mar 2 12:00-1:00 pm", 12),
    ],
)
def test_a_tables_time_span_reads_the_trailing_am_pm_on_both_ends(written, hour):
    rules = parse_rules({"days": ["2027-03-02"], "hours": ["0:00-24:00"]}, "r.toml")
    loaded = build(parse_table(f"Unit,Time\nA,{written}\n", "t.csv"), rules)
    assert [m.start for m in loaded.timetable.meetings] == [datetime(2027, 3, 2, hour)]


@pytest.mark.parametrize(("written", "hour"), [("Mar 2 9-10am", 9), ("Mar 2 1-2 pm", 13), ("Mar 2 2pm-3pm", 14)])
def test_a_tables_time_span_of_hours_without_minutes_is_read(written, hour):
    """(The span's check that it names clock times looked for a colon in the text as written.)"""
    rules = parse_rules({"days": ["2027-03-02"], "hours": ["0:00-24:00"]}, "r.toml")
    loaded = build(parse_table(f"Unit,Time\nA,{written}\n", "t.csv"), rules)
    assert [m.start for m in loaded.timetable.meetings] == [datetime(2027, 3, 2, hour)]


def test_a_tables_time_of_a_part_of_the_day_is_still_refused():
    rules = parse_rules({"days": ["2027-03-02"], "hours": ["0:00-24:00"]}, "r.toml")
    with pytest.raises(InputError):
        build(parse_table("Unit,Time\nA,Mar 2 afternoon\n", "t.csv"), rules)


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        ("10pm-12:30am", "working period 22:00-0:30 crosses midnight: a meeting cannot run into the next day; "),
        ("14:00-13:00", "working period 14:00-13:00 crosses midnight"),
        ("9:00-9:00", "working period 9:00-9:00 begins and ends at the same time"),
    ],
)
def test_a_unit_tables_backwards_period_is_told_as_a_meeting_tables(hours, said):
    """(It was told "holds no meeting", of a period of hours; the one check is the meeting calendar's.)"""
    with pytest.raises(InputError) as caught:
        parse_rules({"days": ["2027-03-02"], "hours": [hours]}, "r.toml")
    text = caught.value.text("en")
    assert text.startswith(f"r.toml, key hours: {said}"), text


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        # as a meeting table's
        ("10-12am", "working period '10-12am' cannot be read: write it as start-end, e.g. 8:00-12:00"),
        ("10:00-12:00 AM", "working period 10:00-0:00 ends at 0:00, the day's start: the day's end is written 24:00"),
        ("10:00-0:00", "working period 10:00-0:00 ends at 0:00, the day's start: the day's end is written 24:00"),
    ],
)
def test_twelve_am_ending_a_range_whose_start_says_no_half_is_refused(hours, said):
    """(10 a.m. to noon, 12 am taken for noon, or 10 p.m. to midnight: not a 14-hour day guessed.)"""
    with pytest.raises(InputError) as caught:
        parse_rules({"days": ["2027-03-02"], "hours": [hours]}, "r.toml")
    text = caught.value.text("en")
    assert text.startswith(f"r.toml, key hours: {said}"), text


def test_every_letter_the_english_words_can_match_is_looked_for_before_searching():
    """``normalize`` searches for English time words only in a text holding one of ``times._LATIN_LETTERS``:
    every character the words' pattern matches as a letter, case ignored, is one of them."""
    import re
    import sys

    from scheduler.text import times

    letters = {c for c in times._ENGLISH.lower() if "a" <= c <= "z"}
    matched = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        for letter in letters
        if re.fullmatch(f"(?i){letter}", chr(code))
    }
    assert matched <= times._LATIN_LETTERS
