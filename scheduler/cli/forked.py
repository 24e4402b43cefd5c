"""Work done in a second process while the command does its own: the machine's other core.

``solve --out`` with invites spends seconds making the timetable's formats (the ``.xlsx`` and
``.docx`` above all) and seconds making the invites, and neither needs the other. :class:`Forked`
makes one of them in a child process forked from the command (it sees everything the command has
read, nothing is copied to it) and hands back its result, pickled, in an unnamed temporary file:
the child ends as soon as it is done (while it lives, each page of memory the command writes to
is copied for it), or as soon as the command ends, however it ends (a parent-death signal: a
``kill -9`` of the command leaves no child behind).

A :class:`Forked` child only computes: it writes no file and prints nothing (its output goes to
``/dev/null``), and Ctrl-C or SIGTERM simply end it. A :class:`ForkedSteps` child runs a generator
and hands back each value as it is made; ``solve --out``'s deadline child
(:class:`scheduler.cli.invites.EarlyDeadlines`) also stages temporary files, which the command adopts
into its write or removes. Whatever goes wrong in a child (an error, a crash, a killed child) the
work is done again in the command's own process, where an error is raised and reported exactly as it
was before. Where a process cannot be forked safely (not Linux, or other threads
running) the work is done in the command's process when its result is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any, Generic, NoReturn, Self, TypeVar

T = TypeVar("T")


class _Child:
    """A forked child's ``with`` block: started at its start where a child can be forked (else the
    work is done here when asked for), ended and reaped at its end."""

    def __enter__(self) -> Self:
        if can_fork():
            try:
                self._start()
            except BaseException:  # (Ctrl+C as the child was made: no block, so no __exit__, ends it)
                self._end()
                raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self._end()

    def _start(self) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        raise NotImplementedError


class Forked(_Child, Generic[T]):
    """``function(*args)`` run in a forked child from the ``with`` block's start; :meth:`result`
    waits for it. Leaving the block ends a child whose result was not asked for."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self.function = function
        self.args = args
        self.pid: int | None = None
        self._file: IO[bytes] | None = None

    def _start(self) -> None:
        import tempfile

        from scheduler.files.signals import signals_held

        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result() or the block's end)
            # Ctrl+C or SIGTERM during the fork is held until the child is known: heard in one of
            # Python's fork hooks, its KeyboardInterrupt was printed and dropped, and the command went on
            parent = os.getpid()
            with signals_held():
                pid = os.fork()
                if pid == 0:
                    _die_with(parent)
                    self._child()
                self.pid = pid
        except OSError:  # no room for the result, or no process to be had: the work is done here
            self._end()

    def _child(self) -> NoReturn:
        """Compute, hand over, and leave without running anything of the parent's."""
        code = 1
        try:
            assert self._file is not None
            gc.disable()  # it lives for one computation: no collections (nor pages copied for them)
            _quiet_child()
            pickle.dump(self.function(*self.args), self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.flush()
            code = 0
        finally:
            os._exit(code)

    def result(self) -> T:
        """The function's result: the child's, or (no child, or it failed) computed here."""
        if self.pid is not None and self._file is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            with self._file as made:
                self._file = None
                if status == 0:
                    made.seek(0)
                    with contextlib.suppress(Exception):  # anything short of a result: done here instead
                        return pickle.load(made)  # type: ignore[no-any-return]
        return self.function(*self.args)

    def _end(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # (already gone: waitpid reaps it)
                os.kill(self.pid, signal.SIGKILL)
            _reap(self.pid)
            self.pid = None
        if self._file is not None:
            self._file.close()
            self._file = None


class ForkedSteps(_Child, Generic[T]):
    """``function(*args)``, a generator, run in a forked child from the ``with`` block's start:
    :meth:`next` gives each value it yields, in turn, as soon as the child has it, while the child
    goes on to the next. Each value is pickled into an unnamed temporary file and its size told
    through a pipe. Should the child fail (an error, a crash, a value that does not load) the
    generator is run here from the start, the values already given made again and passed over, and
    :attr:`failed` holds the child's process id: what the child did besides computing (a step that
    writes temporary files) is then the caller's to clear. Leaving the block ends the child."""

    def __init__(self, function: Callable[..., Iterator[T]], *args: Any) -> None:
        self.function = function
        self.args = args
        self.pid: int | None = None
        self.child: int | None = None
        """The child's process id, kept once it has ended (what it left is named by it)."""
        self.failed: int | None = None
        self._file: IO[bytes] | None = None
        self._pipe: int | None = None
        self._offset = 0
        self._given = 0
        self._here: Iterator[T] | None = None

    def _start(self) -> None:
        import tempfile

        from scheduler.files.signals import signals_held

        told = None
        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed at the block's end)
            self._pipe, told = os.pipe()
            parent = os.getpid()
            with signals_held():  # (as Forked's)
                pid = os.fork()
                if pid == 0:
                    _die_with(parent)
                    self._child(told)
                self.pid = self.child = pid
        except OSError:  # no room, no pipe or no process to be had: the work is done here
            self._end()
        finally:
            if told is not None:
                os.close(told)

    def _child(self, told: int) -> NoReturn:
        code = 1
        try:
            assert self._file is not None and self._pipe is not None
            os.close(self._pipe)
            gc.disable()
            _quiet_child()
            handle = self._file.fileno()
            for value in self.function(*self.args):
                data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
                os.write(told, len(data).to_bytes(8, "little"))
            code = 0
        finally:
            os._exit(code)

    def next(self) -> T:
        """The generator's next value: the child's, or (no child, or it failed) made here."""
        if self.pid is not None and self._here is None:
            from scheduler.files.atomic import read_up_to

            assert self._pipe is not None and self._file is not None
            head = read_up_to(self._pipe, 8)
            if len(head) == 8:
                size = int.from_bytes(head, "little")
                with contextlib.suppress(Exception):  # anything short of a value: made here instead
                    data = os.pread(self._file.fileno(), size, self._offset)
                    value: T = pickle.loads(data)
                    self._offset += size
                    self._given += 1
                    return value
            self.failed = self.pid
            self._end()
        if self._here is None:
            self._here = iter(self.function(*self.args))
            for _ in range(self._given):
                next(self._here)
        return next(self._here)

    def _end(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _reap(self.pid)
            self.pid = None
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._file is not None:
            self._file.close()
            self._file = None


def _reap(pid: int) -> None:
    """The ended child ``pid`` reaped, unless it already was: Ctrl+C or SIGTERM heard just after a
    ``waitpid`` that reaped it, before the pid was forgotten, left the block's end a child that is no
    more (``ChildProcessError``: the command ended in an internal error, exit 70, instead of 130)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def can_fork() -> bool:
    """Whether a child can be forked safely here: on Linux, from a process with no other thread
    (a thread holding a lock at the fork would leave it held in the child for ever)."""
    return sys.platform == "linux" and threading.active_count() == 1


PR_SET_PDEATHSIG = 1
"""Linux's ``prctl`` option: the signal a process gets when the thread that made it ends."""


def _die_with(parent: int) -> None:
    """In a child just forked: it is killed when the command ends, however it ends (SIGKILL too: the
    command's own cleanup then never runs, and a deadline child would stage files in DIR for nobody,
    QA review 12). Set first thing, then the parent checked: one already gone was missed, so the child
    leaves at once. The command has one thread (:func:`can_fork`), so its thread's end is its own."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # (no prctl: the child is ended by the command's own cleanup alone)
        pass
    if os.getppid() != parent:
        os._exit(1)


def _quiet_child() -> None:
    """The child ends at once on Ctrl-C or SIGTERM (the command cleans up after itself), and
    nothing it says reaches the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
