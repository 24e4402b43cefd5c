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


RULES = """title = "Visits"
days = ["2021-09-08", "2021-09-09", "2021-09-10"]
hours = ["9:00", "10:00", "15:00", "16:00"]
categories = ["Department"]
"""
TABLE = """No.,Time,Unit,Note,Category
1,Sep 8 15:00,IT Department,Only mornings please,Department
2,Sep 8 9:00,Catering,Not available Sept 8 morning,Department
3,Sep 9 9:00,Library,,Department
"""


def _hints(folder, lang: str) -> list[str]:
    from click.testing import CliRunner

    from scheduler.cli.main import main

    result = CliRunner().invoke(main, ["--lang", lang, "validate", str(folder / "t.csv")], env={"DOCKING_LANG": ""})
    return [line for line in result.output.splitlines() if "note" in line or "备注" in line]


def test_an_english_hint_says_the_rule_and_the_option_in_english_words_the_rules_read(tmp_path):
    """``(morning)``, ``times = ["morning"]``, ``--only "IT Department@morning"``: not 上午 (QA qaeng22 F7);
    the entries it suggests, added to the rules as written, are read and end the hints."""
    import re

    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    (tmp_path / "t.csv").write_text(TABLE, encoding="utf-8")
    hints = _hints(tmp_path, "en")
    assert len(hints) == 2, hints
    only = next(h for h in hints if "IT Department" in h)
    assert "(morning)" in only and 'times = ["morning"]' in only and '--only "IT Department@morning"' in only
    away = next(h for h in hints if "Catering" in h)
    assert 'times = ["Sep 8 morning"]' in away, away
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", "".join(hints)), hints
    entries = [re.search(r"add (\[\[\w+\]\] unit = .*\]) to the rules", h).group(1) for h in hints]  # type: ignore[union-attr]
    rules = RULES + "".join(
        "\n" + e.replace("]] unit", "]]\nunit").replace('" times', '"\ntimes') + "\n" for e in entries
    )
    (tmp_path / "t.toml").write_text(rules, encoding="utf-8")
    assert _hints(tmp_path, "en") == [], rules


def test_the_chinese_hint_keeps_its_chinese_words(tmp_path):
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    (tmp_path / "t.csv").write_text(TABLE, encoding="utf-8")
    only = next(h for h in _hints(tmp_path, "zh") if "IT Department" in h)
    assert "（上午）" in only and 'times = ["上午"]' in only and '--only "IT Department@上午"' in only
