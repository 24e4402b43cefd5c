"""The CLI's reading of a table (scheduler/cli/loading.py): the collector is paused while it
reads and always enabled again, what was read is frozen, an error leaves nothing paused."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from scheduler.cli.loading import load_table
from scheduler.errors import InputError

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
