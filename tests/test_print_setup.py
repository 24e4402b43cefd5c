"""The printed annexes as the office prints them, read back from the files (openpyxl, the .docx XML):
rows tall enough for their wrapped text, page numbers, the print setup of every sheet."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

import scheduler
from scheduler.domain.meetings import Placement, Plan
from scheduler.export.meeting_outputs import meeting_timetable_files
from scheduler.export.outputs import timetable_files
from scheduler.files.meeting_files import load_meetings
from tests.test_meeting_invites import TIMES

ISSUED = date(2021, 9, 6)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LONG = "北关区自然资源和规划局国土空间生态修复与耕地保护监督管理办公室（综合执法大队）"  # 40 characters
NOTE = "请携带《基层政务公开标准目录》纸质版一式三份，并提前与区政府办公室联系确认到场人员名单"


@pytest.fixture(scope="module")
def annex_book(tmp_path_factory):
    """timetable.xlsx of four units: a 40-character name, a 34-character one, a note of two short
    lines, a 42-character note, and a short name with no note."""
    folder = tmp_path_factory.mktemp("print")
    table = folder / "t.csv"
    rows = [
        f"{LONG},",
        "区发展和改革委员会“十四五”规划编制办公室、重大项目推进中心,",
        '区档案馆,"分管领导参加\n携带公章"',
        f"区审计局,{NOTE}",
        "区统计局,",
    ]
    table.write_text("单位,备注\n" + "\n".join(rows) + "\n", encoding="utf-8")
    title = "北关区26个试点领域区政府各主管部门与各镇（街道）基层政务公开标准指引落实情况工作对接计划表（第二批）"
    table.with_suffix(".toml").write_text(
        f'title = "{title}"\ndays = ["2021-09-08"]\nhours = ["8:00", "9:00", "10:00", "11:00", "15:00"]\n',
        encoding="utf-8",
    )
    loaded = scheduler.load(table, strict=True)
    result = scheduler.solve(loaded.problem, time_limit=5)
    assert result.timetable is not None
    files = timetable_files(loaded, result.timetable, formats=["xlsx", "docx"], issued=ISSUED)
    return load_workbook(io.BytesIO(files["timetable.xlsx"])), files


def _heights(ws):
    """The annex's body rows: unit -> (note, height in points)."""
    out = {}
    for r in range(3, ws.max_row + 1):
        out[ws.cell(r, 3).value] = (ws.cell(r, 4).value, ws.row_dimensions[r].height)
    return out


def test_annex_rows_are_as_tall_as_their_wrapped_text(annex_book):
    """Every body row was 20 points high with a custom height: a name or note that wrapped was cut
    on paper (Excel and WPS do not fit a row whose height the file sets)."""
    ws = annex_book[0].worksheets[0]
    heights = _heights(ws)
    assert ws.column_dimensions["C"].width <= 44.1  # the unit's column is capped: a 40-character name wraps
    assert heights[LONG][1] >= 2 * 14.5  # two lines at least (Excel: three at width 44)
    assert heights["区档案馆"][1] >= 2 * 14.5  # a line break in a cell is kept: two lines
    assert heights["区审计局"][1] >= 6 * 14.5  # 42 characters in 备注 (16 wide): at least six lines
    assert heights["区统计局"][1] == 20  # one line: the height it always had
    assert ws.row_dimensions[1].height >= 2 * 21  # the 50-character title in 16 points: two lines or more


def test_meeting_rows_are_as_tall_as_their_wrapped_participants(tmp_path):
    """The shipped example: 政务公开工作推进会's 参会人员 wrap to two lines in a row that had no height
    (LibreOffice does not grow it; its second line hung below the row's border)."""
    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    files = meeting_timetable_files(loaded, plan, formats=["xlsx"], issued=date(2025, 7, 3))
    ws = load_workbook(io.BytesIO(files["timetable.xlsx"])).worksheets[0]
    heights = {ws.cell(r, 4).value: ws.row_dimensions[r].height for r in range(3, ws.max_row + 1)}
    assert heights["政务公开工作推进会"] >= 2 * 14.5
    assert all(h is not None and h >= 20 for h in heights.values()), heights


def test_a_meeting_block_never_cuts_its_participants_without_saying_so(tmp_path):
    """A 2-hour meeting with a three-line title and ten long names: the block (as tall as the meeting
    is long) cut the list mid-name with no sign, assuming a one-line title. Now it lists the names
    that fit and "等 N 人", and the whole list stands under the grid (on screen and on paper)."""
    import shutil

    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / "meetings_2025.csv"
    many = [LONG, "区发展和改革委员会“十四五”规划编制办公室及重大项目推进中心"]
    many += ["区财政局 Finance Bureau 预算绩效管理科"]
    many += ["欧阳·娜娜（借调）", "Zhang Wei-Ming", "区应急管理局消防救援协调科", "区审计局", "区统计局"]
    text = table.read_text(encoding="utf-8")
    text = text.replace("王主任、李科长、区财政局、区自然资源局、区发改委", "、".join(many))
    title = "《北关区政务公开标准目录（2025年版）》“一网通办”专题协调推进会暨第三季度工作调度会议"
    table.write_text(text.replace("政务公开工作推进会", title), encoding="utf-8")
    people = tmp_path / "people_2025.csv"
    added = "".join(f"{n},区政府,p{i}@example.org,\n" for i, n in enumerate(many))
    people.write_text(people.read_text(encoding="utf-8") + added, encoding="utf-8")
    loaded = load_meetings(table)
    times = {(title if t == "政务公开工作推进会" else t): v for t, v in TIMES.items()}
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in times.items()))
    page = meeting_timetable_files(loaded, plan, formats=["html"], issued=date(2025, 7, 3))["timetable.html"]
    html = page.decode("utf-8")
    block = html[html.index(f"<b>{title}</b>") :]
    shown = block[block.index('class="who"') : block.index("</span></div>")]
    assert "等 10 人" in shown and "赵科员" not in shown  # eight required, two optional: cut, and says so
    whole = "、".join(many) + "；可选：赵科员、孙科员"
    assert f"{title}（7月16日 9:45—11:45）：{whole}" in html  # the whole list, under the grid


def test_the_adjustment_notice_workbook_prints_like_the_annex():
    """调整通知.xlsx had no print setup: its title ran onto a second page, no grid, a long 单位 cut
    by the next cell. Now: A4 portrait one page wide, the title merged over the table, a grid, the
    header repeated, 单位 wrapped in a row tall enough."""
    from scheduler.export.notice import Adjustment, Notice, render_notice_xlsx

    rows = (
        Adjustment(LONG, datetime(2021, 9, 8, 8), datetime(2021, 9, 8, 9), "", ""),
        Adjustment("区财政局", datetime(2021, 9, 8, 11), datetime(2021, 9, 8, 10), "", ""),
    )
    notice = Notice("26个试点领域区政府各主管部门工作对接计划表", "区政府办公室", ISSUED, rows)
    ws = load_workbook(io.BytesIO(render_notice_xlsx(notice))).worksheets[0]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    page = ws.page_setup  # one page wide (fitToWidth 1 is the default, written or not), as tall as it needs
    assert page.fitToWidth in (None, 1) and page.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$2:$2" and ws.print_area == f"'{ws.title}'!$A$1:$D$4"
    assert "A1:D1" in [str(r) for r in ws.merged_cells.ranges] and ws["A1"].alignment.wrap_text
    assert all(ws.cell(r, c).border.left.style == "thin" for r in (2, 3, 4) for c in (1, 2, 3, 4))
    assert ws["B3"].value == LONG and ws["B3"].alignment.wrap_text
    assert ws.row_dimensions[3].height >= 3 * 14.5  # 80 columns of text in a 28-wide column
    assert ws.row_dimensions[4].height == 20
    widths = {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)}
    assert [widths.get(c) for c in (1, 2, 3, 4)] == [6, 28, 16, 16]  # 调整后时间 had no width


def test_the_annexes_number_their_pages(annex_book):
    """A 13-page annex (300 units) had no page number anywhere: once printed, the order could not be
    checked. The .docx has a footer with PAGE and NUMPAGES fields, every printed sheet a footer."""
    book, files = annex_book
    for ws in book.worksheets[:1]:
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", ws.title
    assert_numbered(files["timetable.docx"])


def assert_numbered(docx_bytes: bytes) -> None:
    """The .docx has one footer, on its section, saying 第 PAGE 页 共 NUMPAGES 页 (Word's fields)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        footers = [n for n in docx.namelist() if n.startswith("word/footer")]
        assert "<w:footerReference" in document and len(footers) == 1
        footer = docx.read(footers[0]).decode("utf-8")
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer
    assert '<w:instrText xml:space="preserve"> NUMPAGES </w:instrText>' in footer
    assert footer.count('w:fldCharType="begin"') == 2 and footer.count('w:fldCharType="end"') == 2
    assert "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", footer)) == "第 1 页 共 1 页"  # 1: until laid out


def test_the_meeting_timetables_docx_numbers_its_pages():
    """The meeting timetable's .docx (a page per room) had no page number, where the unit annex's .docx and
    both .xlsx have 第 N 页 共 M 页: the same footer, from the same place (export/docx.py page_footer)."""
    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    files = meeting_timetable_files(loaded, plan, formats=["docx"], issued=date(2025, 7, 3))
    assert_numbered(files["timetable.docx"])


def test_the_data_sheets_print_one_page_wide_with_their_header(annex_book, tmp_path):
    """Printing the whole workbook printed the 数据 sheet as it fell: a column alone on its own page,
    the header on the first page only. Now it is set up as the printable sheets are, landscape."""
    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    files = meeting_timetable_files(loaded, plan, formats=["xlsx"], issued=date(2025, 7, 3))
    meetings = load_workbook(io.BytesIO(files["timetable.xlsx"]))
    for ws in (annex_book[0]["数据"], meetings["数据"]):
        page = ws.page_setup
        assert int(page.paperSize) == 9 and page.orientation == "landscape", ws.parent.properties.title
        assert page.fitToWidth in (None, 1) and page.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
        assert ws.print_area == f"'数据'!$A$1:${ws.cell(1, ws.max_column).column_letter}${ws.max_row}"
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    for ws in meetings.worksheets[:1]:
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_names_of_one_length_stay_on_one_line(tmp_path):
    """Names all as long as the longest (5000u-4r's '第3534街道办事处') came out two lines high: the
    column, display width + 3, is too narrow for them in Excel. Now it is as wide as they need."""
    from scheduler.export.workbooks import line_room, lines_in

    table = tmp_path / "t.csv"
    table.write_text("单位\n" + "".join(f"第{n:04}街道办事处\n" for n in range(1, 5)), encoding="utf-8")
    table.with_suffix(".toml").write_text(
        'days = ["2021-09-08"]\nhours = ["8:00", "9:00", "10:00", "11:00"]\n', encoding="utf-8"
    )
    loaded = scheduler.load(table, strict=True)
    timetable = scheduler.solve(loaded.problem, time_limit=5).timetable
    assert timetable is not None
    files = timetable_files(loaded, timetable, formats=["xlsx"], issued=ISSUED)
    ws = load_workbook(io.BytesIO(files["timetable.xlsx"])).worksheets[0]
    assert [ws.row_dimensions[r].height for r in range(3, 7)] == [20, 20, 20, 20]
    assert lines_in("第0001街道办事处", line_room(ws.column_dimensions["C"].width, indent=True)) == 1


def _meetings_book(answers=None):
    loaded = load_meetings(EXAMPLES / "meetings_2025.csv")
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    files = meeting_timetable_files(loaded, plan, formats=["xlsx"], issued=date(2025, 7, 3), answers=answers)
    return load_workbook(io.BytesIO(files["timetable.xlsx"]))


def test_the_data_sheets_rows_are_as_tall_as_their_wrapped_text(annex_book):
    """QA print24 F13: the 数据 sheets left every row at the default height, and LibreOffice ran a
    wrapped cell (a 备注 of two lines, 42 characters in a column capped at 44, a long 参会人员) into the
    rows below it. Now such a row is as tall as its text, wrapped; a row of one line keeps the default."""
    ws = annex_book[0]["数据"]
    rows = {ws.cell(r, 3).value: r for r in range(2, ws.max_row + 1)}
    height = {name: ws.row_dimensions[r].height for name, r in rows.items()}
    assert height["区档案馆"] >= 2 * 14.5  # 分管领导参加 / 携带公章
    assert height["区审计局"] >= 2 * 14.5  # the 42-character note past the 44-wide column
    assert height["区统计局"] is None  # one line: Excel's default
    note = ws.cell(rows["区审计局"], 4)
    assert note.value == NOTE and note.alignment.wrap_text
    row = rows["区审计局"]
    assert {ws.cell(row, j).alignment.vertical for j in (1, 2, 3, 4)} == {"top"}  # 序号 and 时间 by the text's top
    meetings = _meetings_book()["数据"]
    header = [c.value for c in meetings[1]]
    rows = {meetings.cell(r, header.index("会议") + 1).value: r for r in range(2, meetings.max_row + 1)}
    assert meetings.row_dimensions[rows["政务公开工作推进会"]].height >= 2 * 14.5
    cells = meetings[rows["政务公开工作推进会"]]
    assert {c.alignment.vertical for c in cells if c.value is not None} == {"top"}
    assert any(meetings.row_dimensions[r].height is None for r in rows.values())  # short rows stay as they were


def test_the_answers_sheet_prints_like_the_data_sheet():
    """QA print24 F14: printing the whole workbook printed 答复情况 with no setup (Excel's Letter or
    the printer's paper, columns cut over pages, no page numbers). Now landscape on the table's paper,
    one page wide, its header on every page, numbered, and a long comment wrapped in a taller row."""
    from scheduler.export.annex import Answers

    comment = "会议时间与我局党组会冲突，\n请改到下午；如无法调整，由分管副局长代为参加并负责会后传达到各科室负责人"
    answers = Answers(
        {}, "答复情况", ["会议", "人员", "答复", "留言"], [["政务公开工作推进会", "张三", "拒绝", comment]]
    )
    ws = _meetings_book(answers)["答复情况"]
    page = ws.page_setup
    assert int(page.paperSize) == 9 and page.orientation == "landscape"
    assert page.fitToWidth in (None, 1) and page.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert ws.print_area == "'答复情况'!$A$1:$D$2"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.cell(2, 4).alignment.wrap_text and ws.row_dimensions[2].height >= 3 * 14.5
