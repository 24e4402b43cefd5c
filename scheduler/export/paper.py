"""The paper the printed files are laid out for: A4 (the default) or US Letter (``paper = "letter"``).

A rules file's top-level ``paper`` (checked when the rules are read: :func:`scheduler.files.rules_keys.check_paper`)
chooses it for every printed file of the folder: the Word annex and grids, the workbooks' print setup, the
pages' ``@page`` size and the adjustment notice. Only the sheet changes: margins, fonts and the layouts
stay, each file already fitting Letter's width (216 mm, wider than A4's 210) and laying its pages out
on the sheet it is given; the grids across the page (landscape) are measured for Letter's narrower
279 mm. Decided (QA print24 F3): an office in the US or Canada prints on Letter, and an A4 file there
is scaled down by Word and the browsers or cut at the foot of each page (Word without "scale to paper
size", Excel with the sheet's own A4 setting).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Paper:
    """A sheet of paper: its CSS name, its size upright in millimetres, and Excel's code for it."""

    css: str
    width: float
    height: float
    excel: int

    def size(self, landscape: bool = False) -> tuple[float, float]:
        """Its width and height in millimetres, upright or across."""
        return (self.height, self.width) if landscape else (self.width, self.height)


A4 = Paper("A4", 210.0, 297.0, 9)
LETTER = Paper("letter", 215.9, 279.4, 1)
PAPERS = {"a4": A4, "letter": LETTER}
"""By the rules file's ``paper``, lower-cased (the names :data:`scheduler.files.rules_keys.PAPERS` checks)."""


def paper_of(rules: Mapping[str, Any]) -> Paper:
    """The paper a rules file's data (its top level: ``extra`` of a unit table's rules) asks for: A4 unless
    ``paper`` names another (checked when the rules were read)."""
    value = rules.get("paper")
    return PAPERS.get(value.strip().lower(), A4) if isinstance(value, str) else A4
