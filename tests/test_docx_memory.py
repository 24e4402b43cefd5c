"""A Word document made in a long-lived process (the web app's downloads, a drag rewriting
``timetable.docx``, a program calling the library) is freed as the call returns
(scheduler/export/docx.py, ``saved_and_let_go``), not when Python's cycle collector next runs: that
counts objects, not bytes, and python-docx's document is some 350 objects in cycles holding about
5 MB of lxml's trees.

Measured with the collector off, so that only what is freed at once counts: the resident memory
(/proc/self/statm) after 15 documents, 2 made before them (imports, caches), from a heap whose free
memory was handed back first (malloc_trim). Before the fix each
kind grew by 74 MB (about 5 MB a document); after it by 4-6 MB; the bound is far from both."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest

import scheduler
from scheduler.solver.memory import proc_statm
from tests.formats_helpers import NOTICE

CALLS = 15
BOUND_MB = 25.0

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="/proc/self/statm, glibc's malloc_trim")


@pytest.fixture
def collector_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if enabled:
        gc.enable()
    gc.collect()


def grown(make: Callable[[], bytes]) -> float:
    """MB the process grew by over :data:`CALLS` documents, with the collector off."""
    for _ in range(2):
        assert make().startswith(b"PK")
    gc.collect()  # what earlier tests left, freed and handed back: the growth is this test's own
    ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    gc.disable()
    start = proc_statm()
    for _ in range(CALLS):
        make()
    return proc_statm() - start


def test_the_annex_is_freed_as_it_is_made(collector_off):
    from scheduler.export.annex import annex
    from scheduler.export.docx import render_docx

    loaded = scheduler.load(NOTICE)
    result = scheduler.solve(loaded.problem, time_limit=20)
    assert result.timetable is not None
    made = annex(loaded, result.timetable, date(2021, 9, 6))
    growth = grown(lambda: render_docx(made))
    assert growth < BOUND_MB, f"{growth:.1f} MB more after {CALLS} annexes"


def test_the_adjustment_notice_is_freed_as_it_is_made(collector_off):
    from scheduler.export.notice import Notice, adjustment, notice_files

    before = scheduler.Timetable((scheduler.Meeting("甲", datetime(2021, 9, 8, 8), "401"),))
    after = scheduler.Timetable((scheduler.Meeting("甲", datetime(2021, 9, 8, 9), "401"),))
    notice = Notice("对接时间调整通知", "区政务服务中心", date(2021, 9, 6), adjustment(before, after))
    growth = grown(lambda: notice_files(notice, ["docx"])["调整通知.docx"])
    assert growth < BOUND_MB, f"{growth:.1f} MB more after {CALLS} notices"


def test_the_meeting_grid_is_freed_as_it_is_made(collector_off):
    from scheduler.domain.meetings import Placement, Plan
    from scheduler.export.meeting_docx import render_meeting_docx
    from scheduler.export.meeting_sheet import meeting_sheet
    from scheduler.files.meeting_files import load_meetings
    from tests.test_meeting_invites import TIMES
    from tests.test_meetings_visual import EXAMPLE

    loaded = load_meetings(EXAMPLE)
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    sheet = meeting_sheet(loaded, plan, date(2025, 7, 3))
    growth = grown(lambda: render_meeting_docx(sheet))
    assert growth < BOUND_MB, f"{growth:.1f} MB more after {CALLS} grids"
