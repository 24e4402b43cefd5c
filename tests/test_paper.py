"""``paper = "letter"`` in the rules: every printed file is laid out for US Letter (QA print24 F3: an
English office in the US printed A4 files, scaled down or cut at the foot); A4 stays the default and a
paper we do not lay out is refused at its line."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.test_english_outputs import ENGLISH_MEETINGS, MEETING_DAYS, RULES

LETTER_TWIPS = ('w:w="12240"', 'w:h="15840"')
"""8.5 x 11 inches in Word's twentieths of a point (A4: 11906 x 16838)."""


def _page_size(docx: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    found = re.search(r"<w:pgSz [^>]*/>", xml)
    assert found is not None
    return found.group(0)


def _excel_paper(xlsx: bytes) -> set[int | None]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {int(ws.page_setup.paperSize) if ws.page_setup.paperSize else None for ws in book.worksheets}


def test_a_unit_tables_files_and_notice_are_laid_out_for_letter(tmp_path):
    table = tmp_path / "units.csv"
    table.write_text("Unit,Category\nFinance Dept.,Department\nTax Office,Department\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('paper = "Letter"\n' + RULES, encoding="utf-8")
    out = tmp_path / "out"
    for args in (["solve", table], ["reschedule", out / "timetable.csv", "--unavailable", "Finance Dept.@Mar 2"]):
        done = CliRunner().invoke(main, [*map(str, args), "--out", str(out), "--time-limit", "5"])
        assert done.exit_code == 0, done.output
    for name in ("timetable.docx", "调整通知.docx"):
        size = _page_size((out / name).read_bytes())
        assert all(twips in size for twips in LETTER_TWIPS), (name, size)
    assert _excel_paper((out / "timetable.xlsx").read_bytes()) == {1}  # Excel's Letter (A4: 9)
    assert _excel_paper((out / "调整通知.xlsx").read_bytes()) == {1}
    assert "@page { size: letter portrait;" in (out / "timetable.html").read_text(encoding="utf-8")
    assert 'paper = "Letter"' in (out / "timetable.toml").read_text(encoding="utf-8")  # kept for the next run


def test_a_meeting_tables_files_are_laid_out_for_letter_and_a4_stays_the_default(tmp_path):
    from scheduler.export.meeting_outputs import meeting_timetable_files
    from scheduler.files.meeting_files import load_meetings

    table = tmp_path / "meetings.csv"
    table.write_text(ENGLISH_MEETINGS, encoding="utf-8")
    for paper, twips, excel, css in (
        ('paper = "letter"\n', LETTER_TWIPS, {1}, "size: letter portrait"),
        ("", ('w:w="11906"', 'w:h="16838"'), {9}, "size: A4 portrait"),
    ):
        table.with_suffix(".toml").write_text(paper + MEETING_DAYS, encoding="utf-8")
        loaded = load_meetings(table)
        assert loaded.plan is not None
        files = meeting_timetable_files(loaded, loaded.plan, issued=date(2026, 3, 1))
        size = _page_size(files["timetable.docx"])
        assert all(t in size for t in twips), size
        assert _excel_paper(files["timetable.xlsx"]) == excel
        assert css in files["timetable.html"].decode("utf-8")


def test_a_paper_we_do_not_lay_out_is_refused_at_its_line(tmp_path):
    table = tmp_path / "units.csv"
    table.write_text("Unit,Category\nFinance Dept.,Department\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('title = "x"\npaper = "A5"\n' + RULES.split("\n", 1)[1], encoding="utf-8")
    done = CliRunner().invoke(main, ["--lang", "en", "validate", str(table)])
    assert done.exit_code == 2
    assert done.output.strip().endswith(
        "line 2, key paper: unknown paper 'A5' (choose: A4, Letter; A4 when not written)"
    )
    assert "Traceback" not in done.output
