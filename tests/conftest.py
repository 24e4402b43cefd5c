"""Shared fixtures: the 2021 notice and a builder for small problems."""

from __future__ import annotations

import gc
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import settings

from scheduler import Calendar, Problem, Room, Unit, load
from tests import checkout_guard

settings.register_profile("house", deadline=None)
settings.load_profile("house")
"""Hypothesis's per-example deadline (200 ms) off for every property test: a deadline is a timed unit
test, which the house keeps out of the suite (speed belongs in ``benchmarks/``); under a loaded machine
it failed a docx property on an example that took 298 ms once and 24 ms again (a fresh clone's run)."""

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice_2021.csv"

_written: list[str] = []
"""Paths under the checkout this process wrote since the last test's end (tests/checkout_guard.py)."""
checkout_guard.watch(ROOT, _written.append)
_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


@pytest.fixture(autouse=True)
def _checkout_not_written():
    """A test writes, and locks, nothing in the checkout: its writing commands run on a copy (``example``,
    ``tmp_path``); see tests/checkout_guard.py. It fails at its teardown, naming what it wrote (since the
    last test's teardown: a module fixture's setup is the first test's)."""
    yield
    wrote = sorted(set(_written))
    _written.clear()
    assert not wrote, f"the test wrote into the checkout (run it on a copy in tmp_path): {', '.join(wrote)}"


@pytest.fixture(autouse=True)
def _nothing_seen_before():
    """Each test starts with nothing remembered of any problem (scheduler/solver/seen.py): a test that
    replaces a check (monkeypatch) sees its own, not an answer an earlier test kept for an equal table.
    Nor with a pace of the checks without a search learned (scheduler/solver/diagnose.py ``_pace``): it is
    the wall clock's, so one an earlier test left under load would refuse this test's questions."""
    from scheduler.solver import diagnose
    from scheduler.solver.seen import forget

    forget()
    diagnose._pace[:] = [0.0, -diagnose.PACE_MEMORY]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Note the checkout's files (sizes, times) before the run: the run's end compares (checkout_guard)."""
    if not hasattr(session.config, "workerinput"):  # (pytest-xdist: the controller alone, before every worker)
        session.config.stash[_BEFORE] = checkout_guard.snapshot(ROOT)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the run when it left a new, changed or removed file in the checkout (a subprocess's, too)."""
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    changed = checkout_guard.changes(before, checkout_guard.snapshot(ROOT))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\nthe test run changed the checkout ({ROOT}):", red=True)
            for line in changed:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _planning_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's campaigns (the 2021 notice, the 2025 meetings, tables of other years) are judged as of
    2001-01-01 (``DOCKING_NOW``, docs/cli.md): the computer's clock must not decide whether a test's
    meetings are over (``send`` mails no meeting that has started). Tests of that judgement set their own."""
    monkeypatch.setenv("DOCKING_NOW", "2001-01-01T00:00:00+00:00")


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a UTF-8 text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


NOTICE_FILES = ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv")
MEETINGS_FILES = ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv")


def shell_commands(page: str, program: str = "docking-scheduler") -> list[str]:
    """The lines of a docs page's ``sh`` blocks that run ``program``, in the page's order: what a
    tutorial test runs as written."""
    return [
        line
        for block in re.findall(r"```sh\n(.*?)```", page, re.S)
        for line in block.splitlines()
        if line.startswith(program)
    ]


def without_late_line(stderr: str) -> str:
    """``stderr`` without the line a command says when its time limit cannot be held (``limit.late``, either
    language, or ``limit.was_late`` as it ends): it is said by the pace the command has run at, so on a
    loaded machine, whatever the test checks (docs/performance.md, "The test suite")."""
    import re

    from scheduler.text.messages import Message

    late = [Message("limit.late", needed="NEEDED", late="LATE").text(lang) for lang in ("zh", "en")]
    late += [Message("limit.was_late", late="LATE").text(lang) for lang in ("zh", "en")]  # (said at the end)
    patterns = [re.escape(t).replace("NEEDED", r"[0-9.]+").replace("LATE", r"[0-9.]+") for t in late]
    said = re.compile("|".join(patterns))
    return "".join(line for line in stderr.splitlines(keepends=True) if not said.fullmatch(line.rstrip("\n")))


def copy_examples(folder: Path, names: tuple[str, ...]) -> Path:
    """``folder`` (made) holding a copy of these files of examples/: a command that writes runs on the
    copy, never on the checkout (it would lock examples/, tests/checkout_guard.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(ROOT / "examples" / name, folder / name)
    return folder


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the 2021 notice, its rules and its contacts, to edit."""
    return copy_examples(tmp_path / "in", NOTICE_FILES)


@pytest.fixture
def meetings_example(tmp_path: Path) -> Path:
    """A copy of the 2025 meetings, their rules and people, to edit or to run a command that writes on."""
    return copy_examples(tmp_path / "meetings", MEETINGS_FILES)


@pytest.fixture
def servers(tmp_path: Path):
    """Start real SMTP servers on 127.0.0.1 (``servers(**options)``); all stopped afterwards."""
    from tests.smtp_helpers import start_server

    started = []

    def start(**kwargs):
        running = start_server(tmp_path, **kwargs)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, through Playwright) for the whole session: the web tests' browser."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS

    # How long an expect() waits for what the page will show (Playwright's default 5 s): a bound on a
    # wait, not a speed asked of the page; on 2 cores shared with other work a 250-row save took longer.
    playwright_api.expect.set_options(timeout=20_000)
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def notice():
    """The 2021 notice as loaded from examples/."""
    return load(NOTICE)


def at(day: int, hour: int) -> datetime:
    """A 2021 September meeting time."""
    return datetime(2021, 9, day, hour)


def small_problem(
    units: list[tuple[str, str, str]],
    days: int = 1,
    hours: tuple[int, ...] = (8, 9, 10, 11),
    rooms: tuple[Room, ...] = (Room("420", 2),),
    categories: tuple[str, ...] = ("部门", "镇办"),
    **extra,
) -> Problem:
    """A problem with units given as (name, category, group)."""
    calendar = Calendar(
        tuple(date(2021, 9, 8 + d) for d in range(days)),
        tuple(time(h) for h in hours),
    )
    return Problem(
        units=tuple(Unit(n, c, g) for n, c, g in units),
        calendar=calendar,
        rooms=rooms,
        categories=categories,
        **extra,
    )


@pytest.fixture(autouse=True)
def _collectable_again():
    """A command run in this process (click's runner) unfreezes what it froze as it ends
    (scheduler/cli/freezing.py); a test that reads a table with scheduler/cli/loading.py's
    ``load_table`` itself, outside a command, freezes it for good: made collectable again after it,
    or the suite's process would keep it all."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="module")
def search_not_stopped_by_the_suites_memory():
    """For tests that compare answers proven by independent searches: the memory guard stops a search
    at 600 MB of a process that held just under it when the search began (the test run's own process,
    in a full suite: a whole-model search in test_shifts came back UNKNOWN once). The guard itself is
    held by tests/test_pipeline.py."""
    from scheduler.solver import cpsat

    saved = cpsat.MEMORY_MB
    cpsat.MEMORY_MB = 100_000
    yield
    cpsat.MEMORY_MB = saved


def write_book(path: Path, sheets: list[tuple[str, list[list[str]]]]) -> Path:
    """A workbook at ``path`` of the given sheets, in this order (openpyxl; no default sheet)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


@pytest.fixture
def app(tmp_path):  # type: ignore[no-untyped-def]
    """The 2021 notice's project served on 127.0.0.1 for the test (the browser tests' page)."""
    from tests.web_helpers import served_project

    with served_project(tmp_path / "project") as served:
        yield served


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ``mypy --cache-dir`` for the session's ``mypy --strict`` runs of user scripts: each fresh cache
    checked the whole package again (pandas' and numpy's stubs with it); a shared one checks it once, and
    still checks every script, which is what those tests are about (mypy re-checks what changed)."""
    return tmp_path_factory.mktemp("mypy-cache")


class AfterLooks:
    """A deadline made to run out after ``left`` looks at the time left (patched onto every
    :class:`~scheduler.solver.deadline.Deadline`): where a call hears its deadline, chosen exactly
    (QA fixoot20: a step that heard it let the solver's own signal, ``OutOfTime``, out)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from scheduler.solver.deadline import Deadline

        self.looks, self.left = 0, 10**9
        real = Deadline.remaining

        def remaining(deadline: Deadline) -> float:
            self.looks += 1
            self.left -= 1
            return 0.0 if self.left < 0 else real(deadline)

        monkeypatch.setattr(Deadline, "remaining", remaining)

    def run(self, call: Callable[[], T], left: int = 10**9) -> T:
        """``call()`` with the deadline running out after ``left`` looks (``looks``: how many it made)."""
        self.looks, self.left = 0, left
        return call()
