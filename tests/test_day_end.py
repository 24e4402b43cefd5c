"""A meeting that ends at the day's end is printed ending at 24:00, as the rules write a period's end
(``20:00-24:00``), not ``0:00`` (review14 F18): in the terminal, the summary's last end, the html and
docx timetables, a unit timetable's hour column and the letters' times; an .ics keeps the real instant."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.text.times import end_clock, format_end


def test_an_end_at_midnight_is_24_00_of_its_day() -> None:
    assert end_clock(datetime(2027, 1, 5)) == "24:00"
    assert end_clock(datetime(2027, 1, 4, 10, 30)) == "10:30"
    assert format_end(datetime(2027, 1, 5)) == "1月4日 24:00"
    assert format_end(datetime(2027, 1, 4, 11)) == "1月4日 11:00"


def _meetings(folder: Path) -> Path:
    (folder / "m.csv").write_text("会议,时长,参会人员\n甲会,60,张三\n乙会,60,李四\n", encoding="utf-8")
    (folder / "p.csv").write_text("姓名,邮箱\n张三,z@example.org\n李四,l@example.org\n", encoding="utf-8")
    (folder / "m.toml").write_text(
        'days = ["2027-01-04"]\nhours = ["20:00-24:00"]\npeople = "p.csv"\n'
        '[[pins]]\nmeeting = "甲会"\ntime = "1月4日 23:00"\n[[pins]]\nmeeting = "乙会"\ntime = "1月4日 20:00"\n',
        encoding="utf-8",
    )
    return folder / "m.csv"


def test_a_meeting_ending_at_the_days_end_is_printed_ending_at_24_00(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["solve", str(_meetings(tmp_path)), "--out", str(out), "--format", "all"])
    assert done.exit_code == 0, done.output
    assert "1月4日 23:00-24:00" in done.output and "最后一个会议结束于：1月4日 24:00" in done.output, done.output
    assert "0:00 " not in done.output.replace("20:00", "").replace("23:00", "")
    html = (out / "timetable.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "timetable.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    for text in (html, document):
        assert "23:00—24:00" in text and "—0:00" not in text


def test_a_unit_timetables_last_hour_ends_at_24_00(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("单位,时间\n区财政局,\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text('days = ["2027-01-04"]\nhours = ["22:00-24:00"]\n', encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["solve", str(tmp_path / "t.csv"), "--out", str(out), "--format", "html"])
    assert done.exit_code == 0, done.output
    html = (out / "timetable.html").read_text(encoding="utf-8")
    assert "至 24:00" in html and "至 0:00" not in html
