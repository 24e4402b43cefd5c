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
        ("CST", "Asia/Shanghai"),
        ("UTC+8", "Asia/Shanghai"),
        ("GMT+8", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("america/new_york", "America/New_York"),
    ],
)
def test_a_zone_written_as_offices_write_it_names_the_one_meant(tmp_path: Path, zone: str, meant: str) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, zone))
    assert caught.value.key == "timezone" and caught.value.line == 1
    assert caught.value.text("zh").endswith(f"未知的时区“{zone}”：是指 {meant} 吗？（请照此写，时区名区分大小写）")


def test_a_zone_that_means_nothing_gets_an_example(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_meetings(_table(tmp_path, "Mars/Base"))
    assert caught.value.text("en").endswith(
        "unknown time zone 'Mars/Base' (an IANA name is needed, such as Asia/Shanghai)"
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
