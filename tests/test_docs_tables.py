"""Every table in the docs is whole: each row has as many cells as its header, and no link in a table
lost its closing parenthesis. A docs edit once left a row cut in the middle of a link (the milestone row
of docs/invites.md), which no other test read."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _cells(line: str) -> int:
    """The cells of a Markdown table row: ``|`` outside code spans and not escaped."""
    bare = re.sub(r"`[^`]*`", "", line.replace("\\|", ""))
    return bare.strip().strip("|").count("|") + 1


def _tables(text: str) -> list[list[tuple[int, str]]]:
    tables: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append((number, line))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return [table for table in tables if len(table) >= 2 and re.fullmatch(r"\|[\s:|-]+\|?", table[1][1])]


def test_every_row_of_every_docs_table_has_its_header_s_cells():
    broken = []
    pages = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
    for page in pages:
        for table in _tables(page.read_text(encoding="utf-8")):
            width = _cells(table[0][1])
            for number, line in table[1:]:
                if _cells(line) != width:
                    broken.append(f"{page.name}:{number}: {_cells(line)} cells, header {width}")
                if re.search(r"\]\([^)\s]*\s", re.sub(r"`[^`]*`", "", line)):
                    broken.append(f"{page.name}:{number}: a link not closed")
    assert broken == []
