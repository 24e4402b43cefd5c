"""The Word annex's rows after the first, written as XML text (scheduler/export/docx_rows.py): each row
is what python-docx writes for its texts, whatever they hold (Chinese, characters beyond the BMP,
markup characters, line breaks and tabs); a character XML cannot hold is refused as python-docx
refused it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from functools import cache

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import scheduler
from scheduler.export.annex import Annex, annex
from scheduler.export.docx import render_docx
from scheduler.export.docx_rows import W, run_content
from scheduler.export.outputs import timetable_files
from scheduler.files.tables import NOTE, UNIT
from tests.formats_helpers import NOTICE

TEXTS = [
    "区自然资源局",
    "𠀀𠀁 𝄞😀",  # beyond the BMP
    "a & b",
    "<b>局</b>",
    "say \"hi\" 'yo'",
    "]]>",
    "&amp;",
    "  leading",
    "trailing ",
    "tab\there",
    "需带材料\n及公章",
    "cr\rhere",
    "crlf\r\nhere",
    "\u00a0no-break\u3000ideographic\u3000",
    "x\u200by\u2028z\x7f\x85",
    "",
]
NOT_XML = [chr(c) for c in (*range(0x20), 0xFFFE, 0xFFFF) if chr(c) not in "\t\n\r"]


@cache
def notice_annex() -> Annex:
    loaded = scheduler.load(NOTICE, strict=True)
    result = scheduler.solve(loaded.problem, objective="stable", time_limit=20)
    assert result.timetable is not None
    return annex(loaded, result.timetable, date(2021, 9, 6))


def rows_xml(data: bytes) -> list[str]:
    """Each data row of the document's table as XML text."""
    table = docx.Document(io.BytesIO(data)).tables[0]._tbl
    return [etree.tostring(tr, encoding="unicode") for tr in table.tr_lst[1:]]


def python_docx_run(text: str) -> str:
    """What python-docx writes into a run for ``text`` (``run.text = text``), as lxml writes it."""
    run = docx.Document().add_paragraph().add_run(text)._r
    written = etree.tostring(run, encoding="unicode")
    return "" if written.endswith("/>") else written[written.index(">") + 1 : -len("</w:r>")]


def test_every_row_is_what_python_docx_writes_for_its_texts():
    base = notice_annex()
    rows = [  # every row alone in its hour, its unit and note one of the texts (the first too)
        replace(r, start=None, cells={**r.cells, UNIT: TEXTS[i % len(TEXTS)], NOTE: TEXTS[(i + 3) % len(TEXTS)]})
        for i, r in enumerate(base.rows)
    ]
    written = rows_xml(render_docx(replace(base, rows=tuple(rows))))
    for i, row in enumerate(rows):
        (alone,) = rows_xml(render_docx(replace(base, rows=(row,))))  # made by python-docx itself
        # an empty text is an empty w:t after the first row, as the rows copied from it always were
        assert written[i].replace("<w:t/>", "") == alone, (i, row.cells)


def test_a_line_break_in_the_first_row_stays_in_its_row(tmp_path):
    """The first row's note ran into every later row's ("x\\n及公章"): they were copies of its
    elements with only the first piece of text replaced."""
    table = tmp_path / "t.csv"
    table.write_text('单位,备注\n区档案馆,"需带材料\n及公章"\n区审计局,x\n区统计局,\n', encoding="utf-8")
    table.with_suffix(".toml").write_text(
        'days = ["2021-09-08"]\nhours = ["9:00", "10:00", "11:00"]\n', encoding="utf-8"
    )
    loaded = scheduler.load(table, strict=True)
    result = scheduler.solve(loaded.problem, time_limit=5)
    assert result.timetable is not None
    files = timetable_files(loaded, result.timetable, formats=["docx"], issued=date(2021, 9, 6))
    rows = docx.Document(io.BytesIO(files["timetable.docx"])).tables[0].rows
    notes = {row.cells[2].text: row.cells[3].text for row in rows[1:]}
    assert notes == {"区档案馆": "需带材料\n及公章", "区审计局": "x", "区统计局": ""}


@pytest.mark.parametrize("row", [0, 1, 5])
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_as_python_docx_refused_it(row, char):
    base = notice_annex()
    rows = list(base.rows)
    rows[row] = replace(rows[row], cells={**rows[row].cells, NOTE: f"需带{char}材料"})
    with pytest.raises(ValueError, match="All strings must be XML compatible"):
        render_docx(replace(base, rows=tuple(rows)))


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=NOT_XML)))
def test_a_runs_text_is_written_as_python_docx_writes_it(text):
    assert run_content(text) == python_docx_run(text)


def test_a_meeting_grid_holds_each_meeting_under_its_title_whatever_it_holds():
    """The meetings' Word grid is written the same way (scheduler/export/meeting_docx.py): each meeting
    one shaded cell merged down over its rows, its title first, read back by python-docx as written."""
    from scheduler.domain.meetings import Placement, Plan
    from scheduler.export.meeting_docx import render_meeting_docx
    from scheduler.export.meeting_grid import layout
    from scheduler.export.meeting_sheet import meeting_sheet
    from scheduler.files.meeting_files import load_meetings
    from tests.test_meeting_invites import TIMES
    from tests.test_meetings_visual import EXAMPLE

    loaded = load_meetings(EXAMPLE)
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    sheet = meeting_sheet(loaded, plan, date(2025, 7, 3))
    titles = ["需带材料\n及公章", "tab\there", "cr\rhere", "a & b", "<b>局</b>", "𠀀𠀁 𝄞😀", "  leading", "]]>"]
    sheet = replace(sheet, rows=tuple(replace(r, title=titles[i]) for i, r in enumerate(sheet.rows)))
    tables = docx.Document(io.BytesIO(render_meeting_docx(sheet))).tables
    shaded = {}  # a meeting's cell, by the text of its first paragraph: its table, row and column
    for table in tables:
        for tr in table._tbl.tr_lst[1:]:
            for j, tc in enumerate(tr.tc_lst):
                if tc.tcPr.find(qn("w:shd")) is not None:
                    shaded[paragraph_text(tc)] = (table, tr, j)
    expected = {r.title.replace("\r", "\n") for r in sheet.rows if r.start is not None and r.room}
    assert set(shaded) == expected
    for grid in layout(sheet).rooms:
        for block in grid.starts.values():
            table, tr, j = shaded[block.row.title.replace("\r", "\n")]
            below = table._tbl.tr_lst[table._tbl.tr_lst.index(tr) + 1 :]
            merged = [r.tc_lst[j].vMerge for r in below]
            spans = 1 + next((k for k, m in enumerate(merged) if m != "continue"), len(merged))
            assert spans == block.span and (tr.tc_lst[j].vMerge == "restart") == (spans > 1), block.row.title


def paragraph_text(tc) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(tc.p_lst[0], None).text


def test_a_row_and_a_run_without_properties_still_make_whole_xml():
    """Review §8: the row's start and a cell's run were cut at their end tags, which an element without
    properties does not have (lxml writes ``<w:tr/>``, ``<w:r/>``): the rows were broken XML, or a
    ValueError. A plain python-docx table has neither ``w:trPr`` nor ``w:rPr``."""
    from scheduler.export.docx_rows import RowParts, rows_text

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].add_run("模板")
    template = table.rows[0]._tr
    assert template.find(qn("w:trPr")) is None and template.find(f".//{qn('w:rPr')}") is None
    text = rows_text(RowParts(template), [(("区财政局", "a & b"), False, (None, None))])
    row = etree.fromstring(f'<w:tbl xmlns:w="{W}">'.encode() + text + b"</w:tbl>")[0]
    assert [t.text for t in row.iter(qn("w:t"))] == ["区财政局", "a & b"]


def test_an_empty_element_is_opened_as_one_with_children_is():
    """The meetings' grid takes its paragraphs, cells and runs open for their children to follow."""
    from scheduler.export.docx_rows import opened

    paragraph = docx.oxml.OxmlElement("w:p")
    assert opened(paragraph) == "<w:p>"
    paragraph.append(docx.oxml.OxmlElement("w:pPr"))
    assert opened(paragraph) == "<w:p><w:pPr/>"


def test_a_count_of_row_markers_that_is_wrong_is_an_error_even_under_python_o():
    """The check that every table got its rows was an ``assert``, gone under ``python -O``."""
    from scheduler.export.docx_rows import marker, with_rows

    document = docx.Document()
    document.add_table(rows=1, cols=1)._tbl.append(marker(0))
    saved = io.BytesIO()
    document.save(saved)
    with pytest.raises(RuntimeError, match="1 row markers"):
        with_rows(saved.getvalue(), [b"", b""])
