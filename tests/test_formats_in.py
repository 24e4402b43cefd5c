"""Tables in: the 2021 table as the office may hold it (GBK, BOM, UTF-16, .xlsx, pasted
from the PDF) reads and validates exactly like the UTF-8 CSV; malformed files get
one clear line each (file, row, column) and exit code 2."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import scheduler
from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.encodings import decode
from scheduler.files.excel import cell_text, excel_text, shows_year
from scheduler.files.table_file import read_table
from scheduler.files.tables import ALIASES
from scheduler.text.times import parse_datetime
from tests.conftest import edit
from tests.formats_helpers import NOTICE, notice_rows, notice_text, with_rules, write_xlsx


def notice_time(text: str, year: int) -> datetime:
    return parse_datetime(text, lambda _m, _d: year)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def reference():
    return run("validate", str(NOTICE), "--lang", "en")


def same_as_utf8(table, skipped: tuple[str, ...] = ()):
    """The table validates with the same output and loads the same problem and timetable; the rows it
    skips are ``skipped``, said on stderr one line per kind (and nothing else there)."""
    expected, got = reference(), run("validate", str(table), "--lang", "en")
    assert (got.exit_code, got.stdout) == (expected.exit_code, expected.stdout)
    assert got.stderr.splitlines() == list(skipped)
    a, b = scheduler.load(NOTICE), scheduler.load(table)
    assert b.problem == a.problem
    assert b.timetable == a.timetable


# -- the 2021 table in every encoding and as a workbook ---------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("gbk", "gbk.csv"), ("gb18030", "gb18030.csv"), ("utf-8-sig", "bom.csv"), ("utf-16", "unicode.txt")],
)
def test_encodings_of_the_notice_validate_like_utf8(tmp_path, encoding, name):
    text = notice_text()
    if name.endswith(".txt"):  # Excel's "Unicode text": UTF-16 with BOM, tab-separated
        text = text.replace(",", "\t")
    table = with_rules(tmp_path / name)
    table.write_bytes(text.encode(encoding))
    same_as_utf8(table)


@pytest.mark.parametrize(
    ("separator", "title"),
    [
        (";", ""),  # Excel's "CSV" where the decimal mark is a comma (European settings)
        (";", "26个试点领域对接计划表;;;;;\n"),  # its title row, exported with the table's width
        ("\t", "附件\n"),  # tab-separated under a title line without tabs
        (",", "说明;请勿改动\n"),  # a semicolon in a title, not between column names: a comma file still
    ],
)
def test_semicolon_and_tab_separated_notices_validate_like_utf8(tmp_path, separator, title):
    """A semicolon-separated file was refused as "column 单位 is missing" with 单位 in its header."""
    table = with_rules(tmp_path / "separated.csv")
    table.write_bytes((title + notice_text().replace(",", separator)).encode("utf-8-sig"))
    same_as_utf8(table)


def test_a_semicolon_file_with_every_cell_quoted_validates_like_utf8(tmp_path):
    """LibreOffice and WPS with "quote all text cells": ``"序号";"时间";"单位"`` was read as one column."""
    table = with_rules(tmp_path / "quoted.csv")
    rows = [line.split(",") for line in notice_text().splitlines()]
    text = "\n".join(";".join(f'"{cell}"' for cell in row) for row in rows) + "\n"
    table.write_bytes(text.encode("utf-8-sig"))
    same_as_utf8(table)


def test_gbk_is_detected_not_guessed(tmp_path):
    data = notice_text().encode("gbk")
    assert decode(data, "x").encoding == "gb18030"
    assert decode(notice_text().encode("utf-8"), "x").encoding == "utf-8"
    assert decode(notice_text().encode("utf-8-sig"), "x").encoding == "utf-8-sig"
    # Tiny GBK tables, where general detectors answer Korean or UTF-16:
    for text in ("单位\n区财政局\n", "单位\n柏庄镇政府\n", "单位,时间\n区财政局,9月8日 8:00\n"):
        assert decode(text.encode("gbk"), "x").text == text


def test_no_chinese_header_name_in_gbk_is_valid_utf8():
    """Why valid UTF-8 may be taken as UTF-8: a GBK header (单位, 时间...) never is."""
    for name in ALIASES:
        if not name.isascii():
            with pytest.raises(UnicodeDecodeError):
                name.encode("gbk").decode("utf-8")


def test_broken_and_mixed_files_are_refused_with_the_line(tmp_path):
    utf8 = notice_text().encode("utf-8").splitlines(keepends=True)
    mixed = b"".join(utf8[:5] + ["9,9 月 9 日 8:00,区司法局,,部门,\n".encode("gbk")] + utf8[6:])
    with pytest.raises(InputError) as caught:
        decode(mixed, "t.csv")
    assert caught.value.row == 6
    assert "UTF-8" in caught.value.text("en")
    gbk = notice_text().encode("gbk").splitlines(keepends=True)
    mixed = b"".join(gbk[:3] + ["3,9 月 8 日 10:00,区发改委,,部门,\n".encode()] + gbk[4:])
    with pytest.raises(InputError) as caught:
        decode(mixed, "t.csv")
    assert caught.value.row == 4
    assert "GBK" in caught.value.text("en")


def test_a_pasted_line_is_named_for_what_it_is_even_when_it_breaks_the_files_own_encoding(tmp_path):
    """A UTF-8 line in a GBK file that GB18030 cannot decode (``月`` in UTF-8 is not a GB18030 pair), and a
    GBK line in a UTF-8 file with a BOM, get the specific messages, not "unknown encoding"."""
    line = "7,9 月 8 日 17:00,区城管执法局,,部门,\n"
    with pytest.raises(UnicodeDecodeError):
        line.encode().decode("gb18030")
    gbk = notice_text().encode("gbk").splitlines(keepends=True)
    with pytest.raises(InputError) as caught:
        decode(b"".join(gbk[:7] + [line.encode()] + gbk[8:]), "t.csv")
    assert (caught.value.row, caught.value.message.key) == (8, "input.mixed_encoding")
    bom = notice_text().encode("utf-8-sig").splitlines(keepends=True)
    with pytest.raises(InputError) as caught:
        decode(b"".join(bom[:7] + [line.encode("gbk")] + bom[8:]), "t.csv")
    assert (caught.value.row, caught.value.message.key) == (8, "input.broken_utf8")
    with pytest.raises(InputError) as caught:  # a GBK file behind a stray BOM: no line is "the odd one"
        decode(codecs.BOM_UTF8 + notice_text().encode("gbk"), "t.csv")
    assert caught.value.message.key == "input.encoding"


def test_notice_as_xlsx_with_a_title_row_validates_like_utf8(tmp_path):
    table = with_rules(tmp_path / "notice.xlsx")
    write_xlsx(table, notice_rows(), title="26个试点领域区政府各主管部门工作对接计划表")
    same_as_utf8(table)
    loaded = scheduler.load(table)
    assert loaded.rows[0] == 3  # sheet rows: title, header, then the first unit


def test_xlsx_types_as_excel_stores_them(tmp_path):
    rows = notice_rows()
    header, body = rows[0], rows[1:]
    typed: list[list[object]] = [header]
    for r in body:  # 序号 as numbers, 时间 as real dates (openpyxl gives them a format with the year)
        typed.append([float(r[0]), notice_time(r[1], 2021), *r[2:]])
    table = with_rules(tmp_path / "typed.xlsx")
    write_xlsx(table, typed)
    same_as_utf8(table)


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
def test_excel_escapes_in_cells_read_as_excel_shows_them(tmp_path, inline):
    """Leftovers 1: a cell's text stored with Excel's escapes (``_x000D_``, ``_x0001_``, ``_x005F_``) was read
    letter for letter. It reads as Excel shows it, in shared strings and in the cell itself alike (XlsxWriter
    stores text as Excel does: shared, or inline in constant-memory mode), and a character no output can hold
    is then refused as a CSV's is, naming file, row and column."""
    import xlsxwriter

    def save(rows: list[list[str]]) -> tuple[Path, bytes]:
        """The workbook, and the XML its text is stored in."""
        table = with_rules(tmp_path / "escaped.xlsx")
        book = xlsxwriter.Workbook(str(table), {"constant_memory": inline})
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
        with zipfile.ZipFile(table) as saved:
            return table, saved.read("xl/worksheets/sheet1.xml" if inline else "xl/sharedStrings.xml")

    rows = notice_rows()
    note, unit = rows[0].index("备注"), rows[0].index("单位")
    rows[1][note] = "请安排上午\r\n第二行：_x000D_ 是字样 x_x005F_y"
    table, stored = save(rows)
    assert "上午_x000D_\n第二行：_x005F_x000D_ 是字样 x_x005F_x005F_y".encode() in stored
    assert read_table(table).rows[0].get("备注") == rows[1][note]

    rows[2][unit] = "区财\x01政局"
    table, stored = save(rows)
    assert "区财_x0001_政局".encode() in stored
    refused = run("validate", str(table))
    assert refused.exit_code == 2
    assert refused.output.strip().startswith(f"{table}, 第 3 行, 列“单位”: 含有不可见字符 U+0001")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("a_x000D_b", "a\rb"),
        ("a_x0009_b", "a\tb"),
        ("_x005F_x000D_", "_x000D_"),  # an escaped underscore starts no escape
        ("_x005f_x000d_", "_x000d_"),  # hex digits in either case
        ("_x005F__x005F_", "__"),
        ("_xD83D__xDE00_", "\U0001f600"),  # a surrogate pair: one character
        ("_xD83D_", "\ud83d"),  # a lone surrogate stays, for the table's reading to refuse
        ("_x00G1_ _x001_", "_x00G1_ _x001_"),  # not escapes
    ],
)
def test_excel_text_decodes_each_escape_once(stored, shown):
    assert excel_text(stored) == shown


def test_year_less_excel_dates_take_the_campaign_year(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(notice_rows()[0])
    for r in notice_rows()[1:]:
        ws.append([int(r[0]), notice_time(r[1], 2024), *r[2:]])  # "9月8日 8:00" typed into Excel in 2024
        ws.cell(row=ws.max_row, column=2).number_format = 'm"月"d"日" h:mm'
    table = with_rules(tmp_path / "typed2024.xlsx")
    book.save(table)
    same_as_utf8(table)


def test_sheet_option_picks_by_name_or_number(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["这个工作簿的第二张表是名单"])
    data = book.create_sheet("名单")
    for row in notice_rows():
        data.append(row)
    table = with_rules(tmp_path / "book.xlsx")
    book.save(table)
    assert run("validate", str(table), "--sheet", "名单").exit_code == 0
    assert run("validate", str(table), "--sheet", "2").exit_code == 0
    missing = run("validate", str(table), "--sheet", "名单2", "--lang", "en")
    assert missing.exit_code == 2
    assert missing.output.strip() == f"{table}: there is no sheet '名单2' (sheets: 说明, 名单)"
    found = run("validate", str(table), "--lang", "en")  # the first sheet has no table: the one with a header is read
    assert found.exit_code == 0, found.output


@pytest.mark.parametrize(
    ("title", "asked", "other"),
    [
        ("Data", "data", "Notes"),  # Excel's own rule: sheet names compared case aside
        ("Sheet1", "SHEET1", "Sheet2"),
        ("Timetable", " timetable ", "数据"),  # spaces around, as a name typed in a shell
        ("排期表", "排期表 ", "Sheet1"),
        ("Ｄａｔａ", "data", "说明"),  # full-width letters typed with a Chinese input method
    ],
)
def test_sheet_option_matches_a_name_case_and_width_aside(tmp_path, title, asked, other):
    """Leftover 1 of the twenty-first session: ``--sheet data`` for a sheet called Data was refused; the
    other sheet holds the same table with one unit missing, so reading it instead would show."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = other
    for row in notice_rows()[:-1]:
        book.active.append(row)
    data = book.create_sheet(title)
    for row in notice_rows():
        data.append(row)
    table = with_rules(tmp_path / "book.xlsx")
    book.save(table)
    result = run("validate", str(table), "--sheet", asked, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"({len(notice_rows()) - 1} units" in result.output


@pytest.mark.parametrize("asked", ["Data", "数据", "Sheet1", "排期"])
def test_sheet_option_never_reads_a_sheet_of_another_name(tmp_path, asked):
    """No alias between names (Data, 数据, Sheet1, Timetable, 排期表): a sheet not there is refused on one line
    listing the sheets there are, exit 2; without ``--sheet`` the table is found by its header."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active.append(["见第二张表"])
    data = book.create_sheet("排期表" if asked != "排期表" else "Data")
    for row in notice_rows():
        data.append(row)
    table = with_rules(tmp_path / "book.xlsx")
    book.save(table)
    result = run("validate", str(table), "--sheet", asked, "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == f"{table}: there is no sheet '{asked}' (sheets: 说明, {data.title})"
    assert run("validate", str(table)).exit_code == 0


def test_sheet_option_matching_two_sheets_case_aside_is_refused_naming_them(tmp_path):
    """Two sheets one ``--sheet`` matches only case and width aside (a program, not Excel, can write them):
    which one is meant is not guessed."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Data"
    for row in notice_rows():
        book.active.append(row)
    wide = book.create_sheet("Ｄａｔａ")
    for row in notice_rows():
        wide.append(row)
    table = with_rules(tmp_path / "book.xlsx")
    book.save(table)
    result = run("validate", str(table), "--sheet", "DATA", "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{table}: several sheets could be 'DATA' (Data, Ｄａｔａ), differing only in case, width or spaces:"
        " write the one to read exactly as it is spelt, or its number"
    )
    assert run("validate", str(table), "--sheet", "Ｄａｔａ").exit_code == 0


def test_a_workbook_with_a_sheet_per_day_is_refused_naming_the_sheets(tmp_path):
    """QA winfiles §2a: one unit table per day, three visible sheets; only the first was read, and
    validate said every rule held (8 of 29 units). A hidden sheet is not counted."""
    from openpyxl import Workbook

    header, *rows = notice_rows()
    book = Workbook()
    book.remove(book.active)
    for day in ("9月8日", "9月9日", "9月10日"):
        ws = book.create_sheet(day)
        ws.append([f"{day}对接安排"])
        ws.append(header)
        for row in rows:
            if row[1].replace(" ", "").startswith(day):
                ws.append(row)
    table = with_rules(tmp_path / "按天.xlsx")
    book.save(table)
    result = run("validate", str(table))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{table}: 有 3 个工作表都是单位表（9月8日、9月9日、9月10日）：只会读其中一张，"
        "请用 --sheet 指定要读的工作表，或把它们合并为一张表"
    )
    assert run("validate", str(table), "--sheet", "9月8日").exit_code == 0  # one of them, said
    book["9月9日"].sheet_state = "hidden"
    book["9月10日"].sheet_state = "hidden"
    book.save(table)
    assert run("validate", str(table)).exit_code == 0  # the one sheet Excel shows


def test_a_contacts_workbook_with_a_sheet_per_department_is_told_to_merge_them(tmp_path):
    """A file the rules name has no --sheet: the line says to merge the sheets, and names no option."""
    from openpyxl import Workbook

    from scheduler.files.contacts import read_contacts

    book = Workbook()
    book.remove(book.active)
    for title, unit in (("部门", "区财政局"), ("镇办", "柏庄镇政府")):
        ws = book.create_sheet(title)
        ws.append(["单位", "邮箱"])
        ws.append([unit, "office@example.org"])
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_contacts(path)
    assert (
        caught.value.text("zh") == f"{path}: 有 2 个工作表都是通讯录（部门、镇办）：只会读其中一张，"
        "请把它们合并为一张表，或删除（或隐藏）不用的那张"
    )


def test_our_own_workbook_holding_the_timetable_twice_reads_its_printable_sheet(tmp_path, example):
    """The annex and the 数据 sheet (and, after replies, the answers sheet) are one timetable: not refused
    as several tables, and the table read says which sheet is its twin."""
    out = tmp_path / "out"
    assert run("solve", str(example / NOTICE.name), "--out", str(out), "--format", "xlsx").exit_code == 0
    table = read_table(out / "timetable.xlsx")
    assert table.path == f"{out / 'timetable.xlsx'} [对接计划表]"
    assert table.twin is not None and table.twin.title == "数据"
    assert table.twin.read().rows == read_table(out / "timetable.xlsx", "数据").rows  # read with it, in one pass
    assert read_table(out / "timetable.xlsx", "数据").twin is None  # named: no twin to think of
    assert run("validate", str(out / "timetable.xlsx")).exit_code == 0


def test_pasted_from_the_pdf_reads_cleanly(tmp_path):
    """Copied from the notice's PDF into a text file: tabs, a spaced header (单 位),
    no-break and ideographic spaces, full-width colons, the notice's spaced times."""
    lines = ["序号\t时间\t单 位\t备注\t类别\t并行组"]
    for r in notice_rows()[1:]:
        time = r[1].replace(":", "：") if int(r[0]) % 2 else r[1].replace(" ", "\u00a0")
        lines.append("\t".join([r[0], time, r[2] + "\u3000", r[3], r[4], r[5]]))
    table = with_rules(tmp_path / "pasted.txt")
    table.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    same_as_utf8(table)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_full_width_digits_and_colons_in_the_time_column_read_as_ascii(tmp_path, suffix):
    """``９月８日 ８：００`` typed with a Chinese input method's full-width digits is the same time."""
    full = str.maketrans("0123456789:", "０１２３４５６７８９：")
    rows = notice_rows()
    rows[1:] = [[r[0], r[1].translate(full), *r[2:]] for r in rows[1:]]
    table = with_rules(tmp_path / f"fullwidth{suffix}")
    if suffix == ".csv":
        table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        write_xlsx(table, rows)
    same_as_utf8(table)


def test_english_headers_with_stray_spaces(tmp_path):
    rows = notice_rows()
    rows[0] = [" No. ", "Time ", " Unit", "Note", "Category", " Group "]
    table = with_rules(tmp_path / "english.xlsx")
    write_xlsx(table, rows)
    same_as_utf8(table)


def test_cell_text_and_year_formats():
    assert shows_year("yyyy-mm-dd h:mm") and shows_year("m/d/yy h:mm")
    assert not shows_year('m"月"d"日" h:mm') and not shows_year('[$-804]m"月"d"日"')
    assert cell_text(3.0) == "3" and cell_text(2.5) == "2.5" and cell_text(None) == ""
    assert cell_text(datetime(2021, 9, 8, 8), "yyyy-mm-dd h:mm") == "2021-09-08 8:00"
    assert cell_text(datetime(2024, 9, 8, 8), 'm"月"d"日" h:mm') == "9月8日 8:00"


# -- malformed files: one clear line each ---------------------------------------------------


def one_line_error(table, *extra):
    result = run("validate", str(table), "--lang", "en", *extra)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert lines[0].startswith(str(table))
    return lines[0]


def test_wrong_encoding(tmp_path):
    table = with_rules(tmp_path / "bad.csv")
    table.write_bytes("单位,时间\n".encode("gbk") + b"\xff\xfe\xfd,9:00\n")
    assert (
        one_line_error(table)
        == f'{table}, row 2: unknown encoding (expected UTF-8 or GBK): in Excel, Save As "CSV UTF-8"'
    )


def test_binary_file(tmp_path):
    table = with_rules(tmp_path / "photo.csv")
    table.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "not a text table" in one_line_error(table)


def test_empty_sheet(tmp_path):
    from openpyxl import Workbook

    table = with_rules(tmp_path / "empty.xlsx")
    Workbook().save(table)
    assert one_line_error(table) == f"{table}: sheet 'Sheet' is empty"


def test_merged_header_cells(tmp_path):
    rows = notice_rows()
    rows[0] = ["序号", "时间", "单位", "", "类别", "并行组"]
    table = with_rules(tmp_path / "merged.xlsx")
    write_xlsx(table, rows, merge=["C1:D1"])
    assert one_line_error(table) == (
        f"{table}, row 1: header cells C1:D1 are merged: unmerge them, one header per column"
    )


def test_two_row_header_is_merged_header(tmp_path):
    rows = [["序号", "时间", "单位", "备注"], ["", "", "", ""]] + [r[:4] for r in notice_rows()[1:]]
    table = with_rules(tmp_path / "tall.xlsx")
    write_xlsx(table, rows, title="计划表", merge=["A2:A3", "B2:B3"])
    assert (
        one_line_error(table)
        == f"{table}, row 2: header cells A2:A3, B2:B3 are merged: unmerge them, one header per column"
    )


def test_missing_unit_column(tmp_path):
    rows = [[c for i, c in enumerate(r) if i != 2] for r in notice_rows()]
    csv_table = with_rules(tmp_path / "nounit.csv")
    csv_table.write_text("\n".join(",".join(r) for r in rows), encoding="gbk")
    assert one_line_error(csv_table).startswith(f"{csv_table}, row 1, column Unit: this column is missing")
    xlsx_table = with_rules(tmp_path / "nounit.xlsx")
    write_xlsx(xlsx_table, rows)
    assert one_line_error(xlsx_table).startswith(f"{xlsx_table}, row 1, column Unit: this column is missing")


def test_missing_category_column_in_xlsx(tmp_path):
    rows = [r[:4] for r in notice_rows()]
    table = with_rules(tmp_path / "nocat.xlsx")
    write_xlsx(table, rows, title="计划表")
    # the header's row, under the title (before: always "row 1", the title's)
    assert one_line_error(table).startswith(f"{table}, row 2, column Category: this column is missing")


def test_bad_time_in_xlsx_names_the_sheet_row(tmp_path):
    rows = notice_rows()
    rows[5][1] = "9月32日 8:00"
    table = with_rules(tmp_path / "badtime.xlsx")
    write_xlsx(table, rows, title="计划表")
    assert one_line_error(table).startswith(f"{table}, row 7, column 时间: cannot read the time '9月32日 8:00'")


def test_old_xls_and_other_zip_files(tmp_path):
    xls = with_rules(tmp_path / "old.xls")
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert "old Excel files (.xls)" in one_line_error(xls)
    docx = with_rules(tmp_path / "annex.xlsx")
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "this is a Word document" in one_line_error(docx)  # named for what it is, whatever its name


@pytest.mark.parametrize("kind", ["ods", "zip", "truncated"])
def test_a_zip_that_is_no_workbook_is_said_in_the_chosen_language_with_what_to_do(tmp_path, kind):
    """QA: '.ods' and other ZIP files said 'not a valid Excel workbook (.xlsx): 不是 Excel 工作簿' under
    --lang en (twice the same in zh), a truncated workbook 'BadZipFile'."""
    book = with_rules(tmp_path / f"{kind}.xlsx")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        if kind == "ods":
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>" * 200)
    if kind == "truncated":
        book.write_bytes(book.read_bytes()[: book.stat().st_size // 2])
    said = {lang: run("validate", str(book), "--lang", lang) for lang in ("en", "zh")}
    for result in said.values():
        assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output
        assert result.output.startswith(str(book)) and "Error" not in result.output and "Zip" not in result.output
    en, zh = said["en"].output, said["zh"].output
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), en
    assert "save it as .xlsx or CSV" in en and "另存为 .xlsx 或 CSV" in zh
    assert zh.count("Excel 工作簿") == (2 if kind == "zip" else 1), zh
    assert ("OpenDocument" in en) == (kind == "ods")


def test_formula_without_a_saved_result(tmp_path):
    rows = notice_rows()
    table = with_rules(tmp_path / "formula.xlsx")
    write_xlsx(table, rows)
    from openpyxl import load_workbook

    book = load_workbook(table)
    book.active["A3"] = "=A2+1"
    book.save(table)
    assert (
        one_line_error(table)
        == f"{table}, row 3, column 序号: the formula in cell A3 has no saved result: open and save the workbook in "
        "Excel first"
    )
    book["Sheet"]["A1"] = "=1+1"  # above the header (a title row): named by its cell alone
    book.save(table)
    assert one_line_error(table).startswith(f"{table}, row 1, column A1: a formula without a saved result")


def test_sheet_option_on_a_csv(tmp_path):
    table = with_rules(tmp_path / "t.csv")
    table.write_text(notice_text(), encoding="utf-8")
    assert "--sheet applies only to .xlsx" in one_line_error(table, "--sheet", "1")


def test_read_table_keeps_sheet_row_numbers_under_merged_times(tmp_path):
    rows = notice_rows()
    rows[19][1] = ""  # 北关公安分局 (sheet row 21) shares 9:00 with 区税务局 above: a merged 时间 cell
    table = tmp_path / "m.xlsx"
    write_xlsx(table, rows, title="计划表", merge=["B20:B21"])
    read = read_table(table)
    assert [r.get("时间") for r in read.rows[16:19]] == ["9 月 10 日 8:00", "9 月 10 日 9:00", "9 月 10 日 9:00"]
    assert read.rows[18].number == 21


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_invisible_characters_pasted_into_the_notice_are_not_part_of_a_name(tmp_path, kind):
    """A zero-width space, a BOM or a word joiner copied from a web page or a chat (Unicode ``Cf``): the
    names still are the units the rules name, and the table reads as the clean one."""
    text = notice_text().replace("区自然资源局", "区自然资源局\u200b", 1).replace("区发改委", "\u2060区发\ufeff改委", 1)
    text = text.replace("单位", "单\u200b位", 1)
    table = with_rules(tmp_path / f"notice.{kind}")
    if kind == "csv":
        table.write_text(text, encoding="utf-8")
    else:
        write_xlsx(table, [line.split(",") for line in text.splitlines()])
    same_as_utf8(table)


def test_an_excel_duration_reads_as_hours_and_minutes():
    from datetime import timedelta

    assert cell_text(timedelta(hours=1, minutes=30), "[h]:mm") == "1:30"
    assert cell_text(timedelta(days=1, hours=2), "[h]:mm") == "26:00"
    assert cell_text(timedelta(minutes=45, seconds=20), "[h]:mm:ss") == "0:45:20"


def test_unavailable_times_as_one_string_in_a_unit_tables_rules(tmp_path):
    """``times = "9月8日上午"`` is the one time it says (it was refused as "no times")."""
    rules = NOTICE.with_suffix(".toml").read_text(encoding="utf-8")
    loaded = {}
    for name, times in (("listed", '["9月8日上午"]'), ("single", '"9月8日上午"')):
        table = tmp_path / name / "notice.csv"
        table.parent.mkdir()
        table.write_text(notice_text(), encoding="utf-8")
        table.with_suffix(".toml").write_text(
            f'{rules}\n[[unavailable]]\nunit = "区发改委"\ntimes = {times}\n', "utf-8"
        )
        loaded[name] = scheduler.load(table).problem
    assert loaded["single"] == loaded["listed"]


# -- an office template's numbered empty rows and its footnote --------------------------


@pytest.mark.parametrize(
    ("tail", "skipped"),
    [
        # rows numbered in advance, left empty
        ([["30", "", "", "", "", ""], ["31", "", "", "", "", ""]], ("skipped rows 31, 32 (numbered but empty)",)),
        # a footnote in column A, under a blank row (not said)
        ([[], ["注：以上时间如有变动，另行通知。", "", "", "", "", ""]], ("skipped row 32 (a note)",)),
        ([["以上时间如有变动，另行通知。", "", "", "", "", ""]], ("skipped row 31 (a note)",)),  # the last row, no 注
        (
            [["30", "", "", "", "", ""], ["", "", "", "备注：地点另行通知", "", ""], ["31", "", "", "", "", ""]],
            ("skipped rows 31, 33 (numbered but empty)", "skipped row 32 (a note)"),
        ),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_numbered_empty_rows_and_a_footnote_read_as_blank(tmp_path, tail, skipped, suffix):
    table = with_rules(tmp_path / f"template{suffix}")
    rows = notice_rows() + tail
    if suffix == ".csv":
        table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        write_xlsx(table, rows)
    same_as_utf8(table, skipped)


@pytest.mark.parametrize(
    "total",
    [
        ["合计", "", "29个单位", "", "", ""],  # 序号 合计, the count under 单位 (an office sheet's last row)
        ["总计：29", "", "", "", "", ""],
        ["", "", "合计", "", "", ""],  # 单位 itself 合计
        ["小计", "", "29", "", "", "2"],
        ["Total", "", "29 units", "", "", ""],
        ["合 计", "", "２９个单位", "", "", ""],  # spaced out, full-width digits
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_total_row_under_the_table_is_not_a_unit(tmp_path, total, suffix):
    """It was read as a 30th unit (scheduled when the rules have no categories)."""
    table = with_rules(tmp_path / f"total{suffix}")
    rows = [*notice_rows(), total]
    if suffix == ".csv":
        table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        write_xlsx(table, rows)
    same_as_utf8(table, ("skipped row 31 (a total row)",))


@pytest.mark.parametrize(
    "row",
    [
        ["30", "9月10日 18:00", "合计办公室", "", "部门", ""],  # a unit whose name opens with 合计
        ["合计", "9月10日 18:00", "区审计局", "", "部门", ""],  # 合计 in 序号, but a unit with its time
        ["30", "", "合计", "", "部门", ""],  # a unit named 合计 with its 序号 and category
    ],
)
def test_a_row_only_looking_like_a_total_is_still_a_unit(tmp_path, row):
    table = with_rules(tmp_path / "units.csv")
    table.write_text("\n".join(",".join(r) for r in [*notice_rows(), row]) + "\n", encoding="utf-8")
    assert row[2] in [u.name for u in scheduler.load(table).problem.units]


def test_a_one_cell_row_inside_the_table_is_named_as_such(tmp_path):
    rows = notice_rows()
    rows.insert(5, ["以下为镇办", "", "", "", "", ""])
    table = with_rules(tmp_path / "inside.csv")
    table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    assert one_line_error(table) == (
        f"{table}, row 6, column 单位: this row holds only the text '以下为镇办', like a note:"
        " put notes below the table (such as 'Note: ...'), or fill in this column"
    )
    rows[5] = ["", "9月10日 18:00", "", "", "部门", ""]  # a time without its unit is still that
    table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    assert one_line_error(table) == f"{table}, row 6, column 单位: the unit is empty"


# -- the office's other ways of writing 时间 ---------------------------------------------


def test_a_date_column_beside_a_time_column_reads_as_full_times(tmp_path):
    from datetime import time

    rows = notice_rows()
    joined = [["序号", "日期", "时间", *rows[0][2:]]]
    for row in rows[1:]:
        start = notice_time(row[1], 2021)
        joined.append([int(row[0]), start.replace(hour=0), time(start.hour, start.minute), *row[2:]])
    table = with_rules(tmp_path / "datecol.xlsx")
    write_xlsx(table, joined)
    same_as_utf8(table)
    out = tmp_path / "out"
    shutil.copy(NOTICE.with_name("contacts_2021.csv"), tmp_path)
    assert run("solve", str(table), "--out", str(out), "--format", "csv").exit_code == 0
    assert (out / "timetable.csv").read_text(encoding="utf-8-sig").startswith("序号,时间,单位,")  # no stale 日期


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("待定", "cannot read the day '待定'"),
        ("9月32日", "cannot read the day '9月32日'"),
        ("2021-09-09 周三", "Sep 9 is a Thursday, not a Wednesday"),
    ],
)
def test_a_bad_date_beside_a_time_column_is_the_date_s_error(tmp_path, day, said):
    """QA qaexcel20 F2: a bad 日期 was said against 时间, quoting a text in no cell ('待定 15:00')."""
    rows = notice_rows()
    joined = [["序号", "日期", "时间", *rows[0][2:]]]
    for row in rows[1:]:
        start = notice_time(row[1], 2021)
        joined.append([row[0], f"{start.month}月{start.day}日", f"{start.hour}:{start.minute:02d}", *row[2:]])
    joined[4][1] = day
    table = with_rules(tmp_path / "datecol.csv")
    table.write_text("\n".join(",".join(r) for r in joined) + "\n", encoding="utf-8")
    assert one_line_error(table).startswith(f"{table}, row 5, column 日期: {said}")


def test_excel_serials_in_general_format_read_as_their_date_and_time(tmp_path):
    rows = notice_rows()
    serial = [rows[0]]
    for row in rows[1:]:
        start = notice_time(row[1], 2021)
        serial.append([row[0], (start - datetime(1899, 12, 30)).total_seconds() / 86400, *row[2:]])
    table = with_rules(tmp_path / "serial.xlsx")
    write_xlsx(table, serial)
    same_as_utf8(table)
    serial[1][1] = 44447.0  # a whole day: the time of day is lost
    write_xlsx(table, serial)
    assert one_line_error(table) == (
        f"{table}, row 2, column 时间: '44447' looks like an Excel date serial, not a time:"
        " format the column as a date and time (such as yyyy-mm-dd h:mm)"
    )


def test_a_span_in_time_reads_as_its_start_when_it_is_one_meeting_long(tmp_path):
    text = notice_text().replace("9 月 8 日 9:00,", "9月8日 9:00-10:00,", 1)
    table = with_rules(tmp_path / "span.csv")
    table.write_text(text, encoding="utf-8")
    same_as_utf8(table)
    table.write_text(notice_text().replace("9 月 8 日 9:00,", "9月8日 9:00-11:00,", 1), encoding="utf-8")
    assert one_line_error(table) == (
        f"{table}, row 3, column 时间: '9月8日 9:00-11:00' lasts 120 minutes but a meeting lasts 60:"
        " write only its start (such as Sep 8 9:00)"  # in the message's language (QA qadst23 F8)
    )


def test_an_iso_span_is_not_taken_for_a_time_with_its_utc_offset(tmp_path):
    """``2021-09-08 09:00-10:00`` is also an ISO time at UTC-10:00: a span of the meeting's length reads
    as the span, a single-digit hour (``8:00-10:00``) is never ISO's, and only a two-digit one of
    another length is told as an offset (the merge of QA qadst23 F8's refusal broke the first two)."""
    table = with_rules(tmp_path / "iso.csv")
    table.write_text(notice_text().replace("9 月 8 日 9:00,", "2021-09-08 09:00-10:00,", 1), encoding="utf-8")
    same_as_utf8(table)
    table.write_text(notice_text().replace("9 月 8 日 9:00,", "2021-09-08 9:00-11:00,", 1), encoding="utf-8")
    assert "lasts 120 minutes but a meeting lasts 60" in one_line_error(table)
    table.write_text(notice_text().replace("9 月 8 日 9:00,", "2021-09-08 09:00-11:00,", 1), encoding="utf-8")
    assert "is a time with a UTC offset" in one_line_error(table)


@pytest.mark.parametrize(
    ("written", "wall"),
    [
        ("2021-09-08 09:00+08:00", "2021-09-08 09:00"),  # was the span 9:00-8:00: "cannot read"
        ("2021-09-08 01:30-05:00", "2021-09-08 01:30"),  # was the span 1:30-5:00: "lasts 210 minutes"
        ("2021-09-08T01:00Z", "2021-09-08 01:00"),
        ("2021-09-08T09:00:00+0800", "2021-09-08 09:00"),
    ],
)
def test_a_time_with_its_utc_offset_is_told_so_not_read_as_a_span(tmp_path, written, wall):
    """QA qadst23 F8: an ISO time with its offset (an export's, a careful New Yorker's second 1:30) was
    read as a span ending at the offset; refused for what it is, the wall time to write named."""
    table = with_rules(tmp_path / "offset.csv")
    table.write_text(notice_text().replace("9 月 8 日 9:00,", f"{written},", 1), encoding="utf-8")
    assert one_line_error(table) == (
        f"{table}, row 3, column 时间: '{written}' is a time with a UTC offset: write the wall time alone (such as "
        f"{wall}); times are read in the rules' time zone (timezone)"
    )


# -- years: a time or a day of another year says its year ----------------------------------


def test_a_time_of_another_year_is_said_with_its_year(example):
    """A time typed in another year (a spreadsheet gives a date typed without one the current year)
    is written with its year in every message, and the campaign's days with theirs beside it: without
    them it read "9月8日 8:00 is not in 9月8日-9月10日"."""
    table = example / "notice_2021.csv"
    pinned = CliRunner().invoke(main, ["reschedule", str(table), "--pin", "区财政局@2022-09-08 8:00"])
    assert pinned.output == "--pin “区财政局@2022-09-08 8:00”：2022年9月8日 8:00 不是对接时段\n"
    edit(table, "1,9 月 8 日 8:00,", "1,2022-09-08 08:00,")
    checked = CliRunner().invoke(main, ["validate", str(table)])
    assert checked.exit_code == 1
    assert (
        "区自然资源局 安排在 2022年9月8日 8:00，不在对接时间内（2021年9月8日、9月9日、9月10日 8:00、" in checked.output
    )
    assert "应紧接 区自然资源局（2022年9月8日 8:00）之后对接，实际在 9月8日 9:00" in checked.output
    solved = CliRunner().invoke(main, ["solve", str(table), "--objective", "stable"])
    assert solved.exit_code == 2
    hint = "（solve 会重新排时间：清空“时间”列即可）"
    assert solved.output == f"{table}, 第 2 行, 列“时间”: 2022年9月8日 8:00 不在对接日期和时段内{hint}\n"


def test_solving_the_example_on_other_days_says_to_clear_its_times_and_that_works(example, tmp_path):
    """newcomer12: the example with its `days` changed stopped `solve` on its own filled-in 时间, with
    no hint; solve plans the times anew, so the line says to clear the column, and doing so works."""
    table = example / "notice_2021.csv"
    edit(
        example / "notice_2021.toml",
        '"2021-09-08", "2021-09-09", "2021-09-10"',
        '"2026-12-07", "2026-12-08", "2026-12-09"',
    )
    solved = CliRunner().invoke(main, ["solve", str(table), "--out", str(tmp_path / "out"), "--time-limit", "5"])
    assert solved.exit_code == 2 and not (tmp_path / "out").exists()
    assert (
        "第 2 行, 列“时间”: 9月8日 8:00 不在对接日期和时段内（solve 会重新排时间：清空“时间”列即可）" in solved.output
    )
    english = CliRunner().invoke(main, ["solve", str(table), "--lang", "en"])
    assert "(solve plans the times anew: clear the Time column)" in english.output
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    column = rows[0].index("时间")
    for row in rows[1:]:
        row[column] = ""
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    cleared = CliRunner().invoke(main, ["solve", str(table), "--time-limit", "5"])
    assert cleared.exit_code == 0, cleared.output


def test_days_without_a_year_take_the_year_of_the_others(example):
    """``days = ["9月8日", "2021-09-09", ...]`` once gave 9月8日 the current year: a campaign of years."""
    edit(example / "notice_2021.toml", 'days = ["2021-09-08",', 'days = ["9月8日",')
    assert scheduler.load(example / "notice_2021.csv").problem.calendar.days[0].isoformat() == "2021-09-08"


@pytest.mark.parametrize("header_too", [False, True])
def test_rows_that_all_end_with_an_empty_cell_read_as_they_are(tmp_path, header_too):
    """Some exports end every row with a comma (the header too, or not): the same trailing empty cells on
    every row are the file's way, not a cell split in two."""
    lines = notice_text().splitlines()
    text = "\n".join([lines[0] + ("," if header_too else "")] + [line + "," for line in lines[1:]]) + "\n"
    table = with_rules(tmp_path / "trailing.csv")
    table.write_text(text, encoding="utf-8")
    same_as_utf8(table)


# -- cells that say "nothing" -----------------------------------------------------------------


@pytest.mark.parametrize("nothing", ["无", "没有", "空", "-", "—", "——", "－", "／", "/", "N/A", "n/a", "NA"])
def test_a_cell_that_says_nothing_is_empty(tmp_path, nothing):
    """无 (or -, —, N/A ...) in every empty 并行组 cell was one label that paired them all."""
    rows = notice_rows()
    for row in rows[1:]:
        row[5] = row[5] or nothing
    table = with_rules(tmp_path / "nothing.csv")
    table.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    same_as_utf8(table)


def test_a_label_0_is_refused_not_guessed(tmp_path):
    rows = notice_rows()
    rows[1][5] = "0"
    table = with_rules(tmp_path / "zero.csv")
    table.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    result = run("validate", str(table), "--lang", "en")
    assert result.exit_code == 2
    assert result.output == (
        f"{table}, row 2, column 并行组: '0' is not taken as a label: leave the cell empty (or write n/a) for none,"
        " or pick another label (such as A)\n"
    )


def test_a_cell_is_cleaned_character_by_character_only_when_it_holds_more_than_printable_nfc_text(monkeypatch):
    """A 5,000-row table's Chinese cells were each looked at a character at a time (issue 16);
    printable NFC text is kept as it is, and the rest cleaned as before."""
    import unicodedata

    from scheduler.files import tables

    looked: list[str] = []
    category = unicodedata.category
    monkeypatch.setattr(tables.unicodedata, "category", lambda c: looked.append(c) or category(c))
    assert tables.clean_cell(" 区财政局 ") == "区财政局" and tables.clean_cell("403会议室") == "403会议室"
    assert looked == []
    cleaned = [tables.clean_cell(s) for s in ("区财政局\u200b", "e\u0301", "\u3000镇\u00ad办 ", "a\ufeffb")]
    assert cleaned == ["区财政局", "é", "镇办", "ab"] and looked
