"""A meeting table's rules take ``year`` as a unit table's do (docs/formats.md): days written without a
year are in it, not in the computer clock's year."""

from datetime import date
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings


def _table(folder: Path, rules: str) -> Path:
    (folder / "m.toml").write_text(f'hours = ["8:00-12:00"]\n{rules}\n[[rooms]]\nname = "会议室"\n', encoding="utf-8")
    (folder / "m.csv").write_text("会议,时长,参会人员\n周会,1小时,王主任\n", encoding="utf-8")
    return folder / "m.csv"


def test_days_without_a_year_take_the_rules_year(tmp_path: Path) -> None:
    table = _table(tmp_path, 'year = 2031\ndays = ["1月4日", "1月6日"]')
    assert load_meetings(table).problem.workdays.days == (date(2031, 1, 4), date(2031, 1, 6))


def test_a_campaign_across_new_year_with_its_year_reads(tmp_path: Path) -> None:
    table = _table(tmp_path, 'year = 2026\ndays = ["12月31日", "1月4日"]')
    assert load_meetings(table).problem.workdays.days == (date(2026, 12, 31), date(2027, 1, 4))


def test_a_leap_day_of_the_rules_year_reads(tmp_path: Path) -> None:
    table = _table(tmp_path, 'year = 2028\ndays = ["2月28日", "2月29日（星期二）", "3月1日"]')
    assert load_meetings(table).problem.workdays.days == (date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1))


def test_pins_and_unavailable_times_follow_the_days_year(tmp_path: Path) -> None:
    table = _table(
        tmp_path,
        'year = 2031\ndays = ["1月4日", "1月6日"]\n[[pins]]\nmeeting = "周会"\ntime = "1月6日 9:00"\n'
        '[[unavailable]]\nperson = "王主任"\ntimes = "1月4日"',
    )
    problem = load_meetings(table).problem
    assert problem.pins[0].start.date() == date(2031, 1, 6)
    assert {b.start.date() for b in problem.busy} == {date(2031, 1, 4)}


def test_a_year_that_is_not_a_number_is_refused_on_its_key(tmp_path: Path) -> None:
    table = _table(tmp_path, 'year = "2027年"\ndays = ["1月4日"]')
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.key == "year" and caught.value.line == 2  # after the hours line
