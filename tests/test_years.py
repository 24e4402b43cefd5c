"""Dates written without a year (docs/formats.md, "days" and "Times"): a campaign's days take the year
nearest the day listed before them, so a campaign across New Year crosses it; every other date (a
milestone, a table's time) the year nearest the campaign. One rule, :func:`nearest_year`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.rules_file import parse_rules
from scheduler.invites.settings import invite_settings
from scheduler.text.times import parse_datetime, year_resolver

NEW_YEAR = [date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 4), date(2026, 1, 5)]


def days_of(listed: str, year: str = "") -> list[date]:
    text = f'{year}\ndays = [{listed}]\nhours = ["9:00"]\n'
    return list(parse_rules(_toml(text), "r.toml", text).calendar.days)


def refusal(listed: str, year: str = "") -> str:
    text = f'{year}\ndays = [{listed}]\nhours = ["9:00"]\n'
    with pytest.raises(InputError) as caught:
        parse_rules(_toml(text), "r.toml", text)
    return str(caught.value.text("en"))


def _toml(text: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(text)


CROSSING = '"12月29日", "12月30日", "12月31日", "1月4日", "1月5日"'


def test_days_without_a_year_cross_new_year_from_the_rules_year():
    """``year = 2025`` once made 1月4日 2025-01-04: a campaign of a year, invites a year early."""
    assert days_of(CROSSING, "year = 2025") == NEW_YEAR


def test_days_without_a_year_cross_new_year_from_a_day_with_its_year():
    assert days_of('"12月29日", "12月30日", "12月31日", "2026-01-04", "1月5日"') == NEW_YEAR
    assert days_of('"2025-12-29", "12月30日", "12月31日", "1月4日", "1月5日"') == NEW_YEAR


def test_days_across_new_year_with_no_year_written_are_refused():
    """The clock's year (once taken for every day) is no year for a campaign across New Year: solved on
    2 January, it put the campaign's December days eleven months ahead."""
    said = refusal(CROSSING)
    assert said == (
        "r.toml, line 2, key days: the day '1月4日' after '12月31日' is in the next year, but no year is written:"
        " give the rules a year (the first day's) or write the days' years (such as 2021-09-08)"
    )


def test_days_without_a_year_out_of_order_are_refused():
    """Their order gives their year: a day listed after a later one is a slip, not a campaign of a year."""
    assert "the day '9月8日' is listed after '9月9日' but is not later" in refusal('"9月9日", "9月8日"', "year = 2021")
    assert "the day '9月9日' is listed after '9月9日'" in refusal('"9月8日", "9月9日", "9月9日"', "year = 2021")
    # days written with their year keep any order
    assert days_of('"2021-09-09", "2021-09-08"') == [date(2021, 9, 8), date(2021, 9, 9)]


def test_a_campaign_of_years_day_after_day_is_read_and_a_pause_of_ten_months_is_not():
    """5,000 units in one room take some 600 working days: their days are a campaign, not a typo; a
    last day five years after the others is one (the whole span was refused once, the sweep's shape too)."""
    from datetime import timedelta

    long = [date(2021, 9, 8) + timedelta(days=2 * i) for i in range(400)]  # 2021-09-08 .. 2023-11-03
    assert days_of(", ".join(f'"{d.isoformat()}"' for d in long)) == long
    said = refusal('"2021-09-08", "2021-09-09", "2026-09-10"')
    assert "the day 2021-09-09 and the next one, 2026-09-10, are 1827 days apart: is a year wrong?" in said
    assert "2022-09-09" in refusal('"2021-09-08", "2022-09-09", "2021-09-09"')  # listed order does not hide it


def test_other_dates_take_the_year_nearest_the_campaign():
    year_of = year_resolver(NEW_YEAR)
    assert year_of(1, 10) == 2026  # a deadline after the campaign, not a year before it
    assert year_of(12, 20) == 2025
    assert parse_datetime("1月2日 9:00", year_of) == datetime(2026, 1, 2, 9)
    one_year = year_resolver([date(2021, 9, 8), date(2021, 9, 10)])
    assert one_year(9, 13) == 2021 and one_year(12, 31) == 2021 and one_year(1, 5) == 2022
    from scheduler.text.times import nearest_year  # (new: the one rule)

    assert nearest_year(2, 29, date(2024, 3, 1)) == 2024


def test_a_milestone_without_a_year_after_a_new_year_campaign_is_after_it(tmp_path: Path):
    text = (
        'days = ["2025-12-29", "2025-12-30", "2025-12-31", "2026-01-04", "2026-01-05"]\nhours = ["9:00"]\n'
        '[invites]\ncampaign = "c"\n[invites.organizer]\nname = "o"\nemail = "o@example.org"\n'
        '[[milestones]]\nid = "report"\nwhat = "报送"\nwhen = "1月10日"\n'
    )
    (milestone,) = invite_settings(parse_rules(_toml(text), "r.toml", text)).milestones
    assert milestone.dates == ((date(2026, 1, 10), date(2026, 1, 10)),)


def test_a_new_year_campaign_is_solved_and_invited_on_its_days(tmp_path: Path):
    """The report's case: ``solve`` said 最优 for a timetable on 2025-01-04 and its invites went out a year early."""
    rows = ["序号,时间,单位,类别", "1,,区发改委,部门", "2,,区财政局,部门", "3,,灯塔街道,镇办"]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("单位,邮箱\n区发改委,a@example.org\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        f'year = 2025\ndays = [{CROSSING}]\nhours = ["9:00"]\ncategories = ["部门", "镇办"]\n'
        '[[unavailable]]\nunit = "区发改委"\ntimes = "12月29日、12月30日、12月31日"\n'
        '[invites]\ncampaign = "c"\ncontacts = "c.csv"\n[invites.organizer]\nname = "o"\nemail = "o@example.org"\n'
        '[[milestones]]\nid = "report"\nwhat = "报送"\nwhen = "1月10日"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "t.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '"2025-12-29"' in (out / "timetable.toml").read_text(encoding="utf-8")
    invite = (out / "invites" / "区发改委.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20260104T090000" in invite
    assert "1月10日前：报送" in invite.replace("\r\n ", "")
    deadline = (out / "invites" / "deadlines" / "区发改委.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20260110" in deadline


def test_days_across_new_year_with_their_weekdays_are_checked_in_the_year_their_order_gives():
    """A notice's ``12月31日（星期三）`` after ``12月30日`` in 2025, then ``1月4日（星期日）``: each weekday is
    checked once the day has its year (2026 for January), not against a stand-in year (2000, when
    12月31日 was a Sunday)."""
    listed = '"12月29日（星期一）", "12月30日", "12月31日（星期三）", "1月4日（星期日）", "1月5日"'
    assert days_of(listed, "year = 2025") == NEW_YEAR
    said = refusal('"12月31日", "1月4日（星期六）"', "year = 2025")
    assert said == "r.toml, line 2, key days: Jan 4 is a Sunday, not a Saturday"
