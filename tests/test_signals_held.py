"""scheduler.files.signals on its own: the handlers put back on every way out of the block, a block in a
thread that cannot change handlers just run, a second signal at once, and a signal the process ignores
left ignored (never announced as stopping the batch: a ``send`` started with SIGINT ignored, as a
non-interactive shell's background job is)."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from scheduler.files.signals import first_signal_held, signals_held

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os.kill of SIGINT to itself")


def test_handlers_are_put_back_when_the_block_raises():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    for held in (signals_held, first_signal_held):
        with pytest.raises(LookupError), held():
            raise LookupError
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_the_first_signal_waits_for_the_block_the_second_does_not():
    heard: list[str] = []
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), first_signal_held(lambda: heard.append("finishing")):
        os.kill(os.getpid(), signal.SIGINT)
        steps.append("after the first")
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("never")
        steps.append("after the second")
    assert heard == ["finishing"] and steps == ["after the first", "after the second"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_in_a_thread_the_block_just_runs():
    ran: list[object] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            with first_signal_held(), signals_held():
                ran.append(signal.getsignal(signal.SIGINT))
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert not failed and ran == [signal.default_int_handler]


def test_a_signal_the_process_ignores_stays_ignored_and_is_not_announced():
    heard: list[str] = []
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with first_signal_held(lambda: heard.append("finishing")):
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
        with signals_held():
            os.kill(os.getpid(), signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert heard == []
