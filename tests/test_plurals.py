"""English counts agree with their number: "1 unit, 1 slot", "2 units have" (QA english14 F3: "1 units,
1 slots" and 47 "unit(s)" hedges). A template writes ``{count|unit|units}``; Chinese has one form."""

from __future__ import annotations

import re

from scheduler.text.messages import CATALOG, Message, plural, render


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
