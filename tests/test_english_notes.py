"""A note written in English names the days a unit cannot come, or the only ones it can, as a Chinese one
does (QA qaeng22 F5: "can't come on Sep 9" passed silently where "9月9日不行" was hinted)."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.text.named_days import AWAY, NAMED, WANTED, days_said

DAYS = [date(2021, 9, 8), date(2021, 9, 9)]  # a Wednesday and a Thursday


def _said(text: str) -> set[tuple[str, str, str]]:
    return {(s.named.day.isoformat(), s.named.part, s.how) for s in days_said(text, DAYS, None)}


@pytest.mark.parametrize(
    "note",
    [
        "can't come on Sep 9",
        "cannot come Sep 9",
        "Not available Sep 9",
        "unavailable on 9 Sept",
        "Away on Sep 9th",
        "away Thursday",
        "Out of office September 9",
        "busy on Thu",
        "9月9日不行",
    ],
)
def test_a_day_the_unit_cannot_come_is_named_in_either_language(note):
    assert _said(note) == {("2021-09-09", "", AWAY)}


def test_a_half_day_in_english():
    assert _said("Not available Sept 8 morning") == {("2021-09-08", "上午", AWAY)}


def test_only_asks_for_the_days_named():
    assert _said("Only mornings please") == {("2021-09-08", "上午", WANTED), ("2021-09-09", "上午", WANTED)}
    assert _said("only on Wednesday") == {("2021-09-08", "", WANTED)}


def test_a_day_named_without_a_word_of_absence_is_only_named():
    assert _said("Bring the contract on Sep 9") == {("2021-09-09", "", NAMED)}
    assert _said("Monitor the room") == set()  # no weekday inside a word
