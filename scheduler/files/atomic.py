"""Writing output files all at once or not at all."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scheduler.errors import InputError
from scheduler.text.messages import Message


def write_files(directory: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path -> bytes) under ``directory``, all or none.

    Every file is first written and flushed to a temporary file beside its
    target; only when all are written are they renamed into place (a rename
    within one folder is atomic). A failure before that leaves no trace.
    """
    root = Path(directory)
    mode = 0o666 & ~_umask()
    staged: list[tuple[Path, Path]] = []
    try:
        for name in files:
            if (root / name).is_dir():  # a rename onto it would fail after others were done
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(root / name))
        for name, data in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(temp), target))
            Path(temp).chmod(mode)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise InputError(Message("output.write", reason=exc.strerror or str(exc)), str(root)) from exc
    done = 0
    try:
        for temp, target in staged:
            temp.replace(target)
            done += 1
    except OSError as exc:
        for temp, _ in staged[done:]:
            temp.unlink(missing_ok=True)
        raise InputError(Message("output.write", reason=exc.strerror or str(exc)), str(root)) from exc
    return [target for _, target in staged]


def _umask() -> int:
    """The process umask (new files get the usual permissions, not mkstemp's 0600)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
