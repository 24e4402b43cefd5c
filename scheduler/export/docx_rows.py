"""Word tables' rows written as XML text, byte for byte what python-docx and lxml would write.

A table of 5,000 rows is some 300,000 XML elements: made through python-docx (about 2 ms a row),
copied from a first row element by element or even parsed from text (0.3-0.5 s either way), they
cost more than everything else in the document. So the unit annex (:mod:`scheduler.export.docx`)
and the meetings' grid (:mod:`scheduler.export.meeting_docx`) make a table's header and a template
row through python-docx, take that row's parts as lxml writes them (:class:`RowParts` for the annex),
write the rows as text from them (:func:`run_content` for each text), and put the text into the
saved document where a :func:`marker` stands (:func:`with_rows`): the rows are never elements at all.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any, NoReturn

MARK = "docking-scheduler: rows"
"""The comments that stand in tables where :func:`with_rows` puts rows' text, numbered (no text of the
document can look like a comment: lxml writes every ``<`` in a text as ``&lt;``)."""
_MARKS = re.compile(rb"<!--" + MARK.encode() + rb" (\d+)-->")
_CUT = "docking-scheduler: cut"
"""The comment :func:`opened` and :func:`split_at_cut` cut an element's text at (never in a document)."""
DOCUMENT = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_SPLIT = re.compile(r"([\t\r\n])")
_BREAKS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""The characters lxml refuses in a text: those XML 1.0 has no place for, and the lone surrogates
UTF-8 cannot encode."""


class RowParts:
    """The XML text of a table row's parts, taken once from a row as python-docx made it: the row's
    start, and each cell's text before and after its run's content, for each merge (``w:vMerge``
    as python-docx's ``vMerge`` writes it) and keep-with-next (as :func:`keep_with_next` writes it).
    Each cell of the row holds one paragraph with one run, whose properties every row shares."""

    def __init__(self, template: Any) -> None:
        from copy import deepcopy

        row = deepcopy(template)
        self._cells = list(row.tc_lst)
        for tc in self._cells:
            row.remove(tc)
        row.append(cut_mark())
        self.start, self.end = split_at_cut(row)
        self._made: dict[tuple[int, str | None, bool], tuple[str, str]] = {}

    def cell(self, j: int, merge: str | None, keep: bool) -> tuple[str, str]:
        """Column ``j``'s cell, its text before and after the run's content. A cell that continues
        a merge (``merge == "continue"``) has an empty paragraph and no run: all of it is before."""
        key = (j, merge, keep)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._make(j, merge, keep)
        return made

    def _make(self, j: int, merge: str | None, keep: bool) -> tuple[str, str]:
        from copy import deepcopy

        from docx.oxml.ns import qn

        tc = deepcopy(self._cells[j])
        tc.vMerge = merge
        paragraph = tc.find(qn("w:p"))
        if merge == "continue":
            paragraph.clear()
        else:
            run = paragraph.find(qn("w:r"))
            for child in list(run):  # the template's text goes, its properties stay
                if child.tag != qn("w:rPr"):
                    run.remove(child)
        if keep:
            keep_with_next(paragraph)
        if merge == "continue":
            return markup(tc), ""
        run.append(cut_mark())  # where the run's content goes: after its properties (a run without any too)
        return split_at_cut(tc)


def rows_text(parts: RowParts, rows: Sequence[tuple[Sequence[str], bool, Sequence[str | None]]]) -> bytes:
    """The rows as UTF-8 XML text: for each, its cells' texts, whether it keeps with the next row,
    and each cell's merge (``None``, ``"restart"``, ``"continue"``: a continuing cell's text is
    not written). A character XML cannot hold is lxml's own error, as when python-docx set it."""
    xml: list[str] = []
    for texts, keep, merges in rows:
        xml.append(parts.start)
        for j, (text, merge) in enumerate(zip(texts, merges, strict=True)):
            before, after = parts.cell(j, merge, keep)
            xml.append(before)
            if merge != "continue":  # an empty text has an empty w:t, as the rows copied before had
                xml += (run_content(text) or "<w:t></w:t>", after)
        xml.append(parts.end)
    return "".join(xml).encode("utf-8")


def _refuse(char: str) -> NoReturn:
    """lxml's own error for a text holding ``char``: a ``ValueError`` (a ``UnicodeEncodeError`` for
    a lone surrogate)."""
    from lxml import etree

    etree.Element("t").text = char
    raise AssertionError(f"lxml took {char!r}")  # never: _NOT_XML is what lxml refuses


def run_content(text: str) -> str:
    """A run's content for ``text``, as python-docx's ``run.text = text`` makes it and lxml writes
    it: a ``w:tab`` for a tab, a ``w:br`` for each ``\\r`` and ``\\n``, the rest in ``w:t``
    elements (``xml:space="preserve"`` where an end has a space), ``&``, ``<`` and ``>`` escaped;
    nothing for an empty text."""
    if not text:
        return ""
    refused = _NOT_XML.search(text)
    if refused is not None:
        _refuse(refused.group())
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return _text(text)
    return "".join(_BREAKS.get(piece) or _text(piece) for piece in _SPLIT.split(text) if piece)


def _text(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{text}</w:t>"


def markup(element: Any) -> str:
    """An element's XML text as lxml writes it in the document (its ``w`` namespace declared there)."""
    from copy import deepcopy

    from lxml import etree

    return str(etree.tostring(deepcopy(element), encoding="unicode")).replace(f' xmlns:w="{W}"', "", 1)


def cut_mark() -> Any:
    """A comment to put where :func:`split_at_cut` cuts an element's text."""
    from lxml import etree

    return etree.Comment(_CUT)


def split_at_cut(element: Any) -> tuple[str, str]:
    """``element``'s XML text (:func:`markup`) before and after the one :func:`cut_mark` in it. Cutting
    at a comment, not at an end tag, works for an element that would be empty without it, which lxml
    writes closed (``<w:tr/>``): an end tag cut off that would leave a broken document. A
    ``ValueError`` when the element holds no cut mark or several."""
    pieces = markup(element).split(f"<!--{_CUT}-->")
    if len(pieces) != 2:
        raise ValueError(f"{len(pieces) - 1} cut marks in {element.tag}")
    return pieces[0], pieces[1]


def opened(element: Any) -> str:
    """An element's XML text without its end tag, for its further children to follow (``<w:p>`` for an
    empty paragraph, which lxml writes ``<w:p/>``)."""
    from copy import deepcopy

    copy = deepcopy(element)
    copy.append(cut_mark())
    return split_at_cut(copy)[0]


def marker(number: int = 0) -> Any:
    """The comment that stands where :func:`with_rows` puts the ``number``-th rows' text: put in a
    table before the document is saved."""
    from lxml import etree

    return etree.Comment(f"{MARK} {number}")


def with_rows(saved: bytes, rows: Sequence[bytes]) -> bytes:
    """The ``.docx`` bytes ``saved`` (python-docx's) with each of ``rows`` in place of its
    :func:`marker`; every entry otherwise as it was, compressed as python-docx compresses."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == DOCUMENT:
                body, count = _MARKS.subn(lambda m: rows[int(m[1])], body)
                if count != len(rows):  # a bug: a table lost its marker, or rows were made for none
                    raise RuntimeError(f"{count} row markers in {DOCUMENT} for {len(rows)} tables' rows")
            target.writestr(info, body)
    return out.getvalue()


def keep_with_next(paragraph: Any) -> None:
    """``<w:keepNext/>`` in a paragraph's properties, where ``paragraph_format.keep_with_next =
    True`` puts it (first, after a ``w:pStyle``), without python-docx's search through the schema's
    list of children at every call (0.7 s at 5,000 units)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    if properties.find(qn("w:keepNext")) is not None:
        return
    first = properties[0] if len(properties) else None
    properties.insert(1 if first is not None and first.tag == qn("w:pStyle") else 0, OxmlElement("w:keepNext"))
