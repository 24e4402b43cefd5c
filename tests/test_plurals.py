"""English counts agree with their number: "1 unit, 1 slot", "2 units have" (QA english14 F3: "1 units,
1 slots" and 47 "unit(s)" hedges). A template writes ``{count|unit|units}``; Chinese has one form."""

from __future__ import annotations

import re

from scheduler.text.messages import CATALOG, Message, duration, plural, render


def test_a_count_of_one_is_singular_and_any_other_plural():
    assert (
        render(Message("show.valid", units=1, slots=1), "en") == "The timetable satisfies every rule (1 unit, 1 slot)"
    )
    assert render(Message("show.valid", units=2, slots=0), "en").endswith("(2 units, 0 slots)")
    assert render(Message("show.valid", units=1, slots=1), "zh") == "时间表满足全部规则（1 个单位，1 个时段）"
    one = render(Message("show.no_address", count=1, units=["Tax Office"]), "en")
    assert one.startswith("1 unit has no mail address"), one
    assert render(Message("show.no_address", count=3, units=["a", "b", "c"]), "en").startswith("3 units have no")
    assert plural("{n|meeting needs|meetings need}", {"n": 1}) == "meeting needs"


def test_no_english_sentence_hedges_a_count_with_s_in_brackets():
    """The page's script (``ui.*``) renders its own templates and keeps its hedges."""
    hedged = [
        key for key, (_, english) in CATALOG.items() if not key.startswith("ui.") and re.search(r"\w\(s\)", english)
    ]
    assert hedged == []


def test_the_summaries_say_one_in_the_singular():
    """review14 F10: the meeting validate summary said "1 meetings, 1 rooms" (f38e529 fixed the unit
    table's only); the send, reminder, replies, alternatives and explain summaries had the same slip."""
    said = {
        "mshow.valid": ({"meetings": 1, "rooms": 1}, "(1 meeting, 1 room)"),
        "show.minvites_summary": (
            {"meetings": 1, "people": 1, "new": 1, "updated": 0, "cancelled": 0, "unchanged": 0},
            "Invites: 1 meeting, 1 invitation;",
        ),
        "show.invites_some_written": ({"path": "out", "count": 1, "same": 2}, "(1 file; the other 2 unchanged)"),
        "show.invites_unchanged": ({"path": "out", "same": 1}, "(1 file, as it was; nothing written)"),
        "remind.summary": (
            {"sent": 2, "answer": 0, "meeting": 1, "deadline": 1, "failed": 0},
            "1 meeting, 1 deadline)",
        ),
        "replies.summary": (
            {"accepted": 1, "declined": 0, "tentative": 0, "counter": 0, "none": 0, "total": 1},
            "(1 unit)",
        ),
        "replies.summary.meetings": (
            {"accepted": 1, "declined": 0, "tentative": 0, "counter": 0, "none": 0, "total": 1, "meetings": 1},
            "(1 invitation to people, 1 meeting)",
        ),
        "malt.equal_some": ({"count": 1, "wanted": 3}, "Found 1 alternative in"),
        "why.counted_units": ({"count": 1, "units": ["a"]}, "1 unit: a"),
        "count.person": (
            {"who": "a", "count": 1, "needed": duration(60), "available": duration(30)},
            "required at 1 meeting lasting 1 hour in all, and has only 30 minutes",
        ),
        "count.rooms": (
            {"meetings": 1, "titles": ["x"], "rooms": ["R"], "needed": duration(120), "available": duration(60)},
            "1 meeting (x) may be held only in R: it needs 2 hours in all, and those rooms offer only 1 hour",
        ),
        "infeasible.room_time": (
            {"meetings": 1, "needed": duration(60), "rooms": 1, "available": duration(1)},
            "1 meeting needs 1 hour in all, and the 1 room offers only 1 minute",
        ),
        "infeasible.room_time_left": (
            {
                "meetings": 1,
                "needed": duration(60),
                "rooms": 1,
                "available": duration(30),
                "since": "1月25日 8:00",
                "until": "1月29日 18:00",
            },
            "1 meeting needs 1 hour in all, and the 1 room offers only 30 minutes of working time from 1月25日 8:00",
        ),
        "why.count.limit_groups": ({"rooms": 1}, "at most 1 group meets at a time"),
    }
    for key, (params, words) in said.items():
        assert words in render(Message(key, **params), "en"), key


def test_no_summary_count_is_left_without_its_plural_form():
    """A count that can be 1 is written ``{n} {n|thing|things}``; the ones listed are never 1 where used."""
    never_one = {"input.days_apart", "mtime.days_apart", "input.many_tables", "input.many_tables_merge", "mail.gave_up"}
    never_one |= {"web.mail.gave_up"}  # the page's words of mail.gave_up (a run of several failures)
    never_one |= {"mail.refused_sender", "web.mail.refused_sender", "remind.in_days"}  # remind.tomorrow for 1
    never_one |= {"safety.cancel_export", "safety.cancel_export.people", "safety.cancel_mail"}  # over a limit
    never_one |= {"safety.cancel_mail.people", "mreplies.at_declined"}  # (a meeting's name, not a count)
    never_one |= {"count.series_room"}  # a series of two meetings or more (counts._series_room)
    never_one |= {"invites.postponed"}  # said only past 300 days (scheduler/invites/rounds.py)
    names = "count|meetings|rooms|units|total|same|people|meeting|deadline|needed|available|slots|days|per_slot"
    bare = re.compile(rf"\{{({names})\}} [a-z]+s\b")
    left = sorted(
        key
        for key, (_, english) in CATALOG.items()
        if not key.startswith("ui.") and key not in never_one and bare.search(english)
    )
    assert left == []
