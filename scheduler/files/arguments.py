"""The reading calls' arguments, checked before anything is read: a path (``str`` or
``os.PathLike``), a sheet (a name or a 1-based number). A value of another kind is an
:class:`~scheduler.errors.ArgumentError` naming the argument as the caller wrote it (``table``,
``rules_path``, ``sheet``), never a raw ``TypeError`` from :mod:`pathlib` or an
``AttributeError`` from the workbook reader. A file object (an upload held in memory, a
``BytesIO``) is told to be saved to a file first: the reader tells a table's kind and its encoding
from the bytes, and names the file in its errors (docs/python.md, "Reading an upload")."""

from __future__ import annotations

from os import PathLike

from scheduler.errors import ArgumentError, shown, wrong
from scheduler.text.messages import Message


def need_path(name: str, value: object, optional: bool = False, frame: bool = False) -> None:
    """Refuse ``value`` unless it is a file path (or ``None`` when ``optional``; or a pandas
    DataFrame, anything with ``columns`` and ``itertuples``, when ``frame``)."""
    if isinstance(value, str | PathLike) or (optional and value is None):
        return
    if frame and hasattr(value, "columns") and hasattr(value, "itertuples"):
        return
    expected = Message("kind.frame_or_path" if frame else "kind.optional_path" if optional else "kind.path")
    if hasattr(value, "read"):  # a file object: BytesIO, StringIO, an open file, a web framework's upload
        raise ArgumentError(Message("argument.upload", name=name, expected=expected, got=shown(value)))
    raise wrong(name, value, expected)


def given_sheet(sheet: object) -> str | None:
    """``sheet`` as the reader takes it: a name, a 1-based number (``2`` or ``"2"``), or ``None``
    (the sheet whose header is a table's)."""
    if sheet is None or isinstance(sheet, str):
        return sheet
    if isinstance(sheet, int) and not isinstance(sheet, bool) and sheet >= 1:
        return str(sheet)
    raise wrong("sheet", sheet, Message("kind.sheet"))
