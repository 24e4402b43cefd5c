"""``timetable.docx``: the annex as a Word table, ready to attach to a notice (python-docx).

A4 portrait; ``附件`` at the top left, the title centred in 黑体 (SimHei), the
table 序号 / 时间 / 单位 / 备注 (and 房间 with several rooms) in 宋体 (SimSun) with
its header row repeated on every page, units that meet together under one merged
时间 cell, and the date right-aligned below. Every run names its East Asian font
explicitly (``w:eastAsia``): Word's default template leaves it to the theme, which
outside Chinese Windows can fall back to a font without Chinese glyphs.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from scheduler.export.annex import Annex
from scheduler.export.docx_rows import RowParts, keep_with_next, marker, rows_text, with_rows
from scheduler.files.tables import NO, NOTE, ROOM, TIME, UNIT
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, format_date

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

BODY_FONT = "宋体"  # SimSun
TITLE_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
WIDTHS_MM = {NO: 15, TIME: 38, UNIT: 65, NOTE: 40}
WIDTHS_MM_ROOMS = {NO: 14, TIME: 34, UNIT: 50, ROOM: 30, NOTE: 30}


# Long: the page, the title and the table are set up top to bottom, as Word lays them out; in
# helpers, each would need every style and measure, and the layout would no longer read as a page.
def render_docx(annex: Annex) -> bytes:
    """The annex as ``.docx`` bytes."""
    from docx import Document as new_document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = new_document()
    default_fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(side) for side in annex.paper.size())
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.left_margin, section.right_margin = Mm(26), Mm(26)
    page_footer(section, annex.lang)

    run_text(doc.add_paragraph(), render(Message("output.annex"), annex.lang), TITLE_FONT, 16)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(18)
    run_text(title, annex.title, TITLE_FONT, 18)

    columns = list(annex.printed)
    widths = WIDTHS_MM_ROOMS if annex.many_rooms else WIDTHS_MM
    # The header and the first row are made through python-docx; every further row is written as
    # XML text from the first's parts and put into the saved document (scheduler/export/docx_rows.py:
    # python-docx takes about 2 ms a row, and copies of the first row's elements, 0.35 s at 5,000
    # units, were most of the time the file took).
    table = doc.add_table(rows=1 + min(1, len(annex.rows)), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, column in enumerate(table.columns):
        column.width = Mm(widths.get(columns[j], 30))  # the grid, which LibreOffice follows
    for i, row in enumerate(table.rows):
        row.height = Mm(9)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row_flag(row, "w:cantSplit")
        for j, cell in enumerate(row.cells):
            cell.width = Mm(widths.get(columns[j], 30))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            column = columns[j]
            text, bold = (annex.label(column), True) if i == 0 else (_cell(annex, 0, column), False)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if column == UNIT and i else WD_ALIGN_PARAGRAPH.CENTER
            run_text(paragraph, text, BODY_FONT, 12, bold)
    first = table._tbl.tr_lst[1:]  # the first row, if any
    row_flag(table.rows[0], "w:tblHeader")
    for paragraph in (p for cell in table.rows[0].cells for p in cell.paragraphs):
        paragraph.paragraph_format.keep_with_next = True
    places = _places(annex)
    rows = _more_rows(first[0], annex, columns, places) if len(annex.rows) > 1 else b""
    if rows:
        table._tbl.append(marker())  # where they go once the document is saved
    if first:  # its place in a shared hour (the rows after it are written so)
        keep, merge = places[0]
        if keep:
            for p in first[0].iter(qn("w:p")):
                keep_with_next(p)
        for column in (TIME, ROOM):
            if merge is not None and column in columns:
                first[0].tc_lst[columns.index(column)].vMerge = merge

    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.paragraph_format.space_before = Pt(18)
    issued = annex.issued
    run_text(date, dated(format_date(issued), annex.lang), BODY_FONT, 12)

    document_properties(doc, annex.title)
    saved = saved_and_let_go(doc)
    return with_rows(saved, [rows]) if rows else saved


PROPERTY_LIMIT = 255
"""The most characters a Word document's property (its title, shown in File > Info) holds: Word's
limit, which python-docx enforces by refusing a longer one."""


def document_properties(doc: Document, title: str) -> None:
    """The document's title (cut to :data:`PROPERTY_LIMIT` characters, ending ``…``, when longer: the
    page prints it whole), its author and its language."""
    if len(title) > PROPERTY_LIMIT:
        title = title[: PROPERTY_LIMIT - 1].rstrip() + "…"
    doc.core_properties.title = title
    doc.core_properties.author = "docking-scheduler"
    doc.core_properties.language = "zh-CN"


def saved_and_let_go(doc: Document) -> bytes:
    """The document's bytes; then its parts let go of their XML, freed as the caller drops ``doc``.

    A python-docx document is a web of reference cycles (each part and its package, the relations
    between parts, properties cached on first use, the recursive closures of its part walks), so only
    Python's cycle collector frees it, and that counts objects, not bytes: about 350 objects hold some
    5 MB of lxml's trees (the default template's styles, parsed for each document). A process that
    makes documents on demand kept many at once until a collection came, and its memory grew by what
    they had held: the web app, 100 downloads of the annex, 76 -> 145 MB (with the parts emptied here:
    see docs/performance.md). Emptied after saving: the bytes are those ``doc.save`` wrote."""
    out = io.BytesIO()
    doc.save(out)
    package = doc.part.package
    for part in list(package.iter_parts()):
        vars(part).clear()  # its XML, its package, its relations: the tree freed once no element is held
    vars(package).clear()
    vars(doc).clear()
    return out.getvalue()


def _places(annex: Annex) -> list[tuple[bool, str | None]]:
    """Each row's place in its shared hour: whether it is kept on the page with the next row (every
    row of a shared hour but the last), and its 时间 and 房间 cells' merge (``"restart"`` on the
    hour's first row, ``"continue"`` on the others, whose cells are left empty; ``None`` alone)."""
    places: list[tuple[bool, str | None]] = []
    for run in annex.shared():
        for i in run:
            merge = None if len(run) == 1 else "restart" if i == run.start else "continue"
            places.append((i < run.stop - 1, merge))
    return places


def _more_rows(template: Any, annex: Annex, columns: list[str], places: list[tuple[bool, str | None]]) -> bytes:
    """Rows 2 on as XML text, each the first row's (``template``, before it is merged or kept with
    the next) with its own texts, merges and keep-with-next. A cell under a merged 时间 or 房间 cell
    is empty."""
    merging = [column in (TIME, ROOM) for column in columns]
    rows = []
    for i, (keep, merge) in enumerate(places[1:], start=1):
        merges = [merge if m else None for m in merging]
        rows.append(([_cell(annex, i, column) for column in columns], keep, merges))
    return rows_text(RowParts(template), rows)


def _cell(annex: Annex, i: int, column: str) -> str:
    """Row ``i``'s text in ``column``, its time in the annex's language."""
    return dated(annex.rows[i].cells.get(column, ""), annex.lang)


def run_text(paragraph: Paragraph, text: str, east_asian: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = LATIN_FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def page_footer(section: Any, lang: str = "zh") -> None:
    """The section's footer: "第 N 页 共 M 页" (``Page N of M``) centred, N and M Word fields (``PAGE``,
    ``NUMPAGES``) that Word, WPS and LibreOffice fill in as they lay the pages out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = render(Message("output.page_footer", page="\x00PAGE\x00", pages="\x00NUMPAGES\x00"), lang)
    for n, part in enumerate(words.split("\x00")):
        if n % 2:
            _field(paragraph, part)
        elif part:
            run_text(paragraph, part, BODY_FONT, 10.5)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (begin, instruction, separate, a placeholder result, end) in runs of its own."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind in ("begin", "instr", "separate", "result", "end"):
        run_text(paragraph, "1" if kind == "result" else "", BODY_FONT, 10.5)
        run = paragraph.runs[-1]._r
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run.append(code)
        elif kind != "result":
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run.append(mark)


def default_fonts(doc: Document) -> None:
    """Document defaults and the Normal style name real fonts, not theme fonts, for every script."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    targets = [doc.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()]
    if defaults is not None:
        targets += defaults.findall(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for fonts in targets:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), BODY_FONT)
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        properties.append(lang)  # w:lang is the last-but-few child of w:rPr; Normal has none after it
    lang.set(qn("w:eastAsia"), "zh-CN")


def row_flag(row: object, tag: str) -> None:
    """Set an on/off row property: ``w:tblHeader`` (repeat on each page) or ``w:cantSplit``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement(tag))
    order = {qn(t): i for i, t in enumerate(_TR_PR_ORDER)}
    children = sorted(properties, key=lambda e: order.get(e.tag, len(order)))
    for child in children:
        properties.append(child)  # re-appending moves: children end in the schema's order


_TR_PR_ORDER = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
)
