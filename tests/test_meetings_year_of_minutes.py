"""A tiny meeting table over a huge horizon (qafuzz17 #5): the example's 8 meetings on 365 days of
``0:00-24:00`` with a 1-minute grid, 525,600 starts a meeting. `solve --time-limit 3` took 29 s: the
greedy weighed every start of a meeting without looking at the clock, and the working-hours and time
window rules asked about every start one by one, before the solver's clock could say anything. The
clock is now heard within one meeting's starts, and the rules ask once per run of working steps, or
once per minute of the day."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from scheduler.files.meeting_files import load_meetings
from scheduler.meetings import board as board_module
from scheduler.meetings.board import HEAR_STARTS, Board
from scheduler.meetings.prepared import prepare
from scheduler.meetings.terms import DEFAULT
from scheduler.rules.meetings import time_window

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    folder = tmp_path_factory.mktemp("year")
    for name in ("meetings_2025.csv", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    rules = (EXAMPLES / "meetings_2025.toml").read_text(encoding="utf-8")
    days = ", ".join(f'"{date(2025, 7, 15) + timedelta(days=k)}"' for k in range(365))
    rules = rules.replace('days = ["2025-07-15", "2025-07-16", "2025-07-17"]', f"days = [{days}]")
    rules = rules.replace('hours = ["8:00-12:00", "15:00-19:00"]', 'hours = ["0:00-24:00"]')
    rules = rules.replace("grid_minutes = 15", "grid_minutes = 1")
    (folder / "meetings_2025.toml").write_text(rules, encoding="utf-8")
    return load_meetings(folder / "meetings_2025.csv").problem


def test_a_window_is_asked_once_per_minute_of_the_day_not_per_start(year, monkeypatch):
    asked = []
    real = time_window.within
    monkeypatch.setattr(time_window, "within", lambda *args: asked.append(args[2]) or real(*args))
    prep = prepare(year)
    windows = {(s.window, s.minutes) for s in year.sessions if s.window.bounded}
    assert windows and len(asked) <= 24 * 60 * len(windows)  # before: 1,988,893
    assert all(len(prep.starts[i]) > 1000 for i in range(prep.n))


def test_the_cheapest_place_hears_the_clock_within_one_meetings_starts(year, monkeypatch):
    prep = prepare(year)
    board = Board(prep, DEFAULT)
    weighed = []
    real = Board.time_cost
    monkeypatch.setattr(board_module.Board, "time_cost", lambda self, i, s: weighed.append(s) or real(self, i, s))
    longest = max(range(prep.n), key=lambda i: len(prep.starts[i]))
    found = board.cheapest(longest, until=0.0)  # long past: the earliest free place, not 525,600 weighed
    assert found is not None and len(weighed) < HEAR_STARTS + 200
    assert found[1] in prep.starts[longest]


def test_the_starts_of_a_length_are_those_of_every_run_of_working_steps(year):
    days = year.workdays
    starts = days.starts(90)
    assert len(starts) == 365 * (24 * 60 - 90 + 1) and starts[:2] == [0, 1] and starts[1351] == 24 * 60
    starts.clear()  # a copy: the next caller gets them whole
    assert len(days.starts(90)) == 365 * (24 * 60 - 90 + 1)
