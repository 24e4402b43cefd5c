"""Dates in the files we write, and bytes that repeat from run to run.

With ``SOURCE_DATE_EPOCH`` set (seconds since 1970, UTC: the reproducible-builds
convention) every file is byte-identical from run to run: the date printed on
the annex is that moment's date (UTC), and it is the time recorded inside the
Office files. Without it the date is today's, so a file changes only when the
day changes (docs/formats.md, "Bytes that repeat").

``.xlsx`` and ``.docx`` are ZIP archives whose libraries stamp each entry with the
time of writing and ``docProps/core.xml`` with the time of saving; :func:`stamped_zip`
rewrites both to one given moment. Our workbooks set their document dates as they are
written (:mod:`scheduler.export.workbooks`), so :func:`dated_zip` only sets the entries'
times, in their headers, without unpacking and packing the archive again.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from datetime import UTC, date, datetime, time

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
_ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a ZIP entry can carry
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def source_date_epoch() -> datetime | None:
    """``$SOURCE_DATE_EPOCH`` as an aware UTC datetime, or ``None`` when it is not set (or not a number)."""
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), UTC)


def made_on() -> date:
    """The date printed on what we make: ``$SOURCE_DATE_EPOCH``'s (UTC), else today."""
    moment = source_date_epoch()
    return moment.date() if moment is not None else date.today()


def file_time(issued: date) -> datetime:
    """The time recorded inside a file issued on ``issued`` (naive, UTC): ``$SOURCE_DATE_EPOCH``
    when set, else the start of that day, so that files made the same day are identical."""
    moment = source_date_epoch()
    if moment is not None:
        return moment.replace(tzinfo=None)
    return datetime.combine(issued, time())


def stamped_zip(data: bytes, moment: datetime) -> bytes:
    """A ZIP archive (``.xlsx``, ``.docx``) with every entry's time and the document's created and
    modified properties set to ``moment``; entries keep their order, names and contents."""
    when = max(moment, _ZIP_EPOCH).timetuple()[:6]
    written = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m[1] + written + m[2], body)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = 0
            target.writestr(entry, body)
    return out.getvalue()


def dated_zip(data: bytes, moment: datetime) -> bytes:
    """``data``, a ZIP archive, with every entry's time set to ``moment`` and its system to MS-DOS, as
    :func:`stamped_zip` sets them, and nothing else changed: the compressed data are copied as they are.
    For an archive whose document dates are already ``moment`` (our workbooks: XlsxWriter writes them,
    :mod:`scheduler.export.workbooks`); one with a comment or in the ZIP64 form goes to :func:`stamped_zip`."""
    end = len(data) - 22  # the end-of-central-directory record, when no comment follows it
    if end < 0 or data[end : end + 4] != b"PK\x05\x06":
        return stamped_zip(data, moment)
    count, _, at = struct.unpack_from("<HII", data, end + 10)
    when = max(moment, _ZIP_EPOCH)
    stamp = struct.pack(
        "<HH",
        when.hour << 11 | when.minute << 5 | when.second // 2,
        (when.year - 1980) << 9 | when.month << 5 | when.day,
    )
    out = bytearray(data)
    for _ in range(count):
        if out[at : at + 4] != b"PK\x01\x02":
            return stamped_zip(data, moment)  # (ZIP64: a count of 0xFFFF, offsets of 0xFFFFFFFF)
        (local,) = struct.unpack_from("<I", out, at + 42)
        if out[local : local + 4] != b"PK\x03\x04":
            return stamped_zip(data, moment)
        names, extra, comment = struct.unpack_from("<HHH", out, at + 28)
        out[at + 5] = 0  # made by: MS-DOS
        out[at + 12 : at + 16] = out[local + 10 : local + 14] = stamp
        at += 46 + names + extra + comment
    return bytes(out)
