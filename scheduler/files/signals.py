"""Signal handlers swapped for a block: SIGINT and SIGTERM held while one write's renames run
(:func:`signals_held`), SIGTERM made a Ctrl-C for the whole command (:mod:`scheduler.cli.main`).
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
        if caught and previous is not None:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(caught[0])


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
