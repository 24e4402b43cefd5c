"""What reaches the terminal: text from files (unit names, paths, server replies) never steers it.

A unit name holding ``ESC ] 0 ; … BEL`` retitles the window, ``ESC [ 2 J`` clears
it, a bare CR overwrites the line, a right-to-left override reverses what follows.
Every command runs with its standard output and error wrapped
(:func:`neutral_streams`): control characters other than a newline and a tab,
and the invisible direction overrides, are written out as ``\\x1b``, ``\\r``,
``\\u202e``. The progress line, which needs its own ``\\r``, writes to
``raw_stream``.

A character the stream's encoding lacks (a name with ``😀`` or ``䶮`` printed to a file on Chinese
Windows, whose redirected output is GBK) is written as a backslash escape (``\\U0001f600``), as
Python's own standard error writes it: one character never costs the run.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def neutral(text: str) -> str:
    """``text`` with every character that could steer a terminal written out as an escape."""
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def encodable(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` cannot write as a backslash escape (``\\U0001f600``)."""
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: ASCII is safe in any
        return text.encode("ascii", "backslashreplace").decode("ascii")


class Neutral(io.TextIOBase):
    """A text stream that writes :func:`neutral` text to ``raw_stream``."""

    def __init__(self, raw_stream: TextIO) -> None:
        super().__init__()
        self.raw_stream = raw_stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream this way
            raise TypeError("text only")
        safe = neutral(text)
        try:
            try:
                self.raw_stream.write(safe)
            except UnicodeEncodeError:  # the stream encodes strictly (redirected output on Chinese Windows: GBK)
                self.raw_stream.write(encodable(safe, self.encoding))
        except BrokenPipeError:
            _to_null(self.raw_stream)
        return len(text)

    def flush(self) -> None:
        try:
            self.raw_stream.flush()
        except BrokenPipeError:
            _to_null(self.raw_stream)

    def isatty(self) -> bool:
        return self.raw_stream.isatty()

    def fileno(self) -> int:
        return self.raw_stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw_stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.raw_stream, "errors", None)


def _to_null(stream: TextIO) -> None:
    """Point ``stream``'s file at the null device: its reader has gone, what is still buffered and
    anything written later goes nowhere (and Python's flush at exit does not fail)."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, stream.fileno())
    except (OSError, ValueError):  # no file beneath it (a test's stream): nothing to redirect
        pass
    finally:
        os.close(null)


@contextmanager
def neutral_streams() -> Iterator[None]:
    """Standard output and error wrapped in :class:`Neutral` for the duration."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Neutral(out), Neutral(err)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # a pipe closed by now is pointed at the null device, not an error at exit
        sys.stdout, sys.stderr = out, err


def json_safe(text: str) -> str:
    """JSON text with every character that could steer a terminal written as a JSON escape (``\\u001b``,
    ``\\u202e``): the same text to a JSON reader, nothing to a terminal. Those characters can only be
    inside strings (the structure is ASCII), where such an escape means the character itself."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def write_utf8(text: str) -> None:
    """``text`` on standard output in UTF-8 whatever the locale (a GBK console, ``LANG=C``), beneath the
    :class:`Neutral` wrapper (the text is already safe: :func:`json_safe`); a closed pipe is dropped as
    :class:`Neutral` drops it."""
    stream = sys.stdout
    raw = stream.raw_stream if isinstance(stream, Neutral) else stream
    buffer = getattr(raw, "buffer", None)
    try:
        raw.flush()
        if buffer is None:  # a text-only stream (a test's StringIO): it takes the text as it is
            raw.write(text)
            raw.flush()
            return
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except BrokenPipeError:
        _to_null(raw)
