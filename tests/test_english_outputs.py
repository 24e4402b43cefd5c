"""An English-headed table's outputs: the columns an output adds take English headers, as the table's
own (QA english14 F6: ``时间,Unit,Category`` and ``No.,时间,会议室,Meeting``), and read back."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.tables import Table, written_labels

RULES = """title = "Open Government Standards"
days = ["2026-03-02", "2026-03-03"]
hours = ["9:00", "10:00"]
[[rooms]]
name = "Room 420"
[[rooms]]
name = "Room 2"
"""

MEETING_RULES = """title = "Office meetings"
days = ["2026-03-02"]
hours = ["9:00-12:00"]
[[rooms]]
name = "Board Room"
"""


def _run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _header(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


def test_an_english_unit_tables_added_columns_are_english_and_read_back(tmp_path):
    table = tmp_path / "units.csv"
    table.write_text("Unit,Category\nFinance Dept.,Department\nTax Office,Department\n", encoding="utf-8")
    table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    _run("solve", table, "--out", tmp_path / "out", "--lang", "en", "--time-limit", "5")
    assert _header(tmp_path / "out" / "timetable.csv") == ["Time", "Unit", "Category", "Room"]
    book = openpyxl.load_workbook(tmp_path / "out" / "timetable.xlsx")
    assert book.sheetnames == ["Timetable", "数据"]  # QA print24 F9: the printable sheet was 对接计划表
    data = [c.value for c in next(book["数据"].iter_rows(max_row=1))]
    assert data[:3] == ["No.", "Time", "Unit"] and "时间" not in data
    for copy in ("timetable.csv", "timetable.xlsx"):
        _run("validate", tmp_path / "out" / copy, "--lang", "en")


def test_an_english_meeting_tables_added_columns_are_english(tmp_path):
    table = tmp_path / "m.csv"
    table.write_text("Meeting,Length,Participants\nKick-off,60 min,Jane Doe\nReview,30 min,John Smith\n")
    table.with_suffix(".toml").write_text(MEETING_RULES, encoding="utf-8")
    _run("solve", table, "--out", tmp_path / "out", "--lang", "en", "--time-limit", "5")
    assert _header(tmp_path / "out" / "timetable.csv")[:3] == ["Time", "Room", "Meeting"]
    book = openpyxl.load_workbook(tmp_path / "out" / "timetable.xlsx")
    assert [c.value for c in next(book["数据"].iter_rows(max_row=1))][:3] == ["Time", "End", "Length"]
    _run("validate", tmp_path / "out" / "timetable.csv", "--lang", "en")
    _run("validate", tmp_path / "out" / "timetable.xlsx", "--sheet", "数据", "--lang", "en")


def test_a_chinese_or_mixed_header_keeps_our_chinese_words():
    chinese = Table("t.csv", ["单位"], labels={"单位": "单位"})
    mixed = Table("t.csv", ["单位", "类别"], labels={"单位": "Unit", "类别": "类别"})
    english = Table("t.csv", ["单位", "类别"], labels={"单位": "Unit", "类别": "Category"})
    assert written_labels(chinese, ["时间", "单位"]) == {"时间": "时间", "单位": "单位"}
    assert written_labels(mixed, ["时间"]) == {"时间": "时间"}
    assert written_labels(english, ["时间", "房间", "答复"]) == {"时间": "Time", "房间": "Room", "答复": "Answer"}
    assert written_labels(None, ["房间"], {"房间": "会议室"}) == {"房间": "会议室"}


def test_an_english_unit_tables_printed_annex_is_english_and_a_chinese_ones_stays_chinese(tmp_path):
    """QA qaprint23 F1 (its Word part): English headers beside 附件, ``9月8日 9:00``, ``2026年12月6日``
    and ``第 1 页 共 1 页``. Now the Word annex says it all in the table's language; a Chinese one as before."""
    import docx

    for name, head, rows in (
        ("en", "Unit,Category", "Finance Dept.,Department\nTax Office,Department\n"),
        ("zh", "单位,类别", "区财政局,部门\n区税务局,部门\n"),
    ):
        table = tmp_path / f"{name}.csv"
        table.write_text(f"{head}\n{rows}", encoding="utf-8")
        table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        CliRunner().invoke(
            main, ["solve", str(table), "--out", str(out), "--time-limit", "5"], env={"SOURCE_DATE_EPOCH": "1772409600"}
        )
        doc = docx.Document(str(out / "timetable.docx"))
        said = [p.text for p in doc.paragraphs if p.text]
        times = [row.cells[1].text for row in doc.tables[0].rows[1:]]
        footer = doc.sections[0].footer.paragraphs[0].text
        printed = openpyxl.load_workbook(out / "timetable.xlsx").worksheets[0]
        formats = {printed.cell(row=r, column=2).number_format for r in range(3, printed.max_row + 1)}
        book_footer = printed.oddFooter.center.text
        page = (out / "timetable.html").read_text(encoding="utf-8")
        if name == "en":
            assert formats == {"mmm d h:mm"} and book_footer == "Page &P of &N"
            for words in ('<html lang="en">', "Days: Mar 2, Mar 3 · 2 units", '<th class="hour">Time</th>',
                          "Mar 2<small>Monday</small>", "<small>to 10:00</small>", "Department (2)</li>",
                          "Made by docking-scheduler · March 2, 2026"):  # fmt: skip
                assert words in page, words
            assert not any("\u4e00" <= c <= "\u9fff" for c in page.split("<body>")[1]), "a Chinese word on the page"
            assert said == ["Annex", "Open Government Standards", "March 2, 2026"]
            assert times and all(t.startswith("Mar ") for t in times), times
            assert footer == "Page 1 of 1"
        else:
            assert formats == {'m"月"d"日" h:mm'} and book_footer == "第 &P 页 共 &N 页"
            assert "3月2日<small>星期一</small>" in page and "共 2 个单位" in page and "部门（2 个）" in page
            assert said == ["附件", "Open Government Standards", "2026年3月2日"]
            assert times and all(t.startswith("3月") for t in times), times
            assert footer == "第 1 页 共 1 页"


ENGLISH_MEETINGS = """No.,Time,Room,Meeting,Length,Participants,Optional,Note
1,2026-03-02 09:00,Board Room,Kick-off,90 min,"Jane Doe, John Smith",Ann Lee,Bring the budget
2,2026-03-03 14:00,Board Room,Review,1 hour,"John Smith, Ann Lee",,
"""
CHINESE_MEETINGS = """序号,时间,会议室,会议,时长,参会人员,可选参会人员,备注
1,2026-03-02 09:00,Board Room,启动会,90分钟,张三、李四,王五,请带预算
2,2026-03-03 14:00,Board Room,评审会,1小时,李四、王五,,
"""
MEETING_DAYS = """title = "Office meetings"
days = ["2026-03-02", "2026-03-03"]
hours = ["9:00-12:00", "13:00-17:00"]
[[rooms]]
name = "Board Room"
seats = 12
[[rooms]]
name = "Room 2"
"""


def _meeting_files(tmp_path, text: str) -> dict[str, bytes]:
    """The printed files of a two-meeting table whose times are written in (no solving)."""
    from scheduler.export.meeting_outputs import meeting_timetable_files
    from scheduler.files.meeting_files import load_meetings

    table = tmp_path / "meetings.csv"
    table.write_text(text, encoding="utf-8")
    table.with_suffix(".toml").write_text(MEETING_DAYS, encoding="utf-8")
    loaded = load_meetings(table)
    assert loaded.plan is not None
    return meeting_timetable_files(loaded, loaded.plan, issued=date(2026, 3, 1))


def _chinese(text: str) -> list[str]:
    """The Chinese characters and full-width punctuation in ``text``."""
    return [c for c in text if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"]


def test_an_english_meeting_tables_page_is_english_and_a_chinese_ones_stays_chinese(tmp_path):
    """QA print24 F1 (page): an English meeting table's timetable.html said 共 2 个会议, 日期：3月2日, 星期一,
    时间, （90分钟）, 可选：, 备注：, 未使用 and 2026年3月1日 around its English names."""
    page = _meeting_files(tmp_path, ENGLISH_MEETINGS)["timetable.html"].decode("utf-8")
    for words in ('<html lang="en">', "2 meetings · Days: Mar 2, Mar 3 · Working hours: 9:00–12:00, 13:00–17:00",
                  "Not used: Room 2", "12 seats · 2 meetings", '<th class="clock">Time</th>',
                  "Mar 2<small>Monday</small>", "9:00–10:30 (90 min)", "14:00–15:00 (1 hour)",
                  "Jane Doe; John Smith (optional: Ann Lee)", "Kick-off (Mar 2 9:00–10:30): Note: Bring the budget",
                  "Made by docking-scheduler · March 1, 2026"):  # fmt: skip
        assert words in page, words
    assert not _chinese(page.split("<body>")[1]), _chinese(page.split("<body>")[1])
    zh = _meeting_files(tmp_path, CHINESE_MEETINGS)["timetable.html"].decode("utf-8")
    for words in ('<html lang="zh-CN">', "共 2 个会议 · 日期：3月2日、3月3日 · 工作时间：9:00—12:00、13:00—17:00",
                  "未使用：Room 2", "12 座 · 2 个会议", "3月2日<small>星期一</small>", "9:00—10:30（90分钟）",
                  "张三、李四；可选：王五", "启动会（3月2日 9:00—10:30）：备注：请带预算",
                  "docking-scheduler 生成 · 2026年3月1日"):  # fmt: skip
        assert words in zh, words


def _docx_words(data: bytes) -> tuple[list[str], str]:
    """A Word file's paragraphs and table cells, and its footer's text."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs if p.text] + cells, document.sections[0].footer.paragraphs[0].text


def test_an_english_meeting_tables_word_grid_is_english_and_a_chinese_ones_stays_chinese(tmp_path):
    """QA print24 F1 (Word): an English meeting table's timetable.docx headed its rooms Board Room（12 座）
    and its days 3月2日 星期一, said （90分钟）, 可选：, 备注：, 2026年3月1日 and 第 1 页 共 1 页."""
    said, footer = _docx_words(_meeting_files(tmp_path, ENGLISH_MEETINGS)["timetable.docx"])
    for words in ("Board Room (12 seats)", "Monday, Mar 2", "Tuesday, Mar 3", "Time", "Notes:",
                  "Kick-off (Mar 2 9:00–10:30): Bring the budget", "March 1, 2026"):  # fmt: skip
        assert words in said, (words, said)
    assert any(cell == "Kick-off\n9:00–10:30 (90 min)\nJane Doe; John Smith (optional: Ann Lee)" for cell in said)
    assert footer == "Page 1 of 1"
    assert not [c for text in said for c in _chinese(text)], said
    said, footer = _docx_words(_meeting_files(tmp_path, CHINESE_MEETINGS)["timetable.docx"])
    for words in (
        "Board Room（12 座）",
        "3月2日 星期一",
        "时间",
        "备注：",
        "启动会（3月2日 9:00—10:30）：请带预算",
        "2026年3月1日",
    ):
        assert words in said, (words, said)
    assert any(cell == "启动会\n9:00—10:30（90分钟）\n张三、李四；可选：王五" for cell in said)
    assert footer == "第 1 页 共 1 页"


def test_an_english_meeting_tables_workbook_prints_english_and_a_chinese_ones_stays_chinese(tmp_path):
    """QA print24 F1 (workbook): an English meeting table's timetable.xlsx printed its times 3月2日 9:00
    (number format m"月"d"日" h:mm) on a sheet named 会议安排 with the footer 第 1 页 共 1 页; it still reads
    back as it stands, and its data sheet keeps the name the readers find it by (数据)."""
    import io

    for text, tab, time_format, footer in (
        (ENGLISH_MEETINGS, "Timetable", "mmm d h:mm", "&CPage &P of &N"),
        (CHINESE_MEETINGS, "会议安排", 'm"月"d"日" h:mm', "&C第 &P 页 共 &N 页"),
    ):
        files = _meeting_files(tmp_path, text)
        book = openpyxl.load_workbook(io.BytesIO(files["timetable.xlsx"]))
        assert book.sheetnames == [tab, "数据"]
        printed = book.worksheets[0]
        formats = {printed.cell(row=r, column=2).number_format for r in range(3, printed.max_row + 1)}
        assert formats == {time_format}
        assert [ws.oddFooter.center.text for ws in book.worksheets] == [footer[2:]] * 2
        (tmp_path / "out.xlsx").write_bytes(files["timetable.xlsx"])
        (tmp_path / "out.toml").write_bytes(files["timetable.toml"])
        _run("validate", tmp_path / "out.xlsx", "--rules", tmp_path / "out.toml")
        _run("validate", tmp_path / "out.xlsx", "--rules", tmp_path / "out.toml", "--sheet", "数据")


def test_an_english_unit_tables_adjustment_notice_is_english_and_a_chinese_ones_stays_chinese(tmp_path):
    """QA print24 F2: reschedule --out on an English unit table wrote 调整通知.docx/.xlsx all in Chinese
    (关于调整《…》部分单位对接时间的通知, 各有关单位：, 序号/单位/原定时间/调整后时间, 3月2日 9:00,
    2026年3月2日) around English unit names. Now in the annex's language; the file name stays 调整通知."""
    import docx

    for name, head, rows, away in (
        ("en", "Unit,Category", "Finance Dept.,Department\nTax Office,Department\n", "Finance Dept.@Mar 2"),
        ("zh", "单位,类别", "区财政局,部门\n区税务局,部门\n", "区财政局@3月2日"),
    ):
        table = tmp_path / f"{name}.csv"
        table.write_text(f"{head}\n{rows}", encoding="utf-8")
        table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        env = {"SOURCE_DATE_EPOCH": "1772409600"}
        for args in (["solve", table], ["reschedule", out / "timetable.csv", "--unavailable", away]):
            done = CliRunner().invoke(main, [*map(str, args), "--out", str(out), "--time-limit", "5"], env=env)
            assert done.exit_code == 0, done.output
        said = [p.text for p in docx.Document(str(out / "调整通知.docx")).paragraphs if p.text]
        cells = [[c.text for c in row.cells] for row in docx.Document(str(out / "调整通知.docx")).tables[0].rows]
        book = openpyxl.load_workbook(out / "调整通知.xlsx")
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[2]]
        moved = next(row for row in cells if row[1] in ("Finance Dept.", "区财政局"))
        if name == "en":
            assert said[:2] == ["Changes to the timetable: Open Government Standards", "To the units concerned:"]
            assert said[2].startswith("The meeting times of 1 unit have changed as follows")
            assert said[3].startswith("All other units keep their times and places.") and said[-1] == "March 2, 2026"
            assert cells[0] == header == ["No.", "Unit", "Was", "Now", "Room"] and moved[2].startswith("Mar 2 ")
            assert book.sheetnames == ["Changes"] and sheet.cell(3, 3).number_format == "mmm d h:mm"
            assert sheet.oddFooter.center.text == "Page &P of &N"
            assert not [c for text in said + [t for row in cells for t in row] for c in _chinese(text)]
        else:
            assert said[:2] == ["关于调整《Open Government Standards》部分单位对接时间的通知", "各有关单位："]
            assert said[-1] == "2026年3月2日" and moved[2].startswith("3月2日 ")
            assert cells[0] == header == ["序号", "单位", "原定时间", "调整后时间", "地点"]
            assert book.sheetnames == ["调整通知"] and sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_an_english_word_grid_cuts_a_long_list_after_whole_names(tmp_path):
    """QA print24 F4: a 45-minute meeting of nine people read ``Jean-Bap… (10 in all)`` or ``With… (3 in
    all)`` in the Word grid: the list was cut by characters, counted as if each letter were as wide as a
    Chinese character. Now the names shown are whole, as many as the block holds, then how many in all."""
    people = [f"Wilhelmina Vanderbilt-Cornelius {n}" for n in range(1, 10)]
    text = "Time,Room,Meeting,Length,Participants\n"
    text += f'2026-03-02 09:00,Board Room,Short,30 min,"{", ".join(people)}"\n'
    text += '2026-03-02 10:00,Board Room,Long,3 hours,"Ann Lee, Tom Lee"\n'
    said, _ = _docx_words(_meeting_files(tmp_path, text)["timetable.docx"])
    cell = next(c for c in said if c.startswith("Short\n"))
    listed = cell.split("\n")[2]
    assert listed.endswith("… (9 in all)"), cell
    shown = listed.removesuffix("… (9 in all)").split("; ")
    assert shown and all(name in people for name in shown), shown  # whole names only
    assert any(c.startswith("Long\n") and c.endswith("Ann Lee; Tom Lee") for c in said)


def test_an_english_workbooks_duration_column_holds_its_lengths_on_one_line(tmp_path):
    """QA print24 F5: ``90 minutes`` and the header ``Duration`` wrapped in the 9-character 时长 column of
    both sheets, and a row counted one line tall clipped the second line (the data sheet's overlapped the
    next row in LibreOffice). The column is now as wide as its texts need; a Chinese one keeps 9."""
    import io

    text = ENGLISH_MEETINGS.replace("Length", "Duration").replace("90 min,", "90 minutes,")
    for table, header, widths in ((text, "Duration", (12.0, 18.0)), (CHINESE_MEETINGS, "时长", (9.0, 9.0))):
        book = openpyxl.load_workbook(io.BytesIO(_meeting_files(tmp_path, table)["timetable.xlsx"]))
        for ws, header_row in zip(book.worksheets, (2, 1), strict=True):
            at = [c.value for c in ws[header_row]].index(header)
            width = ws.column_dimensions[openpyxl.utils.get_column_letter(at + 1)].width
            assert widths[0] <= width <= widths[1], (ws.title, width)  # 90 minutes: 10 characters and padding


def test_an_english_unit_pages_rooms_are_listed_in_english(tmp_path):
    """QA print24 F6: the English page's first line read ``Place: Room 420、Room 2``, the rooms joined with
    the Chinese list mark; a Chinese page keeps it (``地点：Room 420、Room 2``)."""
    for head, rows, words in (
        ("Unit,Category", "Finance Dept.,Department\nTax Office,Department\n", "Place: Room 420, Room 2 · "),
        ("单位,类别", "区财政局,部门\n区税务局,部门\n", "地点：Room 420、Room 2 · "),
    ):
        table = tmp_path / "t.csv"
        table.write_text(f"{head}\n{rows}", encoding="utf-8")
        table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
        _run("solve", table, "--out", tmp_path / "out", "--format", "html", "--time-limit", "5")
        assert words in (tmp_path / "out" / "timetable.html").read_text(encoding="utf-8")


def test_an_english_tables_csv_in_notice_times_is_english_and_reads_back(tmp_path):
    """QA print24 F7: ``solve --time-format notice`` wrote an English table's timetable.csv with times
    ``9月8日 9:00`` under the header Time. Now ``Mar 2 9:00``, read back as it stands; Chinese unchanged."""
    unit_table = tmp_path / "u.csv"
    unit_table.write_text("Unit,Category\nFinance Dept.,Department\nTax Office,Department\n", encoding="utf-8")
    unit_table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    meeting_table = tmp_path / "m.csv"
    meeting_table.write_text("Meeting,Length,Participants\nKick-off,60 min,Jane Doe\nReview,30 min,John Smith\n")
    meeting_table.with_suffix(".toml").write_text(MEETING_RULES, encoding="utf-8")
    for table in (unit_table, meeting_table):
        out = tmp_path / f"out-{table.stem}"
        _run("solve", table, "--out", out, "--format", "csv", "--time-format", "notice", "--time-limit", "5")
        with open(out / "timetable.csv", encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
        assert rows and all(row["Time"].startswith("Mar 2 ") for row in rows), rows
        _run("validate", out / "timetable.csv", "--lang", "en")
    zh = tmp_path / "zh.csv"
    zh.write_text("单位,类别\n区财政局,部门\n", encoding="utf-8")
    zh.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    _run("solve", zh, "--out", tmp_path / "out-zh", "--format", "csv", "--time-format", "notice", "--time-limit", "5")
    assert "\n3月2日 9:00,区财政局," in (tmp_path / "out-zh" / "timetable.csv").read_text(encoding="utf-8-sig")


def test_an_english_workbooks_printed_sheets_are_set_in_calibri_and_a_chinese_ones_in_songti(tmp_path):
    """QA print24 F8: an English table's printed sheets (the unit annex, the meeting timetable, the notice)
    named 宋体 and 黑体 in Excel's font box, fonts an English Windows has only with its optional Chinese
    fonts. English workbooks now use Excel's own Calibri; Chinese ones keep 宋体 and 黑体."""
    import io

    for text, fonts in ((ENGLISH_MEETINGS, {"Calibri"}), (CHINESE_MEETINGS, {"宋体", "黑体"})):
        book = openpyxl.load_workbook(io.BytesIO(_meeting_files(tmp_path, text)["timetable.xlsx"]))
        printed = book.worksheets[0]
        used = {cell.font.name for row in printed.iter_rows(max_col=len(printed[2])) for cell in row if cell.value}
        assert used == fonts, used
    table = tmp_path / "u.csv"
    table.write_text("Unit,Category\nFinance Dept.,Department\nTax Office,Department\n", encoding="utf-8")
    table.with_suffix(".toml").write_text(RULES, encoding="utf-8")
    out = tmp_path / "out"
    _run("solve", table, "--out", out, "--time-limit", "5")
    _run("reschedule", out / "timetable.csv", "--unavailable", "Finance Dept.@Mar 2", "--out", out, "--time-limit", "5")
    for name in ("timetable.xlsx", "调整通知.xlsx"):
        ws = openpyxl.load_workbook(out / name).worksheets[0]
        assert {cell.font.name for row in ws.iter_rows() for cell in row if cell.value} == {"Calibri"}, name


def test_a_word_grids_rows_leave_room_for_a_title_that_wraps(tmp_path):
    """QA print24 F10: a title of three lines took the room the grid's rows were given, and the last lines
    under the grid (the wishes, the date) went onto a page of their own, in either language. The rows are
    now shortened by the title's further lines (a one-line title's rows as before)."""
    import io
    import re
    import zipfile

    from scheduler.export.meeting_outputs import meeting_timetable_files
    from scheduler.files.meeting_files import load_meetings

    table = tmp_path / "meetings.csv"
    table.write_text(ENGLISH_MEETINGS, encoding="utf-8")
    heights = []
    for title in ("Office meetings", "Autumn term governance, curriculum and safeguarding meetings " * 2):
        rules = MEETING_DAYS.replace('title = "Office meetings"', f'title = "{title}"\ngrid_minutes = 10')
        table.with_suffix(".toml").write_text(rules, encoding="utf-8")
        loaded = load_meetings(table)
        assert loaded.plan is not None
        docx = meeting_timetable_files(loaded, loaded.plan, issued=date(2026, 3, 1))["timetable.docx"]
        xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
        heights.append(max(int(h) for h in re.findall(r'<w:trHeight w:val="(\d+)"', xml)))
    short, long = heights
    assert long < short - 15, heights  # about 7.5 mm less over the grid's 42 rows, in twips a row
