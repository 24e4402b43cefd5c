"""The web page's words for a campaign all past say where a meeting project fixes its year (QA qaeng22 F11:
they sent it to a Rules tab only a unit project has)."""

from __future__ import annotations

from datetime import datetime

import pytest

from scheduler.text.messages import Message


@pytest.mark.parametrize("key", ["web.all_past", "web.all_past_drafted"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_past_campaign_says_where_either_kind_of_table_fixes_its_year(key, lang):
    moment = datetime(2026, 9, 1, 9)
    said = Message(key, first=moment, last=moment, now=datetime(2026, 12, 5, 23, 8)).text(lang)
    assert "timetable.toml" in said and ("Rules (Year)" in said or "“规则”" in said), said
