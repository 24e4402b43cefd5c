"""Work done in a second process while the command does its own: the machine's other core.

``solve --out`` with invites spends seconds making the timetable's formats (the ``.xlsx`` and
``.docx`` above all) and seconds making the invites, and neither needs the other. :class:`Forked`
makes one of them in a child process forked from the command (it sees everything the command has
read, nothing is copied to it) and hands back its result through a pipe, pickled.

The child only computes: it writes no file and prints nothing (its output goes to ``/dev/null``),
and Ctrl-C or SIGTERM simply end it. Whatever goes wrong in it (an error, a crash, a killed
child) the work is done again in the command's own process, where an error is raised and reported
exactly as it was before. Where a process cannot be forked safely (not Linux, or other threads
running) the work is done in the command's process when its result is asked for.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """``function(*args)`` run in a forked child from the ``with`` block's start; :meth:`result`
    waits for it. Leaving the block ends a child whose result was not asked for."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self.function = function
        self.args = args
        self.pid: int | None = None
        self._pipe: int | None = None

    def __enter__(self) -> Forked[T]:
        if can_fork():
            self._start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._end()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running anything of the parent's
            code = 1
            try:
                os.close(read)
                _quiet_child()
                data = pickle.dumps(self.function(*self.args), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write, "wb") as out:  # noqa: PTH123 (a descriptor, not a path)
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self._pipe = pid, read

    def result(self) -> T:
        """The function's result: the child's, or (no child, or it failed) computed here."""
        if self.pid is not None and self._pipe is not None:
            with open(self._pipe, "rb") as pipe:  # noqa: PTH123 (a descriptor, not a path)
                self._pipe = None
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if status == 0 and data:
                with contextlib.suppress(Exception):  # anything short of a result: done here instead
                    return pickle.loads(data)  # type: ignore[no-any-return]
        return self.function(*self.args)

    def _end(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # (already gone: waitpid reaps it)
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None


def can_fork() -> bool:
    """Whether a child can be forked safely here: on Linux, from a process with no other thread
    (a thread holding a lock at the fork would leave it held in the child for ever)."""
    return sys.platform == "linux" and threading.active_count() == 1


def _quiet_child() -> None:
    """The child ends at once on Ctrl-C or SIGTERM (the command cleans up after itself), and
    nothing it says reaches the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
