"""The days a decline's words name (QA story 9, finding 6): read for a hint only, never into the rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.cli.named_days import NamedDay, named_days, not_blocked

DAYS = (date(2021, 9, 8), date(2021, 9, 9), date(2021, 9, 10))
DECLINED = (datetime(2021, 9, 8, 9, 0),)


@pytest.mark.parametrize(
    ("comment", "named"),
    [
        ("8日全天不行", ["9月8日"]),  # the day of the month alone
        ("说了8日全天不行", ["9月8日"]),
        ("9月8日全天开会，换一天", ["9月8日"]),
        ("９月８日全天开会", ["9月8日"]),  # full-width digits
        ("2021年9月8日不行", ["9月8日"]),
        ("当天有全局大会，9月9日下午3点可以吗", ["9月8日"]),  # 当天: the day declined; a time proposed is no day
        ("全天都有会", ["9月8日"]),
        ("下午不行", ["9月8日下午"]),  # a bare half: that half of the day declined
        ("当天下午不行", ["9月8日下午"]),
        ("9日下午有事", ["9月9日下午"]),
        ("10号上午、9号下午都不行", ["9月9日下午", "9月10日上午"]),
        ("9月8日下午有执法任务，能否改到9日上午？", ["9月8日下午"]),  # the day asked for is not named
        ("上午有会，下午可以", ["9月8日上午"]),  # nor a day the unit can come
        ("改到周五下午", []),
        ("9点又有会了", []),  # a time, not a day
        ("下午3点不行", []),
        ("9月9日 15:00 可以", []),
        ("改到10日8点更好", []),
        ("9月18日不行", []),  # not a day of the campaign (and not the 8th)
        ("9月8日全天，8日上午尤其不行", ["9月8日"]),  # the whole day covers its half
        ("", []),
    ],
)
def test_the_days_a_comment_names(comment, named):
    assert [n.text() for n in named_days(comment, DECLINED, DAYS)] == named


def test_a_day_already_unavailable_to_the_unit_is_not_named_again():
    slots = [datetime(2021, 9, 8, h) for h in (8, 9, 10, 11, 15, 16)]
    morning = {s for s in slots if s.hour < 12}
    named = [NamedDay(date(2021, 9, 8), "上午"), NamedDay(date(2021, 9, 8))]
    assert not_blocked(named, slots, morning) == [NamedDay(date(2021, 9, 8))]
    assert not_blocked(named, slots, set(slots)) == []
