"""No timetable found in the time limit, none proven impossible: exit 3, never 1, which says the rules
cannot all hold (QA qabig25 F8: a 400-meeting table at ``--time-limit 0.1`` ended "no timetable", exit 1,
where the greedy's timetable was 0.3 s away). Unit and meeting tables, text and ``--json``; a proven
infeasible table keeps exit 1."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.cli.options import NOT_FOUND_IN_TIME

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def meetings_table(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder / "meetings_2025.csv"


@pytest.mark.parametrize("as_json", [False, True])
def test_a_meeting_table_whose_time_ran_out_exits_3(tmp_path, monkeypatch, as_json):
    import scheduler.meetings.planner as planner

    def nothing_in_time(problem, objective, *args, **kwargs):
        return planner.MeetingResult("unknown", None, objective, wall_time=0.1)

    monkeypatch.setattr(planner, "solve_meetings", nothing_in_time)
    table = meetings_table(tmp_path / "m")
    result = run("solve", table, "--time-limit", "1", *(["--json"] if as_json else []))
    assert result.exit_code == NOT_FOUND_IN_TIME == 3, result.output
    if as_json:
        assert json.loads(result.stdout)["status"] == "unknown"
    else:
        assert "时限内没有找到" in result.output and "无解" not in result.output


@pytest.mark.parametrize("as_json", [False, True])
def test_a_unit_table_whose_time_ran_out_exits_3(tmp_path, monkeypatch, as_json):
    import scheduler.solver.pipeline as pipeline
    from scheduler.solver.result import Status

    real = pipeline.solve

    def nothing_in_time(*args, **kwargs):
        found = real(*args, **kwargs)
        return dataclasses.replace(found, status=Status.UNKNOWN, timetable=None, score=None, bound=None)

    monkeypatch.setattr(pipeline, "solve", nothing_in_time)
    result = run("solve", EXAMPLES / "notice_2021.csv", "--time-limit", "5", *(["--json"] if as_json else []))
    assert result.exit_code == 3, result.output


def test_a_proven_infeasible_meeting_table_still_exits_1(tmp_path):
    folder = tmp_path / "inf"
    folder.mkdir()
    (folder / "t.csv").write_text("会议,时长,参会人员\n一,2小时,张三\n二,2小时,张三\n三,2小时,张三\n", encoding="utf-8")
    rules = 'title = "满"\ndays = ["2025-07-15"]\nhours = ["8:00-12:00"]\ngrid_minutes = 60\n'
    (folder / "t.toml").write_text(rules + '[[rooms]]\nname = "甲"\nseats = 20\n', encoding="utf-8")
    result = run("solve", folder / "t.csv", "--time-limit", "5")
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("as_json", [False, True])
def test_a_unit_table_whose_time_ran_out_with_an_unproven_explanation_exits_3(monkeypatch, as_json):
    """The pipeline's own UNKNOWN: never without a conflict (``Run.unsettled``: what the explanation found,
    not proven, or "a timetable exists, none kept"). Such an answer is no proof that none exists: exit 3."""
    import scheduler.solver.pipeline as pipeline
    from scheduler.conflicts.conflict import Conflict
    from scheduler.solver.result import Status
    from scheduler.text.messages import Message

    real = pipeline.solve

    def nothing_in_time(problem, *args, **kwargs):
        found = real(problem, *args, **kwargs)
        unsettled = Conflict(problem, (), minimal=False, proven=False, unsettled=Message("why.exists_not_kept"))
        return dataclasses.replace(
            found, status=Status.UNKNOWN, timetable=None, score=None, bound=None, conflict=unsettled
        )

    monkeypatch.setattr(pipeline, "solve", nothing_in_time)
    result = run("solve", EXAMPLES / "notice_2021.csv", "--time-limit", "5", *(["--json"] if as_json else []))
    assert result.exit_code == NOT_FOUND_IN_TIME, result.output


def test_the_code_is_1_only_when_it_is_proven_that_none_exists():
    from scheduler.cli.options import no_timetable_code

    class Unproven:
        proven = False

    class Proven:
        proven = True

    assert no_timetable_code("unknown", Unproven()) == NOT_FOUND_IN_TIME
    assert no_timetable_code("unknown", None) == NOT_FOUND_IN_TIME
    assert no_timetable_code("infeasible", None) == 1
    assert no_timetable_code("infeasible", Proven()) == 1


@pytest.mark.parametrize("as_json", [False, True])
def test_explain_whose_time_ran_out_before_a_proof_exits_3(monkeypatch, as_json):
    """``explain``'s ``unknown`` (the rules listed not known to clash when the time ran out) says no more
    than ``solve``'s: exit 3, not 1, which says no timetable exists (docs/cli.md, exit status)."""
    from scheduler.conflicts.conflict import Conflict
    from scheduler.solver import diagnose

    def unsettled(problem, *args, **kwargs):
        return Conflict(problem, (), minimal=False, proven=False)

    monkeypatch.setattr(diagnose, "explain", unsettled)
    result = run("explain", EXAMPLES / "notice_2021.csv", "--time-limit", "5", *(["--json"] if as_json else []))
    assert result.exit_code == NOT_FOUND_IN_TIME, result.output
    if as_json:
        assert json.loads(result.stdout)["status"] == "unknown"


@pytest.mark.parametrize("as_json", [False, True])
def test_explain_of_a_meeting_table_whose_time_ran_out_before_a_proof_exits_3(tmp_path, monkeypatch, as_json):
    from scheduler.conflicts.conflict import Conflict
    from scheduler.meetings import diagnose

    def unsettled(problem, *args, **kwargs):
        return Conflict(problem, (), minimal=False, proven=False)

    monkeypatch.setattr(diagnose, "explain_meetings", unsettled)
    table = meetings_table(tmp_path / "m")
    result = run("explain", table, "--time-limit", "5", *(["--json"] if as_json else []))
    assert result.exit_code == NOT_FOUND_IN_TIME, result.output


def test_explain_of_a_proven_infeasible_meeting_table_still_exits_1(tmp_path):
    folder = tmp_path / "inf"
    folder.mkdir()
    (folder / "t.csv").write_text("会议,时长,参会人员\n一,2小时,张三\n二,2小时,张三\n三,2小时,张三\n", encoding="utf-8")
    rules = 'title = "满"\ndays = ["2025-07-15"]\nhours = ["8:00-12:00"]\ngrid_minutes = 60\n'
    (folder / "t.toml").write_text(rules + '[[rooms]]\nname = "甲"\nseats = 20\n', encoding="utf-8")
    for extra in ([], ["--json"]):
        result = run("explain", folder / "t.csv", "--time-limit", "5", *extra)
        assert result.exit_code == 1, result.output
