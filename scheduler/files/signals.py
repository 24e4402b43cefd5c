"""Signal handlers swapped for a block: SIGINT and SIGTERM held while one write's renames run
(:func:`signals_held`), the first of them held while one message is handed over and its answer recorded
(:func:`first_signal_held`, :mod:`scheduler.mail.batch`), SIGTERM made a Ctrl-C for the whole command
(:mod:`scheduler.cli.main`).
A module of its own so that every command's start loads this, not the writers of
:mod:`scheduler.files.atomic` (docs/performance.md, start-up)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, so the renames of one write are never cut in
    half (and a fork is never left without its child known, :mod:`scheduler.cli.forked`); a signal that
    came meanwhile is then passed to the handler it would have reached. Only the
    main thread can change handlers: elsewhere (the web app's jobs, which no signal stops) the block
    just runs."""
    caught: list[int] = []
    previous: dict[int, Any] | None = None
    try:
        with swapped_handlers((signal.SIGINT, signal.SIGTERM), lambda got, _frame: caught.append(got)) as previous:
            yield
    finally:
        if previous is not None:
            for number in caught:  # each in turn, to the handler it would have reached (the first may raise)
                _deliver(previous[number], number)


@contextlib.contextmanager
def first_signal_held(heard: Any = None) -> Iterator[None]:
    """Hold the first SIGINT or SIGTERM until the block is done, then pass it to the handler it would have
    reached; a second one during the block reaches its handler at once (a Ctrl-C pressed twice stops now).
    ``heard()``, when given, is called when the first one is held (to say that the block is finishing).
    A signal the process ignored before stays ignored (nothing held, nothing heard). Only the main thread
    can change handlers: elsewhere the block just runs."""
    held: list[int] = []
    previous: dict[int, Any] | None = None

    def hold(got: int, _frame: object) -> None:
        if previous is not None and previous[got] == signal.SIG_IGN:
            return  # ignored by the process (a background job's SIGINT): ignored still, and not announced
        if held:  # the second: now
            assert previous is not None
            if not callable(previous[got]):  # the default action (or none) must not come back to this handler
                signal.signal(got, previous[got] if previous[got] is not None else signal.SIG_DFL)
            _deliver(previous[got], got)
            return
        held.append(got)
        if heard is not None:
            heard()

    try:
        with swapped_handlers((signal.SIGINT, signal.SIGTERM), hold) as previous:
            yield
    finally:
        if held and previous is not None:
            _deliver(previous[held[0]], held[0])


def _deliver(handler: Any, number: int) -> None:
    """Signal ``number`` to ``handler`` as the system would have: called, or the default action taken
    (``SIG_IGN``: nothing)."""
    if callable(handler):
        handler(number, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(number)


@contextlib.contextmanager
def swapped_handlers(numbers: Iterable[int], handler: Any) -> Iterator[dict[int, Any] | None]:
    """``handler`` for the signals ``numbers`` during the block, the previous handlers put back after
    (one set outside Python, which cannot be put back, becomes the default). Yields the previous
    handlers, or ``None`` when nothing was swapped: only the main thread can change handlers."""
    previous: dict[int, Any] = {}
    try:
        for number in numbers:
            previous[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread
        _restore(previous)
        yield None
        return
    try:
        yield previous
    finally:
        _restore(previous)


def _restore(handlers: Mapping[int, object]) -> None:
    for number, handler in handlers.items():
        signal.signal(number, handler if handler is not None else signal.SIG_DFL)  # type: ignore[arg-type]
