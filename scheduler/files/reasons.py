"""Why a file could not be read or written, in the office's words: the system's own text
(``strerror``, in English whatever the user's language: "No space left on device") only for an error
no office meets. One place for every command and the web page (QA qabig25 F5)."""

from __future__ import annotations

import errno

from scheduler.text.messages import Message

_WORDED = {
    errno.ENOSPC: "os.reason.disk_full",
    errno.EDQUOT: "os.reason.quota",
    errno.EFBIG: "os.reason.too_large",
    errno.EACCES: "os.reason.no_permission",
    errno.EPERM: "os.reason.not_permitted",
    errno.EROFS: "os.reason.read_only",
    errno.EIO: "os.reason.io",
    errno.ENAMETOOLONG: "os.reason.name_too_long",
    errno.ENOENT: "os.reason.not_found",
    errno.ENOTDIR: "os.reason.not_a_folder",
    errno.EISDIR: "os.reason.is_a_folder",
    errno.EBUSY: "os.reason.busy",
    errno.EMFILE: "os.reason.too_many_open",
    errno.ENFILE: "os.reason.too_many_open",
}
"""The errors an office meets, each worded in the catalog (``os.reason.*``, zh and en)."""


def file_reason(exc: BaseException) -> Message | str:
    """Why ``exc`` (an ``OSError`` of reading or writing a file) happened: a catalog sentence for the
    errors of :data:`_WORDED` (a full disk, a file past the size allowed, no permission, a read-only
    disk...), the system's text for any other, the exception's name when it has none."""
    number = getattr(exc, "errno", None)
    if number in _WORDED:
        return Message(_WORDED[number])
    strerror = getattr(exc, "strerror", None)
    return strerror or str(exc) or type(exc).__name__
