"""Where each key of a TOML file is written: the line numbers errors name, found in one pass.

``tomllib`` gives values, not positions. Errors about the rules file name the line of
the offending key, so the text is read once more, line by line, and every key's line
is recorded per table (``[x]``) and per element of an array of tables (``[[x]]``).
Looking a key up is then a dictionary access: reading a rules file with thousands of
``[[unavailable]]`` entries stays linear in its size (it once rescanned the whole file
for every key of every entry: 10 s for 1,000 entries).
"""

from __future__ import annotations

import re
from bisect import bisect_left

_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(["']?)([^"'=\s]+)\1\s*=(\s*\[)?""")


class KeyLines:
    """The lines (1-based) of a TOML text's keys, tables and inline tables (:func:`key_lines` gives the
    last text's again)."""

    def __init__(self, text: str) -> None:
        self._arrays: dict[str, list[int]] = {}
        """``[[name]]`` -> its header lines (0-based), in order."""
        self._tables: dict[str, list[int]] = {}
        """``[name]`` or ``[[name]]`` -> its header lines, in order."""
        self._blocks: dict[int, dict[str, int]] = {}
        """Header line -> each key written under it (before the next line opening with ``[``)."""
        self._top: dict[str, int] = {}
        """Keys written before the first line opening with ``[``."""
        self._anywhere: dict[str, int] = {}
        """Each key's first line in the whole text."""
        self._openings: dict[str, int] = {}
        """The first ``name = [`` line of each name (an array written inline)."""
        self._braces: list[int] = []
        """Every line holding a ``{`` (inline tables), in order."""
        block: dict[str, int] | None = self._top
        for i, line in enumerate(text.splitlines()):
            if "{" in line:
                self._braces.append(i)
            if "=" not in line and "[" not in line:
                continue  # most lines: the elements of a long array, written one a line
            if line.lstrip().startswith("["):
                header = _HEADER.match(line)
                block = None
                if header:
                    name = header[2]
                    if header[1]:
                        self._arrays.setdefault(name, []).append(i)
                    self._tables.setdefault(name, []).append(i)
                    block = self._blocks[i] = {}
                continue
            key = _KEY.match(line)
            if key is None:
                continue
            name = key[2]
            self._anywhere.setdefault(name, i)
            if block is not None:
                block.setdefault(name, i)
            if key[3]:
                self._openings.setdefault(name, i)

    def anywhere(self, key: str) -> int | None:
        """The first line that sets ``key``, wherever it is."""
        found = self._anywhere.get(key)
        return None if found is None else found + 1

    def top(self, key: str) -> int | None:
        """The line of a top-level ``key`` (before any table)."""
        found = self._top.get(key)
        return None if found is None else found + 1

    def in_array(self, section: str, index: int, key: str) -> int | None:
        """The line of ``key`` in the ``index``-th ``[[section]]``, else of that header; for an
        array written inline (``section = [{...}, ...]``) the line of its ``index``-th ``{``."""
        headers = self._arrays.get(section, [])
        if index < len(headers):
            return self._blocks[headers[index]].get(key, headers[index]) + 1
        opening = self._openings.get(section)
        if opening is None:
            return None
        first = bisect_left(self._braces, opening)
        if first + index < len(self._braces):
            return self._braces[first + index] + 1
        return opening + 1

    def in_table(self, section: str, key: str, index: int = 0) -> int | None:
        """The line of ``key`` in the ``index``-th ``[section]`` or ``[[section]]``, else of that
        header (``None`` if there is no such table)."""
        headers = self._tables.get(section, [])
        if index >= len(headers):
            return None
        return self._blocks[headers[index]].get(key, headers[index]) + 1

    def header(self, key: str) -> int | None:
        """The first header line of a table named ``key`` or under it (``[key]``, ``[[key]]``,
        ``[key.sub]``, ``["key"]``): where a top-level key that is a table is written."""
        found = [lines[0] for name, lines in self._tables.items() if name.split(".", 1)[0].strip().strip("\"'") == key]
        return min(found) + 1 if found else None


_LAST: list[tuple[int, bytes, KeyLines]] = []
"""The last text :func:`key_lines` indexed (its length and digest), with its index."""


def key_lines(text: str) -> KeyLines:
    """``KeyLines(text)``, made once for the same text asked again (the last one kept). One ``solve --out``
    with invites indexed its rules file three times: to check it, and twice to read ``[invites]``'s settings
    (the milestones' lines), each time read from the file again: 45 ms each for a 5 MB rules file of 5,000
    units' unavailable times (issue 16, twenty-second session). A :class:`KeyLines` is never changed once
    made, so one can serve every caller; a text that differs in a character is indexed anew. The text is
    known by its length and a digest (12 ms for that file), not kept: held to the command's end (10 MB),
    it raised that command's peak memory from 384 to 401 MB; with the digest 386 MB."""
    import hashlib

    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    if _LAST and _LAST[0][0] == len(text) and _LAST[0][1] == digest:
        return _LAST[0][2]
    lines = KeyLines(text)
    _LAST[:] = [(len(text), digest, lines)]
    return lines
