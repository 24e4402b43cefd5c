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
Python's own standard error writes it: one character never costs the run. A stream whose encoding is
ASCII (``PYTHONIOENCODING=ascii``) gets UTF-8 instead: there every message would be escapes. A file system
encoding that is ASCII (``LC_ALL=C`` with ``PYTHONUTF8=0``) has the command run again in UTF-8 mode
(:func:`utf8_file_names`), file names being UTF-8 bytes.

A stream that is missing or fails never costs the run either (docs/cli.md, "A closed output"): with
no standard output or error at all (``>&-``, ``2>&-``, ``pythonw.exe``, a service with no console:
Python's ``sys.stdout`` is ``None``) what would be printed there is dropped; a reader gone (``| head``)
drops the rest silently; a standard output that cannot be written (``> /dev/full``, a full disk)
drops the rest too, says so in one line on standard error, and is remembered
(:attr:`Neutral.failed`) for the exit status (:mod:`scheduler.cli.main`).
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple, TextIO

_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
"""The characters that could steer a terminal: the controls but the tab and the line break, and the
bidirectional marks. Each is a control or format character, which ``str.isprintable`` refuses, so text
that is printable once its tabs and line breaks are set aside (:func:`_all_safe`) holds none; compiled
on first use, by ``re``'s cache (its wide class costs 2.5M instructions, a notice's solve never needs
it)."""

_TABS_AND_BREAKS = str.maketrans("", "", "\t\n")


def _all_safe(text: str) -> bool:
    """Whether ``text`` holds no :data:`_UNSAFE` character: checked at C speed, no pattern compiled."""
    return text.isprintable() or text.translate(_TABS_AND_BREAKS).isprintable()


def neutral(text: str) -> str:
    """``text`` with every character that could steer a terminal written out as an escape."""
    if _all_safe(text):
        return text
    return re.sub(_UNSAFE, lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def encodable(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` cannot write as a backslash escape (``\\U0001f600``)."""
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: ASCII is safe in any
        return text.encode("ascii", "backslashreplace").decode("ascii")


class Neutral(io.TextIOBase):
    """A text stream that writes :func:`neutral` text to ``raw_stream``; with no ``raw_stream`` (no
    such stream in this process) the text goes nowhere. A write or flush that fails drops the rest
    (:func:`_to_null`); an error other than a reader gone (``EPIPE``) is kept in :attr:`failed` and
    handed to ``on_failure`` once."""

    def __init__(self, raw_stream: TextIO | None, on_failure: Callable[[OSError], None] | None = None) -> None:
        super().__init__()
        self.raw_stream = raw_stream
        self.on_failure = on_failure
        self.failed: OSError | None = None

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream this way
            raise TypeError("text only")
        if self.raw_stream is None:
            return len(text)
        safe = neutral(text)
        try:
            if not safe.isascii() and self._utf8_beneath():
                self._write_utf8(safe)
                return len(text)
            try:
                self.raw_stream.write(safe)
            except UnicodeEncodeError:  # the stream encodes strictly (redirected output on Chinese Windows: GBK)
                self.raw_stream.write(encodable(safe, self.encoding))
        except OSError as error:
            self.lost(error)
        return len(text)

    def written_form(self) -> Callable[[str], str]:
        """What :meth:`write` makes of a text: :func:`neutral`, and on a stream whose encoding is no UTF
        the characters it lacks as escapes (:func:`encodable`); so a table's columns are measured as they
        are written (:func:`written_form`). Decided once per table, not per cell."""
        if self.raw_stream is None or self._utf8_beneath():
            return neutral
        encoding = self.encoding
        import codecs

        try:
            if codecs.lookup(encoding).name.startswith("utf"):
                return neutral
        except LookupError:
            pass

        def shown(text: str) -> str:
            safe = neutral(text)
            try:
                safe.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                return encodable(safe, encoding)
            return safe

        return shown

    def _utf8_beneath(self) -> bool:
        """Whether text that is not ASCII goes beneath the stream in UTF-8: its encoding is ASCII
        (``LC_ALL=C`` with ``PYTHONUTF8=0``, ``PYTHONIOENCODING=ascii``), where every message would
        be escapes, and a terminal today reads UTF-8; a stream with no bytes beneath it keeps its escapes."""
        return getattr(self.raw_stream, "buffer", None) is not None and _ascii_only(self.encoding)

    def _write_utf8(self, text: str) -> None:
        raw = self.raw_stream
        assert raw is not None
        raw.flush()
        raw.buffer.write(text.encode("utf-8"))
        raw.buffer.flush()  # (rare: what the text layer buffers next must come after it)

    def flush(self) -> None:
        if self.raw_stream is None:
            return
        try:
            self.raw_stream.flush()
        except OSError as error:
            self.lost(error)

    def lost(self, error: OSError) -> None:
        """The stream could not take what was written: the rest goes nowhere; a reader gone is no
        failure (``| head``), any other error is (:attr:`failed`, ``on_failure``)."""
        if self.raw_stream is not None:
            _to_null(self.raw_stream)
        if isinstance(error, BrokenPipeError) or self.failed is not None:
            return
        self.failed = error
        if self.on_failure is not None:
            self.on_failure(error)

    def isatty(self) -> bool:
        return self.raw_stream is not None and self.raw_stream.isatty()

    def fileno(self) -> int:
        if self.raw_stream is None:
            raise io.UnsupportedOperation("no such stream")
        return self.raw_stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw_stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.raw_stream, "errors", None)


def written_form() -> Callable[[str], str]:
    """What standard output makes of a text (:meth:`Neutral.written_form`; :func:`neutral` when it is not
    wrapped): what a table's columns are measured by (:func:`scheduler.cli.display.grid`)."""
    stream = sys.stdout
    if isinstance(stream, Neutral):
        return stream.written_form()
    return neutral


def utf8_file_names() -> None:
    """Run this command again in Python's UTF-8 mode (``PYTHONUTF8=1``, the same arguments as the bytes
    they were) when the file system encoding is ASCII (``LC_ALL=C`` with ``PYTHONUTF8=0`` on Linux or
    macOS): there Python cannot name a file 结果/invites/政务公开工作推进会/王主任.ics, and a command that
    writes one failed half-way as an internal error (exit 70). File names are then UTF-8 bytes, as any
    system today reads them; a process that cannot be replaced goes on as it was."""
    if os.name != "posix" or sys.flags.utf8_mode or not sys.executable:
        return
    if not _ascii_only(sys.getfilesystemencoding()):
        return
    argv = [os.fsencode(sys.executable), *(os.fsencode(arg) for arg in sys.orig_argv[1:])]
    try:
        os.execve(sys.executable, argv, {**os.environb, b"PYTHONUTF8": b"1"})
    except OSError:
        return


def _ascii_only(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def _to_null(stream: TextIO) -> None:
    """Point ``stream``'s file at the null device: its reader has gone or it cannot be written, what
    is still buffered and anything written later goes nowhere (and Python's flush at exit does not fail)."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, stream.fileno())
    except (OSError, ValueError):  # no file beneath it (a test's stream): nothing to redirect
        pass
    finally:
        os.close(null)


def _claim_missing_descriptors() -> None:
    """Open the null device on each of descriptors 0-2 that is closed (``>&-``): else the next file
    or socket the command opens takes that number, and anything written to "standard error" there
    (by a library, by Python itself) would land in it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            got = os.open(os.devnull, os.O_RDWR)
            if got != fd:  # taken meanwhile: nothing to claim
                os.close(got)


class Streams(NamedTuple):
    """The wrapped standard output and error of a command (:func:`neutral_streams`).

    A named tuple, not a dataclass: a pair made once, which a dataclass would cost every command's start-up
    some 3.3M instructions to define (its methods compiled at import; issue 16)."""

    out: Neutral
    err: Neutral


@contextmanager
def neutral_streams() -> Iterator[Streams]:
    """Standard output and error wrapped in :class:`Neutral` for the duration; a standard output
    that cannot be written is said once on standard error (``output.stdout``)."""
    _claim_missing_descriptors()
    out, err = sys.stdout, sys.stderr
    streams = Streams(Neutral(out), Neutral(err))
    streams.out.on_failure = lambda error: _say_lost(streams.err, error)
    sys.stdout, sys.stderr = streams.out, streams.err
    try:
        yield streams
    finally:
        for stream in (streams.out, streams.err):
            stream.flush()  # a pipe closed by now is pointed at the null device, not an error at exit
        sys.stdout, sys.stderr = out, err


def _say_lost(err: Neutral, error: OSError) -> None:
    from scheduler.cli.language import current
    from scheduler.files.reasons import file_reason
    from scheduler.text.messages import Message, render

    reason = file_reason(error)
    err.write(render(Message("output.stdout", reason=reason), current()) + "\n")
    err.flush()


def json_safe(text: str) -> str:
    """JSON text with every character that could steer a terminal written as a JSON escape (``\\u001b``,
    ``\\u202e``): the same text to a JSON reader, nothing to a terminal. Those characters can only be
    inside strings (the structure is ASCII), where such an escape means the character itself."""
    if _all_safe(text):
        return text
    return re.sub(_UNSAFE, lambda match: f"\\u{ord(match.group()):04x}", text)


def write_utf8(text: str) -> None:
    """``text`` on standard output in UTF-8 whatever the locale (a GBK console, ``LANG=C``), beneath the
    :class:`Neutral` wrapper (the text is already safe: :func:`json_safe`); a closed pipe is dropped as
    :class:`Neutral` drops it."""
    stream = sys.stdout
    raw = stream.raw_stream if isinstance(stream, Neutral) else stream
    if raw is None:  # no standard output at all: nowhere to write
        return
    buffer = getattr(raw, "buffer", None)
    try:
        raw.flush()
        if buffer is None:  # a text-only stream (a test's StringIO): it takes the text as it is
            raw.write(text)
            raw.flush()
            return
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as error:
        if isinstance(stream, Neutral):
            stream.lost(error)
        else:
            _to_null(raw)
