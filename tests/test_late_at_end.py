"""A limit broken after the late line was decided is said at the end (issue 16, twenty-first session).

The line before the search (``limit.late``) is a forecast from the pace the command has run at so far; a
machine that gets busier after it, or writing that takes longer than measured, still ended past T + 1 with
nothing said (right in 4 of 7 runs under load, twentieth session). Now a command whose forecast was silent
says, as it ends, that it ended past its limit and the second of grace, and by how much: the promise is never
broken silently. Nothing more is said where the forecast said it, nor where the command ended in time."""

from __future__ import annotations

import time

from click.testing import CliRunner

import scheduler.solver.pipeline
from scheduler.cli import options
from scheduler.cli.main import main
from tests.conftest import without_late_line
from tests.invite_helpers import NOTICE

SOLVE = scheduler.solver.pipeline.solve
FORECAST = "The time limit cannot be held"
AT_END = "The time limit was not held"


def _slowed(monkeypatch, seconds: float) -> None:
    """The search as if the machine had stalled for ``seconds`` after the forecast was made."""

    def solve(*args: object, **kwargs: object) -> object:
        time.sleep(seconds)
        return SOLVE(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler.solver.pipeline, "solve", solve)


def test_a_limit_broken_after_a_silent_forecast_is_said_at_the_end(example, monkeypatch):
    _slowed(monkeypatch, 1.7)
    out = example / "out"
    run = ["solve", str(example / NOTICE.name), "--lang", "en", "--time-limit", "0.5", "--out", str(out)]
    solved = CliRunner().invoke(main, run)
    assert solved.exit_code == 0 and (out / "invites").is_dir()
    assert solved.stderr.count(AT_END) == 1 and FORECAST not in solved.stderr, solved.stderr
    assert solved.stderr.rstrip("\n").splitlines()[-1].startswith(AT_END)  # the last thing said
    assert without_late_line(solved.stderr) == solved.stderr.replace(solved.stderr.splitlines()[-1] + "\n", "")


def test_nothing_more_is_said_where_the_forecast_said_it_or_the_limit_was_held(example, monkeypatch):
    _slowed(monkeypatch, 1.7)
    monkeypatch.setattr(options, "GREEDY_PER_UNIT", 1.0)  # the forecast says it: the notice's units a second each
    run = ["solve", str(example / NOTICE.name), "--lang", "zh", "--time-limit", "0.5"]
    said = CliRunner().invoke(main, run)
    assert said.exit_code == 0 and "时限内完成不了" in said.stderr and "时限未守住" not in said.stderr
    monkeypatch.setattr(options, "GREEDY_PER_UNIT", 0.0001)
    monkeypatch.setattr(scheduler.solver.pipeline, "solve", SOLVE)
    held = CliRunner().invoke(main, [*run[:-1], "30"])
    assert held.exit_code == 0 and "时限" not in held.stderr
