"""Reading a unit table from a file: a workbook or delimited text, told apart by content.

Kept apart from :mod:`scheduler.files.tables` (rows into a table) and
:mod:`scheduler.files.excel` (workbooks), which both build on ``tables``: this
module is the one that knows both.
"""

from __future__ import annotations

import io
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.encodings import decode
from scheduler.files.reasons import file_reason
from scheduler.files.tables import XLS_MAGIC, XLSX_MAGIC, Table, ole2_refusal, parse_table
from scheduler.text.messages import Message


def read_table(
    path: str | Path,
    sheet: str | None = None,
    key: str | None = None,
    named: bool = True,
    asked: str = "--sheet",
    contacts: bool = False,
) -> Table:
    """Read a unit table (CSV/text or ``.xlsx``); raises :class:`InputError` naming file, row and column.

    The kind of file is told by its content, not its name: a ZIP archive is read as
    an Excel workbook (the sheet whose header is a table's, or ``sheet``: a name or a 1-based number),
    anything else as delimited text in the encoding :func:`scheduler.files.encodings.decode`
    decides. ``named``: whether whoever gives the file can name a sheet (``--sheet``; a contacts or
    people file the rules name cannot): if not, a workbook with several tables of one kind is told to
    merge them, not to name one. ``asked``: how the caller named the sheet (the command line's
    ``--sheet``, the library's ``sheet``), as a ``sheet`` given for a text table is refused.
    ``contacts``: the file is a contacts table (a workbook's sheet is the one with 单位 and a mail column,
    whatever its name: :func:`scheduler.files.excel.read_workbook`).
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(Message("input.no_file"), name) from exc
    except OSError as exc:
        from scheduler.files.owned import refused_access  # (a folder handed over still closed to us)

        raise refused_access(exc) or InputError(Message("input.unreadable", reason=file_reason(exc)), name) from exc
    _not_a_table(data, Path(path))
    if data.startswith(XLSX_MAGIC):
        from scheduler.files.excel import read_workbook  # openpyxl loads only for a workbook

        return read_workbook(data, name, sheet, key, named, contacts)
    if data.startswith(XLS_MAGIC):
        raise InputError(ole2_refusal(data, name), name)
    if sheet is not None:
        raise InputError(Message("input.sheet_not_xlsx", name=asked), name)
    decoded = decode(data, name)
    table = parse_table(decoded.text, name, key, contacts)
    table.encoding = decoded.encoding
    return table


def _not_a_table(data: bytes, path: Path) -> None:
    """A file people give by mistake (an output of ours, a rules file, a PDF, an office program's lock
    file) is named for what it is, with the table to give instead when one lies beside it."""
    locked = locked_file(path)
    if locked is not None:
        from scheduler.files.atomic import lock_owner

        who = lock_owner(path)
        key = "input.is_lock_by" if who else "input.is_lock"
        raise InputError(Message(key, table=locked, who=who or ""), str(path))
    kind = _kind(data, path)
    if kind is None:
        return
    beside = [path.with_name(f"{path.stem}{suffix}") for suffix in (".csv", ".xlsx")]
    found = next((p for p in beside if p.is_file() and p != path), None) if path.stem != "调整通知" else None
    hint = Message("input.use_instead", path=found) if found else Message("input.give_table")
    raise InputError(Message(f"input.is_{kind}", hint=hint), str(path))


def locked_file(path: Path) -> str | None:
    """The name of the file ``path`` is the lock file of (``~$n.xlsx``: Excel, WPS, Word; ``.~lock.n.xlsx#``:
    LibreOffice; Word's ``~$metable.docx``: the file beside it Word names so, see
    :func:`~scheduler.files.atomic.word_owner`), else ``None``."""
    name = path.name
    if name.startswith("~$") and len(name) > 2:
        from scheduler.files.atomic import word_owner

        try:
            beside = [p.name for p in path.parent.iterdir() if p.name.endswith(name[2:]) and p != path]
        except OSError:
            beside = []
        return next((other for other in beside if word_owner(other) == name), name[2:])
    if name.startswith(".~lock.") and name.endswith("#") and len(name) > 8:
        return name[7:-1]
    return None


def _kind(data: bytes, path: Path) -> str | None:
    """``docx``, ``pdf``, ``html``, ``ics`` or ``toml`` for a file that is not a table, else ``None``."""
    if data.startswith(XLSX_MAGIC):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        return "docx" if "word/document.xml" in names else None
    if data.startswith(b"%PDF"):
        return "pdf"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"begin:vcalendar"):
        return "ics"
    if path.suffix.lower() == ".toml" or head.startswith(b"# rules used for this timetable"):
        return "toml"
    return None
