"""What was read from a file, kept while the file is unchanged: known by its path, size, and times.

The web app (``serve``) weighs the answers on every request, and that reads the contacts table the rules
name: about 0.2 s a request at 5,000 units, for a file that changes once a campaign. So what a reader
made of a file is kept, keyed by the file's path, size, ``mtime_ns``, ``ctime_ns`` and inode; any
change of the file (an edit, a save by Excel that replaces it) changes one of them, and the next read
reads it again. A file changed within the last two seconds is read again every time (as git treats a
"racily clean" file): a filesystem's clock ticks in steps, so two same-sized writes in one tick would
share a key. Errors are never kept: a file that could not be read is tried again.

Only values nobody changes belong here (a frozen dataclass): every caller gets the same object.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

KEPT = 8
"""How many files' readings are kept (the last used)."""
RACY_NS = 2_000_000_000
"""A file changed this recently (in ns) is not kept: it may change again within its clock's tick."""

_KEPT: OrderedDict[tuple[object, ...], object] = OrderedDict()
_LOCK = threading.Lock()


def read_unchanged(path: str | Path, kind: str, read: Callable[[str | Path], T]) -> T:
    """``read(path)``, or what it gave for this ``kind`` of reading when the file was as it is now."""
    try:
        found = Path(path).stat()
    except OSError:
        return read(path)  # (missing or unreadable: the reader says so in its words)
    key = (kind, str(path), Path(path).absolute(), found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    with _LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]  # type: ignore[return-value]
    value = read(path)
    if time.time_ns() - found.st_mtime_ns >= RACY_NS:
        with _LOCK:
            _KEPT[key] = value
            while len(_KEPT) > KEPT:
                _KEPT.popitem(last=False)
    return value
