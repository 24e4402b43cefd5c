"""The suite leaves the checkout as it found it: no test writes, or locks, anything in it.

A command that writes (``solve --out``, ``reschedule --out``, ``ics``, ``send``) also takes the lock of
the folder of the table it reads (``scheduler/files/folderlock.py``, ``beside``): run on the checkout's
own ``examples/notice_2021.csv``, two test processes (``pytest -n 2``, docs/performance.md) refuse each
other, and ``ics``/``send`` leave ``examples/invites/`` and a mail journal behind (ignored by git, so
``git status`` does not show them). Tests run such commands on a copy (conftest's ``example``, or
``tmp_path``). Two checks hold them to it (tests/conftest.py):

* in each test process, an audit hook (:func:`sys.addaudithook`) notes every file opened for writing,
  folder made, file renamed or removed under the checkout (:data:`CACHES` aside): the test that did it
  fails at its teardown, naming the path; a lock file (``.docking.lock``) is such a write;
* for the whole run (commands run as subprocesses too), the files under the checkout (:data:`CACHES`
  aside), with their sizes and modification times, before and after: any new, changed or removed file
  fails the run (a stronger ``git status --porcelain --ignored``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

CACHES = frozenset(
    {".git", ".venv", ".venv-timefold", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis"}
)
"""Folders a test run may write in the checkout: tools' caches (Python's byte code, Hypothesis' examples)."""

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def in_checkout(path: object, root: str) -> str | None:
    """``path`` relative to ``root`` (an absolute, real path) when it is under it and in none of
    :data:`CACHES`; ``None`` otherwise (a file descriptor, a path elsewhere, a cache)."""
    if isinstance(path, int) or path is None:
        return None
    try:
        full = os.path.abspath(os.fsdecode(path))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    if full != root and not full.startswith(root + os.sep):
        return None
    relative = os.path.relpath(full, root)
    parts = Path(relative).parts
    if any(part in CACHES or part.endswith(".egg-info") for part in parts):
        return None
    return relative


def written(event: str, args: tuple[object, ...]) -> list[object]:
    """The paths an audit event writes: a file opened for writing (``open``), a folder made, a file
    renamed (both names) or removed; paths given relative to a folder descriptor are left out."""
    if event == "open":
        flags = args[2] if len(args) > 2 else None
        return [args[0]] if isinstance(flags, int) and flags & _WRITING else []
    if event in ("os.mkdir", "os.remove", "os.rmdir"):
        return [args[0]] if args[-1] is None else []
    if event == "os.rename":
        return [args[0], args[1]] if args[2] is None and args[3] is None else []
    return []


_EVENTS = frozenset({"open", "os.mkdir", "os.remove", "os.rmdir", "os.rename"})


def watch(root: Path, note: Callable[[str], None]) -> None:
    """Call ``note`` with each path under ``root`` this process writes from now on (see :func:`written`).
    An audit hook cannot be removed: install it once per process."""
    real = os.path.realpath(root)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in _EVENTS:
            return
        for path in written(event, args):
            relative = in_checkout(path, real)
            if relative is not None:
                note(relative)

    sys.addaudithook(hook)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` but :data:`CACHES`: its size and modification time (ns), by relative path."""
    files: dict[str, tuple[int, int]] = {}
    for folder, names, found in os.walk(root):
        names[:] = [name for name in names if name not in CACHES and not name.endswith(".egg-info")]
        for name in found:
            path = os.path.join(folder, name)
            try:
                status = os.lstat(path)
            except OSError:  # removed while we looked
                continue
            files[os.path.relpath(path, root)] = (status.st_size, status.st_mtime_ns)
    return files


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """What differs between two :func:`snapshot`\\ s, one line a file: ``new``, ``changed`` or ``removed``."""
    lines = [f"new: {path}" for path in after.keys() - before.keys()]
    lines += [f"removed: {path}" for path in before.keys() - after.keys()]
    lines += [f"changed: {path}" for path in before.keys() & after.keys() if before[path] != after[path]]
    return sorted(lines, key=lambda line: line.split(": ", 1)[1])
