"""A rules file's ``timezone`` that names no zone (QA timecal14 L4): the line says the zone meant when
the value is one in another case or a name offices use for China's, never reading it as that zone."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings


def _table(folder: Path, zone: str) -> Path:
    (folder / "m.toml").write_text(
        f'timezone = "{zone}"\ndays = ["2027-01-04"]\nhours = ["8:00-12:00"]\n[[rooms]]\nname = "会议室"\n',
        encoding="utf-8",
    )
    (folder / "m.csv").write_text("会议,时长,参会人员\n周会,1小时,王主任\n", encoding="utf-8")
    return folder / "m.csv"


@pytest.mark.parametrize(
    ("zone", "meant"),
    [
        ("Asia/Beijing", "Asia/Shanghai"),
        ("Beijing", "Asia/Shanghai"),
        ("北京时间", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("america/new_york", "America/New_York"),
        ("London", "Europe/London"),  # QA qadst23 F2: a city's name, a misspelling: the zones near it
        ("new york", "America/New_York"),
        ("America/NewYork", "America/New_York"),
        ("Europe/Londn", "Europe/London 或 Europe/Lisbon"),
    ],
)
def test_a_zone_written_as_offices_write_it_names_the_one_meant(tmp_path: Path, zone: str, meant: str) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, zone))
    assert caught.value.key == "timezone" and caught.value.line == 1
    assert caught.value.text("zh").endswith(
        f"未知的时区“{zone}”：是指 {meant} 吗？（请照此写 IANA 时区名，区分大小写）"
    )


@pytest.mark.parametrize(
    ("zone", "zh", "en"),
    [
        # QA qadst23 F2: names of the database with no summer time, written for a city's clock that has it
        ("EST", "America/New_York", "America/New_York"),
        ("MST", "America/Denver 或 America/Phoenix", "America/Denver or America/Phoenix"),
        ("GMT", "Europe/London 或 UTC", "Europe/London or UTC"),
        ("HST", "Pacific/Honolulu", "Pacific/Honolulu"),
        # abbreviations the database lacks; CST is Beijing's to a Chinese reader, Chicago's first to an English one
        ("CST", "Asia/Shanghai 或 America/Chicago", "America/Chicago or Asia/Shanghai"),
        ("BST", "Europe/London", "Europe/London"),
        ("pst", "America/Los_Angeles", "America/Los_Angeles"),
        ("IST", "Asia/Kolkata 或 Europe/Dublin 或 Asia/Jerusalem", "Asia/Kolkata or Europe/Dublin or Asia/Jerusalem"),
    ],
)
def test_an_abbreviation_is_refused_naming_the_zones_it_may_mean(tmp_path: Path, zone: str, zh: str, en: str) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, zone))
    assert caught.value.key == "timezone" and caught.value.line == 1
    assert f"时区“{zone}”是缩写，不是地方的时区：是指 {zh} 吗？" in caught.value.text("zh")
    assert f"time zone '{zone}' is an abbreviation, not a place's zone: did you mean {en}? " in caught.value.text("en")


@pytest.mark.parametrize(
    ("zone", "place", "fixed"),
    [
        ("UTC+8", "Asia/Shanghai", "Etc/GMT-8"),
        ("GMT+08:00", "Asia/Shanghai", "Etc/GMT-8"),
        ("utc-5", "America/New_York", "Etc/GMT+5"),
    ],
)
def test_a_fixed_offset_names_a_place_and_the_explicit_form(tmp_path: Path, zone: str, place: str, fixed: str) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, zone))
    assert caught.value.text("en").endswith(
        f"time zone '{zone}' is a fixed offset, not a place's zone: write the IANA name of the place (such as "
        f"{place}); for a clock without summer time on purpose, write {fixed}"
    )


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+5", "EST5EDT", "America/Phoenix"])
def test_a_clock_without_summer_time_written_explicitly_is_taken(tmp_path: Path, zone: str) -> None:
    assert load_meetings(_table(tmp_path, zone)).problem.workdays.timezone == zone


def test_the_unit_table_rules_and_the_library_refuse_est_too(tmp_path: Path) -> None:
    from datetime import date, time

    from scheduler.domain import Calendar
    from scheduler.errors import ProblemError
    from scheduler.files.rules_file import read_rules

    rules = tmp_path / "r.toml"
    rules.write_text('timezone = "EST"\ndays = ["2027-07-06"]\nhours = ["9:00-12:00"]\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(rules)
    assert caught.value.key == "timezone" and "did you mean America/New_York?" in caught.value.text("en")
    with pytest.raises(ProblemError) as refused:
        Calendar((date(2027, 7, 6),), (time(9),), timezone="EST")
    assert "did you mean America/New_York?" in refused.value.text("en")


def test_a_zone_that_means_nothing_gets_an_example(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, "Mars/Base"))
    assert caught.value.text("en").endswith(
        "unknown time zone 'Mars/Base' (an IANA name is needed, such as Europe/London, America/New_York or "
        "Asia/Shanghai)"
    )


def test_a_grid_of_no_minutes_says_it_must_be_more(tmp_path: Path) -> None:
    table = _table(tmp_path, "Asia/Shanghai")
    rules = tmp_path / "m.toml"
    rules.write_text("grid_minutes = 0\n" + rules.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.key == "grid_minutes"
    assert caught.value.text("en").endswith(
        "grid_minutes must be a whole number from 1 to 1440 (without quotes), not 0; for example grid_minutes = 15"
    )  # the range of every number: QA qarules20 F2


def test_a_29_february_of_a_common_year_says_so(tmp_path: Path) -> None:
    rules = tmp_path / "m.toml"
    _table(tmp_path, "Asia/Shanghai")
    rules.write_text(
        rules.read_text(encoding="utf-8").replace('"2027-01-04"', '"2028-02-28", "2027-02-29"'), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_meetings(tmp_path / "m.csv")
    assert caught.value.text("zh").endswith("键“days”: 2027 年没有 2 月 29 日（不是闰年）")
