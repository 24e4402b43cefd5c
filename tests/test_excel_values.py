"""Formula results as Excel saves them (QA qaexcel20 F1, F8): an empty text (``=IF(C12="","",…)`` filled
down past the data) is an empty cell; an error value (``#N/A`` of a VLOOKUP that found nothing) is
refused on one line naming the file, the row and the column, in a workbook and in a CSV saved from one."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE, notice_rows, with_rules, write_xlsx


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def cache(book: Path, results: dict[str, tuple[str, str | None]], part: str = "xl/worksheets/sheet1.xml") -> None:
    """Give formula cells of ``book``'s first sheet (or the sheet stored at ``part``) the saved result Excel
    writes: ``cell: (value, type)`` (type ``str`` a text, ``e`` an error value, ``None`` a number)."""
    with zipfile.ZipFile(book) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    sheet = parts[part].decode()

    def saved(found: re.Match[str]) -> str:
        cell, formula = found[1], found[2]
        if cell not in results:
            return found[0]
        value, kind = results[cell]
        typed = f' t="{kind}"' if kind else ""
        return f'<c r="{cell}"{typed}><f>{formula}</f><v>{value}</v></c>'

    parts[part] = re.sub(r'<c r="([A-Z]+\d+)"><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>', saved, sheet).encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def numbered_past_the_data(book: Path, last: int) -> list[str]:
    """序号 (column A) as an office fills it: ``=IF(C{n}="","",ROW()-1)`` down to row ``last``; the cells."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    for row in range(2, last + 1):
        workbook.active[f"A{row}"] = f'=IF(C{row}="","",ROW()-1)'
    workbook.save(book)
    return [f"A{row}" for row in range(2, last + 1)]


def test_an_empty_text_saved_as_a_formula_result_is_an_empty_cell(tmp_path):
    rows = notice_rows()
    table = with_rules(tmp_path / "numbered.xlsx")
    write_xlsx(table, rows)
    cells = numbered_past_the_data(table, len(rows) + 10)
    data = len(rows)  # the sheet row of the last unit
    cache(table, {cell: ((str(int(cell[1:]) - 1), None) if int(cell[1:]) <= data else ("", "str")) for cell in cells})
    expected, got = run("validate", str(NOTICE), "--lang", "en"), run("validate", str(table), "--lang", "en")
    assert got.exit_code == expected.exit_code == 0, got.output
    assert got.stdout == expected.stdout


def test_a_formula_never_computed_is_still_refused(tmp_path):
    """What openpyxl (a program, not Excel) writes: an empty ``<v>`` with no type, which no computed result is."""
    rows = notice_rows()
    table = with_rules(tmp_path / "unsaved.xlsx")
    write_xlsx(table, rows)
    cells = numbered_past_the_data(table, len(rows) + 3)
    cache(table, {cell: ("", "str") for cell in cells[:-1]})  # all saved but the last
    result = run("validate", str(table), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        f"{table}, row {len(rows) + 3}, column 序号: the formula in cell {cells[-1]} has no saved result: open and"
        " save the workbook in Excel first"
    )


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA"])
def test_an_error_value_in_a_workbook_is_refused_naming_its_cell(tmp_path, error):
    rows = notice_rows()
    table = with_rules(tmp_path / "lookup.xlsx")
    write_xlsx(table, rows)
    from openpyxl import load_workbook

    workbook = load_workbook(table)
    workbook.active["F6"] = "=VLOOKUP(C6,Sheet2!A:B,2,FALSE)"  # 并行组 of row 6
    workbook.save(table)
    cache(table, {"F6": (error, "e")})
    for lang, said in (
        ("en", f"the cell holds Excel's error value {error}"),
        ("zh", f"单元格是 Excel 的错误值 {error}"),
    ):
        result = run("validate", str(table), "--lang", lang)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.output, result.output
        column = "column 并行组" if lang == "en" else "列“并行组”"
        assert lines[0].startswith(f"{table}, {'row 6' if lang == 'en' else '第 6 行'}, {column}: {said}"), lines[0]


@pytest.mark.parametrize("column", [1, 3, 5])  # 时间, 备注, 并行组
def test_an_error_value_in_a_csv_saved_from_a_workbook_is_refused(tmp_path, column):
    rows = notice_rows()
    rows[4][column] = "#N/A"
    table = with_rules(tmp_path / "saved.csv")
    table.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    result = run("validate", str(table), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.strip().startswith(
        f"{table}, row 5, column {rows[0][column]}: the cell holds Excel's error value #N/A"
    ), result.output


def test_sheet_names_differing_only_in_case_with_an_empty_text_result_are_read(tmp_path):
    """QA review20 F9: sheets 'notes' and 'NOTES' (a program can write them, Excel cannot), the table on
    the second with an empty-text result past the data: openpyxl loads the second as 'NOTES1', and the
    sheet's part was looked up by that name (KeyError, exit 70)."""
    from openpyxl import Workbook

    rows = notice_rows()
    table = with_rules(tmp_path / "cased.xlsx")
    book = Workbook()
    book.active.title = "notes"
    book.active["A1"] = "说明"
    sheet = book.create_sheet("TABLE")
    for row in rows:
        sheet.append(row)
    last = len(rows) + 5
    for row in range(2, last + 1):
        sheet[f"A{row}"] = f'=IF(C{row}="","",ROW()-1)'
    book.save(table)
    results = {f"A{r}": ((str(r - 1), None) if r <= len(rows) else ("", "str")) for r in range(2, last + 1)}
    cache(table, results, "xl/worksheets/sheet2.xml")
    with zipfile.ZipFile(table) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="TABLE"', b'name="NOTES"')
    with zipfile.ZipFile(table, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    expected, got = run("validate", str(NOTICE), "--lang", "en"), run("validate", str(table), "--lang", "en")
    assert got.exit_code == expected.exit_code == 0, got.output
    assert got.stdout == expected.stdout
