"""The CLI's reading of a table (scheduler/cli/loading.py): the collector is paused while it
reads and always enabled again, what was read is frozen, an error leaves nothing paused; a command
run inside a process that outlives it unfreezes what it froze (scheduler/cli/freezing.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.freezing import command_inside
from scheduler.cli.loading import load_table
from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.solver.memory import proc_statm

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "notice_2021.csv"


@pytest.fixture
def collector():
    """The collector as a test found it, put back afterwards (freezing is undone too)."""
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_reading_freezes_what_it_read_and_leaves_the_collector_on(collector):
    gc.enable()
    gc.unfreeze()
    loaded = load_table(EXAMPLE)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert gc.is_tracked(loaded.problem.units)  # a tuple of units: tracked, and now frozen


def test_a_collector_the_caller_turned_off_stays_off(collector):
    gc.disable()
    load_table(EXAMPLE)
    assert not gc.isenabled()


def test_bad_input_leaves_the_collector_on(collector, tmp_path):
    gc.enable()
    table = tmp_path / "t.csv"
    shutil.copy(EXAMPLE.with_suffix(".toml"), tmp_path / "t.toml")
    table.write_text("单位,类别\n甲局,部门\n甲局,部门\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_table(table, strict=True)
    assert gc.isenabled()


def test_a_command_run_in_this_process_unfreezes_what_it_froze(collector, example, tmp_path):
    gc.unfreeze()
    table = example / EXAMPLE.name
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_own_objects_keeps_them_frozen_and_the_command_freezes_nothing(collector):
    gc.unfreeze()
    kept = [[] for _ in range(100)]
    gc.freeze()  # the host's own (a server that froze its start-up before forking workers)
    frozen = gc.get_freeze_count()
    with command_inside():
        load_table(EXAMPLE)
        # the table read is not frozen (the end could not thaw it alone); frozen objects the host let go
        # of meanwhile may leave (a whole suite's run: 3 fewer)
        assert gc.get_freeze_count() <= frozen
    assert gc.get_freeze_count() <= frozen
    del kept


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/self/statm, glibc's malloc_trim")
def test_commands_run_in_this_process_leave_no_memory_behind(collector, example, tmp_path):
    """QA flake23: ``solve --alternatives 2 --out DIR`` (two .docx) run in this process grew it by about
    10 MB a call for good: each command froze (gc.freeze) what the one before it had left as garbage,
    python-docx's documents, cycles holding some 5 MB of lxml's memory each, which no collection could
    then reach. Measured as the resident memory after 8 calls (2 before them warm up: imports, caches),
    a collection and malloc_trim (glibc keeps what was freed in the middle of its heap): before the fix
    80 MB more, after it 0-2 MB; the bound is far from both."""
    gc.unfreeze()
    runner = CliRunner()
    libc = ctypes.CDLL(ctypes.util.find_library("c"))

    def once(number: int) -> None:
        out = tmp_path / f"out{number}"
        args = ["solve", str(example / EXAMPLE.name), "--alternatives", "2", "--out", str(out), "--format", "docx"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert (out / "alternative-2" / "timetable.docx").is_file()

    def resident() -> float:
        gc.collect()
        libc.malloc_trim(0)
        return proc_statm()

    once(0)
    once(1)
    start = resident()
    for number in range(2, 10):
        once(number)
    grown = resident() - start
    assert grown < 30, f"{grown:.1f} MB more after 8 calls"
