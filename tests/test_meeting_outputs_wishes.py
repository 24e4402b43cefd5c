"""The printed meeting outputs say which preferred times (时段偏好) were met (QA qaoffice18 F12): the
summary line and each meeting outside its wish, as ``validate`` says them, in ``timetable.xlsx``'s
printed sheet (between the title and the header, which the reader skips), ``timetable.docx`` and
``timetable.html``; the workbook still validates as it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main as cli
from tests.test_meetings_preferred_table import ENV, RULES  # (the same two-day table)


def _solved(tmp_path: Path, header: str = "会议,时长,参会人员,时段偏好") -> Path:
    """Three meetings of one person wishing for one morning that holds two: 2 of 3 met."""
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    rows = ["甲,90,张,5月19日上午", "乙,90,张,5月19日上午", "丙,90,张,5月19日上午"]
    (tmp_path / "t.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    solved = CliRunner().invoke(
        cli, ["solve", str(tmp_path / "t.csv"), "--time-limit", "10", "--out", str(out)], env=ENV
    )
    assert solved.exit_code == 0, solved.output
    return out


def _unmet(out: Path) -> str:
    """The meeting ``validate`` names outside its wish (the solver picks which of the three)."""
    checked = CliRunner().invoke(cli, ["validate", str(out / "timetable.csv")], env=ENV)
    lines = [line.strip() for line in checked.output.splitlines() if "不在其时段偏好" in line]
    assert len(lines) == 1, checked.output
    return lines[0]


def _docx_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_the_docx_the_html_and_the_workbook_say_the_wishes_met_and_which_not(tmp_path):
    import openpyxl

    out = _solved(tmp_path)
    unmet = _unmet(out)
    paragraphs = _docx_text(out / "timetable.docx")
    assert "时段偏好：满足 2/3" in paragraphs
    assert unmet in paragraphs
    html = (out / "timetable.html").read_text(encoding="utf-8")
    assert f"时段偏好：满足 2/3<br>{unmet}" in html
    sheet = openpyxl.load_workbook(out / "timetable.xlsx")["会议安排"]
    said = str(sheet.cell(2, 1).value)
    assert said.splitlines() == ["时段偏好：满足 2/3", unmet]
    assert any(str(r.coord).startswith("A2:") for r in sheet.merged_cells.ranges)  # over the printed columns
    assert [c.value for c in sheet[3]][:3] == ["时间", "时长", "会议"]  # the header, under it
    assert sheet.print_title_rows == "$3:$3"  # the header repeated on every page, not the wishes


def test_the_workbook_with_its_wishes_still_validates_as_it_stands(tmp_path):
    out = _solved(tmp_path)
    checked = CliRunner().invoke(cli, ["validate", str(out / "timetable.xlsx")], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert "时段偏好：满足 2/3" in checked.output


def test_an_english_tables_annex_says_it_in_english_as_all_of_it(tmp_path):
    """The annex says the wishes in its own language, the table's (docs/formats.md): one English line amid
    Chinese was neither language (QA qaeng22 F7: ``Preferred times: 2 of 2 met`` amid 共 5 个会议), and now
    that an English table's files are English throughout (QA print24 F1), a Chinese line amid English
    would be the same fault."""
    import openpyxl

    out = _solved(tmp_path, "Meeting,Length,Participants,Preferred time")
    paragraphs = _docx_text(out / "timetable.docx")
    assert "Preferred times: 2 of 3 met" in paragraphs
    assert any("outside its preferred time" in p for p in paragraphs)
    assert not any("时段偏好" in p for p in paragraphs)
    html = (out / "timetable.html").read_text(encoding="utf-8")
    assert "Preferred times: 2 of 3 met" in html and "时段偏好" not in html
    sheet = openpyxl.load_workbook(out / "timetable.xlsx").worksheets[0]
    assert str(sheet.cell(2, 1).value).startswith("Preferred times: 2 of 3 met")


@pytest.mark.parametrize("name", ["timetable.docx", "timetable.html"])
def test_no_wish_no_line(tmp_path, name):
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    (tmp_path / "t.csv").write_text("会议,时长,参会人员\n甲,90,张\n", encoding="utf-8")
    out = tmp_path / "out"
    solved = CliRunner().invoke(
        cli, ["solve", str(tmp_path / "t.csv"), "--time-limit", "5", "--out", str(out)], env=ENV
    )
    assert solved.exit_code == 0, solved.output
    text = "\n".join(_docx_text(out / name)) if name.endswith("docx") else (out / name).read_text(encoding="utf-8")
    assert "时段偏好" not in text
