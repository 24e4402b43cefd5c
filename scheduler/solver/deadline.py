"""One clock for a whole call: when it must end, whether it was asked to stop, who hears how it goes.

``solve``, ``replan``, ``alternatives`` and ``explain`` each make one
:class:`Deadline` from their ``time_limit`` and pass it down to every solver call
beneath them (the greedy, each stage, each round of the stable search, each
question of the conflict search). A time limit is a promise for the whole call:
every step asks :meth:`Deadline.remaining` and the best answer found so far is
returned when it runs out.

``stop`` is a cooperative stop signal: anything with ``is_set()``, e.g. a
``threading.Event`` set by a web app's stop button. A running CP-SAT search is
interrupted within about :data:`POLL` seconds, a model being built within
milliseconds (:class:`OutOfTime`), and the call returns its best answer as if the
time had run out. The first greedy timetable is always finished (so there is one to
give): a stop set before it is heard when it is there (up to about a second at 5,000
units; docs/python.md says what was measured). ``progress`` is called with a
:class:`Progress` after the first timetable and at each better solution the
solver finds; it runs on the solver's thread, so it should only hand the value
on (to a queue, a variable) and return.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from scheduler.errors import ArgumentError, shown, wrong
from scheduler.solver.memory import resident_mb as resident_mb
from scheduler.text.messages import Message

if TYPE_CHECKING:  # re-exported for mypy; at run time Progress loads with the first one heard
    from scheduler.solver.progress import Progress as Progress

POLL = 0.05
"""Seconds between two looks at the stop signal while CP-SAT runs."""


class StopSignal(Protocol):
    """A cooperative stop request, e.g. ``threading.Event``."""

    def is_set(self) -> bool:
        """Whether the call is to stop (asked often, from the solver's thread: return at once)."""
        ...


class ProgressCallback(Protocol):
    """What hears how a call goes: called with a :class:`Progress` (any callable taking one)."""

    def __call__(self, progress: Progress, /) -> None: ...


def default_workers() -> int:
    """Solver threads: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def check_limits(seconds: object, stop: object = None, progress: object = None) -> float:
    """``seconds`` as a float, once the arguments every solving call takes are checked: a time limit
    above 0 (a number, not nan), a ``stop`` with ``is_set()``, a ``progress`` that can be called
    (:class:`~scheduler.errors.ArgumentError` naming the one that is not). The unit and the meeting
    calls both check them here."""
    # inf is refused with nan: a limit is a promise (QA qaembed23 F10: 20 meetings ran past 200 s)
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not math.isfinite(seconds) or seconds <= 0:
        raise ArgumentError(Message("solve.time_limit", value=shown(seconds)))
    # a class (threading.Event, not threading.Event()) has is_set too, unbound: it failed deep inside
    if stop is not None and (isinstance(stop, type) or not callable(getattr(stop, "is_set", None))):
        raise wrong("stop", stop, Message("kind.stop"))
    if progress is not None and not callable(progress):
        raise wrong("progress", progress, Message("kind.callable"))
    return float(seconds)


class Deadline:
    """When a whole call must end (``seconds`` from now), with its stop signal and progress callback."""

    def __init__(
        self,
        seconds: float,
        stop: StopSignal | None = None,
        progress: ProgressCallback | None = None,
        clock: Callable[[], float] = time.perf_counter,
        held_mb: float | None = None,
    ) -> None:
        self.seconds = check_limits(seconds, stop, progress)
        self.stop = stop
        self.progress = progress
        self._clock = clock
        self.started = clock()
        self.at = self.started + self.seconds
        self.beyond = 0.0
        """Seconds ``at`` lies after the end promised: a command whose start took longer than its limit
        still gives its search a moment (its end is set a little after its start), and :meth:`left`
        counts the time already overspent."""
        self.held_mb = resident_mb() if held_mb is None else held_mb
        """The process's resident memory when the call began: a search is stopped past 600 MB, or
        400 MB past this when the process was already larger (:func:`scheduler.solver.cpsat._watched`)."""

    @classmethod
    def unlimited(cls, stop: StopSignal | None = None) -> Deadline:
        """A deadline that never comes: for the library's own steps run to their end (``first_timetable``),
        never a caller's, whose limit is a promise (an infinite ``seconds`` is refused)."""
        deadline = cls(1.0, stop)
        deadline.seconds = deadline.at = math.inf
        return deadline

    def elapsed(self) -> float:
        """Seconds since the call started."""
        return self._clock() - self.started

    def stopped(self) -> bool:
        """Whether the stop signal is set."""
        return self.stop is not None and self.stop.is_set()

    def remaining(self) -> float:
        """Seconds left (0 once stopped or past the end)."""
        if self.stopped():
            return 0.0
        return max(0.0, self.at - self._clock())

    def left(self) -> float:
        """Seconds left before the end promised, negative once past it (the time overspent, with
        :attr:`beyond`): unlike :meth:`remaining`, never held at 0."""
        return self.at - self.beyond - self._clock()

    def expired(self, margin: float = 0.0) -> bool:
        """Whether less than ``margin`` seconds are left (or the call was stopped)."""
        return self.remaining() <= margin

    def sooner(self, seconds: float) -> Deadline:
        """This deadline brought ``seconds`` forward (at least a millisecond from now), with the
        same stop signal and progress: a step that must leave time for work after it (the
        command line keeps time to write its files)."""
        # the call's memory at its start, not after its model was built
        if math.isinf(self.at):  # (an unlimited deadline brought forward is still unlimited)
            return self.hearing(None, None)
        return Deadline(max(1e-3, self.remaining() - seconds), self.stop, self.progress, self._clock, self.held_mb)

    def hearing(self, stop: StopSignal | None, progress: ProgressCallback | None) -> Deadline:
        """This deadline (the same end, the same start) also stopped by ``stop`` and telling ``progress``,
        besides its own."""
        both = Deadline(1.0, self.stop, self.progress, self._clock, self.held_mb)
        both.seconds, both.started, both.at, both.beyond = (
            self.seconds,
            self.started,
            self.at,
            self.beyond,
        )  # the same call
        if stop is not None:
            both.stop = stop if self.stop is None else _Either(self.stop, stop)
        if progress is not None:
            both.progress = progress if self.progress is None else _Both(self.progress, progress)
        return both

    def report(
        self,
        step: str,
        criterion: str = "",
        value: int | None = None,
        bound: int | None = None,
        score: tuple[tuple[str, int], ...] = (),
    ) -> None:
        """Tell the progress callback, if any."""
        if self.progress is not None:
            from scheduler.solver.progress import Progress  # a call nobody hears makes none

            self.progress(Progress(step, criterion, value, self.elapsed(), bound, score))


class _Either:
    """Two stop signals heard as one."""

    def __init__(self, first: StopSignal, second: StopSignal) -> None:
        self.first, self.second = first, second

    def is_set(self) -> bool:
        return self.first.is_set() or self.second.is_set()


class _Both:
    """Two progress callbacks told alike."""

    def __init__(self, first: ProgressCallback, second: ProgressCallback) -> None:
        self.first, self.second = first, second

    def __call__(self, progress: Progress, /) -> None:
        self.first(progress)
        self.second(progress)


class OutOfTime(Exception):  # a signal inside the solver, never shown to a user
    """Raised by a step that notices its deadline has passed (building a model): the call that
    started the step catches it and returns the best answer it already has."""


def heard(deadline: Deadline | None) -> None:
    """Raise :class:`OutOfTime` once ``deadline`` has passed or was stopped (``None``: never). The checks
    without a search ask it between their steps: at 2,000 units one pass of them is 0.3-0.5 s of CPU, and
    at a load of 15 on 2 cores several seconds of wall."""
    if deadline is not None and deadline.expired():
        raise OutOfTime


def deadline_of(
    time_limit: float | Deadline, stop: StopSignal | None = None, progress: ProgressCallback | None = None
) -> Deadline:
    """A deadline from a number of seconds, or the one given (a call made inside another call,
    or a command that started its clock before reading its files). A ``stop`` or ``progress`` given
    beside a :class:`Deadline` is heard as well as the deadline's own (a service holding one deadline
    for a request passes its cancel with each call: it was dropped, QA embed16 3)."""
    if not isinstance(time_limit, Deadline):
        return Deadline(time_limit, stop, progress)
    if stop is None and progress is None:
        return time_limit
    check_limits(1.0, stop, progress)
    return time_limit.hearing(stop, progress)


if not TYPE_CHECKING:  # mypy sees the class itself (imported above for it)

    def __getattr__(name: str) -> Any:
        """:class:`Progress` imported on first use (PEP 562), from :mod:`scheduler.solver.progress`:
        ``scheduler.Progress`` and ``from scheduler.solver.deadline import Progress`` are that class."""
        if name == "Progress":
            from scheduler.solver.progress import Progress

            return Progress
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
