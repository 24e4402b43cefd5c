"""Names compared: the one key two names of a unit, a person, a meeting or a room are one by.

Every place that asks whether two names are the same one (a table's rows among themselves, a table
against the people sheet, the contacts or the rules file, a command-line option or the web rules form
against the table) compares :func:`name_key`; the name shown is always the one the user wrote first
(:class:`Spellings`). docs/formats.md, "Names compared width aside".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
"""Full-width ASCII forms (``（`` ``Ｉ`` ``１`` ``：`` ``＠``) to their half-width ones."""


def name_key(name: str) -> str:
    """``name`` as two names are compared: NFC, without invisible format characters (``Cf``: U+200B,
    U+FEFF), its full-width ASCII forms half-width (``区财政局（国资办）`` is ``区财政局(国资办)``, ``区ＩＴ中心``
    is ``区IT中心``), every run of spaces of any width (U+3000, U+00A0, U+2002...) one space, none around.
    Nothing else: not NFKC, which would also make ``①`` ``1`` and ``㈠`` ``(一)``; not case (``Tax Office``
    and ``tax office`` stay two, a refusal names the near one); not traditional and simplified characters
    (docs/formats.md says why)."""
    if name.isascii():  # a Latin name or a Chinese one's pinyin: only its spaces to fold (fast)
        return " ".join(name.split()) if "  " in name or name[:1] == " " or name[-1:] == " " else name
    if not (name.isprintable() and unicodedata.is_normalized("NFC", name)):  # a format character, NFD
        name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c) != "Cf")
    return " ".join(name.translate(_WIDTH).split())


class Spellings:
    """Names by their :func:`name_key`: the first spelling of each (a table's row, the people sheet's
    name) is the one every other spelling of it is told as."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._first: dict[str, str] = {}
        for name in names:
            self.add(name)

    def add(self, name: str) -> str:
        """``name`` as first written: itself when no name of its key was added before."""
        return self._first.setdefault(name_key(name), name)

    def get(self, name: str) -> str | None:
        """The name added that ``name`` is one with, or ``None``."""
        return self._first.get(name_key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._first
