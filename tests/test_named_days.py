"""The days a decline's words name (QA story 9, finding 6): read for a hint only, never into the rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.named_days import AWAY, WANTED, NamedDay, days_said, merged, named_days, not_blocked

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
        # days in Chinese numerals, as IMEs and formal writing give them (QA qacnmail19 F5)
        ("九号下午出差", ["9月9日下午"]),
        ("十日上午要开会", ["9月10日上午"]),
        ("九月九日下午出差", ["9月9日下午"]),
        ("九月十日全天不行", ["9月10日"]),
        ("二十一日不行", []),  # not a campaign day: and not the declined day's either
        ("十号、九号下午都不行", ["9月9日下午", "9月10日"]),
        # a day the reader cannot place: its half is not the declined day's
        ("初九下午不行", []),
        ("明天下午不行", []),
        ("周末下午有事", []),
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


def test_a_decline_that_says_only_or_can_names_no_day_it_cannot_come():
    """只能 / 安排在 name the times asked for, not those declined (QA notices #3)."""
    assert named_days("只能上午", DECLINED, DAYS) == []
    assert [n.text() for n in named_days("周五不行", DECLINED, DAYS)] == ["9月10日"]  # weekdays read too


# A table's 备注 (QA notices #3): the recogniser a decline's words are read with, for a hint only.
def note(text: str) -> tuple[list[str], list[str]]:
    """The days a note says the unit cannot come, and those it can only come."""
    said = days_said(text, DAYS, None)
    away = [n.text() for n in merged(s.named for s in said if s.how == AWAY)]
    return away, [n.text() for n in merged(s.named for s in said if s.how == WANTED)]


@pytest.mark.parametrize(
    ("text", "away", "wanted"),
    [
        ("9月8日上午外出", ["9月8日上午"], []),
        ("周三不行", ["9月8日"], []),  # 9月8日 2021 is the campaign's Wednesday
        ("星期四全天有会", ["9月9日"], []),
        ("礼拜五上午请假", ["9月10日上午"], []),
        ("9日下午有会", ["9月9日下午"], []),
        ("局长9月8日出差", ["9月8日"], []),
        ("10号上午、9号下午都不行", ["9月9日下午", "9月10日上午"], []),
        ("除周三外都可以", ["9月8日"], []),
        ("9月8日（星期三）上午外出", ["9月8日上午"], []),
        ("只能上午", [], ["9月8日上午", "9月9日上午", "9月10日上午"]),
        ("请安排在周五", [], ["9月10日"]),
        ("只能9日", [], ["9月9日"]),
        ("9月8日上午外出，下午可以", ["9月8日上午"], []),  # 下午: that day's, and it can come then
        ("周三不行，只能下午", ["9月8日"], ["9月8日下午", "9月9日下午", "9月10日下午"]),
        ("九号下午外出", ["9月9日下午"], []),  # Chinese numerals (QA qacnmail19 F5)
        ("九月十日上午请假", ["9月10日上午"], []),
        ("初九下午外出", [], []),  # a lunar day: not every afternoon
    ],
)
def test_the_limits_a_note_names(text, away, wanted):
    assert note(text) == (away, wanted)


ORDINARY_NOTES = [
    "携带公章",
    "请准备材料",
    "联系人：张三 13800000000",
    "分管副局长参加",
    "需投影仪",
    "A栋3楼",
    "提前10分钟到场",
    "与区税务局同场",
    "第二会议室",
    "上午场",
    "9月1日已报送材料",  # not a campaign day
    "材料请于9月8日前提交",  # a deadline, no absence
    "9月8日在大会议室",
    "8号楼开会",  # a building, not the 8th
    "3号会议室",
    "所有会员单位",
    "下午茶歇",
    "9月9日 15:00 可以",
    "下午3点有会",  # a time of day, not a half-day
    "周末值班",  # no weekday
    "一日游",  # no day of a month: 一日 is "one day"
    "十日内报送材料",  # a deadline, no absence
    "两日内外出",  # 两日: two days, not the 2nd
]


@pytest.mark.parametrize("text", ORDINARY_NOTES)
def test_an_ordinary_note_names_no_limit(text):
    assert note(text) == ([], [])


@pytest.mark.parametrize(
    ("comment", "proposed", "named"),
    [
        ("建议9日下午", datetime(2021, 9, 9, 16), []),  # the day it proposes (QA replies #5)
        ("10号上午&ok", datetime(2021, 9, 10, 10), []),
        ("9日下午吧", datetime(2021, 9, 9, 15), []),
        ("9日下午", datetime(2021, 9, 9, 15), []),
        ("9日全天有会，改到10日上午", datetime(2021, 9, 10, 9), ["9月9日"]),  # a day away still counts
        ("9日上午有会", datetime(2021, 9, 9, 15), ["9月9日上午"]),  # the other half of the proposed day
        ("9日有会，下午也行", datetime(2021, 9, 9, 16), []),  # the day it proposes, whatever else it says
    ],
)
def test_a_counter_never_names_the_day_it_proposes(comment, proposed, named):
    assert [n.text() for n in named_days(comment, DECLINED, DAYS, proposed)] == named


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("9月8日召开", [("9月8日", WANTED)]),  # the day the meeting is held (QA office15 F1)
        ("定于9月9日上午召开", [("9月9日上午", WANTED)]),
        ("周五举行", [("9月10日", WANTED)]),
        ("9月8日在420会议室开会", [("9月8日", WANTED)]),
        ("9月8日领导外出，不能召开", [("9月8日", AWAY)]),  # absence in the clause: still a day ruled out
        ("9月8日不召开", [("9月8日", "named")]),
        ("9月8日有会", [("9月8日", AWAY)]),
    ],
)
def test_a_meeting_s_own_note_says_the_day_it_is_held(note, said):
    """In a meeting's 备注, 召开 / 举行 / 开会 say when it is held: the day asked for; before, "3月10日召开"
    named the day and gave no hint while the meeting went to 3月9日. A unit's note or a decline's comment
    reads 开会 as before (the unit is away at a meeting)."""
    assert [(s.named.text(), s.how) for s in days_said(note, DAYS, None, held=True)] == said
    assert [(s.named.text(), s.how) for s in days_said("9月8日全天开会", DAYS, None)] == [("9月8日", AWAY)]


@pytest.mark.parametrize(
    "text",
    [
        "十日内无法提供材料，8日可以参加",
        "8日可以参加，请十日内回复",
        "请在九日内回复，8日可以参加",
        "10日内无法提供材料，8日可以参加",
        "9日之内答复，8日可以参加",
        "十日以内无法提供材料，8日可以参加",
        "九日后答复，8日可以参加",
        "十日左右无法提供材料，8日可以参加",
    ],
)
def test_a_count_of_days_is_a_duration_not_a_date(text):
    """QA review19 F3: "十日内" (within ten days) is no 10th; before, "十日内无法提供材料" declined 9月10日."""
    assert [said.named.day for said in days_said(text, DAYS, None)] == [date(2021, 9, 8)]


def test_a_date_with_its_month_stays_a_date_before_within():
    assert [said.named.day for said in days_said("9月10日内无法参加", DAYS, None)] == [date(2021, 9, 10)]
