"""Solving again moves nothing for nothing (docs/meetings.md, "Solving again"): among equally good
timetables the previous one wins, so a re-solve of an unchanged table re-issues no invite.

A time-limited search under load may return any of several equally good timetables; these tests make
the first solve return another of them (as a busy machine did: rooms traded between runs, and
``send --only-changed`` would have mailed nine people a change nobody made) and check that the next
solve keeps it."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from scheduler.domain import Room
from scheduler.domain.meetings import MeetingProblem, Placement, Plan
from scheduler.files.meeting_files import load_meetings
from scheduler.meetings import planner
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.meetings.terms import DEFAULT, Term
from tests.conftest import ROOT
from tests.rules.meeting_helpers import at, meetings, session
from tests.test_meetings_cli import copy_example, run

TWO_ROOMS = (Room("A", 1, 10), Room("B", 1, 10))


def other_equal_plan(problem: MeetingProblem, plan: Plan, objective: tuple[Term, ...]) -> Plan:
    """``plan`` with one meeting in another room (or two trading rooms), keeping the rules and the
    score: another of the equally good timetables a search may return."""
    score = check_meetings(problem, plan, objective).score
    placed = plan.placements
    for k, p in enumerate(placed):
        rooms = {room.name: None for room in problem.rooms if room.name != p.room}
        for room in rooms:
            moved = [replace(q, room=p.room) if q.room == room and q.start == p.start else q for q in placed]
            moved[k] = replace(p, room=room)
            other = Plan(tuple(moved))
            report = check_meetings(problem, other, objective)
            if report.ok and report.score == score:
                return other
    raise AssertionError("no other equally good timetable")


def test_the_previous_timetable_wins_among_equals():
    problem = meetings(session("预算会", 60, "甲"), session("规划会", 60, "乙"), rooms=TWO_ROOMS)
    first = solve_meetings(problem, DEFAULT, time_limit=5)
    assert first.plan is not None
    other = other_equal_plan(problem, first.plan, DEFAULT)
    again = solve_meetings(problem, DEFAULT, time_limit=5, previous=other)
    assert again.plan == other and again.score == first.score


def test_only_what_no_longer_holds_or_scores_worse_moves():
    problem = meetings(session("预算会", 60, "甲"), session("规划会", 60, "乙"), rooms=TWO_ROOMS)
    # 规划会 late (worse: the objective wants meetings early), 预算会 in room B (as good as A)
    previous = Plan((Placement("预算会", at(8), "B"), Placement("规划会", at(16), "A")))
    again = solve_meetings(problem, DEFAULT, time_limit=5, previous=previous)
    assert again.plan is not None
    placed = again.plan.by_title()
    assert placed["预算会"] == Placement("预算会", at(8), "B")  # kept: moving it gains nothing
    assert placed["规划会"].start == at(8)  # moved: earlier is better
    # a room the problem no longer has, and a meeting the previous timetable did not hold
    gone = Plan((Placement("预算会", at(8), "C"),))
    assert solve_meetings(problem, DEFAULT, time_limit=5, previous=gone).plan is not None


def invites(folder: Path) -> dict[str, object]:
    """What the invites folder holds: every file's bytes and every item's SEQUENCE."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.ics"))}
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    return {"files": files, "sequences": sorted((i["uid"], i["sequence"]) for i in state["items"])}


def test_solving_an_unchanged_meeting_table_again_reissues_no_invite(tmp_path, monkeypatch):
    table = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    real = planner.solve_meetings

    def another_of_the_best(*args, **kwargs):  # the search on a busy machine: another equal timetable
        result = real(*args, **kwargs)
        loaded = load_meetings(table)
        return replace(result, plan=other_equal_plan(loaded.problem, result.plan, loaded.objective))

    monkeypatch.setattr(planner, "solve_meetings", another_of_the_best)
    first = run("solve", table, "--time-limit", "4", "--out", out)
    assert first.exit_code == 0, first.output
    monkeypatch.undo()
    before, timetable = invites(out / "invites"), (out / "timetable.csv").read_bytes()
    again = run("solve", table, "--time-limit", "4", "--out", out)
    assert again.exit_code == 0, again.output
    assert "更新 0，取消 0，未变 31" in again.output
    assert invites(out / "invites") == before and (out / "timetable.csv").read_bytes() == timetable


def test_solving_an_unchanged_notice_again_reissues_no_invite(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    out = tmp_path / "out"
    assert run("solve", folder / "notice_2021.csv", "--out", out).exit_code == 0
    before, timetable = invites(out / "invites"), (out / "timetable.csv").read_bytes()
    again = run("solve", folder / "notice_2021.csv", "--out", out)
    assert again.exit_code == 0, again.output
    assert "更新 0，取消 0，未变 29" in again.output
    assert invites(out / "invites") == before and (out / "timetable.csv").read_bytes() == timetable


def test_a_previous_timetable_that_keeps_the_rules_is_the_answer_when_the_search_finds_none(monkeypatch):
    """QA qabigmeet22 F4: a folder whose timetable kept every rule got "no timetable found" when the
    greedies and the search found none in the time (2,000 meetings); the previous timetable is now
    the first timetable when nothing better is found (here every search finds none, and the call is
    stopped before any model is searched)."""
    import threading

    monkeypatch.setattr(planner, "_objective_greedy", lambda *args, **kwargs: None)
    monkeypatch.setattr(planner, "packed", lambda *args, **kwargs: None)
    monkeypatch.setattr(planner, "_first_light", lambda *args, **kwargs: None)
    problem = meetings(session("预算会", 60, "甲"), session("规划会", 60, "甲"), rooms=TWO_ROOMS)
    previous = Plan((Placement("预算会", at(9), "B"), Placement("规划会", at(16), "A")))
    stop = threading.Event()
    stop.set()
    found = solve_meetings(problem, DEFAULT, time_limit=5, previous=previous, stop=stop)
    assert found.plan == previous and found.status in ("feasible", "optimal")
    # one that breaks a rule (甲 in both at once) is no answer
    broken = Plan((Placement("预算会", at(9), "B"), Placement("规划会", at(9), "A")))
    assert solve_meetings(problem, DEFAULT, time_limit=5, previous=broken, stop=stop).plan is None


def test_solve_takes_the_table_s_own_times_as_the_previous_timetable_without_a_folder(tmp_path, monkeypatch):
    """QA qabigmeet22 F4: ``solve TIMETABLE.csv`` (no ``--out``, or a new folder) over a table whose
    times keep every rule passed no previous timetable, so a search finding none said none exists;
    the web page already passed the project's timetable."""
    table = copy_example(tmp_path / "in")
    assert run("solve", table, "--time-limit", "4", "--out", tmp_path / "out").exit_code == 0
    heard: list[object] = []
    real = planner.solve_meetings

    def listening(*args: object, **kwargs: object) -> object:
        heard.append(kwargs.get("previous"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(planner, "solve_meetings", listening)
    timetable = tmp_path / "out" / "timetable.csv"
    result = run("solve", timetable, "--time-limit", "3")
    assert result.exit_code == 0, result.output
    expected = load_meetings(timetable, tmp_path / "out" / "timetable.toml").plan
    assert heard == [expected]


def test_solve_says_the_time_kept_back_for_writing_when_it_finds_no_timetable(tmp_path, monkeypatch):
    """QA qabigmeet22 F2: ``solve --out`` at 2,000 meetings searched 0.7 s of ``--time-limit 5`` and said
    only "try a longer --time-limit": the rest was kept back to write the invites, which the docs said
    the search for a first timetable could use. The reserve is kept (the command ends within the limit
    and its second of grace), and the answer says how much of the limit it was."""
    from scheduler.cli import options
    from scheduler.meetings.planner import MeetingResult

    table = copy_example(tmp_path / "in")
    monkeypatch.setattr(options, "for_search", lambda deadline, *args, **how: deadline.sooner(3.0))
    monkeypatch.setattr(planner, "solve_meetings", lambda problem, terms, **kw: MeetingResult("unknown", None, terms))
    result = run("solve", table, "--time-limit", "5", "--out", tmp_path / "out")
    assert result.exit_code == 3  # none found in time: not "none exists" (QA qabig25 F8)
    line = next(line for line in result.output.splitlines() if line.startswith("时限内没有找到"))
    assert "约 3.0 秒留给写出" in line, line
