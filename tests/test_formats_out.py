"""Tables out: csv, xlsx, docx, html. Each read back gives the timetable that was solved
(csv and xlsx by the product itself; docx and html, which the product does not read, by
test helpers); the layout holds what the annex holds; --format picks a subset; a run
that cannot write leaves nothing behind."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import scheduler
from scheduler.cli.main import main
from scheduler.export.outputs import FORMATS, parse_formats, timetable_files
from scheduler.files.atomic import write_files
from tests.formats_helpers import NOTICE, docx_meetings, html_meetings

ISSUED = date(2021, 9, 6)

ROOMS_TABLE = """序号,时间,单位,备注,类别,并行组
1,,区档案馆,,部门,
2,,区审计局,需带材料,部门,X
3,,区统计局,,部门,X
4,,东风路街道办事处,,镇办,Y
5,,西湖路街道办事处,,镇办,Y
6,,南山镇政府,,镇办,
7,,区信访局,,部门,
"""
ROOMS_RULES = """title = "两个房间的对接计划表"
days = ["2021-09-08", "2021-09-09"]
hours = ["9:00", "10:00", "15:00"]
categories = ["部门", "镇办"]
[[rooms]]
name = "420会议室"
capacity = 2
[[rooms]]
name = "318会议室"
capacity = 1
"""


def solved(table: Path, out: Path, objective: str = "compact"):
    loaded = scheduler.load(table, strict=True)
    result = scheduler.solve(loaded.problem, objective=objective, time_limit=20)
    assert result.timetable is not None
    write_files(out, timetable_files(loaded, result.timetable, issued=ISSUED))
    return loaded, result.timetable


def rooms_table(tmp_path: Path) -> Path:
    table = tmp_path / "rooms.csv"
    table.write_text(ROOMS_TABLE, encoding="utf-8")
    table.with_suffix(".toml").write_text(ROOMS_RULES, encoding="utf-8")
    return table


def triples(timetable, rooms: bool) -> list[tuple[str, datetime, str | None]]:
    return [(m.unit, m.start, m.room if rooms else None) for m in timetable.meetings]


@pytest.mark.parametrize("case", ["notice", "rooms"])
def test_every_format_reads_back_as_the_solved_timetable(tmp_path, case):
    table = NOTICE if case == "notice" else rooms_table(tmp_path)
    out = tmp_path / "out"
    loaded, timetable = solved(table, out)
    rooms = len(loaded.problem.rooms) > 1
    expected = triples(timetable, rooms)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"timetable.{f}" for f in FORMATS] + ["timetable.toml"])
    for name in ("timetable.csv", "timetable.xlsx"):  # the product reads these back, rules beside them
        back = scheduler.load(out / name)
        assert triples(back.timetable, rooms) == expected, name
        assert scheduler.validate(back.problem, back.timetable).ok, name
        assert set(back.problem.units) == set(loaded.problem.units), name
    assert docx_meetings(out / "timetable.docx", loaded.rules.year_of) == expected
    assert sorted(html_meetings(out / "timetable.html")) == sorted(expected)


def test_csv_is_utf8_with_bom(tmp_path):
    solved(NOTICE, tmp_path)
    data = (tmp_path / "timetable.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "区自然资源局" in data.decode("utf-8-sig")


def test_xlsx_is_laid_out_like_the_annex(tmp_path):
    from openpyxl import load_workbook

    loaded, _ = solved(NOTICE, tmp_path, objective="stable")
    ws = load_workbook(tmp_path / "timetable.xlsx").active
    assert ws["A1"].value == loaded.problem.title == "26个试点领域区政府各主管部门工作对接计划表"
    assert [c.value for c in ws[2]][:4] == ["序号", "时间", "单位", "备注"]
    assert [c.value for c in ws[2]][4:] == ["类别", "并行组"]  # the rules' data, outside the print area
    assert ws.print_area == "'对接计划表'!$A$1:$D$31"
    assert ws.print_title_rows == "$2:$2"
    assert int(ws.page_setup.paperSize) == 9  # A4
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    # the title, and the six hours two units share on 9月10日 (rows 20-31)
    assert merged == ["A1:D1", "B20:B21", "B22:B23", "B24:B25", "B26:B27", "B28:B29", "B30:B31"]
    assert ws["B3"].value == datetime(2021, 9, 8, 8) and ws["B3"].number_format == 'm"月"d"日" h:mm'
    assert ws["A3"].value == 1
    assert ws.column_dimensions["C"].width >= 2 * len("北关区规划技术服务中心")
    assert ws.column_dimensions["A"].width < ws.column_dimensions["B"].width < ws.column_dimensions["C"].width
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (6, 16)
    assert ws["C3"].font.name == "宋体" and ws["A1"].font.name == "黑体"
    assert ws["A1"].font.sz == 16 and ws["A1"].font.b and ws["A2"].font.b and not ws["C3"].font.b
    centre, left = ws["A3"].alignment, ws["C3"].alignment
    assert (centre.horizontal, centre.vertical, left.horizontal, left.indent, left.wrap_text) == (
        *("center", "center"),
        *("left", 1, True),
    )
    # exactly the heights asked for (Excel keeps points; a writer that rounds to pixels gives 21.75 for 22);
    # the title, 22 characters of 16-point 黑体 (about 470 pixels in Excel) over 63 characters of columns
    # (441 pixels), wraps to two lines there: its row is made tall enough for them (tests/test_print_setup.py)
    assert [ws.row_dimensions[r].height for r in (1, 2, 3, 31)] == [48, 22, 20, 20]
    assert ws.freeze_panes == "A3"
    page = ws.page_setup
    assert (page.orientation, page.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == ("portrait", 0, True)
    assert page.fitToWidth in (None, 1)  # one page wide (1 is the default, written or not)
    assert ws.print_options.horizontalCentered
    margins = ws.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.75, 0.75, 1, 1)


def test_xlsx_frames_units_that_meet_together_and_merges_their_time(tmp_path):
    """Each shared hour is framed in medium lines, its 时间 merged; the merged cell has medium lines
    above and below, the cells under it carry its left and right sides and the last its bottom, so
    the frame is drawn whichever cell an office program takes a merged cell's border from."""
    from openpyxl import load_workbook

    solved(NOTICE, tmp_path, objective="stable")
    ws = load_workbook(tmp_path / "timetable.xlsx").active

    def sides(ref: str) -> tuple[str | None, ...]:
        border = ws[ref].border
        return tuple(getattr(border, name).style for name in ("left", "right", "top", "bottom"))

    assert sides("A20") == ("medium", "thin", "medium", "thin")  # the frame's top left
    assert sides("D21") == ("thin", "medium", "thin", "medium")  # its bottom right
    assert sides("C21") == ("thin", "thin", "thin", "medium")
    assert sides("B20") == ("thin", "thin", "medium", "medium")  # the merged 时间: its first cell ...
    assert sides("B21") == ("thin", "thin", None, "medium")  # ... and the merged cell below it
    assert sides("C19") == ("thin", "thin", "thin", "thin")  # a unit alone: the plain grid
    assert {str(r) for r in ws.merged_cells.ranges} >= {"B20:B21", "B30:B31"}


def test_docx_is_the_annex_in_a_chinese_font(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    solved(NOTICE, tmp_path, objective="stable")
    document = docx.Document(str(tmp_path / "timetable.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts == ["附件", "26个试点领域区政府各主管部门工作对接计划表", "2021年9月6日"]
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "时间", "单位", "备注"]
    assert len(table.rows) == 30
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on page 2
    continued = table._tbl.xpath(".//w:vMerge[not(@w:val) or @w:val='continue']")
    assert len(continued) == 6  # one per shared hour
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for row in table.rows for cell in row.cells for p in cell.paragraphs for r in p.runs
    ]
    assert runs and all(r._element.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "黑体") for r in runs)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体" and normal.get(qn("w:eastAsiaTheme")) is None


def test_html_is_self_contained_with_categories_told_apart(tmp_path):
    solved(NOTICE, tmp_path, objective="stable")
    page = (tmp_path / "timetable.html").read_text(encoding="utf-8")
    for outside in ("http://", "https://", "<link", "<script", "src=", "@import", "url("):
        assert outside not in page
    assert "@page { size: A4 portrait" in page
    assert page.count('class="unit cat-0"') == 19 and page.count('class="unit cat-1"') == 10
    assert ".cat-0 { background: #dbeafe; border: 2px solid" in page
    assert ".cat-1 { background: #ffedd5; border: 2px dashed" in page  # apart in black and white too
    assert "部门（19 个）" in page and "镇办（10 个）" in page
    assert page.count('<div class="slot"><div class="unit cat-1"') == 5
    side_by_side = [s for s in page.split('<div class="slot">')[1:] if s.split("</div></div>")[0].count('"unit ') == 2]
    assert len(side_by_side) == 6


def test_html_escapes_what_it_shows(tmp_path):
    table = tmp_path / "esc.csv"
    table.write_text("单位,备注\n<b>局</b>,a & b\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('days = ["2021-09-08"]\nhours = ["9:00"]\n', encoding="utf-8")
    solved(table, tmp_path / "out")
    page = (tmp_path / "out" / "timetable.html").read_text(encoding="utf-8")
    assert "<b>局</b>" not in page and "&lt;b&gt;局&lt;/b&gt;" in page and "a &amp; b" in page
    assert html_meetings(tmp_path / "out" / "timetable.html") == [("<b>局</b>", datetime(2021, 9, 8, 9), None)]


def test_text_that_opens_like_a_formula_stays_text_in_every_sheet_and_csv(tmp_path):
    """A note, a unit's name or a mail's comment opening with = + - @ is never a live formula."""
    from openpyxl import load_workbook

    from scheduler.export.annex import Answers

    table = tmp_path / "f.csv"
    table.write_text('单位,备注\n=1+2 局,"=HYPERLINK(""http://x.example.test"",""点击"")"\n-局,@SUM(A1)\n', "utf-8")
    table.with_suffix(".toml").write_text('days = ["2021-09-08"]\nhours = ["9:00", "10:00"]\n', encoding="utf-8")
    loaded = scheduler.load(table, strict=True)
    timetable = scheduler.solve(loaded.problem, time_limit=20).timetable
    comment = '=HYPERLINK("http://x.example.test","点击")'
    answers = Answers({"-局": "拒绝：=_="}, "答复情况", ["单位", "留言"], [["-局", comment], ["=1+2 局", "=_="]])
    out = tmp_path / "out"
    write_files(out, timetable_files(loaded, timetable, issued=ISSUED, answers=answers))
    book = load_workbook(out / "timetable.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    looks = [c for c in cells if str(c.value).startswith(("=", "-", "@"))]
    assert {c.value for c in looks} >= {"=1+2 局", "-局", comment, "=_=", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in looks), [(c.coordinate, c.data_type) for c in looks]
    replies = (out / "replies.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in replies and "'=_=" in replies and "\n'=1+2 局," in replies
    csv = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    assert "'-局" in csv and "'@SUM(A1)" in csv and "\"'=HYPERLINK(" in csv
    for name in ("timetable.csv", "timetable.xlsx"):  # read back as written (the CSV without the quote)
        back = scheduler.load(out / name)
        assert {(u.name, u.note) for u in back.problem.units} == {("=1+2 局", comment), ("-局", "@SUM(A1)")}


def test_a_note_of_several_lines_or_with_a_tab_goes_into_every_format(tmp_path):
    """Tab and line breaks are the control characters a cell may hold (a 备注 of several lines): reading
    refuses the others (no Word, Excel or HTML file can hold them), never these."""
    import docx

    note = "请带：\n1. 标准目录\t（初稿）\n2. 栏目设置"
    table = tmp_path / "lines.csv"
    table.write_text(f'单位,备注\n区财政局,"{note}"\n', encoding="utf-8")
    rules = 'title = "对接\\t计划表"\ndays = ["2021-09-08"]\nhours = ["9:00"]\n'
    table.with_suffix(".toml").write_text(rules, encoding="utf-8")
    solved(table, tmp_path / "out")
    for name in ("timetable.csv", "timetable.xlsx"):
        back = scheduler.load(tmp_path / "out" / name)
        assert [u.note for u in back.problem.units] == [note] and back.problem.title == "对接\t计划表"
    cells = [
        c.text for t in docx.Document(str(tmp_path / "out" / "timetable.docx")).tables for r in t.rows for c in r.cells
    ]
    assert any("1. 标准目录" in c and "2. 栏目设置" in c for c in cells)
    assert "2. 栏目设置" in (tmp_path / "out" / "timetable.html").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    data = load_workbook(tmp_path / "out" / "timetable.xlsx")["数据"]
    column = next(cell.column_letter for cell in data[1] if cell.value == "备注")
    assert data.column_dimensions[column].width > 8  # review §11: wcswidth is -1 with a line break


def test_the_csv_quote_is_undone_exactly():
    from scheduler.files.tables import as_text, from_text

    for value in ["=1", "'=1", "''+2", "'plain", "plain", "", "-", "\t1", "'"]:
        assert from_text(as_text(value)) == value
        assert not as_text(value).startswith(("=", "+", "-", "@", "\t"))


def test_long_campaign_gets_one_grid_per_five_days_in_landscape(tmp_path):
    table = tmp_path / "long.csv"
    table.write_text("单位\n" + "".join(f"单位{i}\n" for i in range(12)), encoding="utf-8")
    days = ", ".join(f'"2021-09-{d:02d}"' for d in range(6, 18))
    table.with_suffix(".toml").write_text(f'days = [{days}]\nhours = ["9:00"]\n', encoding="utf-8")
    solved(table, tmp_path / "out")
    page = (tmp_path / "out" / "timetable.html").read_text(encoding="utf-8")
    assert page.count('<table class="grid">') == 3 and "size: A4 landscape" in page
    assert len(html_meetings(tmp_path / "out" / "timetable.html")) == 12


# -- choosing formats, and writing all or nothing -------------------------------------------


def test_parse_formats():
    assert parse_formats([]) == FORMATS
    assert parse_formats(["xlsx,docx"]) == ("xlsx", "docx")
    assert parse_formats(["html", "CSV", ".xlsx"]) == ("csv", "xlsx", "html")
    assert parse_formats(["all"]) == FORMATS


def test_timetable_files_writes_only_the_formats_asked(notice):
    files = timetable_files(notice, notice.timetable, formats=["html"], issued=ISSUED)
    assert sorted(files) == ["timetable.html", "timetable.toml"]


def test_format_option(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["solve", "--out", str(out), "--format", "xlsx,docx"])
    assert result.exit_code == 0, result.output
    # invites: docs/invites.md; the contacts are copied in so that the folder travels
    names = ["contacts_2021.csv", "invites", "timetable.docx", "timetable.toml", "timetable.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == names
    result = runner.invoke(main, ["solve", "--out", str(tmp_path / "o2"), "--format", "html", "--format", "csv"])
    names = ["contacts_2021.csv", "invites", "timetable.csv", "timetable.html", "timetable.toml"]
    assert sorted(p.name for p in (tmp_path / "o2").iterdir()) == names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "option --format: unknown output format 'pdf' (choose: csv, xlsx, docx, html, all)"),
        (["--format", "html"], "option --format: needs --out (the folder to write to)"),
    ],
)
def test_format_option_errors(tmp_path, args, message):
    out = ["--out", str(tmp_path / "out")] if "pdf" in args else []
    result = CliRunner().invoke(main, ["solve", *out, *args, "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    (out / "timetable.html").mkdir(parents=True)  # cannot be replaced by a file
    result = CliRunner().invoke(main, ["solve", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == (  # the very file, before the solve (nothing else printed)
        f"{out / 'timetable.html'}, option --out: is a folder, not a file: the output cannot be written there"
        " (move or rename it)"
    )
    assert sorted(p.name for p in out.iterdir()) == ["timetable.html"]  # no new file, no temp file
