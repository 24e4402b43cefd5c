"""Ctrl+C (SIGINT) and SIGTERM while a command searches and while it writes what it found: docs/cli.md
promises exit 130, the one line ``interrupted: run the same command again``, no traceback and nothing
half-written, at any moment of any command; docs/python.md, a ``KeyboardInterrupt`` from a library
call on the main thread.

CP-SAT's own Ctrl+C handler took SIGINT from the process while it searched: a Ctrl+C during the
search stopped it as if its time were up, and the command wrote its files and exited 0; after a
search, Ctrl+C killed the command on the spot (exit -2: no clean-up) or was lost.
Real signals to real processes here: the command is started as ``python cli.py`` in a session of
its own (as a terminal's Ctrl+C reaches every process of the command) with Python's SIGINT handler.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scheduler.text.catalog.cli import ENTRIES
from tests.conftest import ROOT

INTERRUPTED = "interrupted: run the same command again"
WAIT = 60
"""Seconds a command is given to end once interrupted (it takes well under one; the limit only keeps
a command that does not hear the signal from hanging the tests)."""


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones included): its content's hash."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


def _sigint_as_at_a_terminal() -> None:  # in the child, before the command starts
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # (a shell may start the tests with it ignored)


def _start(*args: str | Path, stdout: Any = subprocess.PIPE) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DOCKING_LANG", None)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "--lang", "en", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=_sigint_as_at_a_terminal,
    )


def _ended(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return process.returncode, out, err


def _searching(process: subprocess.Popen[str]) -> None:
    """Wait until a CP-SAT search runs in the command: its process has a second thread (the search's;
    the command has none of its own otherwise)."""
    given = time.monotonic() + WAIT
    while process.poll() is None and len(os.listdir(f"/proc/{process.pid}/task")) < 2 and time.monotonic() < given:
        time.sleep(0.01)
    assert process.poll() is None, process.communicate()


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine")
    return out


LATE = tuple(text[1].split("{")[0] for key, text in ENTRIES.items() if key.startswith("limit.late"))
"""How the lines begin that a loaded machine may print before the search (the limit's forecasts,
``limit.late`` and its kin, e.g. ``limit.late_risk`` when the load alone foretells it): said before the
interruption, so not part of what the interruption prints."""


def _assert_interrupted(code: int, err: str) -> None:
    assert code == 130, err
    lines = err.splitlines()
    assert lines[-1:] == [INTERRUPTED], err
    assert all(line.startswith(LATE) for line in lines[:-1]), err


@pytest.fixture(scope="module")
def long_units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 units in 2 rooms whose stable replan searches for its whole limit (web tests' long replan)."""
    from benchmarks.generate import generate
    from benchmarks.shapes import write_files

    return write_files(generate(1000, 2, seed=1, stable=True), tmp_path_factory.mktemp("long"))


@pytest.fixture(scope="module")
def long_meetings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Timefold's demo: 24 meetings, not proven within a minute."""
    from benchmarks.timefold_recipe import demo, write_tables

    return write_tables(demo(), tmp_path_factory.mktemp("demo"))


@pytest.mark.skipif(sys.platform != "linux", reason="the search is seen in /proc")
@pytest.mark.parametrize(
    ("kind", "sig"),
    [("units", signal.SIGINT), ("units", signal.SIGTERM), ("meetings", signal.SIGINT)],
    ids=["units-ctrl-c", "units-sigterm", "meetings-ctrl-c"],
)
def test_a_signal_during_the_search_stops_it_and_writes_nothing(long_units, long_meetings, tmp_path, kind, sig):
    """Ctrl+C stopped the search and the command wrote the best timetable so far and exited 0 (SIGTERM,
    which CP-SAT never took, was already an interruption: here as a check that it still is)."""
    out = _out(tmp_path)
    before = _snapshot(out)
    if kind == "units":
        command = _start("solve", long_units, "--objective", "stable", "--time-limit", "300", "--out", out)
    else:  # (its searches begin after the greedy and the polish, which take a share of the limit)
        command = _start("solve", long_meetings, "--time-limit", "30", "--out", out)
    _searching(command)
    os.killpg(command.pid, sig)
    code, shown, err = _ended(command)
    _assert_interrupted(code, err)
    assert shown == ""  # not even the timetable: the search was not finished
    assert _snapshot(out) == before


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _printed(out, text: str, command: subprocess.Popen) -> None:
    """Until ``text`` is in the file ``out`` the command prints to (a fixed wait failed under load: the
    command had not printed its timetable yet when it was interrupted)."""
    given = time.monotonic() + WAIT
    while time.monotonic() < given and command.poll() is None:
        out.seek(0)
        if text in out.read():
            return
        time.sleep(0.05)
    out.seek(0)
    assert text in out.read(), command.poll()


def _waiting_for_its_child(pid: int) -> None:
    """Until the process ``pid`` waits for a child (``/proc``'s ``wchan``; two seconds where it does not say)."""
    given = time.monotonic() + WAIT
    while time.monotonic() < given:
        where = Path(f"/proc/{pid}/wchan").read_text() if Path(f"/proc/{pid}/wchan").exists() else "0"
        if where == "do_wait":
            return
        if where == "0":
            time.sleep(2)
            return
        time.sleep(0.01)


@pytest.mark.skipif(sys.platform != "linux", reason="the command's child is found in /proc")
def test_ctrl_c_while_the_files_and_invites_are_made_after_a_search_cleans_up(tmp_path):
    """Ctrl+C while the invites are staged on disk and a forked child makes the formats (held with
    SIGSTOP, so that the command is surely still writing): nothing of either stays, and the child is
    ended and reaped, not left behind (a Ctrl+C as it was forked was lost: tests/test_forked.py)."""
    import csv

    from benchmarks.generate import generate
    from benchmarks.shapes import write_files

    table = write_files(generate(1000, 2, seed=0, stable=True), tmp_path / "in")  # searched in a second
    notice = (ROOT / "examples" / "notice_2021.toml").read_text(encoding="utf-8")
    with table.with_suffix(".toml").open("a", encoding="utf-8") as rules:
        rules.write("\n" + notice[notice.index("[invites]") :])
    with table.open(encoding="utf-8-sig") as rows:
        names = [row[2] for row in list(csv.reader(rows))[1:]]
    with (table.parent / "contacts_2021.csv").open("w", encoding="utf-8", newline="") as contacts:
        csv.writer(contacts).writerows(
            [["单位", "邮箱", "联系人"], *([n, f"u{i}@units.test", "联络员"] for i, n in enumerate(names))]
        )
    out = _out(tmp_path)
    before = _snapshot(out)
    printed = (tmp_path / "printed.txt").open("w+", encoding="utf-8")  # (1,000 rows: more than a pipe holds)
    command = _start("solve", table, "--objective", "stable", "--time-limit", "300", "--out", out, stdout=printed)
    child = None
    given = time.monotonic() + WAIT
    try:
        while command.poll() is None and child is None and time.monotonic() < given:
            child = next(iter(_children(command.pid)), None)
        assert child is not None, command.communicate()
        os.kill(child, signal.SIGSTOP)  # the formats are not made until the command is interrupted
        _printed(printed, "Solve time", command)  # it found its timetable and printed it (under load: late)
        _waiting_for_its_child(command.pid)  # (it makes the invites meanwhile)
        os.kill(command.pid, signal.SIGINT)  # the command alone, as `kill -INT` does
        code, _, err = _ended(command)
        _assert_interrupted(code, err)
        assert _snapshot(out) == before  # no file of the timetable or invites, no temporary file
        assert not Path(f"/proc/{child}").exists()  # the child ended and was reaped, not left behind
    finally:
        printed.close()
        if child is not None and Path(f"/proc/{child}").exists():
            os.kill(child, signal.SIGKILL)


def test_ctrl_c_while_a_meeting_table_is_written_after_its_search_cleans_up(tmp_path):
    """The same for a meeting table (its files made in the command's own process): Ctrl+C as the
    summary is printed, while the files and invites are made (100 meetings: about half a second;
    the limit leaves time for a CP-SAT search, which a shorter one may not)."""
    from benchmarks.timefold_recipe import generate, write_tables

    table = write_tables(generate(100, 0), tmp_path / "in")
    with table.with_suffix(".toml").open("a", encoding="utf-8") as rules:
        rules.write('\n[invites]\ncampaign = "interrupted-test"\n\n[invites.organizer]\nname = "办公室"\n')
        rules.write('email = "office@example.org"\n')
    out = _out(tmp_path)
    before = _snapshot(out)
    command = _start("solve", table, "--time-limit", "5", "--out", out)
    assert command.stdout is not None
    for line in command.stdout:
        if line.startswith("Solve time"):  # the summary's last line: the files come next
            os.killpg(command.pid, signal.SIGINT)
            break
    code, _, err = _ended(command)
    _assert_interrupted(code, err)
    assert _snapshot(out) == before


LIBRARY = """
import os, signal, sys, threading
from scheduler import load, solve

problem = load(sys.argv[1]).problem
stop, caught = threading.Event(), []
if sys.argv[2] == "keep":  # a program's own Ctrl+C: stop, and keep the best timetable so far
    signal.signal(signal.SIGINT, lambda *_: (stop.set(), caught.append(1)))

def heard(progress):
    if progress.step == "solving" and not heard.done:  # the search is on: Ctrl+C, from the solver's thread
        heard.done = True
        os.kill(os.getpid(), signal.SIGINT)
heard.done = False

try:
    result = solve(problem, objective="stable", time_limit=300, stop=stop, progress=heard)
    print(result.status, stop.is_set(), threading.active_count())
except KeyboardInterrupt:
    print("KeyboardInterrupt", threading.active_count())
try:
    os.kill(os.getpid(), signal.SIGINT)  # after the search: Python's still
    print("after", len(caught))
except KeyboardInterrupt:
    print("after KeyboardInterrupt")
"""


@pytest.mark.parametrize("handler", ["python", "keep"])
def test_ctrl_c_during_a_library_call_is_pythons(long_units, handler):
    """docs/python.md: on the main thread Ctrl+C raises KeyboardInterrupt out of the call, its search
    stopped and ended first (one thread left); a SIGINT handler that sets ``stop`` keeps the best
    timetable instead. Either way SIGINT is still Python's after the call."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", LIBRARY, str(long_units), handler]
    done = subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=WAIT, preexec_fn=_sigint_as_at_a_terminal
    )
    assert done.returncode == 0, done.stderr
    if handler == "python":
        assert done.stdout.splitlines() == ["KeyboardInterrupt 1", "after KeyboardInterrupt"]
    else:
        assert done.stdout.splitlines() == ["feasible True 1", "after 2"]


@pytest.mark.serial
def test_an_exception_while_a_search_is_watched_stops_it_and_waits_for_it():
    """What Ctrl+C raises on the thread that watches a search (KeyboardInterrupt, here simulated) stops
    the search and waits for its thread before it goes on: a search still running when the interpreter
    ends aborts the process."""
    import _thread
    import threading

    import scheduler.solver.cpsat as cpsat

    class Engine:
        def __init__(self) -> None:
            self.started = threading.Event()
            self.stopped = threading.Event()
            self.ended = threading.Event()

        def stop_search(self) -> None:
            self.stopped.set()

        def solve(self, _proto: object) -> None:
            self.started.set()
            self.stopped.wait(30)
            time.sleep(0.2)  # a stopped search takes a moment to end
            self.ended.set()

    engine = Engine()
    threading.Thread(target=lambda: engine.started.wait(30) and _thread.interrupt_main(), daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        cpsat._watched(engine, None, None, time.perf_counter() + 60)  # type: ignore[arg-type]
    assert engine.stopped.is_set() and engine.ended.is_set()
