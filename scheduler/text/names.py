"""Names compared: the one key two names of a unit, a person, a meeting or a room are one by.

Every place that asks whether two names are the same one (a table's rows among themselves, a table
against the people sheet, the contacts or the rules file, a command-line option or the web rules form
against the table) compares :func:`name_key`; the name shown is always the one the user wrote first
(:class:`Spellings`). docs/formats.md, "Names compared width aside".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from scheduler.text.messages import Message

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
"""Full-width ASCII forms (``（`` ``Ｉ`` ``１`` ``：`` ``＠``) to their half-width ones."""
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
"""One of :data:`_WIDTH`'s forms: looked for first, since ``str.translate`` with a table looks up every
character (20-25 µs for a 160-character name, 3 µs to search it; 30,000 names compared in a 5,000-unit
``solve --out`` with three addresses each: QA qashapes20 F3)."""


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
    if _FULL_WIDTH.search(name):
        name = name.translate(_WIDTH)
    return " ".join(name.split())


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

    def names(self) -> list[str]:
        """Every name added, each as first written."""
        return list(self._first.values())


NEAR_NAMED = 2
"""How many equally near names a refusal names (``是不是“彰北街道办事处”或“彰东街道办事处”？``); more, none."""


def near_name(name: str, known: Iterable[str]) -> tuple[str, ...]:
    """The names of ``known`` that ``name``, found in none of them, most likely misspells: the one it is but
    for case (``tax office``), else the nearest (:func:`~scheduler.text.nearest.nearest_tied`: ``区自然资原局``
    for ``区自然资源局``), compared as :func:`name_key` compares; both of two equally near, in ``known``'s
    order, never one of them as if sure (QA review21b F4); none when none is near or more than
    :data:`NEAR_NAMED` are. The one did-you-mean of every name looked up (a unit, a person, a meeting, a
    room; in the rules file, a table's cell or a command-line option): docs/formats.md, "Names compared
    width aside"."""
    from scheduler.text.nearest import nearest_tied  # only for a name not found (difflib: tests/test_startup.py)

    by_key: dict[str, str] = {}
    for one in known:
        by_key.setdefault(name_key(one).casefold(), one)
    key = name_key(name).casefold()
    if key in by_key:
        return (by_key[key],)
    close = nearest_tied(key, by_key)
    return tuple(by_key[one] for one in close) if len(close) <= NEAR_NAMED else ()


def unknown_name(said: Message, name: str, known: Iterable[str]) -> Message:
    """``said`` (a refusal of ``name``, found in none of ``known``), with the name meant when one is near
    (:func:`near_name`): ``表中没有单位“区自然资原局”（是不是“区自然资源局”？）``; both of two equally near."""
    near = near_name(name, known)
    if len(near) == 2:
        return Message("names.near_either", said=said, near=near[0], other=near[1])
    return Message("names.near", said=said, near=near[0]) if near else said
