"""Telling how a text table is encoded, without ever guessing GBK as UTF-8 or the reverse.

The office's CSV files come in three encodings: UTF-8, UTF-8 with BOM (Excel's
"CSV UTF-8") and GBK (Excel's plain "CSV" on Chinese Windows; read as GB18030,
its superset). Excel's "Unicode text" is UTF-16 with a BOM. The decision, in order:

1. A byte-order mark says it: UTF-8 or UTF-16. A line of a UTF-8 file with a BOM that is not UTF-8
   (GBK text pasted in) is an error naming that line as such.
2. NUL bytes without a UTF-16 mark: not a text table (a binary file).
3. Valid UTF-8 is UTF-8. A GBK file is practically never valid UTF-8: every
   Chinese header name (单位, 时间, 序号...) written in GBK is invalid UTF-8 (a test
   checks each), and so is nearly every run of Chinese text. The one blind spot: a
   file with an English header whose only Chinese text happens to form valid UTF-8
   byte by byte (``委税`` does; a whole unit list does not).
4. Invalid UTF-8 that still holds more well-formed UTF-8 characters than stray
   bytes is a damaged UTF-8 file (say, one line pasted from a GBK file): an
   error naming the first bad line, not a GB18030 reading that would garble the rest.
5. Western text (Excel's plain "CSV" on a US or European Windows, Windows-1252): every byte above ASCII
   stands alone between ASCII bytes and is a letter (or a typographic mark) in Windows-1252 (``Peña``,
   ``Müller``): read as Windows-1252. A GBK Chinese character is two bytes above ASCII side by side, so
   a Chinese file never looks so. Text that is Windows-1252 letters but not all alone (``Ñá Peña``),
   with a letter above ASCII inside a Latin word (which GBK would read as one character with the next
   letter: ``Pe馻``), is refused naming the line and the way out (save as "CSV UTF-8"), not read as GBK
   mojibake (QA qaeng22 F3).
6. Otherwise GB18030 if every byte decodes; else an error naming the first bad line.
   A line of that file that is itself valid UTF-8 with two or more Chinese
   characters (a UTF-8 line pasted into a GBK file) is an error too: read as GBK it
   would be mojibake, and a real GBK line is practically never valid UTF-8 that way. That check
   runs before the GB18030 decoding, which such a line often breaks.

A general-purpose detector (charset-normalizer) was tried and not used: on
two-line GBK tables it answered cp949 (Korean) and UTF-16, that is mojibake.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from scheduler.errors import InputError
from scheduler.text.messages import Message

UTF8, UTF8_BOM, UTF16, GB18030, CP1252 = "utf-8", "utf-8-sig", "utf-16", "gb18030", "cp1252"

_MARKS = frozenset("‘’‚“”„–—…•€°·§©®™«»¿¡ºª£¥¢\xa0")
"""What Windows-1252 text holds above ASCII besides letters: quotes, dashes, currency, degrees."""

# A well-formed multi-byte UTF-8 character (2, 3 or 4 bytes; no overlongs, no surrogates). Compiled on
# first use, by ``re``'s cache: only a table that is not UTF-8 needs it.
_UTF8_CHAR = (
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


class Decoded(NamedTuple):
    """A file's text and the encoding it was read in (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``).

    A named tuple, not a frozen dataclass: a pair, which a dataclass would cost every command's start-up
    some 3.3M instructions to define (its methods compiled at import; issue 16)."""

    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> Decoded:
    """Decode a text table's bytes (see the module docstring for how the encoding is decided).

    Raises :class:`InputError` (file and line named) when no encoding fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data.decode(UTF8_BOM), UTF8_BOM)
        except UnicodeDecodeError as exc:  # the mark says UTF-8: a line that is not was pasted in
            key = "input.broken_utf8" if _mostly_utf8(data) else "input.encoding"
            raise InputError(Message(key), path, _line_of(data, exc.start)) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, UTF16, path)
    if b"\x00" in data:
        raise InputError(Message("input.binary"), path, _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode(UTF8)
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise InputError(Message("input.broken_utf8"), path, _line_of(data, exc.start)) from exc
        _no_utf8_lines(data, path)  # first: a UTF-8 line often breaks the GB18030 decoding too
        western = _western(data, path)
        if western is not None:
            return western
        return _strict(data, GB18030, path)
    return Decoded(text, UTF8)


def _western(data: bytes, path: str = "") -> Decoded | None:
    """``data`` read as Windows-1252 when it is Western text (rule 5 of the module docstring), ``None``
    when it is not; an :class:`InputError` naming the line when it is Windows-1252 letters that GBK
    would read as Chinese made of a high byte and an ASCII letter."""
    try:
        text = data.decode(CP1252)
    except UnicodeDecodeError:
        return None
    if not all(c.isalpha() or c in _MARKS for c in text if not c.isascii()):
        return None
    high = re.compile(rb"[\x80-\xff]+")
    if all(len(run) == 1 for run in high.findall(data)):
        return Decoded(text, CP1252)
    # a letter above ASCII inside a Latin word, which GBK would read as one character with the next letter
    latin = re.search(rb"[A-Za-z][\x80-\xff][a-z]", data)
    if latin is not None:
        raise InputError(Message("input.western"), path, _line_of(data, latin.start()))
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether invalid UTF-8 still holds more well-formed UTF-8 characters than stray bytes."""
    good = len(re.findall(_UTF8_CHAR, data))
    bad = len(re.sub(rb"[\x00-\x7f]", b"", re.sub(_UTF8_CHAR, b"", data)))
    return good > bad


def _strict(data: bytes, encoding: str, path: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise InputError(Message("input.encoding"), path, _line_of(data, exc.start)) from exc


def _no_utf8_lines(data: bytes, path: str) -> None:
    """In a file read as GB18030, refuse a line that is really UTF-8 Chinese text."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode(UTF8)
        except UnicodeDecodeError:
            continue
        if sum(ord(c) >= 0x800 for c in text) >= 2:
            raise InputError(Message("input.mixed_encoding"), path, number)
